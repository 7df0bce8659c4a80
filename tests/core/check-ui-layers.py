#!/usr/bin/python3
# The shape of src/ui that docs/architecture.md describes, checked on every build:
#  1. only the shell (src/ui/shell) includes ac-window.h or ac-window-private.h;
#  2. no file under src/ui writes JSON (json_object_set_*, json_builder_*) or takes the client
#     out of the account (ac_account_get_client): writes go through AcAccount;
#  3. the folders depend as drawn in docs/architecture.md: the shell on every other folder;
#     pages, lists and dialogs on each other's headers where one shows the other (the security
#     page opens its dialogs, the re-sign-in dialog holds the sign-in form, list pages are
#     AcPages) and on common; session/ on common only; common/ on no other folder. No include
#     cycle between files outside the shell: inside it the application and its window know
#     each other, as in gnome-text-editor.
import collections
import os
import re
import sys

root = os.environ.get('AC_SOURCE_ROOT') or os.path.join(os.path.dirname(__file__), '..', '..')
ui = os.path.join(root, 'src', 'ui')
include = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
forbidden_calls = re.compile(r'\b(json_object_set_\w+|json_builder_\w+|ac_account_get_client)\s*\(')

# Which folders a folder may include from (besides itself)
allowed = {
    'shell': {'dialogs', 'pages', 'lists', 'session', 'common'},
    'dialogs': {'common', 'pages'},
    'pages': {'common', 'dialogs'},
    'lists': {'common', 'pages'},
    'session': {'common'},
    'common': set(),
}

files = {}   # basename -> folder
texts = {}
for folder in sorted(os.listdir(ui)):
    path = os.path.join(ui, folder)
    if not os.path.isdir(path):
        continue
    for name in sorted(os.listdir(path)):
        if name.endswith(('.c', '.h')):
            files[name] = folder
            with open(os.path.join(path, name), encoding='utf-8') as f:
                texts[name] = f.read()

problems = []
graph = collections.defaultdict(set)
for name, text in texts.items():
    folder = files[name]
    if folder not in allowed:
        problems.append(f'src/ui/{folder}/: a folder docs/architecture.md does not describe')
        continue
    for match in include.finditer(text):
        target = os.path.basename(match.group(1))
        line = text.count('\n', 0, match.start()) + 1
        where = f'src/ui/{folder}/{name}:{line}'
        if target in ('ac-window.h', 'ac-window-private.h') and folder != 'shell':
            problems.append(f'{where}: includes {target} outside the shell')
        if target in files:
            other = files[target]
            if other != folder and other not in allowed[folder]:
                problems.append(f'{where}: {folder}/ includes {other}/{target}')
            module, target_module = name.rsplit('.', 1)[0], target.rsplit('.', 1)[0]
            if module != target_module and folder != 'shell':
                graph[module].add(target_module)
    for match in forbidden_calls.finditer(text):
        line = text.count('\n', 0, match.start()) + 1
        problems.append(f'src/ui/{folder}/{name}:{line}: calls {match.group(1)} (writes go through AcAccount)')

# Include cycles outside the shell (Tarjan's strongly connected components)
index, low, stack, on_stack, counter = {}, {}, [], set(), [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in sorted(graph[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            problems.append('include cycle: ' + ' -> '.join(sorted(component)))


for v in sorted(list(graph)):
    if v not in index:
        visit(v)

print('1..1')
if not texts:
    print('not ok 1 - no source files found in', ui)
    sys.exit(1)
if problems:
    for p in problems:
        print('#', p)
    print('not ok 1 - src/ui does not keep its layers')
    sys.exit(1)
print(f'ok 1 - {len(texts)} files in src/ui keep their layers')
