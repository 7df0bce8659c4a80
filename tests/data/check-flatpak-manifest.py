#!/usr/bin/python3
# Checks the Flatpak manifest offline (the GNOME runtime cannot be downloaded here, so it cannot
# be built): it parses, names our app id and the current stable GNOME runtime, asks for exactly
# the permissions the app needs, and builds the whole meson project (app and emulator) with its
# tests. Then `flatpak-builder --show-manifest` when it is installed, failing on any WARNING.
#
# usage: check-flatpak-manifest.py MANIFEST APP_ID
import json
import os
import shutil
import subprocess
import sys

# GNOME 49 (September 2025) is the newest GNOME runtime we could verify on Flathub; bump the
# floor here together with the manifest.
MIN_RUNTIME = 49
# Exactly these, and nothing else: network for the Authing API, Wayland with X11 only as a
# fallback, GPU rendering, and IPC for X11 shared memory. Files are chosen through the file
# chooser portal and the token goes to the keyring through the secret portal, so no
# --filesystem and no --talk-name=org.freedesktop.secrets.
WANTED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}

errors = []


def fail(msg):
    errors.append(msg)


def main():
    if len(sys.argv) != 3:
        print(__doc__ or "usage: check-flatpak-manifest.py MANIFEST APP_ID", file=sys.stderr)
        return 2
    path, app_id = sys.argv[1], sys.argv[2]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: {path}: {e}")
        return 1
    if not isinstance(manifest, dict):
        print(f"FAIL: {path}: the top level is not an object")
        return 1

    mid = manifest.get("id", manifest.get("app-id"))
    if mid != app_id:
        fail(f"app id is {mid!r}, expected {app_id!r}")
    if manifest.get("runtime") != "org.gnome.Platform":
        fail(f"runtime is {manifest.get('runtime')!r}, expected 'org.gnome.Platform'")
    if manifest.get("sdk") != "org.gnome.Sdk":
        fail(f"sdk is {manifest.get('sdk')!r}, expected 'org.gnome.Sdk'")
    version = str(manifest.get("runtime-version", ""))
    if not version.isdigit() or int(version) < MIN_RUNTIME:
        fail(f"runtime-version is {version!r}, expected a stable GNOME runtime >= {MIN_RUNTIME} "
             "(not 'master', not an old one)")
    if manifest.get("command") != "account-center":
        fail(f"command is {manifest.get('command')!r}, expected 'account-center'")

    args = manifest.get("finish-args", [])
    if not isinstance(args, list):
        fail("finish-args is not a list")
        args = []
    seen = set()
    for a in args:
        if a in seen:
            fail(f"finish-arg {a} is listed twice")
        seen.add(a)
    for a in sorted(seen - WANTED_FINISH_ARGS):
        if a.startswith("--filesystem"):
            fail(f"{a}: no file system access; files go through the file chooser portal")
        elif "org.freedesktop.secrets" in a:
            fail(f"{a}: the keyring is reached through the secret portal")
        elif a == "--socket=x11":
            fail(f"{a}: use --socket=fallback-x11 so that Wayland sessions don't get X11")
        else:
            fail(f"{a}: a permission the app does not need")
    for a in sorted(WANTED_FINISH_ARGS - seen):
        fail(f"finish-args lacks {a}")

    modules = manifest.get("modules", [])
    if not isinstance(modules, list) or not modules:
        fail("no modules")
        modules = []
    app_modules = [m for m in modules if isinstance(m, dict) and m.get("name") == "account-center"]
    if len(app_modules) != 1:
        fail("there must be exactly one module named 'account-center'")
    else:
        m = app_modules[0]
        if m is not modules[-1]:
            fail("the account-center module must come last (after its dependencies)")
        if m.get("buildsystem") != "meson":
            fail(f"the app module's buildsystem is {m.get('buildsystem')!r}, expected 'meson'")
        if m.get("run-tests") is not True:
            fail("the app module must have \"run-tests\": true")
        # The suites that need only what the GNOME SDK has (the emulator suite needs Node and
        # npm for the JS SDK check, which a sandboxed build cannot download).
        for cmd in m.get("test-commands", []):
            if not cmd.startswith("meson test"):
                fail(f"test command {cmd!r} does not run meson test")
            elif "--suite" in cmd and "--suite data" not in cmd:
                fail(f"test command {cmd!r} leaves out the data suite")
        opts = m.get("config-opts", [])
        if any("emulator" in o and ("false" in o or "disabled" in o) for o in opts):
            fail("the emulator must be built: --demo uses it inside the sandbox")
        sources = m.get("sources", [])
        if not any(isinstance(s, dict) and s.get("type") in ("dir", "git") for s in sources):
            fail("the app module must build this source tree (a 'dir' or 'git' source)")
        test_args = m.get("build-options", {}).get("test-args", [])
        if not any(t.startswith("--socket=x11") for t in test_args):
            fail("the UI tests need a display: build-options.test-args must give --socket=x11")

    # The emulator is a target of the same meson project and installed beside the app, which
    # is what makes --demo work in the sandbox: check the build file still installs it.
    src_root = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    try:
        with open(f"{src_root}/src/emulator/meson.build", encoding="utf-8") as f:
            emu = f.read()
        if "authing-emulator" not in emu or "install: true" not in emu:
            fail("src/emulator/meson.build no longer installs authing-emulator")
    except OSError as e:
        fail(f"cannot read the emulator's meson.build: {e}")

    fb = shutil.which("flatpak-builder")
    if fb:
        r = subprocess.run([fb, "--show-manifest", path], capture_output=True, text=True)
        out = r.stdout + r.stderr
        if r.returncode != 0:
            fail(f"flatpak-builder --show-manifest failed ({r.returncode}): {out.strip()}")
        for line in out.splitlines():
            if "WARNING" in line.upper():
                fail(f"flatpak-builder: {line.strip()}")
    else:
        print("note: flatpak-builder is not installed; only the offline checks ran")

    for e in errors:
        print(f"FAIL: {e}")
    if not errors:
        print(f"ok: {path}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
