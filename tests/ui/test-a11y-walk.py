#!/usr/bin/python3
# The accessibility walk: starts the real `account-center --demo` (accessibility on, inside the
# test's own D-Bus session and Xvfb), finds it on the AT-SPI registry, opens every page through
# the sidebar with the keyboard (Tab into the sidebar, arrow keys, Return) as a keyboard or
# screen reader user would, and fails listing every focusable control that has no accessible
# name: on each page, in the rest of the window, in the keyboard shortcuts window (opened with
# Ctrl+?), in the About window and in the Delete Account dialog (opened from the main menu, then
# closed, which cancels). It also checks what the shortcuts
# window promises: Ctrl+1…7 open the pages, Tab moves through the sidebar and into a page without
# landing on anything nameless, Ctrl+Q quits cleanly.
#
# usage: test-a11y-walk.py [PATH_TO_ACCOUNT_CENTER]   (default: $AC_BUILD_ROOT/src/ui/account-center)
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

try:
    import gi
    gi.require_version("Atspi", "2.0")
    import pyatspi
except (ImportError, ValueError) as e:
    # Not the app's fault: the runtime lacks the AT-SPI Python bindings (e.g. inside the
    # Flatpak SDK). 77 tells meson the test was skipped.
    print(f"SKIP: pyatspi is not available: {e}")
    sys.exit(77)

# Under AddressSanitizer the app is slower.
SLOW = 2 if "ASAN_OPTIONS" in os.environ else 1
START_TIMEOUT = 60 * SLOW  # the app on the registry
SIGN_IN_TIMEOUT = 60 * SLOW  # the demo server started and the account loaded
PAGE_TIMEOUT = 20 * SLOW  # one page shown and settled

# Controls a person reaches with Tab or activates: they must have a name.
CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LINK,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_PAGE_TAB,
}
for _name in ("ROLE_SWITCH", "ROLE_PUSH_BUTTON_MENU", "ROLE_TOGGLE_BUTTON"):
    if hasattr(pyatspi, _name):
        CONTROL_ROLES.add(getattr(pyatspi, _name))
# Rows and cells: they count when focusable, and need a name when they have an action of their
# own or show no text a screen reader could read instead.
ACTIVATABLE_ROLES = {pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TREE_ITEM, pyatspi.ROLE_TABLE_CELL}

PAGES = ["Profile", "Custom Fields", "Security", "Applications", "Organizations", "Roles", "Resources"]


T0 = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def fail(msg, proc=None, stderr_path=None):
    print(f"FAIL: {msg}", flush=True)
    if stderr_path and os.path.exists(stderr_path):
        with open(stderr_path, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-4000:]
        if tail.strip():
            print("---- account-center output (tail) ----\n" + tail, flush=True)
    sys.exit(1)


def safe(fn, default=None):
    try:
        return fn()
    except Exception:  # a node that went away while we walked
        return default


def children(node):
    n = safe(lambda: node.childCount, 0) or 0
    for i in range(n):
        c = safe(lambda: node.getChildAtIndex(i))
        if c is not None:
            yield c


def walk(node, depth=0, prune=None):
    """NODE and its descendants, skipping the subtrees for which PRUNE is true."""
    if depth > 60:
        return
    yield node
    for c in children(node):
        if prune is not None and safe(lambda: prune(c), False):
            continue
        yield from walk(c, depth + 1, prune)


# GTK 4.8 names an accessible that has no name after its widget type ("GtkImage" for an
# icon-only button without a label): that is no name for a person.
TYPE_NAME = re.compile(r"(Gtk|Adw|Ac|Gdk)[A-Z][A-Za-z0-9]*")


def name_of(node):
    name = (safe(lambda: node.name, "") or "").strip()
    return "" if TYPE_NAME.fullmatch(name) else name


def role_of(node):
    return safe(lambda: node.getRole(), None)


def states(node):
    s = safe(lambda: node.getState())
    return s


def has_state(node, state):
    s = states(node)
    return bool(s and s.contains(state))


def n_actions(node):
    a = safe(lambda: node.queryAction())
    return safe(lambda: a.nActions, 0) if a else 0


def do_action(node, names=("click", "activate", "press", "")):
    a = safe(lambda: node.queryAction())
    if not a:
        return False
    n = safe(lambda: a.nActions, 0)
    for want in names:
        for i in range(n):
            if want == "" or safe(lambda: a.getName(i), "") == want:
                return bool(safe(lambda: a.doAction(i), False))
    return False


