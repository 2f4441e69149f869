"""Which browser the suite drives, resolved in one place, for each engine ``--browser`` asks for.

Chromium: the ``ECRM_CHROMIUM`` environment variable (a path), then Playwright's own Chromium when it is installed,
then the system Chromium (Debian's ``chromium`` package at /usr/bin/chromium, or another known location). Firefox and
WebKit: Playwright's own builds only (``python -m playwright install firefox webkit``); a distribution's Firefox lacks
the protocol Playwright drives it with, and there is no system WebKit. ``--browser-channel chrome|msedge|…`` runs an
installed branded browser (Chromium only), as pytest-playwright documents. A browser that cannot be had is refused
before any test starts, in one line naming it, what was looked for and how to install it (``check``).
``python -m suite.server.browser --ensure`` puts in the system Chromium and ffmpeg (for ``--video``) when they are
missing, so the set-up never depends on ``playwright install`` being able to download.

Headless runs of the system Chromium use its headless shell (Debian's ``chromium-headless-shell``, the same
Chromium build without the desktop browser around it) when it is installed: it is what Playwright itself runs for
headless Chromium, and it runs the suite's browser tests about 1.6 times as fast on a 2-core machine (median per UI
test 1.43 s against 2.31 s, docs/ARCHITECTURE.md). Headed runs (``--headed``) use the full browser.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import playwright
from playwright._impl._driver import compute_driver_executable, get_driver_env
from playwright.sync_api import sync_playwright

ENV_VAR = "ECRM_CHROMIUM"
DRIVER_PACKAGE = Path(playwright.__file__).parent / "driver" / "package"
SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium", "/usr/bin/google-chrome")
# The headless shell's binary itself (Debian's /usr/bin/chromium-headless-shell is a wrapper script that does not
# exec, so Playwright would talk to a shell instead of the browser).
HEADLESS_SHELL_CANDIDATES = ("/usr/lib/chromium/chromium-headless-shell",)
# Flags for a system Chromium running headless in a container or CI: no sandbox (root), no GPU, and no background
# traffic to Google's services (the machines have no network beyond their package registries).
SYSTEM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class BrowserNotFound(RuntimeError):
    """No usable Chromium: neither the override, Playwright's build nor a system package."""


@dataclass(frozen=True)
class BrowserChoice:
    """The resolved browser: where it is, where it came from and how to launch it."""

    source: str  # "env", "playwright" or "system"
    executable: str | None  # None means Playwright's own build (no executable_path)
    args: tuple[str, ...] = field(default=())

    def launch_args(self) -> dict:
        """Keyword arguments for ``BrowserType.launch``."""
        options: dict = {}
        if self.executable:
            options["executable_path"] = self.executable
        if self.args:
            options["args"] = list(self.args)
        return options


def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


ENGINES = ("chromium", "firefox", "webkit")
# Where Playwright looks for a branded browser of each channel on Linux (its registry's locations).
CHANNEL_PATHS = {
    "chrome": "/opt/google/chrome/chrome",
    "chrome-beta": "/opt/google/chrome-beta/chrome",
    "chrome-dev": "/opt/google/chrome-unstable/chrome",
    "chrome-canary": "/opt/google/chrome-canary/chrome",
    "msedge": "/opt/microsoft/msedge/msedge",
    "msedge-beta": "/opt/microsoft/msedge-beta/msedge",
    "msedge-dev": "/opt/microsoft/msedge-dev/msedge",
}
# Channels that are Playwright's own Chromium builds (new headless mode, the headless shell): no branded install.
PLAYWRIGHT_CHANNELS = ("chromium", "chromium-headless-shell")


