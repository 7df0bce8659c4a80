#!/usr/bin/python3
# src/core must never depend on GTK (design.md: testable without a display).
# Fails when a file in src/core includes a GTK, GDK (not GdkPixbuf) or libadwaita header, or
# when src/core/meson.build puts gtk_dep or adw_dep among the library's dependencies.
import os
import re
import sys

root = os.environ.get('AC_SOURCE_ROOT') or os.path.join(os.path.dirname(__file__), '..', '..')
core = os.path.join(root, 'src', 'core')
forbidden = re.compile(r'^\s*#\s*include\s*[<"](gtk/|gdk/|adwaita\.h|gsk/|graphene)', re.M)
problems = []
checked = 0

for name in sorted(os.listdir(core)):
    if not name.endswith(('.c', '.h')):
        continue
    checked += 1
    with open(os.path.join(core, name), encoding='utf-8') as f:
        text = f.read()
    for match in forbidden.finditer(text):
        line = text.count('\n', 0, match.start()) + 1
        problems.append(f'src/core/{name}:{line}: includes {match.group(1)}')

with open(os.path.join(core, 'meson.build'), encoding='utf-8') as f:
    build = f.read()
for dep in ('gtk_dep', 'adw_dep'):
    if re.search(r'\b' + dep + r'\b', build):
        problems.append(f'src/core/meson.build: uses {dep}')

print('1..1')
if checked == 0:
    print('not ok 1 - no source files found in', core)
    sys.exit(1)
if problems:
    for p in problems:
        print('#', p)
    print('not ok 1 - src/core depends on GTK')
    sys.exit(1)
print(f'ok 1 - {checked} files in src/core, none includes a GTK header')
