#!/usr/bin/python3
# Public key, login, tokens (expiry, revocation, forgery) and message languages.

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

CJK = re.compile('[\u4e00-\u9fff]')


def parse_iso(s):
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))


def authenticated_calls(user_id):
    """Every endpoint that needs a token: (name, method, path, body)."""
    return [
        ('users/me', 'GET', '/api/v2/users/me', None),
        ('security-level', 'GET', '/api/v2/users/me/security-level', None),
        ('applications', 'GET', '/api/v2/users/me/applications/allowed?page=1&limit=10', None),
        ('me/orgs', 'GET', '/api/v2/users/me/orgs', None),
        ('id/orgs', 'GET', '/api/v2/users/%s/orgs' % user_id, None),
        ('roles', 'GET', '/api/v2/users/me/roles', None),
        ('roles?ns', 'GET', '/api/v2/users/me/roles?namespace=default', None),
        ('resources', 'POST', '/api/v2/users/resource/authorized', {'namespace': 'default'}),
        ('udvs/get', 'POST', '/api/v2/udvs/get', {'targetType': 'USER', 'targetId': user_id}),
        ('udfs/values GET', 'GET', '/api/v2/udfs/values?targetType=USER&targetId=%s' % user_id, None),
        ('udfs/values POST', 'POST', '/api/v2/udfs/values', {'udfs': [{'definition': 'school', 'value': 'Forged U'}]}),
        ('profile/update', 'POST', '/api/v2/users/profile/update', {'nickname': 'forged'}),
        ('refresh-token', 'POST', '/api/v2/users/refresh-token', {}),
        ('users/delete', 'DELETE', '/api/v2/users/delete', None),
    ]


class WellKnownAndConfig(E.EmulatorTestCase):
    def test_well_known_publishes_rsa_2048_spki_pem(self):
        r = self.client.get('/api/v2/.well-known')
        data = self.assertOk(r)
        pem = data['publicKey']
        self.assertTrue(pem.startswith('-----BEGIN PUBLIC KEY-----'), pem[:40])
        key = self.client.public_key()
        self.assertIsInstance(key, rsa.RSAPublicKey)
        self.assertEqual(key.key_size, 2048)

    def test_well_known_is_stable(self):
        a = self.client.get('/api/v2/.well-known').data['publicKey']
        b = self.client.get('/api/v2/.well-known').data['publicKey']
        self.assertEqual(a, b)

    def test_public_config(self):
        r = self.client.get('/api/v2/applications/%s/public-config' % self.app_id)
        data = self.assertOk(r)
        for key in ('userPoolId', 'identifier', 'requestHostname'):
            self.assertIn(key, data)
        self.assertEqual(data['userPoolId'], self.pool['userPool']['id'])
        self.assertEqual(data['identifier'], self.pool['application']['identifier'])

    def test_public_config_by_identifier(self):
        r = self.client.get('/api/v2/applications/%s/public-config' % self.pool['application']['identifier'])
        self.assertEqual(self.assertOk(r)['userPoolId'], self.pool['userPool']['id'])

    def test_public_config_request_hostname(self):
        data = self.assertOk(self.client.get('/api/v2/applications/%s/public-config' % self.app_id))
        self.assertEqual(data['requestHostname'], '%s:%d' % (self.emu.host, self.emu.port))

    def test_public_config_unknown_app(self):
        r = self.client.get('/api/v2/applications/%s/public-config' % ('f' * 24))
        self.assertIn(r.status, (200, 404), r)
        self.assertNotEqual(r.json()['code'], 200, r)
        self.assertTrue(r.json().get('message'))


