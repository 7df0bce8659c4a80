#!/usr/bin/python3
# Isolation: with alice's token, nothing of bob's can be read or changed, on every endpoint,
# whatever ids or keys alice puts in the path, the query or the body.

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

VOLATILE = {'token', 'tokenExpiredAt', 'lastLogin', 'loginsCount', 'lastIP', 'iat', 'exp'}
# Strings that occur only in bob's data (basic.json): his custom value, e-mail, role, resource.
BOB_SECRETS = ['Tsinghua', 'bob@example.com', 'button:export', 'auditor', 'Bob Only']


class Isolation(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.client.token_for('alice', 'alice-pass-1')
        cls.bob = cls.client.token_for('bob', 'Bob12345678Secure')
        cls.alice_id = E.find_pool_user(cls.pool, 'alice')['id']
        cls.bob_id = E.find_pool_user(cls.pool, 'bob')['id']

    def bob_snapshot(self):
        c = self.client
        t = self.bob
        me = self.assertOk(c.me(t))
        udv = c.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': self.bob_id}, token=t).json()
        return {
            'me': {k: v for k, v in me.items() if k not in VOLATILE},
            'udv': sorted(json.dumps(i, sort_keys=True) for i in udv),
            'security': self.assertOk(c.get('/api/v2/users/me/security-level', token=t)),
            'apps': self.assertOk(c.get('/api/v2/users/me/applications/allowed?page=1&limit=100', token=t)),
            'orgs': self.assertOk(c.get('/api/v2/users/me/orgs', token=t)),
            'roles': self.assertOk(c.get('/api/v2/users/me/roles', token=t)),
            'resources': self.assertOk(c.post('/api/v2/users/resource/authorized',
                                              {'namespace': 'default'}, token=t)),
        }

    def assertNoLeak(self, r, what):
        text = r.body.decode('utf-8', 'replace')
        for secret in BOB_SECRETS:
            self.assertNotIn(secret, text, '%s leaks bob\'s data (%r): %r' % (what, secret, r))

    def test_alice_cannot_read_bob(self):
        c = self.client
        a = self.alice
        bid = self.bob_id
        reads = [
            ('users/me?id', c.get('/api/v2/users/me?id=' + bid, token=a)),
            ('users/me?userId', c.get('/api/v2/users/me?userId=' + bid, token=a)),
            ('users/<bob>', c.get('/api/v2/users/' + bid, token=a)),
            ('security-level?userId', c.get('/api/v2/users/me/security-level?userId=' + bid, token=a)),
            ('applications?userId', c.get('/api/v2/users/me/applications/allowed?page=1&limit=100&userId=' + bid, token=a)),
            ('roles?userId', c.get('/api/v2/users/me/roles?userId=' + bid, token=a)),
            ('roles?namespace=billing&userId', c.get('/api/v2/users/me/roles?namespace=billing&userId=' + bid, token=a)),
            ('resources userId', c.post('/api/v2/users/resource/authorized',
                                        {'namespace': 'default', 'userId': bid}, token=a)),
            ('resources id', c.post('/api/v2/users/resource/authorized',
                                    {'namespace': 'default', 'id': bid}, token=a)),
            ('udvs/get targetId', c.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': bid}, token=a)),
            ('udfs/values targetId', c.get('/api/v2/udfs/values?targetType=USER&targetId=' + bid, token=a)),
            ('refresh-token id', c.post('/api/v2/users/refresh-token', {'id': bid}, token=a)),
        ]
        for what, r in reads:
            with self.subTest(request=what):
                self.assertIn(r.status, (200, 400, 403, 404), r)
                self.assertNoLeak(r, what)
                body = r.json()
                if isinstance(body, dict) and body.get('code') == 200 and isinstance(body.get('data'), dict):
                    # whatever was answered is alice's own
                    d = body['data']
                    if 'id' in d and 'username' in d:
                        self.assertEqual(d['id'], self.alice_id, what)
                    if d.get('token'):
                        self.assertEqual(E.user_id_from_token(d['token']), self.alice_id, what)

    def test_orgs_of_bob_by_id_are_refused(self):
        r = self.client.get('/api/v2/users/%s/orgs' % self.bob_id, token=self.alice)
        self.assertIn(r.status, (200, 403, 404), r)
        self.assertNotEqual(r.json()['code'], 200, 'alice may not list bob\'s organizations: %r' % r)
        # and bob himself can
        self.assertOk(self.client.get('/api/v2/users/%s/orgs' % self.bob_id, token=self.bob))

    def test_udvs_get_of_bob_is_refused(self):
        r = self.client.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': self.bob_id},
                             token=self.alice)
        self.assertNoLeak(r, 'udvs/get')
        body = r.json()
        if isinstance(body, list):
            self.assertEqual(body, [], 'udvs/get for another user must give nothing: %r' % r)
        else:
            self.assertNotEqual(body.get('code'), 200, r)

    def test_udfs_values_of_bob_is_refused(self):
        r = self.client.get('/api/v2/udfs/values?targetType=USER&targetId=' + self.bob_id, token=self.alice)
        self.assertNoLeak(r, 'udfs/values')
        body = r.json()
        if body.get('code') == 200:
            self.assertEqual(body['data'], [], r)

    def test_alice_cannot_change_bob(self):
        before = self.bob_snapshot()
        c = self.client
        a = self.alice
        bid = self.bob_id
        writes = [
            c.post('/api/v2/users/profile/update', {'id': bid, 'nickname': 'pwned'}, token=a),
            c.post('/api/v2/users/profile/update', {'userId': bid, 'nickname': 'pwned'}, token=a),
            c.post('/api/v2/users/profile/update?id=' + bid, {'nickname': 'alice-own'}, token=a),
            c.post('/api/v2/udfs/values', {'targetType': 'USER', 'targetId': bid,
                                           'udfs': [{'definition': 'school', 'value': 'pwned'}]}, token=a),
            c.post('/api/v2/udfs/values?targetId=' + bid,
                   {'udfs': [{'definition': 'school', 'value': 'alice-own'}]}, token=a),
            c.get('/api/v2/logout?app_id=%s&userId=%s' % (self.app_id, bid), token=self.client.token_for('alice', 'alice-pass-1')),
        ]
        for r in writes:
            self.assertIn(r.status, (200, 400, 403), r)
        self.assertEqual(self.bob_snapshot(), before)
        self.assertOk(self.client.me(self.bob))
        # alice's own account is where anything that was accepted went
        me = self.assertOk(self.client.me(a))
        self.assertIn(me['nickname'], ('Alice', 'alice-own'))

    def test_delete_with_bob_id_deletes_only_the_caller(self):
        before = self.bob_snapshot()
        carol = self.client.token_for('carol', 'carol')
        r = self.client.request('DELETE', '/api/v2/users/delete?id=' + self.bob_id, body={'id': self.bob_id},
                                token=carol)
        self.assertIn(r.status, (200, 400, 403), r)
        self.assertEqual(self.bob_snapshot(), before)
        self.assertOk(self.client.login('bob', 'Bob12345678Secure'))
        if r.json().get('code') == 200:
            self.assertCode(self.client.login('carol', 'carol'), E.BAD_CREDENTIALS)

    def test_bob_logout_leaves_alice_signed_in(self):
        a = self.client.token_for('alice', 'alice-pass-1')
        b = self.client.token_for('bob', 'Bob12345678Secure')
        self.assertOk(self.client.get('/api/v2/logout?app_id=' + self.app_id, token=b))
        self.assertOk(self.client.me(a))
        self.assertOk(self.client.me(self.bob))

    def test_each_token_sees_its_own_user(self):
        for token, uid in ((self.alice, self.alice_id), (self.bob, self.bob_id)):
            self.assertEqual(self.assertOk(self.client.me(token))['id'], uid)
            paths = self.assertOk(self.client.get('/api/v2/users/me/orgs', token=token))
            model = E.PoolModel(self.pool)
            name = 'alice' if uid == self.alice_id else 'bob'
            self.assertEqual({tuple(e['id'] for e in p) for p in paths}, model.org_paths(name))


if __name__ == '__main__':
    E.main()
