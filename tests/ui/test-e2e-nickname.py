#!/usr/bin/python3
# End to end, as a person would: starts a real authing-emulator (port 0, the demo pool, a
# temporary data folder) and the real `account-center --host URL --app-id ID` with
# accessibility on; through AT-SPI types the account and password, presses Sign In, opens the
# Profile page, types a new nickname, presses Save; then checks the emulator's own storage.
#
# usage: test-e2e-nickname.py ACCOUNT_CENTER AUTHING_EMULATOR POOL.json
import importlib.util
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("a11y", os.path.join(HERE, "test-a11y-walk.py"))
a11y = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(a11y)  # exits 77 (skip) when pyatspi is missing
pyatspi = a11y.pyatspi
role_of, name_of, find, safe, walk = a11y.role_of, a11y.name_of, a11y.find, a11y.safe, a11y.walk

NICKNAME = "端到端 E2E Nickname"
TIMEOUT = 60


def log(msg):
    a11y.log(msg)


def start_emulator(emulator, pool, data_dir):
    proc = subprocess.Popen([emulator, "--data-dir", data_dir, "--seed", pool, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"listening on (http://\S+)", line)
    if not m:
        proc.kill()
        a11y.fail(f"the emulator said {line!r} instead of 'listening on URL'")
    return proc, m.group(1)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def stored_nickname(data_dir, username):
    db = sqlite3.connect(os.path.join(data_dir, "emulator.db"), timeout=10)
    try:
        row = db.execute("SELECT profile FROM users WHERE username = ?", (username,)).fetchone()
    finally:
        db.close()
    if row is None:
        return None
    return json.loads(row[0] or "{}").get("nickname")


def editable(root, name):
    return find(root, lambda n: role_of(n) in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT)
                and name_of(n) == name and a11y.has_state(n, pyatspi.STATE_EDITABLE)
                and a11y.has_state(n, pyatspi.STATE_SENSITIVE))


def button(root, name):
    # GTK 4.8 names a button with a mnemonic label "_Label Label" (or "Label Label" when it
    # also has an accessible label).
    return find(root, lambda n: role_of(n) in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
                and name_of(n) in (name, f"{name} {name}", f"_{name} {name}") and a11y.has_state(n, pyatspi.STATE_SENSITIVE)
                and a11y.n_actions(n) > 0)


def type_into(node, text):
    ed = node.queryEditableText()
    ed.setTextContents(text)


def main():
    if len(sys.argv) != 4:
        print(__doc__ or "usage: test-e2e-nickname.py ACCOUNT_CENTER AUTHING_EMULATOR POOL.json")
        return 2
    binary, emulator, pool = sys.argv[1:4]
    with open(pool, encoding="utf-8") as f:
        app_id = json.load(f)["application"]["id"]

    data_dir = tempfile.mkdtemp(prefix="ac-e2e-")
    emu, url = start_emulator(emulator, pool, data_dir)
    log(f"emulator at {url}")
    before = stored_nickname(data_dir, "demo")
    if before == NICKNAME:
        a11y.fail("the nickname is already the one this test types")

    env = dict(os.environ)
    for var in ("GTK_A11Y", "NO_AT_BRIDGE"):
        env.pop(var, None)
    env["LANGUAGE"] = "C"
    out = tempfile.NamedTemporaryFile(prefix="account-center-", suffix=".log", delete=False)
    proc = subprocess.Popen([binary, "--host", url, "--app-id", app_id], env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        app = a11y.wait_for("the app on the AT-SPI registry", TIMEOUT, lambda: a11y.find_app(proc.pid), proc, out.name)

        # The sign-in page: host and app id come from the command line.
        account = a11y.wait_for("the account entry", TIMEOUT, lambda: editable(app, "Username, E-mail or Phone"),
                                proc, out.name)
        type_into(account, "demo")
        type_into(editable(app, "Password"), "demo1234")
        sign_in = a11y.wait_for("a sensitive Sign In button", TIMEOUT, lambda: button(app, "Sign In"), proc, out.name)
        if not a11y.do_action(sign_in):
            a11y.fail("could not press Sign In")
        log("signing in")

        window = a11y.wait_for("the signed-in window", TIMEOUT, lambda: a11y.main_window(app), proc, out.name)
        nickname = a11y.wait_for("the Nickname entry of the Profile page", TIMEOUT,
                                 lambda: editable(window, "Nickname"), proc, out.name)
        # The Profile page is the first one; let the account finish loading.
        a11y.wait_for("the Profile page's title", TIMEOUT, lambda: a11y.page_shown(window, "Profile"),
                      proc, out.name)
        time.sleep(2)
        log("profile shown")
        type_into(nickname, NICKNAME)
        save = a11y.wait_for("a sensitive Save button", TIMEOUT, lambda: button(window, "Save"), proc, out.name)
        if not a11y.do_action(save):
            a11y.fail("could not press Save")
        log("saving")

        a11y.wait_for("the new nickname in the emulator's storage", TIMEOUT,
                      lambda: stored_nickname(data_dir, "demo") == NICKNAME, proc, out.name)
        log("stored: %r" % stored_nickname(data_dir, "demo"))
        # The Save button goes insensitive again: nothing left to save.
        a11y.wait_for("Save to be insensitive again", TIMEOUT, lambda: button(window, "Save") is None, proc, out.name)
        print("PASS")
        return 0
    finally:
        stop(proc)
        stop(emu)
        out.close()
        os.unlink(out.name)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