def resolve(bundled: str | None, env: dict[str, str] | None = None, candidates=SYSTEM_CANDIDATES,
            headless: bool = True, shells=HEADLESS_SHELL_CANDIDATES, engine: str = "chromium",
            channel: str | None = None, channel_paths: dict[str, str] | None = None) -> BrowserChoice:
    """Pick the browser of one engine. ``bundled`` is Playwright's own build of that engine (the path may not exist);
    ``headless`` lets a system Chromium's headless shell stand in for the full browser; ``channel`` is
    ``--browser-channel``. Raises ``BrowserNotFound`` with one line: the browser, what was looked for, how to get it.
    """
    env = os.environ if env is None else env
    if engine not in ENGINES:
        raise BrowserNotFound(f"{engine}: unknown browser (choose one of {', '.join(ENGINES)})")
    if channel:
        return _resolve_channel(engine, channel, bundled, CHANNEL_PATHS if channel_paths is None else channel_paths)
    if engine != "chromium":
        if bundled and Path(bundled).is_file():
            return BrowserChoice("playwright", None, ())
        raise BrowserNotFound(
            f"{engine}: Playwright's own {engine.capitalize()} is not installed (looked for {bundled}); install it "
            f"with '.venv/bin/python -m playwright install --with-deps {engine}' (a distribution's "
            f"{'Firefox' if engine == 'firefox' else 'WebKit'} cannot stand in for it)"
        )
    override = env.get(ENV_VAR, "").strip()
    if override:
        if not _executable(override):
            raise BrowserNotFound(f"chromium: {ENV_VAR}={override!r} is not an executable file")
        return BrowserChoice("env", override, SYSTEM_ARGS)
    if bundled and Path(bundled).is_file():
        return BrowserChoice("playwright", None, ())
    system = next((candidate for candidate in candidates if _executable(candidate)), None)
    if system:
        shell = next((path for path in shells if _executable(path)), None) if headless else None
        return BrowserChoice("system", shell or system, SYSTEM_ARGS)
    looked = ", ".join([f"{bundled} (Playwright's)", *candidates] if bundled else candidates)
    raise BrowserNotFound(
        f"chromium: no Chromium found (looked for {looked}); install Debian's package with "
        "'apt-get update && apt-get install -y chromium chromium-headless-shell' (the set-up does this when it runs "
        f"as root), or Playwright's with '.venv/bin/python -m playwright install chromium', or set {ENV_VAR}"
    )


def _resolve_channel(engine: str, channel: str, bundled: str | None, paths: dict[str, str]) -> BrowserChoice:
    """``--browser-channel``: a branded browser where Playwright looks for it (Playwright launches it itself)."""
    if engine != "chromium":
        raise BrowserNotFound(f"{engine}: --browser-channel {channel} applies to chromium only (chrome, msedge, …)")
    if channel in PLAYWRIGHT_CHANNELS:
        if bundled and Path(bundled).is_file():
            return BrowserChoice("playwright", None, ())
        raise BrowserNotFound(
            f"chromium (channel {channel}): Playwright's own Chromium is not installed (looked for {bundled}); "
            "install it with '.venv/bin/python -m playwright install chromium'"
        )
    path = paths.get(channel)
    if path is None:
        raise BrowserNotFound(
            f"chromium: unknown --browser-channel {channel!r} (one of {', '.join([*PLAYWRIGHT_CHANNELS, *paths])})"
        )
    if not _executable(path):
        raise BrowserNotFound(
            f"chromium (channel {channel}): {channel} is not installed (looked for {path}); install it with "
            f"'.venv/bin/python -m playwright install {channel}' or the vendor's package"
        )
    return BrowserChoice("channel", None, ())


def bundled_paths() -> dict[str, str | None]:
    """Where Playwright keeps its own build of each engine, whether or not it was downloaded."""
    paths: dict[str, str | None] = {}
    with sync_playwright() as driver:
        for engine in ENGINES:
            try:
                paths[engine] = getattr(driver, engine).executable_path
            except Exception:
                paths[engine] = None
    return paths


def check(engines: list[str], channel: str | None, headless: bool, bundled: dict[str, str | None] | None = None,
          env: dict[str, str] | None = None, **lookup) -> dict[str, BrowserChoice]:
    """Resolve every requested engine; the first that cannot be had raises ``BrowserNotFound`` (one line)."""
    bundled = bundled_paths() if bundled is None else bundled
    return {engine: resolve(bundled.get(engine), env=env, headless=headless, engine=engine, channel=channel,
                            **lookup) for engine in engines}


