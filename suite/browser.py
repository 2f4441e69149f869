"""Which Chromium the suite drives, resolved in one place.

Order: the ``ECRM_CHROMIUM`` environment variable (a path), then Playwright's own Chromium when it is installed,
then the system Chromium (Debian's ``chromium`` package at /usr/bin/chromium, or another known location).
``python -m suite.browser --ensure`` installs the system package when no browser is found, so the set-up never
depends on ``playwright install`` being able to download.

Headless runs of the system Chromium use its headless shell (Debian's ``chromium-headless-shell``, the same
Chromium build without the desktop browser around it) when it is installed: it is what Playwright itself runs for
headless Chromium, and it runs the suite's browser tests about 1.6 times as fast on a 2-core machine (median per UI
test 1.43 s against 2.31 s, docs/ARCHITECTURE.md). Headed runs (``--headed``) use the full browser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "ECRM_CHROMIUM"
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


def resolve(bundled: str | None, env: dict[str, str] | None = None, candidates=SYSTEM_CANDIDATES,
            headless: bool = True, shells=HEADLESS_SHELL_CANDIDATES) -> BrowserChoice:
    """Pick the browser. ``bundled`` is Playwright's own Chromium path (it may not exist); ``headless`` lets a
    system Chromium's headless shell stand in for the full browser."""
    env = os.environ if env is None else env
    override = env.get(ENV_VAR, "").strip()
    if override:
        if not _executable(override):
            raise BrowserNotFound(f"{ENV_VAR}={override!r} is not an executable file")
        return BrowserChoice("env", override, SYSTEM_ARGS)
    if bundled and Path(bundled).is_file():
        return BrowserChoice("playwright", None, ())
    system = next((candidate for candidate in candidates if _executable(candidate)), None)
    if system:
        shell = next((path for path in shells if _executable(path)), None) if headless else None
        return BrowserChoice("system", shell or system, SYSTEM_ARGS)
    raise BrowserNotFound(
        "No Chromium found: set ECRM_CHROMIUM to a Chromium binary, or install Debian's package with "
        "'apt-get update && apt-get install -y chromium' (the set-up does this when it runs as root)."
    )


def bundled_chromium_path() -> str | None:
    """The path where Playwright keeps its own Chromium, whether or not it was downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            return playwright.chromium.executable_path
        except Exception:
            return None


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
    if apt is not None and not has_cjk_font():
        try:
            _apt_install(apt, "fonts-noto-cjk")
        except subprocess.CalledProcessError as error:
            print(f"browser: no Chinese font could be installed ({error}); screenshots will show boxes", flush=True)
    return choice


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ensure", action="store_true", help="install the system Chromium when none is found")
    options = parser.parse_args(argv)
    try:
        choice = ensure() if options.ensure else resolve(bundled_chromium_path())
    except (BrowserNotFound, subprocess.CalledProcessError) as error:
        print(f"browser: {error}", file=sys.stderr)
        return 1
    print(f"browser: {choice.source} {choice.executable or '(Playwright Chromium)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