def path_of(node):
    parts = []
    cur = node
    for _ in range(40):
        cur = safe(lambda: cur.parent)
        if cur is None or role_of(cur) == pyatspi.ROLE_APPLICATION:
            break
        nm = name_of(cur)
        if nm:
            parts.append(f"{safe(lambda: cur.getRoleName(), '?')} '{nm}'")
    return " < ".join(parts[:4])


def describe(node):
    role = safe(lambda: node.getRoleName(), "?")
    desc = (safe(lambda: node.description, "") or "").strip()
    text = ""
    t = safe(lambda: node.queryText())
    if t:
        text = (safe(lambda: t.getText(0, min(40, t.characterCount)), "") or "").strip()
    extra = []
    raw = (safe(lambda: node.name, "") or "").strip()
    if raw:
        extra.append(f"widget {raw}")
    tip = safe(lambda: node.get_help_text(), "") or ""
    if tip.strip():
        extra.append(f"tooltip '{tip.strip()}'")
    if desc:
        extra.append(f"description '{desc}'")
    if text:
        extra.append(f"text '{text}'")
    kids = [f"{safe(lambda: c.getRoleName(), '?')} '{name_of(c)}'" for c in list(children(node))[:3]]
    if kids:
        extra.append("children " + ", ".join(kids))
    return f"{role} in [{path_of(node)}]" + (f" ({'; '.join(extra)})" if extra else "")


def unnamed_controls(root, checked=None, prune=None):
    """Descriptions of the controls under ROOT without a name; CHECKED (a set) collects every
    control looked at. PRUNE: subtrees to leave out."""
    found = []
    for node in walk(root, prune=prune):
        role = role_of(node)
        if role in CONTROL_ROLES:
            if not has_state(node, pyatspi.STATE_FOCUSABLE) and role not in (pyatspi.ROLE_MENU_ITEM,):
                continue
        elif role in ACTIVATABLE_ROLES:
            # A focusable row is read out by its name, else by the text it shows; one with an
            # action of its own must have a name.
            if not has_state(node, pyatspi.STATE_FOCUSABLE):
                continue
            if n_actions(node) == 0 and has_text(node):
                continue
        else:
            continue
        if checked is not None:
            checked.add((safe(lambda: node.getRoleName(), "?"), name_of(node), safe(lambda: node.path, id(node))))
        if not name_of(node):
            found.append(describe(node))
    return found


def find(root, pred):
    for node in walk(root):
        if safe(lambda: pred(node), False):
            return node
    return None


def find_all(root, pred):
    return [n for n in walk(root) if safe(lambda: pred(n), False)]


def wait_for(what, timeout, fn, proc, stderr_path, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"account-center exited with status {proc.returncode} while waiting for {what}", proc, stderr_path)
        r = safe(fn)
        if r:
            return r
        time.sleep(interval)
    fail(f"timed out after {timeout}s waiting for {what}", proc, stderr_path)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if safe(lambda: app.get_process_id()) == pid:
            return app
    return None


def main_window(app):
    for w in children(app):
        if role_of(w) in (pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW) and \
           find(w, lambda n: role_of(n) == pyatspi.ROLE_LIST and name_of(n) == "Pages"):
            return w
    return None


def sidebar_rows(window):
    lst = find(window, lambda n: role_of(n) == pyatspi.ROLE_LIST and name_of(n) == "Pages")
    if lst is None:
        return None, []
    rows = [c for c in children(lst) if role_of(c) == pyatspi.ROLE_LIST_ITEM]
    return lst, rows


def row_label(row):
    nm = name_of(row)
    if nm:
        return nm
    for n in walk(row):
        if role_of(n) == pyatspi.ROLE_LABEL and name_of(n):
            return name_of(n)
    return ""


_TITLES = []


def page_shown(window, title):
    """The content header's title (an AdwWindowTitle) shows TITLE. The sidebar rows carry the
    same words, so a label alone proves nothing. The titles are looked up once."""
    if not _TITLES:
        for n in walk(window):
            if role_of(n) == pyatspi.ROLE_FILLER and (safe(lambda: n.name, "") or "") == "AdwWindowTitle":
                _TITLES.append(n)
    for t in _TITLES:
        if any(role_of(l) == pyatspi.ROLE_LABEL and name_of(l) == title for l in walk(t)):
            return True
    return False


def page_panel(window, title):
    """The page itself: the stack page panel named after it."""
    return find(window, lambda n: role_of(n) == pyatspi.ROLE_PANEL and name_of(n) == title and
                not in_sidebar(n))