class Login(E.EmulatorTestCase):
    def check_login(self, account, username):
        t0 = time.time()
        r = self.client.login(account, E.find_pool_user(self.pool, username)['password'])
        user = self.assertOk(r)
        self.assertUser(user)
        pool_user = E.find_pool_user(self.pool, username)
        self.assertEqual(user['id'], pool_user['id'])
        self.assertEqual(user['username'], username)
        self.assertEqual(user['userPoolId'], self.pool['userPool']['id'])
        token = user['token']
        self.assertIsInstance(token, str)
        header, payload, sig = E.jwt_parts(token)
        self.assertEqual(header.get('alg'), 'HS256')
        self.assertEqual(payload['sub'], user['id'])
        for claim in ('iat', 'exp', 'jti', 'iss'):
            self.assertIn(claim, payload)
        self.assertEqual(payload['iss'].rstrip('/'), self.emu.url.rstrip('/'))
        self.assertLessEqual(abs(payload['iat'] - t0), 60)
        self.assertGreater(payload['exp'], payload['iat'])
        expires = parse_iso(user['tokenExpiredAt'])
        self.assertIsNotNone(expires.tzinfo, 'tokenExpiredAt needs a zone: %s' % user['tokenExpiredAt'])
        self.assertLessEqual(abs(expires.timestamp() - payload['exp']), 1)
        me = self.assertOk(self.client.me(token))
        self.assertEqual(me['id'], user['id'])
        return user

    def test_login_by_username(self):
        self.check_login('alice', 'alice')

    def test_login_by_email(self):
        self.check_login('alice@example.com', 'alice')

    def test_login_by_phone(self):
        self.check_login('13700000001', 'alice')

    def test_logins_count_and_last_login(self):
        u1 = self.check_login('dave', 'dave')
        u2 = self.check_login('dave', 'dave')
        self.assertEqual(u2['loginsCount'], u1['loginsCount'] + 1)
        self.assertIsNotNone(u2['lastLogin'])

    def test_every_login_gets_a_unique_token(self):
        a = self.client.token_for('bob', 'Bob12345678Secure')
        b = self.client.token_for('bob', 'Bob12345678Secure')
        self.assertNotEqual(a, b)
        self.assertNotEqual(E.jwt_parts(a)[1]['jti'], E.jwt_parts(b)[1]['jti'])

    def test_wrong_password(self):
        self.assertCode(self.client.login('alice', 'alice-pass-2'), E.BAD_CREDENTIALS)
        self.assertCode(self.client.login('alice@example.com', ''), E.BAD_CREDENTIALS)

    def test_unknown_user(self):
        self.assertCode(self.client.login('mallory', 'alice-pass-1'), E.BAD_CREDENTIALS)
        self.assertCode(self.client.login('nobody@example.com', 'x'), E.BAD_CREDENTIALS)

    def test_plain_text_password_is_refused(self):
        r = self.client.login('alice', 'alice-pass-1', encrypt=False)
        self.assertCode(r, E.BAD_CREDENTIALS)
        self.assertIsNone(r.data)

    def test_password_encrypted_with_another_key_is_refused(self):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
        from cryptography.hazmat.primitives.asymmetric import padding
        ct = base64.b64encode(other.encrypt(b'alice-pass-1', padding.PKCS1v15())).decode()
        r = self.client.post('/api/v2/login/account', {'account': 'alice', 'password': ct})
        self.assertCode(r, E.BAD_CREDENTIALS)

    def test_garbage_ciphertext_is_refused(self):
        for pw in ('!!!not base64!!!', base64.b64encode(b'\0' * 256).decode(), ''):
            r = self.client.post('/api/v2/login/account', {'account': 'alice', 'password': pw})
            self.assertCode(r, E.BAD_CREDENTIALS)

    def test_failed_login_returns_no_token(self):
        r = self.client.login('alice', 'wrong')
        self.assertNotIn('token', json.dumps(r.json().get('data') or {}))

    def test_missing_fields(self):
        for body in ({}, {'account': 'alice'}, {'password': self.client.encrypt('alice-pass-1')},
                     {'account': 42, 'password': self.client.encrypt('alice-pass-1')}):
            r = self.client.post('/api/v2/login/account', body)
            self.assertIn(r.status, (200, 400), r)
            self.assertNotEqual(r.json()['code'], 200, 'body %r: %r' % (body, r))


class Languages(E.EmulatorTestCase):
    def test_chinese_by_default(self):
        r = self.client.login('alice', 'nope')
        self.assertCode(r, E.BAD_CREDENTIALS)
        self.assertRegex(r.message, CJK)
        r = self.client.me(token='')
        self.assertNotLoggedIn(r)
        self.assertRegex(r.message, CJK)
        ok = self.client.get('/api/v2/.well-known')
        self.assertRegex(ok.message, CJK)

    def test_chinese_when_asked(self):
        r = self.client.login('alice', 'nope', lang='zh-CN')
        self.assertRegex(r.message, CJK)

    def test_english_when_asked(self):
        for lang in ('en-US', 'en', 'en-GB'):
            r = self.client.login('alice', 'nope', lang=lang)
            self.assertCode(r, E.BAD_CREDENTIALS)
            self.assertNotRegex(r.message, CJK, lang)
            self.assertRegex(r.message, '[A-Za-z]{3}')
            r = self.client.get('/api/v2/users/me', token='', lang=lang)
            self.assertNotLoggedIn(r)
            self.assertNotRegex(r.message, CJK)
            self.assertRegex(r.message, '[A-Za-z]{3}')

    def test_other_languages_fall_back_to_chinese(self):
        r = self.client.login('alice', 'nope', lang='ja-JP')
        self.assertRegex(r.message, CJK)

    def test_english_success_message(self):
        token = self.client.token_for('alice', 'alice-pass-1')
        r = self.client.get('/api/v2/users/me', token=token, lang='en-US')
        self.assertOk(r)
        self.assertNotRegex(r.message, CJK)


