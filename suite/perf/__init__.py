"""The performance suite's own library: plain Python, importable without Locust (and without Django).

- ``stats``: the one statistics format every other module reads (from Locust's stats CSV or its in-memory stats)
- ``slo``: the declarative SLO file (TOML) and its evaluation into a verdict with a table of what broke
- ``baseline``: the nightly history, the baseline (median of the last k runs) and the regression check
- ``trend``: a self-contained HTML trend chart (inline SVG) of p95 and throughput per request name
- ``integrity``: every create the load acknowledged must exist in the database afterwards
- ``shapes`` / ``knee``: the named load shapes as pure stage plans, and the stress knee / capacity from step stats
- ``sut`` / ``run``: start the system under test (gunicorn + PostgreSQL, or SQLite for smoke) and orchestrate a run

Locust itself is imported only by ``tests/performance/`` (it monkeypatches with gevent), never here.
"""
