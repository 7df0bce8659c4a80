#!/usr/bin/python3
# Regenerates the AppStream screenshots in this folder from the real app on the demo server:
#
#   build-aux/test-env env GSETTINGS_SCHEMA_DIR=_build/data GSETTINGS_BACKEND=memory \
#       GDK_BACKEND=x11 GSK_RENDERER=cairo LANGUAGE=C \
#       /usr/bin/python3 data/screenshots/take-screenshots.py _build/src/ui/account-center
#
# It opens each page with its keyboard shortcut (through AT-SPI, with the helpers of
# tests/ui/test-a11y-walk.py) and grabs the 960×680 window with ImageMagick's `import`.
import importlib.util
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHOTS = {"profile": 0, "custom-fields": 1, "security": 2, "applications": 3, "organizations": 4,
         "roles": 5, "resources": 6, "devices": 7, "sign-in-history": 8, "groups": 9}

spec = importlib.util.spec_from_file_location(
    "walk", os.path.join(HERE, "..", "..", "tests", "ui", "test-a11y-walk.py"))
walk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(walk)


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    log = os.path.join(os.environ.get("TMPDIR", "/tmp"), "take-screenshots.log")
    proc = subprocess.Popen([binary, "--demo"], env=env, stdout=open(log, "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        app = walk.wait_for("the app", 60, lambda: walk.find_app(proc.pid), proc, log)
        window = walk.wait_for("the signed-in window", 60, lambda: walk.main_window(app), proc, log)
        lst, rows = walk.wait_for("the sidebar", 30, lambda: (lambda r: r if len(r[1]) >= 7 else None)(
            walk.sidebar_rows(window)), proc, log)
        focus = walk.FocusTracker()
        for name, index in SHOTS.items():
            # Ctrl+1…9 and Ctrl+0 open the pages
            focus.press(0x31 + index if index < 9 else 0x30, settle=0.2, modifiers=walk.MOD_CONTROL)
            time.sleep(3)
            out = os.path.join(HERE, name + ".png")
            subprocess.run(["import", "-window", "root", "-crop", "960x680+0+0", "+repage", out], check=True)
            print(f"wrote {out}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
