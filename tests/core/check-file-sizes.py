#!/usr/bin/python3
# No source file over 1,200 lines without a stated reason (HACKING.md, "Code"): a longer file
# is split along its seams, or says in its first comment why it is one piece, with the words
# "Over 1,200 lines on purpose".
import os
import sys

root = os.environ.get('AC_SOURCE_ROOT') or os.path.join(os.path.dirname(__file__), '..', '..')
LIMIT = 1200
REASON = 'Over 1,200 lines on purpose'
problems = []
checked = 0

for top in ('src', 'tests', 'bench', 'build-aux'):
    for folder, dirs, names in os.walk(os.path.join(root, top)):
        dirs[:] = sorted(d for d in dirs if d not in ('corpus', 'fixtures', '__pycache__'))
        for name in sorted(names):
            if not name.endswith(('.c', '.h', '.py', '.js')):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding='utf-8', errors='replace') as f:
                lines = f.readlines()
            checked += 1
            if len(lines) > LIMIT and not any(REASON in line for line in lines[:40]):
                problems.append(f'{os.path.relpath(path, root)}: {len(lines)} lines, no reason stated')

print('1..1')
if checked == 0:
    print('not ok 1 - no source files found under', root)
    sys.exit(1)
if problems:
    for p in problems:
        print('#', p)
    print(f'not ok 1 - files over {LIMIT} lines')
    sys.exit(1)
print(f'ok 1 - {checked} source files, none over {LIMIT} lines without a reason')
