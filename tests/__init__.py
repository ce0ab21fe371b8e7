"""newsmon test suite."""