def bundled_chromium_path() -> str | None:
    """The path where Playwright keeps its own Chromium, whether or not it was downloaded."""
    return bundled_paths()["chromium"]


def _apt() -> list[str] | None:
    """The apt-get command line prefix (with sudo when needed), or None when system packages cannot be installed."""
    apt = shutil.which("apt-get")
    if not apt:
        return None
    if os.geteuid() == 0:
        return [apt]
    return ["sudo", "-n", apt] if shutil.which("sudo") else None


def _apt_install(apt: list[str], *packages: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"Installing {' '.join(packages)} from the system packages ...", flush=True)
    subprocess.run([*apt, "update", "-qq"], check=True, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", *packages], check=True, env=env)


def playwright_browsers_path(env: dict[str, str] | None = None) -> Path:
    """Where Playwright keeps its browsers and its ffmpeg: ``PLAYWRIGHT_BROWSERS_PATH``, else its Linux default."""
    env = os.environ if env is None else env
    value = env.get("PLAYWRIGHT_BROWSERS_PATH", "").strip()
    if value == "0":  # "inside the package", Playwright's own convention
        return DRIVER_PACKAGE / ".local-browsers"
    if value:
        return Path(value).expanduser()
    cache = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "ms-playwright"


def ffmpeg_revision() -> str:
    """The ffmpeg build this Playwright version expects (its ``browsers.json``)."""
    entries = json.loads((DRIVER_PACKAGE / "browsers.json").read_text())["browsers"]
    return next(entry["revision"] for entry in entries if entry["name"] == "ffmpeg")


def ffmpeg_path(env: dict[str, str] | None = None) -> Path:
    """The path where Playwright looks for ffmpeg to record ``--video`` (``ffmpeg-<rev>/ffmpeg-linux``)."""
    return playwright_browsers_path(env) / f"ffmpeg-{ffmpeg_revision()}" / "ffmpeg-linux"


def link_system_ffmpeg(system: str, target: Path) -> bool:
    """Make Playwright use the system's ffmpeg: a symbolic link where it looks for its own. Returns whether a link
    was made (False when Playwright's own ffmpeg, or a link, is there already)."""
    if target.exists():
        return False
    if target.is_symlink():  # a dangling link, e.g. to an ffmpeg that was removed
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(system)
    return True


def ensure_ffmpeg(apt: list[str] | None) -> Path | None:
    """ffmpeg for ``--video``: Playwright's own when installed, else Debian's ``ffmpeg`` package linked into place."""
    target = ffmpeg_path()
    if target.exists():
        return target
    system = shutil.which("ffmpeg")
    if system is None and apt is not None:
        try:
            _apt_install(apt, "ffmpeg")
        except subprocess.CalledProcessError as error:
            print(f"browser: ffmpeg could not be installed ({error}); --video will not work", flush=True)
            return None
        system = shutil.which("ffmpeg")
    if system is None:
        print("browser: no ffmpeg (install Debian's 'ffmpeg' package); --video will not work", flush=True)
        return None
    link_system_ffmpeg(system, target)
    print(f"browser: Playwright records videos with {system} ({target})", flush=True)
    return target


def has_cjk_font() -> bool:
    """Whether a Chinese font is installed (without one, screenshots of the Chinese UI show empty boxes)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def ensure() -> BrowserChoice:
    """Resolve a browser, installing Debian's ``chromium`` when none is found and we may use apt.

    With the system Chromium, its headless shell (``chromium-headless-shell``) is installed too when missing: it is
    optional (the full browser runs headless as well, only slower), so failing to install it only warns. So is a
    Chinese font (``fonts-noto-cjk``), which keeps the screenshots attached to defect reports readable.
    """
    bundled = bundled_chromium_path()
    apt = _apt()
    try:
        choice = resolve(bundled)
    except BrowserNotFound:
        if apt is None:
            raise
        try:
            _apt_install(apt, "chromium", "chromium-headless-shell", "fonts-noto-cjk")
        except subprocess.CalledProcessError:
            _apt_install(apt, "chromium", "fonts-noto-cjk")  # a distribution without the headless shell package
        choice = resolve(bundled)
    if apt is not None and choice.source == "system" and choice.executable not in HEADLESS_SHELL_CANDIDATES:
        try:
            _apt_install(apt, "chromium-headless-shell")
            choice = resolve(bundled)
        except subprocess.CalledProcessError as error:
            print(f"browser: no headless shell could be installed ({error}); headless runs use the full browser",
                  flush=True)
    ensure_ffmpeg(apt)
    if apt is not None and not has_cjk_font():
        try:
            _apt_install(apt, "fonts-noto-cjk")
        except subprocess.CalledProcessError as error:
            print(f"browser: no Chinese font could be installed ({error}); screenshots will show boxes", flush=True)
    return choice


def server_config(choice: BrowserChoice, port: int, host: str = "127.0.0.1", ws_path: str = "/ecrm") -> dict:
    """``BrowserType.launch_server`` options (Playwright's browser server) for a resolved browser."""
    config: dict = {"port": port, "host": host, "wsPath": ws_path, "headless": True}
    if choice.executable:
        config["executablePath"] = choice.executable
    if choice.args:
        config["args"] = list(choice.args)
    return config


def serve(engine: str, port: int, host: str) -> int:
    """Playwright's browser server (``launch-server``, what ``BrowserType.launch_server`` runs) for the resolved
    browser, until stopped; it prints its ws:// endpoint, which ``PW_TEST_CONNECT_WS_ENDPOINT`` takes."""
    choice = resolve(bundled_paths()[engine], engine=engine)
    config = Path(os.environ.get("TMPDIR", "/tmp")) / f"ecrm-browser-server-{port}.json"
    config.write_text(json.dumps(server_config(choice, port, host)))
    # The driver's own Node.js and CLI, exec'd (not ``python -m playwright``, which would leave Node running when the
    # Python parent is stopped): stopping this process stops the server and its browser.
    node, cli = compute_driver_executable()
    os.execve(node, [node, cli, "launch-server", "--browser", engine, "--config", str(config)], get_driver_env())
    return 0  # not reached: execve replaces the process


def start_server(port: int, engine: str = "chromium", host: str = "127.0.0.1") -> tuple[subprocess.Popen, str]:
    """Start ``python -m suite.server.browser --serve PORT``; return the process and its ws:// endpoint (its first
    line). Stop it with ``terminate()``."""
    process = subprocess.Popen([sys.executable, "-m", "suite.server.browser", "--serve", str(port), "--host", host,
                                "--browser", engine], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    first = process.stdout.readline().strip() if process.stdout else ""
    if not first.startswith("ws://"):
        process.terminate()
        raise BrowserNotFound(f"{engine}: the browser server did not start: {first or 'no output'}")
    return process, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ensure", action="store_true",
                        help="install the system Chromium (and ffmpeg, for --video) when they are missing")
    parser.add_argument("--serve", type=int, metavar="PORT",
                        help="run Playwright's browser server for the resolved browser on this port")
    parser.add_argument("--host", default="127.0.0.1", help="the browser server's address (default 127.0.0.1)")
    parser.add_argument("--browser", default="chromium", choices=ENGINES, help="the engine to serve")
    options = parser.parse_args(argv)
    try:
        if options.serve:
            return serve(options.browser, options.serve, options.host)
        choice = ensure() if options.ensure else resolve(bundled_chromium_path())
    except (BrowserNotFound, subprocess.CalledProcessError) as error:
        print(f"browser: {error}", file=sys.stderr)
        return 1
    print(f"browser: {choice.source} {choice.executable or '(Playwright Chromium)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
