"""tests.conftest.XDIST_GROUPS names tests by node id: a renamed or moved test must not drop out of its group unnoticed."""

from __future__ import annotations

import ast

from tests.conftest import ROOT, XDIST_GROUPS, xdist_group


def test_every_key_names_an_existing_module_or_test_function() -> None:
    for key in XDIST_GROUPS:
        path, _, name = key.partition("::")
        module = ROOT / path
        assert module.is_file(), key
        if name:
            tree = ast.parse(module.read_text("utf-8"))
            functions = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            assert name in functions, key


def test_a_test_and_its_parameters_are_in_its_group_and_others_are_not() -> None:
    assert xdist_group("tests/crawl/test_scaleout.py::test_frontier_config_is_checked") == "timed"
    assert xdist_group("tests/crawl/test_crawl.py::test_crawl_stores_the_fixture_web[postgresql]") == "module:crawl"
    key = "tests/crawl/test_cycle.py::test_overlapping_crawl_exits_75_at_once_and_writes_nothing"
    assert xdist_group(key) == "timed" and xdist_group(key + "[x]") == "timed"
    assert xdist_group("tests/crawl/test_cycle.py::test_crawl_mails_one_digest_then_nothing[sqlite]") is None
    assert xdist_group("tests/crawl/test_cycle.py::test_overlapping_crawl_exits_75_at_once_and_writes_nothing_too") is None