class FocusTracker:
    """Follows object:state-changed:focused events (GTK 4.8 implements no GetFocus)."""

    def __init__(self):
        from gi.repository import GLib
        self.ctx = GLib.MainContext.default()
        self.events = []
        pyatspi.Registry.registerEventListener(self._on_focus, "object:state-changed:focused")

    def _on_focus(self, event):
        if event.detail1 == 1:
            self.events.append(event.source)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while self.ctx.iteration(False):
                pass
            time.sleep(0.02)

    def press(self, keysym, settle=0.25, shift=False, modifiers=0):
        settle *= SLOW
        """Presses a key (with Shift, or with MODIFIERS, an X modifier mask) and returns the
        control that got the focus, or None."""
        from gi.repository import Atspi
        self.pump(0.05)
        self.events.clear()
        mask = modifiers | (MOD_SHIFT if shift else 0)
        if mask:
            Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
        try:
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        finally:
            if mask:
                Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
        self.pump(settle)
        if not self.events:
            return None
        node = self.events[-1]
        safe(lambda: node.clear_cache())  # event sources can carry a stale, childless cache
        return node

    def close(self):
        pyatspi.Registry.deregisterEventListener(self._on_focus, "object:state-changed:focused")


KEY_TAB, KEY_RETURN, KEY_DOWN, KEY_UP = 0xff09, 0xff0d, 0xff54, 0xff52
MOD_SHIFT, MOD_CONTROL = 1, 4  # X11 ShiftMask, ControlMask


def in_sidebar(node):
    return node is not None and role_of(node) == pyatspi.ROLE_LIST_ITEM and "list 'Pages'" in path_of(node)


def open_page(window, lst, row, index, title, focus, labels):
    """Opens a page through its sidebar row as a keyboard or screen reader user does: the row's
    action if it has one, else Tab into the sidebar, arrow keys to the row, Return. Returns how,
    or None when neither shows the page."""
    def shown_soon():
        deadline = time.monotonic() + 3 * SLOW
        while time.monotonic() < deadline:
            if page_shown(window, title):
                return True
            time.sleep(0.2)
        return False

    if n_actions(row) > 0 and do_action(row) and shown_soon():
        return "action"

    # Into the sidebar: after Return the focus is on the page's first control, one Shift+Tab
    # away from the sidebar; otherwise Tab round. Then to the row with the arrows.
    node = focus.press(KEY_TAB, shift=True)
    for _ in range(60):
        if in_sidebar(node):
            break
        node = focus.press(KEY_TAB)
    if not in_sidebar(node):
        return None
    for _ in range(2 * len(PAGES)):
        here_label = row_label(node)
        if here_label == title:
            break
        here = labels.index(here_label) if here_label in labels else 0
        node = focus.press(KEY_DOWN if here < index else KEY_UP) or node
    if row_label(node) != title:
        return None
    focus.press(KEY_RETURN)
    if shown_soon():
        return "keyboard"
    return None


TAB_PRESSES = 30


def has_text(node):
    for n in walk(node):
        if n is not node and (name_of(n) or (role_of(n) == pyatspi.ROLE_LABEL and name_of(n))):
            return True
    return False


def tab_through(focus, presses):
    """Presses Tab PRESSES times and returns, for each focus change, (where, description, ok):
    where is "sidebar", "page" or "other"; ok is False when the focused control has no name
    (list items may instead show text, which screen readers read out)."""
    order = []
    for _ in range(presses):
        node = focus.press(KEY_TAB)
        if node is None:
            continue
        path = path_of(node)
        where = "sidebar" if in_sidebar(node) else ("page" if "panel '" in path else "other")
        name = name_of(node)
        role = role_of(node)
        ok = bool(name) or (role in ACTIVATABLE_ROLES | {pyatspi.ROLE_LABEL} and has_text(node))
        order.append((where, name if ok and name else describe(node), ok))
    return order


def top_windows(app):
    return [w for w in children(app) if role_of(w) in (pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW,
                                                       pyatspi.ROLE_DIALOG)]


def window_action(window, name):
    a = safe(lambda: window.queryAction())
    if not a:
        return False
    for i in range(safe(lambda: a.nActions, 0)):
        if safe(lambda: a.getName(i)) == name:
            return bool(safe(lambda: a.doAction(i), False))
    return False


def open_shortcuts(window, focus=None):
    """Ctrl+? as a person would; the window action (GTK exposes a window's actions over AT-SPI)
    only when there is no keyboard. Returns how, or None."""
    if focus is not None:
        focus.press(0x3f, settle=1.0, modifiers=MOD_CONTROL | MOD_SHIFT)  # Ctrl+? (Shift+/)
        return "Ctrl+?"
    return "action" if window_action(window, "win.show-help-overlay") else None


