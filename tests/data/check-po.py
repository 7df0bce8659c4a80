#!/usr/bin/python3
# Checks the translations:
#  - every language in po/LINGUAS has a .po file and every .po file is in LINGUAS;
#  - `msgfmt --check --check-format` accepts each one;
#  - each one is complete against the strings in the sources *now*: the template is extracted
#    from po/POTFILES.in with the same xgettext options as meson's `glib` preset, merged into a
#    copy of the .po, and any untranslated or fuzzy message fails, by name.
#
# usage: check-po.py SOURCE_ROOT GETTEXT_PACKAGE
import os
import re
import shutil
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib') arguments
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def unfinished(merged, which):
    """The msgids (with context) that msgattrib selects: untranslated or fuzzy."""
    r = run(["msgattrib", which, "--no-obsolete", "--no-wrap", merged])
    if r.returncode != 0:
        return [f"(msgattrib {which} failed: {r.stderr.strip()})"]
    names = []
    ctxt, msgid, field = None, None, None

    def done():
        if msgid is not None and (msgid or ctxt):  # the header has an empty msgid
            names.append((ctxt + "|" if ctxt else "") + msgid)

    for line in r.stdout.splitlines():
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if m:
            field = m.group(1)
            if field == "msgctxt":
                done()
                ctxt, msgid = m.group(2), None
            elif field == "msgid":
                if msgid is not None:
                    done()
                    ctxt = None
                msgid = m.group(2)
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and field == "msgid":
            msgid += m.group(1)
        elif not line.strip() and msgid is not None:
            done()
            ctxt, msgid, field = None, None, None
    done()
    return names


def main():
    if len(sys.argv) != 3:
        print("usage: check-po.py SOURCE_ROOT GETTEXT_PACKAGE", file=sys.stderr)
        return 2
    root, package = sys.argv[1], sys.argv[2]
    podir = os.path.join(root, "po")
    errors = []

    with open(os.path.join(podir, "LINGUAS"), encoding="utf-8") as f:
        linguas = [w for line in f for w in line.split("#")[0].split()]
    if not linguas:
        errors.append("po/LINGUAS lists no language")
    po_files = sorted(f[:-3] for f in os.listdir(podir) if f.endswith(".po"))
    for lang in po_files:
        if lang not in linguas:
            errors.append(f"po/{lang}.po exists but {lang} is not in po/LINGUAS")

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, package + ".pot")
        r = run(["xgettext", "--package-name=" + package, "-p", tmp, "-o", package + ".pot",
                 "-D", root, "-f", os.path.join(podir, "POTFILES.in")] + GLIB_PRESET)
        if r.returncode != 0:
            errors.append(f"xgettext failed: {r.stderr.strip()}")
            pot = None

        for lang in linguas:
            po = os.path.join(podir, lang + ".po")
            if not os.path.isfile(po):
                errors.append(f"{lang} is in po/LINGUAS but po/{lang}.po does not exist")
                continue
            r = run(["msgfmt", "--check", "--check-format", "--statistics", "-o", os.devnull, po])
            if r.returncode != 0:
                errors.append(f"msgfmt --check --check-format po/{lang}.po:\n{r.stderr.strip()}")
                continue
            print(f"{lang}: {r.stderr.strip()}")
            if pot is None:
                continue
            merged = os.path.join(tmp, lang + ".po")
            r = run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot])
            if r.returncode != 0:
                errors.append(f"msgmerge po/{lang}.po failed: {r.stderr.strip()}")
                continue
            for name in unfinished(merged, "--only-fuzzy"):
                errors.append(f"po/{lang}.po: fuzzy: {name}")
            for name in unfinished(merged, "--untranslated"):
                errors.append(f"po/{lang}.po: untranslated: {name}")

    for e in errors:
        print(f"FAIL: {e}")
    if not errors:
        print("ok: every translation is valid and complete")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
