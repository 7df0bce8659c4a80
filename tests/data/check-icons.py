#!/usr/bin/python3
# Renders the app icon and its symbolic variant with GdkPixbuf (librsvg's loader, the same one
# the desktop uses) and checks what the icon guidelines ask: a 128×128 full-colour icon that
# draws something, and a 16×16 symbolic icon in a single colour.
#
# usage: check-icons.py SCALABLE_SVG SYMBOLIC_SVG
import re
import sys
import xml.etree.ElementTree as ET

import gi
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf, GLib  # noqa: E402

errors = []


def svg_size(path):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        errors.append(f"{path}: the root element is not <svg>")
    return root.get("width"), root.get("height"), root.get("viewBox")


def render(path, size):
    try:
        pb = GdkPixbuf.Pixbuf.new_from_file_at_size(path, size, size)
    except GLib.Error as e:
        errors.append(f"{path}: does not render: {e.message}")
        return None
    if (pb.get_width(), pb.get_height()) != (size, size):
        errors.append(f"{path}: rendered at {pb.get_width()}×{pb.get_height()}, asked {size}×{size}")
    if not pb.get_has_alpha():
        pb = pb.add_alpha(False, 0, 0, 0)
    return pb


def pixels(pb):
    data = pb.get_pixels()
    stride, n = pb.get_rowstride(), pb.get_n_channels()
    for y in range(pb.get_height()):
        for x in range(pb.get_width()):
            o = y * stride + x * n
            yield data[o], data[o + 1], data[o + 2], data[o + 3]


def main():
    if len(sys.argv) != 3:
        print("usage: check-icons.py SCALABLE_SVG SYMBOLIC_SVG", file=sys.stderr)
        return 2
    full, symbolic = sys.argv[1], sys.argv[2]

    w, h, vb = svg_size(full)
    if (w, h) != ("128", "128") or vb not in (None, "0 0 128 128"):
        errors.append(f"{full}: the canvas must be 128×128 (width={w}, height={h}, viewBox={vb})")
    for size in (16, 64, 128, 256):
        pb = render(full, size)
        if pb is None:
            continue
        px = list(pixels(pb))
        opaque = [p for p in px if p[3] > 200]
        colours = {p[:3] for p in opaque}
        if len(opaque) < len(px) * 0.3:
            errors.append(f"{full} at {size}px: only {len(opaque)} of {len(px)} pixels are painted")
        if len(colours) < 4:
            errors.append(f"{full} at {size}px: only {len(colours)} colours, not a full-colour icon")
        corners = [px[0], px[size - 1], px[-size], px[-1]]
        if any(c[3] > 0 for c in corners):
            errors.append(f"{full} at {size}px: the corners are painted; the icon needs a silhouette")

    w, h, vb = svg_size(symbolic)
    if (w, h) != ("16", "16") or vb not in (None, "0 0 16 16"):
        errors.append(f"{symbolic}: the canvas must be 16×16 (width={w}, height={h}, viewBox={vb})")
    with open(symbolic, encoding="utf-8") as f:
        text = f.read()
    declared = {c.lower() for c in re.findall(r'#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b', text)}
    if len(declared) != 1:
        errors.append(f"{symbolic}: a symbolic icon uses one colour, found {sorted(declared)}")
    if re.search(r'<(linearGradient|radialGradient|image)\b', text):
        errors.append(f"{symbolic}: no gradients or bitmaps in a symbolic icon")
    for size in (16, 32):
        pb = render(symbolic, size)
        if pb is None:
            continue
        px = list(pixels(pb))
        painted = [p for p in px if p[3] > 0]
        solid = {p[:3] for p in px if p[3] == 255}
        if len(painted) < len(px) * 0.2:
            errors.append(f"{symbolic} at {size}px: only {len(painted)} of {len(px)} pixels are painted")
        if len(solid) != 1:
            errors.append(f"{symbolic} at {size}px: the opaque pixels have {len(solid)} colours, not one")

    for e in errors:
        print(f"FAIL: {e}")
    if not errors:
        print("ok: both icons render as expected")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
