#!/usr/bin/python3
# The demo pool (data/demo/pool.json): it shows everything off (issue 3 item 7), and the
# emulator serves it as pool-format.md defines, for every user in it.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

DEMO_USER = 'demo'
DEMO_PASSWORD = 'demo1234'


class DemoPoolContent(unittest.TestCase):
    """Static checks of the file itself: what the demo must contain."""

    @classmethod
    def setUpClass(cls):
        cls.pool = E.load_pool(E.DEMO_POOL)
        cls.model = E.PoolModel(cls.pool)

    def test_demo_user(self):
        u = self.model.users[DEMO_USER]
        self.assertEqual(u['password'], DEMO_PASSWORD)
        for k in ('nickname', 'name', 'company', 'address', 'city', 'country', 'gender', 'birthdate'):
            self.assertTrue(u['profile'].get(k), k)
        self.assertGreaterEqual(len(self.pool['users']), 5)
        self.assertTrue(any(x.get('phone') and x.get('mfa') for x in self.pool['users']))
        self.assertTrue(any(E.password_level(x['password']) == 1 for x in self.pool['users']))

    def test_every_custom_field_type_with_a_value_for_demo(self):
        types = {f['dataType'] for f in self.pool['customFields']}
        self.assertEqual(types, {'STRING', 'NUMBER', 'BOOLEAN', 'DATETIME', 'SELECT', 'OBJECT'})
        data = self.model.users[DEMO_USER]['customData']
        for f in self.pool['customFields']:
            self.assertIn(f['key'], data)
            if f['dataType'] == 'SELECT':
                self.assertIn(data[f['key']], [o['value'] for o in f['options']])

    def test_applications(self):
        allowed = self.model.allowed_apps(DEMO_USER)
        self.assertGreaterEqual(len(allowed), 25)
        apps = self.pool['applications']
        self.assertTrue(set(a['id'] for a in apps) - allowed, 'some applications must not be allowed')
        self.assertEqual({a['protocol'] for a in apps}, {'oidc', 'saml', 'cas', 'oauth'})
        roles = {'%s:%s' % (r['namespace'], r['code']) for r in self.model.user_roles(DEMO_USER)}
        nodes = set(self.model.user_nodes(DEMO_USER))
        only_role = [a for a in apps if not a['access'].get('all') and DEMO_USER not in a['access'].get('users', [])
                     and roles & set(a['access'].get('roles', [])) and not nodes & set(a['access'].get('nodes', []))]
        only_node = [a for a in apps if not a['access'].get('all') and DEMO_USER not in a['access'].get('users', [])
                     and nodes & set(a['access'].get('nodes', [])) and not roles & set(a['access'].get('roles', []))]
        self.assertTrue(only_role)
        self.assertTrue(only_node)
        for a in apps:
            self.assertRegex(a['id'], '^[0-9a-f]{24}$')

    def test_organizations(self):
        self.assertGreaterEqual(len(self.pool['organizations']), 2)
        depth = {}
        for nid, (org, path) in self.model.paths.items():
            depth[org['id']] = max(depth.get(org['id'], 0), len(path))
        self.assertTrue(all(d >= 4 for d in depth.values()), depth)
        paths = self.model.org_paths(DEMO_USER)
        self.assertEqual({p[0] for p in paths}, {o['id'] for o in self.pool['organizations']})
        self.assertTrue(any(a != b and b[:len(a)] == a for a in paths for b in paths),
                        'demo must be in a node and in one of its ancestors')

    def test_roles_and_resources(self):
        self.assertGreaterEqual(len({r['namespace'] for r in self.pool['roles']}), 2)
        self.assertGreaterEqual(len({r['namespace'] for r in self.model.user_roles(DEMO_USER)}), 2)
        self.assertEqual({r['type'] for r in self.pool['resources']}, set(E.RESOURCE_TYPES))
        kinds = {g['to'].split(':')[0] for r in self.pool['resources'] for g in r['grants']}
        self.assertEqual(kinds, {'user', 'role', 'node'})
        mine = self.model.resources(DEMO_USER, 'default')
        self.assertEqual({t for t, _, _ in mine.values()}, set(E.RESOURCE_TYPES))