class Revocation(E.EmulatorTestCase):
    def test_logout_revokes_only_that_token(self):
        t1 = self.client.token_for('alice', 'alice-pass-1')
        t2 = self.client.token_for('alice', 'alice-pass-1')
        self.assertOk(self.client.get('/api/v2/logout?app_id=%s' % self.app_id, token=t1))
        self.assertNotLoggedIn(self.client.me(t1))
        self.assertOk(self.client.me(t2))
        # every authenticated endpoint refuses the revoked token
        for name, method, path, body in authenticated_calls(E.user_id_from_token(t1)):
            with self.subTest(endpoint=name):
                r = self.client.request(method, path, body=body, token=t1)
                self.assertNotLoggedIn(r)
        self.assertOk(self.client.me(t2))
        me = self.client.me(t2).data
        self.assertNotEqual(me['nickname'], 'forged')

    def test_logout_without_token_answers_200(self):
        # authing-api.md 6.3: iOS expects 200 even when not logged in
        r = self.client.get('/api/v2/logout?app_id=%s' % self.app_id, token='')
        self.assertOk(r)

    def test_head_never_logs_out(self):
        t = self.client.token_for('alice', 'alice-pass-1')
        r = self.client.request('HEAD', '/api/v2/logout?app_id=%s' % self.app_id, token=t)
        self.assertIn(r.status, (200, 405), r)
        self.assertOk(self.client.me(t))

    def test_cors(self):
        # HACKING.md: requests with an Origin get CORS headers (credentials allowed); preflights 204
        origin = 'http://localhost:8080'
        r = self.client.request('OPTIONS', '/api/v2/users/me', headers={
            'Origin': origin, 'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization, x-authing-app-id'})
        self.assertEqual(r.status, 204, r)
        h = {k.lower(): v for k, v in r.headers.items()}
        self.assertEqual(h.get('access-control-allow-origin'), origin)
        self.assertEqual(h.get('access-control-allow-credentials'), 'true')
        self.assertIn('authorization', h.get('access-control-allow-headers', '').lower())
        t = self.client.token_for('alice', 'alice-pass-1')
        r = self.client.get('/api/v2/users/me', token=t, headers={'Origin': origin})
        self.assertOk(r)
        h = {k.lower(): v for k, v in r.headers.items()}
        self.assertEqual(h.get('access-control-allow-origin'), origin)
        self.assertOk(self.client.me(t))

    def test_logout_twice(self):
        t = self.client.token_for('bob', 'Bob12345678Secure')
        self.assertOk(self.client.get('/api/v2/logout?app_id=%s' % self.app_id, token=t))
        r = self.client.get('/api/v2/logout?app_id=%s' % self.app_id, token=t)
        self.assertEqual(r.status, 200)
        self.assertNotLoggedIn(self.client.me(t))

    def test_refresh_token(self):
        old = self.client.token_for('bob', 'Bob12345678Secure')
        time.sleep(1.1)
        r = self.client.post('/api/v2/users/refresh-token', {}, token=old)
        user = self.assertOk(r)
        self.assertUser(user)
        self.assertEqual(user['username'], 'bob')
        new = user['token']
        self.assertNotEqual(new, old)
        self.assertIn('iat', user)
        self.assertIn('exp', user)
        payload = E.jwt_parts(new)[1]
        self.assertEqual(payload['sub'], user['id'])
        self.assertEqual(user['exp'], payload['exp'])
        self.assertEqual(user['iat'], payload['iat'])
        self.assertGreater(payload['exp'], E.jwt_parts(old)[1]['exp'] - 1)
        self.assertLessEqual(abs(parse_iso(user['tokenExpiredAt']).timestamp() - payload['exp']), 1)
        self.assertOk(self.client.me(new))
        self.assertOk(self.client.me(old))  # the old token stays valid until it expires

    def test_delete_revokes_all_tokens_and_login_fails(self):
        t1 = self.client.token_for('dave', 'dave-pass-4')
        t2 = self.client.token_for('dave@example.com', 'dave-pass-4')
        other = self.client.token_for('carol', 'carol')
        self.assertOk(self.client.delete('/api/v2/users/delete', token=t1))
        self.assertNotLoggedIn(self.client.me(t1))
        self.assertNotLoggedIn(self.client.me(t2))
        self.assertNotLoggedIn(self.client.get('/api/v2/users/me/security-level', token=t2))
        for account in ('dave', 'dave@example.com', '13700000004'):
            self.assertCode(self.client.login(account, 'dave-pass-4'), E.BAD_CREDENTIALS)
        self.assertOk(self.client.me(other))


