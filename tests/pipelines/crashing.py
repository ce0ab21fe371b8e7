"""A topic profile double that ends the analysis worker's process on a marker, as a crash
in a C extension or the kernel's OOM killer would. Importable by spawned workers."""

from __future__ import annotations

import os
from types import SimpleNamespace

MARKER = "\U0001f4a5 worker-killer"


class CrashOn:
    name = "crash-test"
    sources: list = []

    def match(self, title: str, text: str) -> SimpleNamespace:
        if MARKER in text:
            os._exit(70)
        return SimpleNamespace(score=0.0, relevant=False)


def article_html(title: str, marker: bool = False) -> bytes:
    body = " ".join(f"{title}: KT and Microsoft expand their AI partnership, paragraph {i}." for i in range(6))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{MARKER if marker else 'Nothing unusual here.'}</p></article></body></html>"
    ).encode()
