"""Events: near-duplicate copies and developments, and recording an article with both."""
