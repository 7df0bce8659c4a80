#!/usr/bin/env python3
# run-fuzz.py: runs the libFuzzer targets of tests/fuzz (docs/fuzzing.md)
#
#   run-fuzz.py replay BINARY PATH...          each file (or each file of each folder) once
#   run-fuzz.py run --binary B --seconds S --work DIR --crashes DIR [--dict D] SEED...
#                                              one bounded fuzzing run (new inputs go to --work,
#                                              crashes to --crashes); prints its figures
#   run-fuzz.py session --build DIR [--seconds S] [--runs N] [--target NAME]...
#                                              every `*-run` test of the build's 'fuzz' suite,
#                                              one after another, with its own time or run
#                                              count; prints one table of figures at the end
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import re
import subprocess
import sys
import time

SANITIZER_ENV = {
    # every UBSan check is fatal (the build also has -fno-sanitize-recover=all)
    'UBSAN_OPTIONS': 'halt_on_error=1:print_stacktrace=1',
    'ASAN_OPTIONS': 'detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_odr_violation=0',
}


def sanitizer_env():
    env = dict(os.environ)
    for key, value in SANITIZER_ENV.items():
        env.setdefault(key, value)
    env.setdefault('G_DEBUG', 'fatal-criticals')
    env.setdefault('LC_ALL', 'C.UTF-8')
    return env


def files_of(paths):
    out = []
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                child = os.path.join(path, name)
                if not name.startswith('.') and os.path.isfile(child):
                    out.append(child)
        elif os.path.isfile(path):
            out.append(path)
    return out


def replay(args):
    inputs = files_of(args.paths)
    if not inputs:
        print('replay: no inputs in %s' % ' '.join(args.paths), file=sys.stderr)
        return 1
    # libFuzzer runs each file given by name once, and stops at the first crash
    failed = 0
    for start in range(0, len(inputs), 500):
        chunk = inputs[start:start + 500]
        proc = subprocess.run([args.binary, '-runs=1'] + chunk, env=sanitizer_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors='replace')
        if proc.returncode != 0:
            print(proc.stdout[-20000:])
            failed = proc.returncode
            break
    if failed:
        print('replay: an input of the committed corpus crashes %s' % os.path.basename(args.binary))
        return 1
    print('replayed %d inputs with %s, no crash' % (len(inputs), os.path.basename(args.binary)))
    return 0


STATS_RE = {
    'execs': re.compile(r'stat::number_of_executed_units:\s*(\d+)'),
    'exec_per_s': re.compile(r'stat::average_exec_per_sec:\s*(\d+)'),
    'peak_rss_mb': re.compile(r'stat::peak_rss_mb:\s*(\d+)'),
    'new_units': re.compile(r'stat::new_units_added:\s*(\d+)'),
}
STATUS_RE = re.compile(r'^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/')


def crashes_in(folder):
    if not os.path.isdir(folder):
        return set()
    return {name for name in os.listdir(folder)
            if name.split('-')[0] in ('crash', 'leak', 'timeout', 'oom', 'slow')}


def run_one(binary, seconds, runs, work, crashes, dictionary, seeds, name=None, echo=False):
    """One libFuzzer run. Returns (returncode, figures)."""
    name = name or os.path.basename(binary)
    binary = os.path.abspath(binary)
    os.makedirs(work, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    before = crashes_in(crashes)
    cmd = [binary,
           '-max_total_time=%d' % seconds,
           '-timeout=10',
           '-rss_limit_mb=2048',
           '-print_final_stats=1',
           '-artifact_prefix=%s/' % crashes.rstrip('/')]
    if runs:
        cmd.append('-runs=%d' % runs)
    if dictionary:
        cmd.append('-dict=%s' % dictionary)
    cmd.append(work)
    cmd += [s for s in seeds if os.path.isdir(s)]
    print('==> %s' % ' '.join(cmd), flush=True)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=sanitizer_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors='replace')
    figures = {'target': name, 'cov': 0, 'ft': 0, 'corpus': 0}
    tail = []
    for line in proc.stdout:
        tail.append(line)
        del tail[:-200]
        if echo and (line.startswith('#') and ('pulse' in line or 'DONE' in line or 'INITED' in line)
                     or 'ERROR' in line or 'SUMMARY' in line):
            print('  %s: %s' % (name, line.rstrip()), flush=True)
        m = STATUS_RE.match(line)
        if m:
            figures.update(cov=int(m.group(2)), ft=int(m.group(3)), corpus=int(m.group(4)))
        for key, regex in STATS_RE.items():
            m = regex.search(line)
            if m:
                figures[key] = int(m.group(1))
    proc.wait()
    figures['seconds'] = round(time.monotonic() - started, 1)
    new = sorted(crashes_in(crashes) - before)
    figures['crashes'] = len(new)
    if proc.returncode != 0:
        sys.stdout.write(''.join(tail))
        print('%s: libFuzzer exited with %d' % (name, proc.returncode))
        for artifact in new:
            path = os.path.join(crashes, artifact)
            print('%s: saved %s' % (name, path))
            print('  reproduce: %s %s' % (binary, path))
            corpus = seeds[0] if seeds else 'tests/fuzz/corpus/<target>/'
            print('  once fixed, keep it as a reproducer: cp %s %s/' % (path, corpus.rstrip('/')))
    return proc.returncode, figures


