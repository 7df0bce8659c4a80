#!/usr/bin/env python3
# run-bench.py: runs the bench programs of a build and prints one table (docs/benchmarks.md)
#
#   run-bench.py --build _build-release [--repeat N] [--only GROUP]... [--json FILE]
#
# Each group below runs one program (bench/*.c, or a test program such as bench-load-all),
# which prints its measurements; the group turns them into rows. A row has every sample of one
# figure (or of one ratio, taken sample by sample from two figures measured side by side in
# the same round), and the table shows the median, the minimum and the maximum next to the
# target. Rows nobody measures yet are listed as such.
#
# To add a row: write a group function that returns Row objects and add it to GROUPS (or a
# line to NOT_YET_MEASURED until it exists).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(HERE)


class Row:
    def __init__(self, what, samples, unit, target=None, ok=None, note=''):
        self.what = what
        self.samples = [float(s) for s in samples]
        self.unit = unit
        self.target = target      # text shown in the table, e.g. '≤ 1.5×'
        self.ok = ok              # function of the median: True when the target is met
        self.note = note

    def median(self):
        return statistics.median(self.samples) if self.samples else float('nan')

    def verdict(self):
        if self.ok is None or not self.samples:
            return ''
        return 'met' if self.ok(self.median()) else 'MISSED'

    def as_dict(self):
        return {'what': self.what, 'unit': self.unit, 'samples': self.samples,
                'median': self.median(), 'min': min(self.samples) if self.samples else None,
                'max': max(self.samples) if self.samples else None, 'target': self.target,
                'verdict': self.verdict(), 'note': self.note}


def program(build, name):
    for sub in ('bench', os.path.join('tests', 'client')):
        path = os.path.join(build, sub, name)
        if os.path.exists(path):
            return path
    raise SystemExit('run-bench: %s is not built in %s' % (name, build))


def json_lines(cmd, env=None):
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith('{')]


def ratios(a, b):
    return [x / y for x, y in zip(a, b) if y]


# Groups ------------------------------------------------------------------------------------

FOREST_SIZES = (1000, 10000, 50000)


