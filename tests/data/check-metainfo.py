#!/usr/bin/python3
# Checks of the merged metainfo and desktop file that the validators do not make: the newest
# release is this version, the launchable and icon are this app id, the screenshots exist in
# the repository (their URLs point at data/screenshots/ on the main branch) with captions, and
# the translations were merged in.
#
# usage: check-metainfo.py METAINFO DESKTOP APP_ID VERSION SOURCE_ROOT LINGUAS_FILE
import os
import struct
import sys
import xml.etree.ElementTree as ET

RAW_PREFIX = "https://raw.githubusercontent.com/accountcenter/AccountCenter/main/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    if len(sys.argv) != 7:
        print("usage: check-metainfo.py METAINFO DESKTOP APP_ID VERSION SOURCE_ROOT LINGUAS", file=sys.stderr)
        return 2
    metainfo, desktop, app_id, version, root, linguas_file = sys.argv[1:]
    errors = []
    try:
        comp = ET.parse(metainfo).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"FAIL: {metainfo}: {e}")
        return 1

    if comp.findtext("id") != app_id:
        errors.append(f"<id> is {comp.findtext('id')!r}, expected {app_id!r}")
    launchable = comp.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != app_id + ".desktop":
        errors.append(f"the launchable must be {app_id}.desktop")
    releases = comp.findall("releases/release")
    if not releases:
        errors.append("no <release>")
    else:
        if releases[0].get("version") != version:
            errors.append(f"the newest release is {releases[0].get('version')}, but the project is "
                          f"version {version}: add a <release> with notes")
        for r in releases:
            if r.find("description") is None:
                errors.append(f"release {r.get('version')} has no notes (<description>)")

    shots = comp.findall("screenshots/screenshot")
    if not shots:
        errors.append("no screenshots")
    if sum(1 for s in shots if s.get("type") == "default") != 1:
        errors.append("exactly one screenshot must be type=\"default\"")
    for s in shots:
        url = (s.findtext("image") or "").strip()
        if not any(c.get(XML_LANG) is None and (c.text or "").strip() for c in s.findall("caption")):
            errors.append(f"the screenshot {url} has no caption")
        if not url.startswith(RAW_PREFIX):
            errors.append(f"the screenshot {url} is not a file of the repository ({RAW_PREFIX}...)")
            continue
        path = os.path.join(root, url[len(RAW_PREFIX):])
        if not os.path.isfile(path):
            errors.append(f"the screenshot {url} points at {os.path.relpath(path, root)}, which does not exist")
            continue
        size = png_size(path)
        if size is None:
            errors.append(f"{os.path.relpath(path, root)} is not a PNG")
        elif size[0] < 620 or size[1] < 350:
            errors.append(f"{os.path.relpath(path, root)} is {size[0]}×{size[1]}, too small for a software centre")

    with open(linguas_file, encoding="utf-8") as f:
        linguas = [w for line in f for w in line.split("#")[0].split()]
    for lang in linguas:
        for tag in ("name", "summary"):
            if not any(e.get(XML_LANG) == lang for e in comp.findall(tag)):
                errors.append(f"<{tag}> has no {lang} translation: the translations were not merged")

    icon = None
    names = set()
    with open(desktop, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key == "Icon":
                icon = value
            names.add(key)
    if icon != app_id:
        errors.append(f"the desktop file's Icon is {icon!r}, expected {app_id!r}")
    for lang in linguas:
        for key in ("Name", "Comment", "Keywords"):
            if f"{key}[{lang}]" not in names:
                errors.append(f"the desktop file has no {key}[{lang}]")

    for e in errors:
        print(f"FAIL: {e}")
    if not errors:
        print(f"ok: {os.path.basename(metainfo)} and {os.path.basename(desktop)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