class DemoPoolServed(E.EmulatorTestCase):
    SEED = E.DEMO_POOL

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.model = E.PoolModel(cls.pool)
        # a user with TOTP on (an `mfa` object) signs in with the second step
        cls.tokens = {name: cls.client.token_for(name, u['password'],
                                                 totp_secret=(u['mfa'] or {}).get('totpSecret')
                                                 if isinstance(u.get('mfa'), dict) else None)
                      for name, u in cls.model.users.items()}

    def test_totp_demo_needs_the_second_step(self):
        u = self.model.users['totp-demo']
        r = self.client.login('totp-demo', u['password'])
        self.assertCode(r, E.MFA_REQUIRED)
        r = self.client.post('/api/v2/mfa/totp/recovery', {'recoveryCode': u['mfa']['recoveryCode']},
                             token=r.data['mfaToken'])
        self.assertOk(r)
        self.assertTrue(r.json()['recoveryCode'])

    def test_demo_login_by_username_email(self):
        self.assertOk(self.client.login('demo', 'demo1234'))
        self.assertOk(self.client.login('demo@yunshan.example', 'demo1234'))
        self.assertCode(self.client.login('demo', 'demo12345'), E.BAD_CREDENTIALS)

    def test_every_user(self):
        namespaces = {r['namespace'] for r in self.pool['roles']} | {r['namespace'] for r in self.pool['resources']}
        for name, token in self.tokens.items():
            with self.subTest(user=name):
                c = self.client
                me = self.assertOk(c.me(token))
                self.assertUser(me)
                self.assertEqual(me['id'], self.model.user_id(name))
                for k, v in self.model.users[name].get('profile', {}).items():
                    if k in me:
                        self.assertEqual(me[k], v, k)
                sec = self.assertOk(c.get('/api/v2/users/me/security-level', token=token))
                self.assertEqual({k: sec[k] for k in self.model.security_level(name)},
                                 self.model.security_level(name))
                apps = self.assertOk(c.get('/api/v2/users/me/applications/allowed?page=1&limit=100', token=token))
                self.assertEqual({a['id'] for a in apps['list']}, self.model.allowed_apps(name))
                self.assertEqual(apps['totalCount'], len(self.model.allowed_apps(name)))
                orgs = self.assertOk(c.get('/api/v2/users/%s/orgs' % me['id'], token=token))
                self.assertEqual({tuple(e['id'] for e in p) for p in orgs}, self.model.org_paths(name))
                roles = self.assertOk(c.get('/api/v2/users/me/roles', token=token))
                self.assertEqual({r['id'] for r in roles}, {r['id'] for r in self.model.user_roles(name)})
                for ns in namespaces:
                    res = self.assertOk(c.post('/api/v2/users/resource/authorized', {'namespace': ns}, token=token))
                    for i in res['list']:
                        self.assertEqual(len(i['actions']), len(set(i['actions'])), i)
                    self.assertEqual(len(res['list']), len({i['code'] for i in res['list']}))
                    got = {i['code']: (i['type'], set(i['actions']), i['apiIdentifier']) for i in res['list']}
                    self.assertEqual(got, self.model.resources(name, ns), ns)
                udv = c.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': me['id']}, token=token).json()
                values = {i['key']: i['value'] for i in udv}
                for k, v in self.model.users[name].get('customData', {}).items():
                    self.assertIn(k, values)
                    if isinstance(v, str) and self.model.fields[k]['dataType'] in ('STRING', 'SELECT'):
                        self.assertEqual(values[k], v)

    def test_demo_paging_shows(self):
        token = self.tokens[DEMO_USER]
        total = len(self.model.allowed_apps(DEMO_USER))
        seen = set()
        page = 1
        while True:
            data = self.assertOk(self.client.get(
                '/api/v2/users/me/applications/allowed?page=%d&limit=10' % page, token=token))
            self.assertEqual(data['totalCount'], total)
            if not data['list']:
                break
            seen |= {a['id'] for a in data['list']}
            page += 1
        self.assertEqual(page - 1, (total + 9) // 10)
        self.assertEqual(len(seen), total)

    def test_public_config_of_the_demo_app(self):
        data = self.assertOk(self.client.get('/api/v2/applications/%s/public-config' % self.app_id))
        self.assertEqual(data['userPoolId'], self.pool['userPool']['id'])


if __name__ == '__main__':
    E.main()
