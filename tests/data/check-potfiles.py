#!/usr/bin/python3
# Fails when a source file with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in lists a file that does not exist (or is listed twice).
#
# Scanned: src/**/*.c, *.h and *.ui (marked with _(), N_(), C_(), NC_(), ngettext() or
# translatable="yes") and the data/ templates (*.in / *.in.in: desktop file, metainfo, GSettings
# schema), which are translatable by their format.
#
# usage: check-potfiles.py SOURCE_ROOT
import os
import re
import sys

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
DATA_MARKS = {
    ".desktop": re.compile(r'^(?:Name|GenericName|Comment|Keywords)\s*=', re.M),
    ".metainfo.xml": re.compile(r'<(?:name|summary|p|li|caption|keyword)[\s>]'),
    ".appdata.xml": re.compile(r'<(?:name|summary|p|li|caption|keyword)[\s>]'),
    ".gschema.xml": re.compile(r'<(?:summary|description)[\s>]'),
    ".ui": UI_MARK,
}
SKIP_DIRS = {"demo", "kiosk-fixtures"}


def strip_c_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def has_strings(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    name = os.path.basename(path)
    if name.endswith((".c", ".h")):
        return bool(C_MARK.search(strip_c_comments(text)))
    if name.endswith(".ui"):
        return bool(UI_MARK.search(text))
    base = re.sub(r'(\.in)+$', '', name)
    for ext, rx in DATA_MARKS.items():
        if base.endswith(ext):
            return bool(rx.search(text))
    return False


def candidates(root):
    for top in ("src",):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if not x.startswith(("_build", ".")))
            for f in sorted(files):
                if f.endswith((".c", ".h", ".ui")):
                    yield os.path.relpath(os.path.join(d, f), root)
    for d, dirs, files in os.walk(os.path.join(root, "data")):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for f in sorted(files):
            if f.endswith(".in") or f.endswith(".ui"):
                yield os.path.relpath(os.path.join(d, f), root)


def main():
    if len(sys.argv) != 2:
        print("usage: check-potfiles.py SOURCE_ROOT", file=sys.stderr)
        return 2
    root = sys.argv[1]
    listed = []
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            line = re.sub(r'^\[[^]]*\]\s*', '', line)  # [encoding: ...] / [type: ...]
            listed.append(line)

    errors = []
    seen = set()
    for p in listed:
        if p in seen:
            errors.append(f"{p} is listed twice in po/POTFILES.in")
        seen.add(p)
        if not os.path.isfile(os.path.join(root, p)):
            errors.append(f"{p} is listed in po/POTFILES.in but does not exist")

    skip = set()
    skip_file = os.path.join(root, "po", "POTFILES.skip")
    if os.path.exists(skip_file):
        with open(skip_file, encoding="utf-8") as f:
            skip = {l.strip() for l in f if l.strip() and not l.startswith("#")}

    for p in candidates(root):
        if p in seen or p in skip:
            continue
        if has_strings(os.path.join(root, p)):
            errors.append(f"{p} has translatable strings but is missing from po/POTFILES.in")

    for e in errors:
        print(f"FAIL: {e}")
    if not errors:
        print(f"ok: po/POTFILES.in lists all {len(seen)} files with translatable strings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
