#!/usr/bin/env python3
# bench-pool.py: writes an emulator pool for the benchmarks and the scale tests: the client
# fixture pool (tests/fixtures/pools/basic.json) plus an organization in which alice is a member
# of MEMBERSHIPS teams (root → 10 units → 10 sub-units → teams) and RESOURCES resources of the
# "default" namespace granted to alice.
#
#   bench-pool.py OUT.json [--memberships N] [--resources N]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(os.path.dirname(HERE), 'tests', 'fixtures', 'pools', 'basic.json')


def make_pool(memberships, resources):
    with open(BASE) as f:
        pool = json.load(f)
    counter = [0]

    def node(name, children=(), member=False):
        counter[0] += 1
        return {'id': 'be%022x' % counter[0], 'name': name, 'members': ['alice'] if member else [],
                'children': list(children)}

    if memberships > 0:
        per_sub = -(-memberships // 100)
        left = memberships
        units = []
        for u in range(10):
            subs = []
            for s in range(10):
                teams = []
                for t in range(min(per_sub, left)):
                    teams.append(node('Team %d.%d.%d' % (u, s, t), member=True))
                left -= len(teams)
                subs.append(node('Unit %d.%d' % (u, s), teams))
            units.append(node('Unit %d' % u, subs))
        counter[0] += 1
        pool['organizations'].append({'id': 'bf%022x' % counter[0], 'root': node('Big Corp', units)})
    for i in range(resources):
        pool['resources'].append({'code': 'bench:%06d' % i, 'type': 'DATA', 'namespace': 'default',
                                  'grants': [{'to': 'user:alice', 'actions': ['bench:read']}]})
    return pool


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--memberships', type=int, default=0)
    parser.add_argument('--resources', type=int, default=0)
    args = parser.parse_args()
    with open(args.out, 'w') as f:
        json.dump(make_pool(args.memberships, args.resources), f)


if __name__ == '__main__':
    main()
