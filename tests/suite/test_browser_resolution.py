"""The browser is resolved in one place, per engine: for Chromium the override, then Playwright's Chromium, then the
system one; Firefox and WebKit are Playwright's own; a channel is a branded install; what is missing is refused in
one line naming it, where it was looked for and how to install it."""

from __future__ import annotations

import os
import stat

import pytest

from suite.server.browser import (
    ENV_VAR,
    SYSTEM_ARGS,
    BrowserNotFound,
    check,
    ffmpeg_path,
    ffmpeg_revision,
    link_system_ffmpeg,
    resolve,
)


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


# -- engines, channels, the refusal ------------------------------------------------------------------------------
def test_firefox_and_webkit_are_playwrights_own_builds(tmp_path):
    bundled = executable(tmp_path / "firefox")
    choice = resolve(str(bundled), env={}, candidates=(), engine="firefox")
    assert (choice.source, choice.launch_args()) == ("playwright", {})


@pytest.mark.parametrize("engine", ["firefox", "webkit"])
def test_a_missing_firefox_or_webkit_names_what_was_looked_for_and_how_to_install_it(tmp_path, engine):
    missing = tmp_path / engine / "bin"
    system = executable(tmp_path / "chromium")  # a system Chromium never stands in for another engine
    with pytest.raises(BrowserNotFound) as refusal:
        resolve(str(missing), env={ENV_VAR: str(system)}, candidates=(str(system),), engine=engine)
    message = str(refusal.value)
    assert "\n" not in message
    assert message.startswith(f"{engine}: ")
    assert str(missing) in message
    assert f"playwright install --with-deps {engine}" in message


def test_a_missing_chromium_lists_every_place_looked_at(tmp_path):
    places = (str(tmp_path / "a"), str(tmp_path / "b"))
    with pytest.raises(BrowserNotFound) as refusal:
        resolve(str(tmp_path / "pw" / "chrome"), env={}, candidates=places)
    assert all(place in str(refusal.value) for place in places) and str(tmp_path / "pw" / "chrome") in str(
        refusal.value)


def test_a_channel_is_launched_by_playwright_when_its_browser_is_installed(tmp_path):
    chrome = executable(tmp_path / "chrome")
    choice = resolve(None, env={}, candidates=(), channel="chrome", channel_paths={"chrome": str(chrome)})
    assert (choice.source, choice.launch_args()) == ("channel", {}), "pytest-playwright passes the channel itself"


def test_a_channel_that_is_not_installed_is_refused_with_its_path(tmp_path):
    with pytest.raises(BrowserNotFound, match=r"chromium \(channel msedge\).*looked for .*msedge.*playwright install "
                                              r"msedge"):
        resolve(None, env={}, channel="msedge", channel_paths={"msedge": str(tmp_path / "msedge")})


def test_a_channel_is_for_chromium_only_and_must_be_known(tmp_path):
    with pytest.raises(BrowserNotFound, match="applies to chromium only"):
        resolve(str(executable(tmp_path / "firefox")), env={}, engine="firefox", channel="chrome")
    with pytest.raises(BrowserNotFound, match="unknown --browser-channel 'chrom'"):
        resolve(None, env={}, channel="chrom", channel_paths={})


def test_check_resolves_every_requested_engine_and_stops_at_the_first_missing(tmp_path):
    bundled = {"chromium": None, "firefox": str(executable(tmp_path / "firefox")), "webkit": str(tmp_path / "none")}
    system = executable(tmp_path / "chromium")
    choices = check(["chromium", "firefox"], None, True, bundled, env={}, candidates=(str(system),), shells=())
    assert {engine: choice.source for engine, choice in choices.items()} == {"chromium": "system",
                                                                             "firefox": "playwright"}
    with pytest.raises(BrowserNotFound, match="^webkit: "):
        check(["chromium", "webkit"], None, True, bundled, env={}, candidates=(str(system),), shells=())


# -- ffmpeg for --video -------------------------------------------------------------------------------------------
def test_playwright_looks_for_ffmpeg_under_its_browsers_path(tmp_path):
    path = ffmpeg_path({"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path)})
    assert path == tmp_path / f"ffmpeg-{ffmpeg_revision()}" / "ffmpeg-linux"
    assert ffmpeg_path({"XDG_CACHE_HOME": str(tmp_path)}).parent.parent == tmp_path / "ms-playwright"


def test_the_system_ffmpeg_is_linked_where_playwright_looks_unless_one_is_there(tmp_path):
    system = executable(tmp_path / "ffmpeg")
    target = ffmpeg_path({"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers")})
    assert link_system_ffmpeg(str(system), target)
    assert target.resolve() == system.resolve()
    assert not link_system_ffmpeg(str(tmp_path / "other"), target), "an existing ffmpeg is kept"
    system.unlink()  # the linked ffmpeg was removed: the dangling link is replaced
    assert link_system_ffmpeg(str(executable(tmp_path / "ffmpeg2")), target)
    assert target.resolve() == (tmp_path / "ffmpeg2").resolve()
