#!/usr/bin/python3
# Every read endpoint against tests/fixtures/pools/basic.json: JSON shapes exactly as
# authing-api.md, values as pool-format.md defines them, paging and filters.

import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

APP_KEYS = ['id', 'name', 'logo', 'domain', 'description', 'createdAt', 'updatedAt', 'protocol',
            'isIntegrate', 'appType', 'template']
ORG_KEYS = ['type', 'id', 'createdAt', 'updatedAt', 'userPoolId', 'rootNodeId', 'logo', 'tenantId']
NODE_KEYS = ['type', 'id', 'createdAt', 'updatedAt', 'userPoolId', 'orgId', 'name', 'nameI18n',
             'description', 'descriptionI18n', 'order', 'code', 'leaderUserId']
ROLE_KEYS = ['id', 'createdAt', 'updatedAt', 'userPoolId', 'code', 'description', 'parentCode',
             'isSystem', 'namespace']
RESOURCE_KEYS = ['code', 'type', 'actions', 'apiIdentifier']
SECURITY_KEYS = ['score', 'email', 'phone', 'password', 'passwordSecurityLevel', 'mfa']
PASSWORDS = {'alice': 'alice-pass-1', 'bob': 'Bob12345678Secure', 'carol': 'carol',
             'dave': 'dave-pass-4'}


def parse_iso(s):
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))