def run(args):
    code, figures = run_one(args.binary, args.seconds, args.runs, args.work, args.crashes,
                            args.dict, args.seeds)
    print(json.dumps(figures))
    return 1 if code != 0 else 0


def fuzz_tests(build):
    out = subprocess.run(['meson', 'introspect', '--tests', build], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    tests = []
    for test in json.loads(out):
        suites = [name.split(':')[-1] for name in test.get('suite', [])]
        if 'fuzz' in suites and test['name'].endswith('-run'):
            tests.append(test)
    return tests


def option(cmd, flag):
    return cmd[cmd.index(flag) + 1] if flag in cmd else None


def session(args):
    tests = fuzz_tests(args.build)
    if args.target:
        tests = [t for t in tests if t['name'][:-len('-run')] in args.target]
    if not tests:
        print('session: no fuzz targets in %s (configured with -Dfuzzing=true?)' % args.build,
              file=sys.stderr)
        return 1
    results = []
    failed = False
    for test in tests:
        cmd = test['cmd']
        i = cmd.index('run')
        rest = cmd[i + 1:]
        seeds = []
        skip = False
        for k, word in enumerate(rest):
            if skip:
                skip = False
                continue
            if word.startswith('--'):
                skip = True
                continue
            seeds.append(word)
        # meson gives the target's path relative to the build folder, where tests run
        binary = os.path.join(args.build, option(rest, '--binary'))
        code, figures = run_one(binary, args.seconds, args.runs,
                                option(rest, '--work'), option(rest, '--crashes'),
                                option(rest, '--dict'), seeds,
                                name=test['name'][:-len('-run')], echo=True)
        figures['crash_dir'] = option(rest, '--crashes')
        results.append(figures)
        failed = failed or code != 0
        if code != 0 and not args.keep_going:
            break

    print()
    print('%-22s %12s %9s %8s %8s %8s %8s %8s' % ('target', 'executions', 'exec/s', 'seconds',
                                                  'cov', 'features', 'corpus', 'crashes'))
    for f in results:
        print('%-22s %12d %9d %8.0f %8d %8d %8d %8d' % (
            f['target'], f.get('execs', 0), f.get('exec_per_s', 0), f['seconds'], f['cov'],
            f['ft'], f['corpus'], f['crashes']))
    print('crashes, leaks and timeouts are saved in %s' %
          os.path.dirname(results[0]['crash_dir'].rstrip('/')) if results else '')
    if args.json:
        with open(args.json, 'w') as out:
            json.dump(results, out, indent=1)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest='command', required=True)

    p = sub.add_parser('replay')
    p.add_argument('binary')
    p.add_argument('paths', nargs='+')
    p.set_defaults(func=replay)

    p = sub.add_parser('run')
    p.add_argument('--binary', required=True)
    p.add_argument('--seconds', type=int, default=20)
    p.add_argument('--runs', type=int, default=0)
    p.add_argument('--work', required=True)
    p.add_argument('--crashes', required=True)
    p.add_argument('--dict')
    p.add_argument('seeds', nargs='*')
    p.set_defaults(func=run)

    p = sub.add_parser('session')
    p.add_argument('--build', required=True)
    p.add_argument('--seconds', type=int, default=300)
    p.add_argument('--runs', type=int, default=0, help='stop each target after this many executions')
    p.add_argument('--target', action='append', help='only this target (fuzz-json, ...)')
    p.add_argument('--keep-going', action='store_true', help='go on after a crash')
    p.add_argument('--json', help='also write the figures to this file')
    p.set_defaults(func=session)

    args = parser.parse_args()
    sys.exit(args.func(args))


if __name__ == '__main__':
    main()
