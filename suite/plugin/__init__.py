"""The suite's pytest plugin, a module per concern; ``PLUGINS`` is what the root conftest.py registers.

A module comes after the modules it imports (pytest rewrites the asserts of a plugin module it imports itself).

- ``options``: the command-line options and what they resolve to (the run id, the deployment under test, workers);
- ``selection``: marks checked and turned into Allure labels, ``--rules`` / ``--modules``;
- ``shards``: pytest-split's shards made independent of the random order;
- ``run_meta``: the run's metadata (Allure's environment and executor, what the run left on the deployment);
- ``deployment``: what an external deployment lacks (those checks left out) and sharing it between workers;
- ``health``: the health gate of an external deployment;
- ``recording``: the steps and facts recorded during each test (``steps``, ``step_titles``);
- ``attachments``: what a failed test attaches (pages, console, Playwright's artifacts, the facts);
- ``collection``: the collection manifest (every collected and deselected test, for the run summary);
- ``timing``: every test's phases, and the run's timing summary.
"""

PLUGINS: tuple[str, ...] = (
    "suite.plugin.options",
    "suite.plugin.selection",
    "suite.plugin.shards",
    "suite.plugin.run_meta",
    "suite.plugin.deployment",
    "suite.plugin.health",
    "suite.plugin.recording",
    "suite.plugin.attachments",
    "suite.plugin.collection",
    "suite.plugin.timing",
)