def open_menu_item(window, words):
    """Through the main menu of the signed-in window, as a person would: the menu button, then
    the item whose name contains WORDS. Returns how, or None."""
    button = find(window, lambda n: role_of(n) in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
                  and name_of(n) == "Main Menu" and has_state(n, pyatspi.STATE_FOCUSABLE)
                  and n_actions(n) > 0 and "panel 'Sign In'" not in path_of(n))
    if button is None or not do_action(button):
        return None
    deadline = time.monotonic() + PAGE_TIMEOUT
    while time.monotonic() < deadline:
        item = find(window, lambda n: role_of(n) == pyatspi.ROLE_MENU_ITEM and words in name_of(n))
        if item is not None:
            return "the main menu" if do_action(item) else None
        time.sleep(0.25)
    return None


def open_about(window, focus=None):
    return open_menu_item(window, "About")


def open_delete_account(window, focus=None):
    # Only opened and walked: closing it answers "cancel", so the demo account stays.
    return open_menu_item(window, "Delete Account")


def close_window(window):
    if not window_action(window, "window.close"):
        pyatspi.Registry.generateKeyboardEvent(0xff1b, None, pyatspi.KEY_SYM)  # Escape


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("AC_BUILD_ROOT", ""), "src", "ui", "account-center")
    if not os.access(binary, os.X_OK):
        fail(f"the app binary {binary} does not exist or is not executable")

    env = dict(os.environ)
    for var in ("GTK_A11Y", "NO_AT_BRIDGE"):
        env.pop(var, None)
    env.setdefault("GSK_RENDERER", "cairo")
    if "ASAN_OPTIONS" in env:
        # Under AddressSanitizer the app is still checked for memory errors (any report makes
        # its exit status at Ctrl+Q non-zero), but not for leaks: with fast unwinding LSan cannot
        # attribute what system library constructors allocate (so build-aux/lsan.supp cannot
        # apply), and full unwinding makes the app too slow to drive by keyboard. Leaks are the
        # in-process UI tests' business.
        env["ASAN_OPTIONS"] += ":detect_leaks=0"
    env["LANGUAGE"] = "C"
    out = tempfile.NamedTemporaryFile(prefix="account-center-", suffix=".log", delete=False)
    stderr_path = out.name
    proc = subprocess.Popen([binary, "--demo"], env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        return run(proc, stderr_path)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        os.unlink(stderr_path)


def run(proc, stderr_path):
    app = wait_for("the app on the AT-SPI registry", START_TIMEOUT, lambda: find_app(proc.pid), proc, stderr_path)
    log(f"found the app on the registry: '{name_of(app)}'")
    window = wait_for("the signed-in window with its page list (the demo account)", SIGN_IN_TIMEOUT,
                      lambda: main_window(app), proc, stderr_path)
    lst, rows = wait_for("the sidebar pages", PAGE_TIMEOUT,
                         lambda: (lambda r: r if len(r[1]) >= len(PAGES) else None)(sidebar_rows(window)),
                         proc, stderr_path)

    labels = [row_label(r) for r in rows]
    log(f"sidebar: {labels}")
    missing_pages = [p for p in PAGES if p not in labels]
    if missing_pages:
        fail(f"the sidebar lacks the pages {missing_pages}", proc, stderr_path)

    problems = {}
    checked = set()
    focus = FocusTracker()
    unnamed_rows = [i for i, r in enumerate(rows) if not name_of(r)]
    for i in unnamed_rows:
        problems.setdefault("Sidebar", []).append(f"sidebar row {i + 1} ('{labels[i]}') has no accessible name")

    for index, row in enumerate(rows):
        title = labels[index]
        how = open_page(window, lst, row, index, title, focus, labels)
        if how is None:
            fail(f"the sidebar row '{title}' does not open its page: neither its action nor the "
                 "keyboard (Tab into the sidebar, arrows to the row, Return) shows the page",
                 proc, stderr_path)
        # let the page load from the demo server
        time.sleep(1.0 * SLOW)
        bad = unnamed_controls(page_panel(window, title) or window, checked)
        log(f"page '{title}' (opened by {how}): {len(bad)} unnamed controls")
        for b in bad:
            problems.setdefault(title, [])
            if b not in problems[title] and not any(b in v for k, v in problems.items() if k != title):
                problems[title].append(b)

    # The rest of the window: header bars, the sidebar, the sign-in form.
    page_titles = set(labels)
    outside_pages = lambda n: role_of(n) == pyatspi.ROLE_PANEL and name_of(n) in page_titles  # noqa: E731
    for b in unnamed_controls(window, checked, prune=outside_pages):
        if not any(b in v for v in problems.values()):
            problems.setdefault("Window", []).append(b)

    # A walk that finds almost nothing has not seen the app (an empty tree, a changed layout).
    if len(checked) < 20:
        fail(f"only {len(checked)} controls were found on the pages; the walk did not see the app",
             proc, stderr_path)
    log(f"{len(checked)} controls checked on the pages")
    if os.environ.get("AC_A11Y_VERBOSE"):
        for c in sorted(checked, key=str):
            log(f"  {c[0]} '{c[1]}'")

    # The shortcuts the shortcuts window lists: Ctrl+1…7 open the pages.
    for i, title in enumerate(labels[:10]):
        focus.press(0x31 + i if i < 9 else 0x30, settle=0.1, modifiers=MOD_CONTROL)
        deadline = time.monotonic() + 3 * SLOW
        while time.monotonic() < deadline and not page_shown(window, title):
            time.sleep(0.2)
        if not page_shown(window, title):
            problems.setdefault("Keyboard", []).append(f"Ctrl+{(i + 1) % 10} does not open the page '{title}'")
    log("Ctrl+1…7 checked")

    # Start from the first page, which has the most controls.
    if open_page(window, lst, rows[0], 0, labels[0], focus, labels) is None:
        fail("could not go back to the first page", proc, stderr_path)
    # Keyboard: Tab through the window. Focus must move (no trap), reach both the sidebar and a
    # page, and never land on something a screen reader could only call by its role.
    order = tab_through(focus, TAB_PRESSES)
    names = [label for _, label, ok in order]
    log(f"Tab order: {' → '.join(n or '?' for n in names[:25])}{' …' if len(names) > 25 else ''}")
    distinct = {label for _, label, _ in order}
    if len(distinct) < 5:
        problems.setdefault("Keyboard", []).append(
            f"{TAB_PRESSES} presses of Tab reached only {len(distinct)} controls: {sorted(distinct)}")
    if not any(kind == "sidebar" for kind, _, _ in order):
        problems.setdefault("Keyboard", []).append("Tab never reaches the sidebar")
    if not any(kind == "page" for kind, _, _ in order):
        problems.setdefault("Keyboard", []).append("Tab never reaches the controls of a page")
    for kind, label, ok in order:
        if not ok and label not in problems.get("Keyboard", []):
            problems.setdefault("Keyboard", []).append(label)

    # The windows reached from the main menu: the keyboard shortcuts and About.
    for label, opener in (("Keyboard Shortcuts", open_shortcuts), ("About", open_about),
                          ("Delete Account", open_delete_account)):
        before = set(top_windows(app))
        how = opener(window, focus)
        if not how:
            problems.setdefault(label, []).append(f"could not open the {label} window")
            continue
        deadline = time.monotonic() + PAGE_TIMEOUT
        new_window = None
        while new_window is None and time.monotonic() < deadline:
            new_window = next(iter(set(top_windows(app)) - before), None)
            time.sleep(0.25)
        if new_window is None:
            problems.setdefault(label, []).append(f"the {label} window did not open ({how})")
            continue
        time.sleep(0.5)
        bad = unnamed_controls(new_window)
        log(f"window '{label}' (opened by {how}): {len(bad)} unnamed controls")
        problems.setdefault(label, []).extend(bad)
        close_window(new_window)
        wait_for(f"the {label} window to close", PAGE_TIMEOUT,
                 lambda: new_window not in set(top_windows(app)) or None, proc, stderr_path)

    # Ctrl+Q quits (app.quit), and cleanly.
    focus.press(0x71, settle=0.2, modifiers=MOD_CONTROL)
    try:
        status = proc.wait(timeout=15)
        if status != 0:
            with open(stderr_path, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-3000:]
            problems.setdefault("Keyboard", []).append(
                f"after Ctrl+Q the app exited with status {status}; its output ends with:\n{tail}")
    except subprocess.TimeoutExpired:
        problems.setdefault("Keyboard", []).append("Ctrl+Q does not quit the app")
    focus.close()
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        print("FAIL: accessibility problems (controls without an accessible name, keyboard):")
        for page, items in problems.items():
            print(f"  on '{page}':")
            for item in items:
                print(f"    - {item}")
        return 1
    log(f"ok: every focusable control on the {len(rows)} pages has an accessible name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
