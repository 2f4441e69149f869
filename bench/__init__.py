"""A benchmark of the suite's browser tests against Playwright Test twins (bench/README.md); not a test."""