class TokenExpiry(E.EmulatorTestCase):
    ARGS = ('--token-ttl', '2')

    def test_token_expires(self):
        r = self.client.login('alice', 'alice-pass-1')
        user = self.assertOk(r)
        token = user['token']
        payload = E.jwt_parts(token)[1]
        self.assertEqual(payload['exp'] - payload['iat'], 2)
        self.assertOk(self.client.me(token))
        time.sleep(3.2)
        for name, method, path, body in authenticated_calls(user['id']):
            with self.subTest(endpoint=name):
                self.assertNotLoggedIn(self.client.request(method, path, body=body, token=token))
        # nothing happened through the expired token
        fresh = self.client.token_for('alice', 'alice-pass-1')
        me = self.assertOk(self.client.me(fresh))
        self.assertEqual(me['nickname'], 'Alice')

    def test_refreshed_token_gets_the_same_lifetime(self):
        token = self.client.token_for('bob', 'Bob12345678Secure')
        user = self.assertOk(self.client.post('/api/v2/users/refresh-token', {}, token=token))
        p = E.jwt_parts(user['token'])[1]
        self.assertEqual(p['exp'] - p['iat'], 2)


class BadTokens(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice_token = cls.client.token_for('alice', 'alice-pass-1')
        cls.alice_id = E.user_id_from_token(cls.alice_token)
        cls.bob_id = E.find_pool_user(cls.pool, 'bob')['id']

    def forged_tokens(self):
        h, p, sig = self.alice_token.split('.')
        header, payload, _ = E.jwt_parts(self.alice_token)

        def sign(header_obj, payload_obj, secret):
            hb = E.b64url(json.dumps(header_obj).encode())
            pb = E.b64url(json.dumps(payload_obj).encode())
            mac = hmac.new(secret, (hb + '.' + pb).encode(), hashlib.sha256).digest()
            return hb + '.' + pb + '.' + E.b64url(mac)

        as_bob = dict(payload, sub=self.bob_id)
        longer = dict(payload, exp=payload['exp'] + 3600)
        none_header = {'alg': 'none', 'typ': 'JWT'}
        sig_bytes = bytearray(base64.urlsafe_b64decode(sig + '=' * (-len(sig) % 4)))
        sig_bytes[0] ^= 1
        return {
            'missing': '',
            'garbage': 'not-a-token',
            'two parts': h + '.' + p,
            'empty parts': '..',
            'bad base64': h + '.!!!.' + sig,
            're-signed with another secret': sign(header, payload, b'another secret'),
            'altered payload (sub)': h + '.' + E.b64url(json.dumps(as_bob).encode()) + '.' + sig,
            'altered payload (exp)': h + '.' + E.b64url(json.dumps(longer).encode()) + '.' + sig,
            'flipped signature bit': h + '.' + p + '.' + E.b64url(bytes(sig_bytes)),
            'alg none': E.b64url(json.dumps(none_header).encode()) + '.' + p + '.',
            'alg none, bob': E.b64url(json.dumps(none_header).encode()) + '.'
                             + E.b64url(json.dumps(as_bob).encode()) + '.',
            'empty secret': sign(header, as_bob, b''),
        }

    def test_bad_tokens_on_every_endpoint(self):
        for kind, token in self.forged_tokens().items():
            for name, method, path, body in authenticated_calls(self.alice_id):
                with self.subTest(token=kind, endpoint=name):
                    if token == '':
                        c = E.Client(self.emu.url, app_id=self.app_id)
                        r = c.request(method, path, body=body, token='')
                    else:
                        r = self.client.request(method, path, body=body, token=token)
                    self.assertNotLoggedIn(r)
        # The real token still works and nothing was changed or deleted by the forgeries.
        me = self.assertOk(self.client.me(self.alice_token))
        self.assertEqual(me['nickname'], 'Alice')
        r = self.client.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': self.alice_id},
                             token=self.alice_token)
        school = [i['value'] for i in r.json() if i['key'] == 'school']
        self.assertEqual(school, ['MIT'])
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        self.assertOk(self.client.me(bob))

    def test_other_authorization_schemes(self):
        for value in ('Basic YWxpY2U6YWxpY2UtcGFzcy0x', 'Bearer', 'Bearer ', 'bearer',
                      self.alice_token, 'Token ' + self.alice_token):
            with self.subTest(authorization=value):
                r = self.client.get('/api/v2/users/me', token='', headers={'Authorization': value})
                self.assertNotLoggedIn(r)


if __name__ == '__main__':
    E.main()