class Endpoints(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.model = E.PoolModel(cls.pool)
        cls.tokens = {u: cls.client.token_for(u, pw) for u, pw in PASSWORDS.items()}

    def get(self, user, path):
        return self.client.get(path, token=self.tokens[user])

    def post(self, user, path, body):
        return self.client.post(path, body, token=self.tokens[user])

    # --- users/me ---

    def test_users_me_values(self):
        for username in PASSWORDS:
            with self.subTest(user=username):
                me = self.assertOk(self.get(username, '/api/v2/users/me'))
                self.assertUser(me)
                pu = self.model.users[username]
                self.assertEqual(me['id'], pu['id'])
                self.assertEqual(me['username'], username)
                self.assertEqual(me['email'], pu.get('email'))
                self.assertEqual(me['phone'], pu.get('phone'))
                self.assertEqual(me['emailVerified'], bool(pu.get('emailVerified')))
                for k, v in pu.get('profile', {}).items():
                    if k in me:
                        self.assertEqual(me[k], v, k)
                for k in ('signedUp', 'createdAt', 'updatedAt'):
                    self.assertIsNotNone(parse_iso(me[k]).tzinfo, k)
                self.assertFalse(me['blocked'])
                self.assertFalse(me['isDeleted'])

    def test_users_me_unset_fields_are_null(self):
        me = self.assertOk(self.get('carol', '/api/v2/users/me'))
        for k in ('email', 'phone', 'nickname', 'company', 'website', 'birthdate', 'address',
                  'givenName', 'familyName', 'name', 'middleName', 'zoneinfo', 'locale'):
            self.assertIn(k, me)
            self.assertIsNone(me[k], k)

    def test_users_me_profile_extras(self):
        me = self.assertOk(self.get('alice', '/api/v2/users/me'))
        self.assertEqual(me['nickname'], 'Alice')
        self.assertEqual(me['gender'], 'F')
        self.assertEqual(me['company'], 'Example Corp')
        self.assertEqual(me['arn'].split(':')[-1], me['id'])

    # --- security level ---

    def test_security_level(self):
        for username in PASSWORDS:
            with self.subTest(user=username):
                data = self.assertOk(self.get(username, '/api/v2/users/me/security-level'))
                self.assertEqual(sorted(k for k in data if k in SECURITY_KEYS), sorted(SECURITY_KEYS))
                self.assertEqual({k: data[k] for k in SECURITY_KEYS},
                                 self.model.security_level(username))

    # --- applications ---

    def test_applications_shape_and_all_pages(self):
        expected = self.model.allowed_apps('alice')
        self.assertEqual(len(expected), 23)
        seen = []
        sizes = []
        for page in (1, 2, 3):
            r = self.get('alice', '/api/v2/users/me/applications/allowed?page=%d&limit=10' % page)
            data = self.assertOk(r)
            self.assertEqual(sorted(data), ['list', 'totalCount'])
            self.assertEqual(data['totalCount'], 23)
            sizes.append(len(data['list']))
            for app in data['list']:
                missing = [k for k in APP_KEYS if k not in app]
                self.assertEqual(missing, [], app)
                seen.append(app['id'])
        self.assertEqual(sizes, [10, 10, 3])
        self.assertEqual(len(seen), len(set(seen)), 'an application appears on two pages')
        self.assertEqual(set(seen), expected)

    def test_application_values(self):
        by_id = {a['id']: a for a in self.pool['applications']}
        data = self.assertOk(self.get('alice', '/api/v2/users/me/applications/allowed?page=1&limit=50'))
        self.assertEqual(len(data['list']), 23)
        for app in data['list']:
            pa = by_id[app['id']]
            self.assertEqual(app['name'], pa['name'])
            self.assertEqual(app['protocol'], pa['protocol'])
            self.assertEqual(app['description'], pa['description'])
            self.assertEqual(app['logo'], pa['logo'])
            self.assertEqual(app['appType'], pa['appType'])
            self.assertIn(pa['identifier'], app['domain'])
            self.assertIsInstance(app['isIntegrate'], bool)
            parse_iso(app['createdAt'])
            parse_iso(app['updatedAt'])

    def test_applications_in_seed_order(self):
        # HACKING.md: order is the seed's
        data = self.assertOk(self.get('alice', '/api/v2/users/me/applications/allowed?page=1&limit=100'))
        allowed = self.model.allowed_apps('alice')
        self.assertEqual([a['id'] for a in data['list']],
                         [a['id'] for a in self.pool['applications'] if a['id'] in allowed])

    def test_applications_page_past_the_end(self):
        data = self.assertOk(self.get('alice', '/api/v2/users/me/applications/allowed?page=4&limit=10'))
        self.assertEqual(data['list'], [])
        self.assertEqual(data['totalCount'], 23)
        data = self.assertOk(self.get('alice', '/api/v2/users/me/applications/allowed?page=1000&limit=10'))
        self.assertEqual(data['list'], [])
        self.assertEqual(data['totalCount'], 23)

    def test_applications_other_limits(self):
        for limit, sizes in ((7, [7, 7, 7, 2]), (23, [23]), (1, [1] * 23)):
            got = []
            ids = set()
            for page in range(1, len(sizes) + 1):
                data = self.assertOk(self.get(
                    'alice', '/api/v2/users/me/applications/allowed?page=%d&limit=%d' % (page, limit)))
                got.append(len(data['list']))
                ids |= {a['id'] for a in data['list']}
            self.assertEqual(got, sizes, 'limit %d' % limit)
            self.assertEqual(ids, self.model.allowed_apps('alice'))

    def test_applications_defaults(self):
        data = self.assertOk(self.get('alice', '/api/v2/users/me/applications/allowed'))
        self.assertEqual(data['totalCount'], 23)
        self.assertEqual(len(data['list']), 10)

    def test_applications_per_user(self):
        for username in PASSWORDS:
            with self.subTest(user=username):
                data = self.assertOk(self.get(
                    username, '/api/v2/users/me/applications/allowed?page=1&limit=100'))
                self.assertEqual({a['id'] for a in data['list']}, self.model.allowed_apps(username))
                self.assertEqual(data['totalCount'], len(self.model.allowed_apps(username)))

    def test_applications_bad_paging_values(self):
        for query in ('page=0&limit=10', 'page=-1&limit=10', 'page=1&limit=0', 'page=1&limit=-5',
                      'page=abc&limit=10', 'page=1&limit=xyz', 'page=1.5&limit=10', 'page=1e3&limit=10'):
            with self.subTest(query=query):
                r = self.get('alice', '/api/v2/users/me/applications/allowed?' + query)
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
                self.assertIsNone(r.json()['data'])
                self.assertRegex(r.json()['message'], 'page|limit')
        for query in ('page=99999999999999999999&limit=10', 'page=1&limit=99999999999999999999',
                      'page=&limit=', 'page=1&limit=1000000'):
            with self.subTest(query=query):
                # huge or empty: refused, or clamped to something sane
                r = self.get('alice', '/api/v2/users/me/applications/allowed?' + query)
                self.assertIn(r.status, (200, 400), r)
                body = r.json()
                if body['code'] == 200:
                    self.assertEqual(body['data']['totalCount'], 23)
                    self.assertLessEqual(len(body['data']['list']), 23)
                else:
                    self.assertEqual(body['code'], 400, r)
                    self.assertTrue(body['message'])
        self.assertTrue(self.emu.alive())

    # --- organizations ---

    def check_orgs(self, username, data):
        self.assertIsInstance(data, list)
        paths = set()
        for path in data:
            self.assertIsInstance(path, list)
            self.assertGreaterEqual(len(path), 2)
            org = path[0]
            self.assertEqual(org['type'], 'org')
            self.assertEqual([k for k in ORG_KEYS if k not in org], [], org)
            self.assertEqual(org['rootNodeId'], path[1]['id'])
            self.assertEqual(org['userPoolId'], self.pool['userPool']['id'])
            for i, node in enumerate(path[1:]):
                self.assertEqual(node['type'], 'node')
                # HACKING.md: each node also carries parentId (null for the root)
                self.assertEqual(node.get('parentId', 'missing'), path[i]['id'] if i else None)
                self.assertEqual([k for k in NODE_KEYS if k not in node], [], node)
                self.assertEqual(node['orgId'], org['id'])
                _, pool_path = self.model.paths[node['id']]
                pn = pool_path[-1]
                self.assertEqual(node['name'], pn['name'])
                self.assertEqual(node['code'], pn.get('code'))
                self.assertEqual(node['description'], pn.get('description'))
                leader = pn.get('leader')
                self.assertEqual(node['leaderUserId'],
                                 self.model.user_id(leader) if leader else None)
            paths.add(tuple(e['id'] for e in path))
        self.assertEqual(len(paths), len(data), 'a path is repeated')
        self.assertEqual(paths, self.model.org_paths(username))

    def test_orgs_both_paths(self):
        for username in PASSWORDS:
            with self.subTest(user=username):
                uid = self.model.user_id(username)
                a = self.assertOk(self.get(username, '/api/v2/users/me/orgs'))
                b = self.assertOk(self.get(username, '/api/v2/users/%s/orgs' % uid))
                self.check_orgs(username, a)
                self.check_orgs(username, b)
                self.assertEqual(sorted(json.dumps(p, sort_keys=True) for p in a),
                                 sorted(json.dumps(p, sort_keys=True) for p in b))

    def test_orgs_alice_in_ancestor_and_descendant(self):
        data = self.assertOk(self.get('alice', '/api/v2/users/me/orgs'))
        lengths = sorted(len(p) for p in data)
        self.assertEqual(lengths, [3, 3, 5])   # org + root + R&D; org + root + Translators; org + 4 nodes
        deep = [p for p in data if len(p) == 5][0]
        self.assertEqual([n['name'] for n in deep[1:]], ['Example Corp', 'R&D', 'Platform', 'Identity'])

    def test_orgs_of_user_without_membership(self):
        self.assertEqual(self.assertOk(self.get('carol', '/api/v2/users/me/orgs')), [])

    def test_orgs_unknown_user_id(self):
        r = self.get('alice', '/api/v2/users/%s/orgs' % ('f' * 24))
        self.assertIn(r.status, (200, 403, 404), r)
        self.assertNotEqual(r.json()['code'], 200, r)

    # --- roles ---

    def check_roles(self, username, namespace):
        path = '/api/v2/users/me/roles' + ('?namespace=' + namespace if namespace else '')
        data = self.assertOk(self.get(username, path))
        self.assertIsInstance(data, list)
        by_id = {r['id']: r for r in self.pool['roles']}
        for role in data:
            self.assertEqual([k for k in ROLE_KEYS if k not in role], [], role)
            pr = by_id[role['id']]
            self.assertEqual(role['code'], pr['code'])
            self.assertEqual(role['namespace'], pr['namespace'])
            self.assertEqual(role['description'], pr['description'])
            self.assertEqual(role['parentCode'], pr['parentCode'])
            self.assertEqual(role['isSystem'], pr['isSystem'])
        expected = {r['id'] for r in self.model.user_roles(username, namespace)}
        self.assertEqual({r['id'] for r in data}, expected)
        self.assertEqual(len(data), len(expected))
        return data

    def test_roles_all_and_by_namespace(self):
        for username in PASSWORDS:
            for ns in (None, 'default', 'billing'):
                with self.subTest(user=username, namespace=ns):
                    self.check_roles(username, ns)
        codes = {r['code'] for r in self.check_roles('alice', None)}
        self.assertEqual(codes, {'editor', 'viewer', 'admin'})
        self.assertEqual({r['code'] for r in self.check_roles('alice', 'billing')}, {'admin'})

    def test_roles_by_namespace_id(self):
        # HACKING.md: ?namespace= matches the namespace code or its numeric namespaceId
        roles = self.check_roles('alice', 'billing')
        ns_id = roles[0].get('namespaceId')
        self.assertIsInstance(ns_id, int)
        data = self.assertOk(self.get('alice', '/api/v2/users/me/roles?namespace=%d' % ns_id))
        self.assertEqual([r['id'] for r in data], [r['id'] for r in roles])

    def test_roles_unknown_namespace_is_empty(self):
        self.assertEqual(self.assertOk(self.get('alice', '/api/v2/users/me/roles?namespace=nope')), [])

    # --- authorized resources ---

    def check_resources(self, username, namespace, rtype=None):
        body = {'namespace': namespace}
        if rtype:
            body['resourceType'] = rtype
        data = self.assertOk(self.post(username, '/api/v2/users/resource/authorized', body))
        self.assertEqual(sorted(data), ['list', 'totalCount'])
        self.assertEqual(data['totalCount'], len(data['list']))
        got = {}
        for item in data['list']:
            self.assertEqual([k for k in RESOURCE_KEYS if k not in item], [], item)
            self.assertIsInstance(item['actions'], list)
            self.assertEqual(len(item['actions']), len(set(item['actions'])),
                             'duplicate actions: %r' % item)
            self.assertNotIn(item['code'], got, 'resource listed twice: %r' % item)
            got[item['code']] = (item['type'], set(item['actions']), item['apiIdentifier'])
        self.assertEqual(got, self.model.resources(username, namespace, rtype))
        return got

    def test_resources_union_of_user_role_node_grants(self):
        got = self.check_resources('alice', 'default')
        self.assertEqual(got['books:*'][1], {'books:read', 'books:update', 'books:delete'})
        self.assertEqual(set(got), {'books:*', 'api:orders', 'menu:home', 'ui:banner'})
        self.assertEqual(got['api:orders'][2], 'https://api.example.com/orders')

    def test_resources_every_user_namespace_type(self):
        for username in PASSWORDS:
            for ns in ('default', 'billing', 'nope'):
                for rtype in [None] + E.RESOURCE_TYPES:
                    with self.subTest(user=username, namespace=ns, type=rtype):
                        self.check_resources(username, ns, rtype)

    def test_resources_namespace_defaults_to_default(self):
        data = self.assertOk(self.post('alice', '/api/v2/users/resource/authorized', {}))
        self.assertEqual({i['code'] for i in data['list']}, set(self.model.resources('alice', 'default')))
        data = self.assertOk(self.post('bob', '/api/v2/users/resource/authorized', {'resourceType': 'BUTTON'}))
        self.assertEqual([i['code'] for i in data['list']], ['button:export'])

    def test_resources_type_filter(self):
        self.assertEqual(set(self.check_resources('alice', 'default', 'DATA')), {'books:*'})
        self.assertEqual(set(self.check_resources('bob', 'default', 'BUTTON')), {'button:export'})
        self.assertEqual(self.check_resources('carol', 'default'), {})

    def test_resources_bad_type(self):
        for rtype in ('WIDGET', 'data', 42, ['DATA']):
            with self.subTest(resourceType=rtype):
                r = self.post('alice', '/api/v2/users/resource/authorized',
                              {'namespace': 'default', 'resourceType': rtype})
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
                self.assertIn('resourceType', r.json()['message'])

    # --- custom data ---

    def test_udvs_get_is_a_bare_array(self):
        uid = self.model.user_id('alice')
        r = self.post('alice', '/api/v2/udvs/get', {'targetType': 'USER', 'targetId': uid})
        self.assertEqual(r.status, 200)
        items = r.json()
        self.assertIsInstance(items, list, 'udvs/get must answer a bare JSON array: %r' % r)
        by_key = {}
        for item in items:
            for k in ('key', 'value', 'dataType', 'label'):
                self.assertIn(k, item)
            self.assertIsInstance(item['value'], str, item)
            field = self.model.fields[item['key']]
            self.assertEqual(item['dataType'], field['dataType'])
            self.assertEqual(item['label'], field['label'])
            if field['dataType'] == 'SELECT':
                self.assertEqual(item['options'], field['options'])
            by_key[item['key']] = item['value']
        self.assertEqual(by_key['school'], 'MIT')
        self.assertEqual(float(by_key['age']), 30)
        self.assertEqual(by_key['vegetarian'], 'true')
        self.assertEqual(parse_iso(by_key['hired']), parse_iso('2021-03-01T00:00:00Z'))
        self.assertEqual(by_key['shirt'], 'm')
        self.assertEqual(json.loads(by_key['prefs']), {'theme': 'dark'})

    def test_udfs_values_get_is_enveloped(self):
        uid = self.model.user_id('bob')
        data = self.assertOk(self.get('bob', '/api/v2/udfs/values?targetType=USER&targetId=' + uid))
        self.assertIsInstance(data, list)
        values = {i['key']: i['value'] for i in data}
        self.assertEqual(values.get('school'), 'Tsinghua')
        for item in data:
            self.assertIn(item['key'], self.model.fields)
            self.assertIn('dataType', item)
            self.assertIn('label', item)

    # --- logout ---

    def test_logout_response(self):
        t = self.client.token_for('carol', 'carol')
        r = self.client.get('/api/v2/logout?app_id=%s' % self.app_id, token=t)
        self.assertOk(r)
        self.assertNotLoggedIn(self.client.me(t))


if __name__ == '__main__':
    E.main()
