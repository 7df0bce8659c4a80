#!/usr/bin/python3
# Seed validation (pool-format.md): each invalid pool is refused with an error naming the JSON
# path, the process exits non-zero without listening, and nothing is loaded.

import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

# fixture -> the JSON path the error must name
INVALID = {
    'unknown-key': ['users', 1, 'favouriteColour'],
    'unknown-top-key': ['groups'],
    'unknown-profile-key': ['users', 0, 'profile', 'password'],
    'wrong-type': ['users', 0, 'emailVerified'],
    'wrong-type-array': ['roles'],
    'dangling-member': ['organizations', 0, 'root', 'children', 0, 'members', 1],
    'dangling-leader': ['organizations', 0, 'root', 'leader'],
    'dangling-role-member': ['roles', 0, 'members', 1],
    'dangling-role-grant': ['resources', 0, 'grants', 1, 'to'],
    'dangling-node-grant': ['resources', 0, 'grants', 2, 'to'],
    'dangling-app-node': ['applications', 0, 'access', 'nodes', 0],
    'dangling-app-role': ['applications', 0, 'access', 'roles', 0],
    'dangling-app-user': ['applications', 0, 'access', 'users', 0],
    'duplicate-user-id': ['users', 1, 'id'],
    'duplicate-node-id': ['organizations', 0, 'root', 'children', 0, 'id'],
    'duplicate-username': ['users', 1, 'username'],
    'username-is-email': ['users', 1, 'username'],
    'username-is-phone': ['users', 1, 'username'],
    'email-is-username': ['users', 1, 'email'],
    'username-looks-like-email': ['users', 1, 'username'],
    'bad-select': ['users', 0, 'customData', 'shirt'],
    'bad-number': ['users', 0, 'customData', 'age'],
    'unknown-custom-field': ['users', 0, 'customData', 'height'],
    'bad-data-type': ['customFields', 0, 'dataType'],
    'bad-resource-type': ['resources', 0, 'type'],
}


def path_variants(components):
    """users[1].name, users.1.name, users/1/name (a leading $. or / is allowed around them)."""
    bracket = ''
    for c in components:
        if isinstance(c, int):
            bracket += '[%d]' % c
        else:
            bracket += ('.' if bracket else '') + c
    plain = [str(c) for c in components]
    return [bracket, '.'.join(plain), '/'.join(plain)]


def fixture(name):
    return os.path.join(E.FIXTURES, name)


class SeedValidation(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='emu-seed-')
        self.addCleanup(shutil.rmtree, self.dir, True)

    def refuse(self, name, data_dir=None):
        data_dir = data_dir or tempfile.mkdtemp(dir=self.dir)
        p = E.run_emulator(['--data-dir', data_dir, '--seed', fixture(name), '--listen', '127.0.0.1:0'])
        self.assertIsNone(E.sanitizer_report(p.stderr), '%s: %s' % (name, p.stderr))
        self.assertNotEqual(p.returncode, 0, '%s must be refused; stderr %r' % (name, p.stderr))
        self.assertGreater(p.returncode, 0, '%s: killed by a signal instead of exiting: %r' % (name, p.stderr))
        self.assertNotIn(b'listening on', p.stdout)
        return p.stderr.decode('utf-8', 'replace'), data_dir

    def test_each_invalid_pool_names_its_path(self):
        for name, components in INVALID.items():
            with self.subTest(fixture=name):
                err, _ = self.refuse('invalid-%s.json' % name)
                variants = path_variants(components)
                self.assertTrue(any(v in err for v in variants),
                                'the error must name the JSON path %s; stderr:\n%s' % (variants[0], err))

    def test_unparsable_json(self):
        err, _ = self.refuse('invalid-truncated.json')
        self.assertTrue(err.strip())

    def test_not_an_object(self):
        err, _ = self.refuse('invalid-not-an-object.json')
        self.assertTrue(err.strip())

    def test_nothing_is_loaded(self):
        # Errors late in the file (after users were read): then start on the same folder.
        for name in ('dangling-role-grant', 'bad-select', 'dangling-app-node'):
            with self.subTest(fixture=name):
                err, data_dir = self.refuse('invalid-%s.json' % name)
                with E.Emulator(data_dir=data_dir) as emu:
                    c = emu.client()
                    self.assertEqual(c.login('valid1', 'valid1-pass').json()['code'], E.BAD_CREDENTIALS,
                                     'a refused seed must load nothing')
                    self.assertEqual(c.login('valid2', 'valid2-pass').json()['code'], E.BAD_CREDENTIALS)

    def test_a_refused_seed_leaves_the_folder_usable_for_a_good_one(self):
        err, data_dir = self.refuse('invalid-duplicate-username.json')
        with E.Emulator(seed=fixture('small.json'), data_dir=data_dir) as emu:
            c = emu.client()
            self.assertEqual(c.login('valid1', 'valid1-pass').json()['code'], 200)

    def test_small_pool_is_valid(self):
        with E.Emulator(seed=fixture('small.json')) as emu:
            c = emu.client()
            token = c.token_for('valid1', 'valid1-pass')
            apps = c.get('/api/v2/users/me/applications/allowed?page=1&limit=10', token=token).data
            self.assertEqual(apps['totalCount'], 1)
            res = c.post('/api/v2/users/resource/authorized', {'namespace': 'default'}, token=token).data
            self.assertEqual(set(res['list'][0]['actions']), {'read', 'write', 'delete'})
            self.assertEqual(emu.stop(), 0)

    def test_minimal_pool_generates_ids(self):
        with E.Emulator(seed=fixture('minimal.json')) as emu:
            c = emu.client()
            r = c.login('minnie', 'minnie-pass-1')
            self.assertEqual(r.json()['code'], 200, r)
            self.assertRegex(r.data['id'], '^[0-9a-f]{24}$')
            token = r.data['token']
            self.assertEqual(c.get('/api/v2/users/me/orgs', token=token).data, [])
            self.assertEqual(c.get('/api/v2/users/me/roles', token=token).data, [])
            self.assertEqual(c.get('/api/v2/users/me/applications/allowed', token=token).data['totalCount'], 0)

    def test_demo_pool_is_valid(self):
        with E.Emulator(seed=E.DEMO_POOL) as emu:
            self.assertEqual(emu.client().login('demo', 'demo1234').json()['code'], 200)


if __name__ == '__main__':
    E.main()
