"""The browser is resolved in one place: the override, then Playwright's Chromium, then the system one."""

from __future__ import annotations

import os
import stat

import pytest

from suite.browser import ENV_VAR, SYSTEM_ARGS, BrowserNotFound, resolve


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_environment_override_wins_over_everything(tmp_path):
    chosen = executable(tmp_path / "my-chromium")
    bundled = executable(tmp_path / "bundled-chrome")
    choice = resolve(str(bundled), env={ENV_VAR: str(chosen)}, candidates=())
    assert (choice.source, choice.executable) == ("env", str(chosen))
    assert choice.launch_args() == {"executable_path": str(chosen), "args": list(SYSTEM_ARGS)}


def test_override_that_is_not_executable_is_a_clear_error(tmp_path):
    with pytest.raises(BrowserNotFound, match=ENV_VAR):
        resolve(None, env={ENV_VAR: str(tmp_path / "missing")}, candidates=())


def test_playwright_chromium_is_used_when_installed(tmp_path):
    bundled = executable(tmp_path / "chrome")
    system = executable(tmp_path / "chromium")
    choice = resolve(str(bundled), env={}, candidates=(str(system),))
    assert choice.source == "playwright"
    assert choice.launch_args() == {}, "Playwright's own build needs no executable_path"


def test_system_chromium_is_the_fallback_with_container_flags(tmp_path):
    system = executable(tmp_path / "chromium")
    choice = resolve(str(tmp_path / "not-downloaded" / "chrome"), env={}, candidates=(str(system),), shells=())
    assert choice.source == "system"
    assert choice.launch_args()["executable_path"] == str(system)
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"):
        assert flag in choice.launch_args()["args"]


def test_nothing_found_says_how_to_install(tmp_path):
    with pytest.raises(BrowserNotFound, match="apt-get install -y chromium"):
        resolve(None, env={}, candidates=(str(tmp_path / "nope"),))


def test_non_executable_candidate_is_skipped(tmp_path):
    plain = tmp_path / "chromium"
    plain.write_text("")
    os.chmod(plain, 0o644)
    with pytest.raises(BrowserNotFound):
        resolve(None, env={}, candidates=(str(plain),))


def test_a_headless_run_of_the_system_chromium_uses_its_headless_shell(tmp_path):
    system = executable(tmp_path / "chromium")
    shell = executable(tmp_path / "chromium-headless-shell")
    choice = resolve(None, env={}, candidates=(str(system),), shells=(str(shell),))
    assert (choice.source, choice.executable) == ("system", str(shell))
    assert choice.launch_args()["args"] == list(SYSTEM_ARGS)


def test_a_headed_run_uses_the_full_system_browser(tmp_path):
    system = executable(tmp_path / "chromium")
    shell = executable(tmp_path / "chromium-headless-shell")
    choice = resolve(None, env={}, candidates=(str(system),), headless=False, shells=(str(shell),))
    assert choice.executable == str(system)


def test_without_a_headless_shell_the_full_browser_runs_headless(tmp_path):
    system = executable(tmp_path / "chromium")
    choice = resolve(None, env={}, candidates=(str(system),), shells=(str(tmp_path / "no-shell"),))
    assert choice.executable == str(system)