def forest_group(build, repeat, tmp):
    """AcOrgForest build cost per membership path (bench/bench-org-forest.c)."""
    exe = program(build, 'bench-org-forest')
    args = []
    for n in FOREST_SIZES:
        args += ['--memberships', str(n)]
    # warm up once, then one round after another: each round measures every size side by side
    json_lines([exe, '--memberships', '1000', '--repeat', '1'])
    per_size = {n: [] for n in FOREST_SIZES}
    streamed = {n: [] for n in FOREST_SIZES}
    elements = {}
    for _ in range(repeat):
        for line in json_lines([exe] + args + ['--repeat', '1']):
            per_size[line['memberships']] += line['samples_us_per_path']
            streamed[line['memberships']] += line['streamed_us_per_path']
            elements[line['memberships']] = line['elements'] / line['memberships']
    # as the app builds it (each path merged as soon as it is parsed): against the target
    rows = [Row('Forest build CPU time per path as the answer is parsed, %dk memberships' % (n // 1000),
                streamed[n], 'µs', note='%.2f elements per path, the same organizations at every size'
                % elements[n]) for n in FOREST_SIZES]
    for n in FOREST_SIZES[1:]:
        rows.append(Row('Forest per-path cost as the answer is parsed, %dk ÷ 1k' % (n // 1000),
                        ratios(streamed[n], streamed[FOREST_SIZES[0]]), '×', '≤ 1.5×', lambda m: m <= 1.5))
    # from a tree parsed whole beforehand (ac_org_forest_new_from_json(), what tests use)
    rows += [Row('Forest build CPU time per path from a parsed tree, %dk memberships' % (n // 1000),
                 per_size[n], 'µs') for n in FOREST_SIZES]
    for n in FOREST_SIZES[1:]:
        rows.append(Row('Forest per-path cost from a parsed tree, %dk ÷ 1k' % (n // 1000),
                        ratios(per_size[n], per_size[FOREST_SIZES[0]]), '×'))
    return rows


def avatar_group(build, repeat, tmp):
    """ac_avatar_process on a generated 24 MP JPEG, against GdkPixbuf's own scaled load."""
    exe = program(build, 'bench-avatar')
    photo = os.path.join(tmp, 'photo-24mp.jpg')
    generated = json_lines([exe, '--generate', photo, '--width', '6000', '--height', '4000'])[0]
    m = json_lines([exe, '--measure', photo, '--repeat', str(repeat)])[0]
    shape = '%d×%d, %s, %.0f KB' % (m['width'], m['height'], m['content_type'], m['bytes'] / 1000)
    note = 'photo %.1f MB, result %s (GdkPixbuf: %d×%d)' % (
        generated['bytes'] / 1e6, shape, m['gdk_width'], m['gdk_height'])
    if not m.get('peak_reset'):
        note += '; peak RSS could not be reset between samples'
    return [
        Row('Avatar 24 MP: ac_avatar_process time', m['ac_ms'], 'ms', '< 250 ms', lambda v: v < 250, note),
        Row('Avatar 24 MP: GdkPixbuf scaled load time', m['gdk_ms'], 'ms'),
        Row('Avatar time ÷ GdkPixbuf scaled load', ratios(m['ac_ms'], m['gdk_ms']), '×'),
        Row('Avatar 24 MP: extra peak RSS', m['ac_extra_mib'], 'MiB', '< 30 MiB', lambda v: v < 30),
        Row('Avatar 24 MP: GdkPixbuf extra peak RSS', m['gdk_extra_mib'], 'MiB'),
    ]


LOAD_ALL_LINE = re.compile(r'^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$')


def load_all_group(build, repeat, tmp):
    """tests/client/bench-load-all.c: the whole account, all reads at once, at an injected latency."""
    exe = program(build, 'bench-load-all')
    env = dict(os.environ)
    env.update({
        'AC_EMULATOR': os.path.join(build, 'src', 'emulator', 'authing-emulator'),
        'AC_SOURCE_ROOT': SOURCE_ROOT,
        'AC_BUILD_ROOT': os.path.abspath(build),
        'AC_TEST_NO_DISPLAY': '1',
        'GIO_USE_PROXY_RESOLVER': 'dummy',
        'LC_ALL': 'C.UTF-8',
    })
    wrapper = os.path.join(SOURCE_ROOT, 'build-aux', 'test-env')
    concurrent = {}
    # each run gives the mean of its own rounds; the rows take the runs as samples
    for _ in range(max(1, min(repeat, 3))):
        out = subprocess.run([wrapper, exe], check=True, stdout=subprocess.PIPE, text=True,
                             env=env).stdout
        for line in out.splitlines():
            m = LOAD_ALL_LINE.match(line)
            if m:
                concurrent.setdefault(int(m.group(1)), []).append(float(m.group(2)))
    rows = []
    for latency in sorted(concurrent):
        if latency == 0:
            rows.append(Row('load_all at 0 ms injected latency', concurrent[latency], 'ms'))
        else:
            rows.append(Row('load_all ÷ injected latency, %d ms' % latency,
                            [c / latency for c in concurrent[latency]], '×', '≤ 1.3×',
                            lambda v: v <= 1.3))
    return rows


GROUPS = {
    'forest': forest_group,
    'avatar': avatar_group,
    'load-all': load_all_group,
}

# Groups comparing against something outside our process (bench/bench_groups_extra.py)
sys.path.insert(0, HERE)
import bench_groups_extra  # noqa: E402
GROUPS['sdk-compare'] = bench_groups_extra.sdk_compare_group
GROUPS['emulator'] = bench_groups_extra.emulator_group
GROUPS['cold-start'] = bench_groups_extra.cold_start_group
GROUPS['org-page'] = bench_groups_extra.org_page_group
GROUPS['sign-in-ui'] = bench_groups_extra.sign_in_ui_group

# Rows that belong in the table but have no bench yet (owner in brackets).
NOT_YET_MEASURED = [
]


# Output ------------------------------------------------------------------------------------

def machine():
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    load = ' '.join('%.1f' % x for x in os.getloadavg())
    return '%s, %s, %d cores, load %s' % (platform.node() or 'unknown host', cpu or platform.machine(),
                                          os.cpu_count() or 0, load)


def fmt(value, unit):
    if value != value:   # NaN
        return '—'
    if unit == '×':
        return '%.2f×' % value
    if abs(value) >= 100:
        return '%.0f %s' % (value, unit)
    return '%.1f %s' % (value, unit)


def print_table(rows, repeat, build):
    header = ('what', 'median', 'min', 'max', 'target', '')
    body = []
    for row in rows:
        if not row.samples:
            body.append((row.what, '—', '—', '—', row.target or '', 'no samples'))
            continue
        body.append((row.what, fmt(row.median(), row.unit), fmt(min(row.samples), row.unit),
                     fmt(max(row.samples), row.unit), row.target or '', row.verdict()))
    for what in NOT_YET_MEASURED:
        body.append((what, '—', '—', '—', '', 'not yet measured'))
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]

    print()
    print('Account Center benchmarks, %s' % datetime.datetime.now().strftime('%Y-%m-%d %H:%M'))
    print('Machine: %s' % machine())
    print('Build: %s (%d rounds per row; ratios are taken round by round)' % (build, repeat))
    print()
    line = '| ' + ' | '.join(h.ljust(w) for h, w in zip(header, widths)) + ' |'
    print(line)
    print('|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    for r in body:
        print('| ' + ' | '.join(c.ljust(w) for c, w in zip(r, widths)) + ' |')
    notes = [(row.what, row.note) for row in rows if row.note]
    if notes:
        print()
        for what, note in notes:
            print('%s: %s' % (what, note))


def main():
    parser = argparse.ArgumentParser(description='Account Center benchmarks')
    parser.add_argument('--build', default='_build-release')
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--only', action='append', choices=sorted(GROUPS))
    parser.add_argument('--json', help='also write every sample to this file')
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix='ac-bench-') as tmp:
        for name, group in GROUPS.items():
            if args.only and name not in args.only:
                continue
            print('==> %s: %s' % (name, group.__doc__), flush=True)
            rows += group(args.build, max(1, args.repeat), tmp)

    print_table(rows, max(1, args.repeat), args.build)
    if args.json:
        with open(args.json, 'w') as out:
            json.dump({'date': datetime.datetime.now().isoformat(timespec='seconds'),
                       'machine': machine(), 'rows': [r.as_dict() for r in rows],
                       'not_yet_measured': NOT_YET_MEASURED}, out, indent=1, ensure_ascii=False)
    return 0


if __name__ == '__main__':
    sys.exit(main())
