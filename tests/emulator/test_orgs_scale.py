#!/usr/bin/python3
# Organizations at scale: a user with 10,000 memberships (10 organizations of 1,000 nodes in
# three levels, generated here) gets every path, in seed order, with the right shape. The time
# is printed (the performance issue: 8,900 memberships took 1.2-1.4 s), not asserted.

import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

ORGS, MIDS, LEAVES = 10, 9, 110          # 10 x (1 + 9 + 9 x 110) = 10,000 nodes


def node_id(o, m=None, l=None):
    return 'n%02d%03d%04d' % (o, 0 if m is None else m + 1, 0 if l is None else l + 1)


def make_pool():
    orgs = []
    for o in range(ORGS):
        mids = []
        for m in range(MIDS):
            leaves = [{'id': node_id(o, m, l), 'name': 'Leaf %d.%d.%d' % (o, m, l), 'members': ['big']}
                      for l in range(LEAVES)]
            mids.append({'id': node_id(o, m), 'name': 'Team %d.%d' % (o, m), 'code': 't%d-%d' % (o, m),
                         'members': ['big'], 'children': leaves})
        orgs.append({'id': 'org%02d' % o, 'logo': None,
                     'root': {'id': node_id(o), 'name': 'Org %d' % o, 'members': ['big'], 'children': mids}})
    return {
        'userPool': {'id': 'p0000000000000000000001', 'name': 'Big'},
        'application': {'id': 'a0000000000000000000001', 'identifier': 'big', 'name': 'Big'},
        'users': [{'id': 'u0000000000000000000001', 'username': 'big', 'email': None, 'phone': None,
                   'password': 'big-pass-1', 'mfa': False},
                  {'id': 'u0000000000000000000002', 'username': 'small', 'email': None, 'phone': None,
                   'password': 'small-pass-1', 'mfa': False}],
        'organizations': orgs,
    }


class ManyMemberships(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='emu-orgs-')
        cls.pool_path = os.path.join(cls.dir, 'pool.json')
        with open(cls.pool_path, 'w') as f:
            json.dump(make_pool(), f)
        cls.emu = E.Emulator(seed=cls.pool_path).start()
        cls.client = cls.emu.client()
        cls.token = cls.client.token_for('big', 'big-pass-1')

    @classmethod
    def tearDownClass(cls):
        try:
            E.finish(cls.emu)
        finally:
            shutil.rmtree(cls.dir, ignore_errors=True)

    def test_ten_thousand_paths(self):
        times = []
        for _ in range(3):
            t0 = time.monotonic()
            r = self.client.get('/api/v2/users/me/orgs', token=self.token, timeout=120)
            times.append(time.monotonic() - t0)
            self.assertEqual((r.status, r.code), (200, 200))
        sys.stderr.write('users/me/orgs with 10,000 memberships: %s s (%d bytes)\n'
                         % (', '.join('%.3f' % t for t in times), len(r.body)))
        paths = r.data
        self.assertEqual(len(paths), ORGS * (1 + MIDS + MIDS * LEAVES))

        # seed order: each organization's root, then its tree depth first
        per_org = 1 + MIDS * (1 + LEAVES)
        self.assertEqual([n['id'] for n in paths[0]], ['org00', node_id(0)])
        self.assertEqual([n['id'] for n in paths[1]], ['org00', node_id(0), node_id(0, 0)])
        self.assertEqual([n['id'] for n in paths[2]], ['org00', node_id(0), node_id(0, 0), node_id(0, 0, 0)])
        self.assertEqual([n['id'] for n in paths[per_org]], ['org01', node_id(1)])
        self.assertEqual([n['id'] for n in paths[-1]],
                         ['org09', node_id(9), node_id(9, MIDS - 1), node_id(9, MIDS - 1, LEAVES - 1)])

        for path in paths:
            self.assertEqual(path[0]['type'], 'org')
            self.assertEqual(path[0]['rootNodeId'], path[1]['id'])
            self.assertIsNone(path[1]['parentId'])
            for above, node in zip(path[1:], path[2:]):
                self.assertEqual(node['type'], 'node')
                self.assertEqual(node['parentId'], above['id'])
                self.assertEqual(node['orgId'], path[0]['id'])
        leaf = paths[2][-1]
        self.assertEqual(leaf['name'], 'Leaf 0.0.0')
        self.assertEqual(leaf['userPoolId'], 'p0000000000000000000001')

    def test_user_without_memberships(self):
        token = self.client.token_for('small', 'small-pass-1')
        r = self.client.get('/api/v2/users/me/orgs', token=token)
        self.assertEqual((r.status, r.code, r.data), (200, 200, []))


if __name__ == '__main__':
    unittest.main(verbosity=2)
