#!/usr/bin/python3
# Browser sign-in, the provider side: discovery and JWKS, the authorization endpoint and its
# refusals (loopback redirect URIs only, PKCE S256 required), the hosted page (languages, wrong
# password, cancel), the token endpoint (PKCE checks, single-use codes, refresh tokens), the
# tokens at every REST endpoint, userinfo and end-session. docs/protocol-security.md §9.

import hashlib
import json
import os
import re
import sys
import time
import unittest
import urllib.parse

# The TOTP step's tests move the security clock past the steps earlier tests used
os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402
import oidc_flow as O  # noqa: E402
from test_auth import authenticated_calls  # noqa: E402

CJK = re.compile('[\u4e00-\u9fff]')
ALICE = 'aa0000000000000000000001'


class Discovery(E.EmulatorTestCase):
    def test_configuration(self):
        r = O.request(self.emu, 'GET', '/oidc/.well-known/openid-configuration')
        self.assertEqual(r.status, 200, r)
        c = r.json()
        issuer = self.emu.url + '/oidc'
        self.assertEqual(c['issuer'], issuer)
        self.assertEqual(c['authorization_endpoint'], issuer + '/auth')
        self.assertEqual(c['token_endpoint'], issuer + '/token')
        self.assertEqual(c['userinfo_endpoint'], issuer + '/me')
        self.assertEqual(c['jwks_uri'], issuer + '/.well-known/jwks.json')
        self.assertEqual(c['end_session_endpoint'], issuer + '/session/end')
        self.assertEqual(c['code_challenge_methods_supported'], ['S256'])
        self.assertEqual(c['response_types_supported'], ['code'])
        self.assertEqual(c['id_token_signing_alg_values_supported'], ['RS256'])
        self.assertEqual(c['token_endpoint_auth_methods_supported'], ['none'])
        self.assertIn('offline_access', c['scopes_supported'])
        self.assertEqual(sorted(c['grant_types_supported']), ['authorization_code', 'refresh_token'])

    def test_issuer_follows_the_host_asked(self):
        r = O.request(self.emu, 'GET', '/oidc/.well-known/openid-configuration',
                      headers={'Host': 'localhost:%d' % self.emu.port})
        self.assertEqual(r.json()['issuer'], 'http://localhost:%d/oidc' % self.emu.port)

    def test_jwks_is_one_rsa_key_with_its_thumbprint(self):
        keys = O.jwks(self.emu)['keys']
        self.assertEqual(len(keys), 1)
        k = keys[0]
        self.assertEqual((k['kty'], k['use'], k['alg']), ('RSA', 'sig', 'RS256'))
        self.assertEqual(O.public_key(k).key_size, 2048)
        canonical = json.dumps({'e': k['e'], 'kty': 'RSA', 'n': k['n']}, separators=(',', ':'),
                               sort_keys=True)
        self.assertEqual(k['kid'], O.b64url(hashlib.sha256(canonical.encode()).digest()))
        # not the password key
        pem = self.client.public_key()
        self.assertNotEqual(pem.public_numbers().n, O.public_key(k).public_numbers().n)
        self.assertEqual(O.jwks(self.emu), O.jwks(self.emu))

    def test_signing_key_file_is_private(self):
        O.jwks(self.emu)
        path = os.path.join(self.emu.data_dir, 'oidc-signing-key.pem')
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)


class Authorize(E.EmulatorTestCase):
    def query(self, **kw):
        kw.setdefault('challenge', O.pkce_pair()[1])
        return O.auth_query(self.app_id, **kw)

    def assertRefusedHere(self, r, needle=None):
        """Refused with a page, never sent back to a client or redirect URI not known good."""
        self.assertEqual(r.status, 400, r)
        self.assertIsNone(r.location, r)
        self.assertTrue(r.headers['content-type'].startswith('text/html'), r)
        self.assertNotIn('name="interaction"', r.text)
        if needle:
            self.assertIn(needle, r.text)

    def assertSentBack(self, r, error, redirect_uri=O.REDIRECT_URI, state='st-1'):
        self.assertEqual(r.status, 303, r)
        self.assertTrue(r.location.startswith(redirect_uri + '?'), r.location)
        p = O.callback_params(r.location)
        self.assertEqual(p['error'], error, p)
        self.assertTrue(p['error_description'])
        self.assertEqual(p.get('state'), state)
        self.assertEqual(p['iss'], self.emu.url + '/oidc')
        self.assertNotIn('code', p)

    def test_good_request_shows_the_sign_in_form(self):
        r = O.authorize(self.emu, self.query(), headers={'Accept-Language': 'en'})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers['content-type'].startswith('text/html'))
        self.assertEqual(r.headers['cache-control'], 'no-store')
        self.assertIn("default-src 'none'", r.headers['content-security-policy'])
        self.assertEqual(r.headers['x-frame-options'], 'DENY')
        self.assertIn('<form method="post" action="/oidc/interaction">', r.text)
        self.assertIn('id="account"', r.text)
        self.assertIn('type="password"', r.text)
        self.assertIn('Account Center', r.text)   # the application's name
        self.assertRegex(O.interaction_of(r), '^[0-9a-f]{32}$')

    def test_client_must_be_the_application(self):
        self.assertRefusedHere(O.authorize(self.emu, self.query(drop=('client_id',))))
        for other in ('nope', 'example', self.app_id.upper()):   # not even the identifier
            q = O.auth_query(other, challenge=O.pkce_pair()[1])
            self.assertRefusedHere(O.authorize(self.emu, q), )

    def test_only_loopback_redirect_uris(self):
        refused = [
            'http://localhost:5000/cb',             # RFC 8252 §8.3
            'http://LOCALHOST:5000/cb',
            'https://127.0.0.1:5000/cb',
            'http://127.0.0.1/cb',                  # no port
            'http://127.0.0.1:/cb',
            'http://127.0.0.2:5000/cb',
            'http://127.1:5000/cb',
            'http://[::2]:5000/cb',
            'http://0.0.0.0:5000/cb',
            'http://user@127.0.0.1:5000/cb',
            'http://127.0.0.1:5000/cb#frag',
            'http://127.0.0.1.evil.example:5000/cb',
            'http://example.com:5000/cb',
            'HTTP://127.0.0.1:5000/cb',
            'http://127.0.0.1:70000/cb',
            'com.example.app:/cb',
            '/relative',
        ]
        for uri in refused:
            with self.subTest(uri=uri):
                r = O.authorize(self.emu, self.query(redirect_uri=uri),
                                headers={'Accept-Language': 'en'})
                self.assertRefusedHere(r, 'redirect_uri')
        self.assertRefusedHere(O.authorize(self.emu, self.query(drop=('redirect_uri',))))
        for uri in ('http://127.0.0.1:5000/cb', 'http://[::1]:6000/x?y=1', 'http://127.0.0.1:65535',
                    'http://127.0.0.1:1/a/b/c'):
            with self.subTest(uri=uri):
                r = O.authorize(self.emu, self.query(redirect_uri=uri))
                self.assertEqual(r.status, 200, r)

    def test_pkce_s256_is_required(self):
        self.assertSentBack(O.authorize(self.emu, self.query(drop=('code_challenge',))), 'invalid_request')
        self.assertSentBack(O.authorize(self.emu, self.query(drop=('code_challenge_method',))),
                            'invalid_request')
        self.assertSentBack(O.authorize(self.emu, self.query(code_challenge_method='plain')),
                            'invalid_request')
        self.assertSentBack(O.authorize(self.emu, self.query(challenge='short')), 'invalid_request')
        self.assertSentBack(O.authorize(self.emu, self.query(challenge='!' * 43)), 'invalid_request')

    def test_other_refusals_go_back_to_the_app(self):
        self.assertSentBack(O.authorize(self.emu, self.query(response_type='token')),
                            'unsupported_response_type')
        self.assertSentBack(O.authorize(self.emu, self.query(drop=('response_type',))),
                            'unsupported_response_type')
        self.assertSentBack(O.authorize(self.emu, self.query(scope='profile email')), 'invalid_scope')
        self.assertSentBack(O.authorize(self.emu, self.query(prompt='none')), 'login_required')
        self.assertSentBack(O.authorize(self.emu, self.query(request='eyJ')), 'request_not_supported')
        self.assertSentBack(O.authorize(self.emu, self.query(response_mode='fragment')),
                            'invalid_request')
        r = O.authorize(self.emu, self.query(drop=('state',), scope='email'))
        self.assertSentBack(r, 'invalid_scope', state=None)
        # the error keeps a query the redirect URI already had
        r = O.authorize(self.emu, self.query(redirect_uri='http://[::1]:6000/x?y=1', prompt='none'))
        self.assertEqual(r.status, 303)
        self.assertTrue(r.location.startswith('http://[::1]:6000/x?y=1&error=login_required'), r.location)

    def test_repeated_parameter_is_refused(self):
        q = self.query() + '&client_id=' + self.app_id
        self.assertRefusedHere(O.authorize(self.emu, q))
        q = self.query() + '&redirect_uri=' + urllib.parse.quote('http://127.0.0.1:1/evil', safe='')
        self.assertRefusedHere(O.authorize(self.emu, q))

    def test_page_language(self):
        cases = [
            ({}, {}, 'zh'),
            ({}, {'Accept-Language': 'en-US,en;q=0.9'}, 'en'),
            ({}, {'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8'}, 'zh'),
            ({}, {'Accept-Language': 'fr-FR, en;q=0.5, zh;q=0.4'}, 'en'),
            ({}, {'Accept-Language': 'de'}, 'zh'),
            ({'ui_locales': 'en'}, {'Accept-Language': 'zh-CN'}, 'en'),
            ({'ui_locales': 'fr zh-CN'}, {'Accept-Language': 'en'}, 'zh'),
        ]
        for params, headers, lang in cases:
            with self.subTest(params=params, headers=headers):
                r = O.authorize(self.emu, self.query(**params), headers=headers)
                self.assertEqual(r.status, 200, r)
                if lang == 'en':
                    self.assertIn('<html lang="en">', r.text)
                    self.assertIn('Sign in', r.text)
                    self.assertIn('Password', r.text)
                    self.assertIsNone(CJK.search(r.text.replace('Account Center', '')))
                else:
                    self.assertIn('<html lang="zh-CN">', r.text)
                    self.assertIn('登录', r.text)
                    self.assertIn('密码', r.text)

    def test_head_does_not_open_a_sign_in(self):
        r = O.request(self.emu, 'HEAD', self.query())
        self.assertEqual(r.status, 405)


class HostedPage(E.EmulatorTestCase):
    def page(self, lang='en', **kw):
        verifier, challenge = O.pkce_pair()
        r = O.authorize(self.emu, O.auth_query(self.app_id, challenge=challenge, **kw),
                        headers={'Accept-Language': lang})
        self.assertEqual(r.status, 200, r)
        return O.interaction_of(r), verifier

    def test_wrong_password_shows_the_form_again_with_the_account(self):
        interaction, _ = self.page()
        r = O.submit(self.emu, interaction, 'alice', 'wrong-password')
        self.assertEqual(r.status, 401, r)
        self.assertIsNone(r.location)
        self.assertIn('Wrong account or password', r.text)
        self.assertIn('role="alert"', r.text)
        self.assertIn('value="alice"', r.text)
        self.assertNotIn('wrong-password', r.text)
        self.assertEqual(O.interaction_of(r), interaction)
        # unknown accounts look the same
        r = O.submit(self.emu, interaction, 'nobody', 'wrong-password')
        self.assertEqual(r.status, 401)
        # then the right one goes on
        r = O.submit(self.emu, interaction)
        self.assertEqual(r.status, 303, r)
        p = O.callback_params(r.location)
        self.assertTrue(r.location.startswith(O.REDIRECT_URI + '?code='), r.location)
        self.assertEqual(p['state'], 'st-1')
        self.assertEqual(p['iss'], self.emu.url + '/oidc')
        self.assertGreaterEqual(len(p['code']), 43)

    def test_wrong_password_in_chinese(self):
        interaction, _ = self.page(lang='zh-CN')
        r = O.submit(self.emu, interaction, 'alice', 'nope')
        self.assertEqual(r.status, 401)
        self.assertIn('账号或密码错误', r.text)

    def test_missing_fields(self):
        interaction, _ = self.page()
        r = O.submit(self.emu, interaction, 'alice', None)
        self.assertEqual(r.status, 400, r)
        self.assertIn('Enter your account and password', r.text)
        r = O.submit(self.emu, interaction, None, 'x')
        self.assertEqual(r.status, 400, r)

    def test_values_are_escaped(self):
        interaction, _ = self.page()
        r = O.submit(self.emu, interaction, '"><script>alert(1)</script>', 'x')
        self.assertEqual(r.status, 401)
        self.assertNotIn('<script>', r.text)
        self.assertIn('&lt;script&gt;', r.text)

    def test_cancel_goes_back_with_access_denied(self):
        interaction, _ = self.page()
        r = O.submit(self.emu, interaction, None, None, action='cancel')
        self.assertEqual(r.status, 303, r)
        p = O.callback_params(r.location)
        self.assertEqual(p['error'], 'access_denied')
        self.assertEqual(p['state'], 'st-1')
        # the sign-in is over
        r = O.submit(self.emu, interaction)
        self.assertEqual(r.status, 400)
        self.assertIn('已过期', r.text)     # the page no longer knows the language asked

    def test_interaction_is_single_use_and_must_exist(self):
        interaction, _ = self.page()
        self.assertEqual(O.submit(self.emu, interaction).status, 303)
        r = O.submit(self.emu, interaction)
        self.assertEqual(r.status, 400, r)
        self.assertIsNone(r.location)
        for bad in ('0' * 32, '', 'x'):
            self.assertEqual(O.submit(self.emu, bad).status, 400)

    def test_form_must_be_a_form(self):
        interaction, _ = self.page()
        r = O.request(self.emu, 'POST', '/oidc/interaction',
                      json.dumps({'interaction': interaction}).encode(),
                      {'Content-Type': 'application/json'})
        self.assertEqual(r.status, 400)
        r = O.submit(self.emu, interaction, action='something')
        self.assertEqual(r.status, 400)

    def test_email_sign_in_and_the_sign_in_is_counted(self):
        before = self.assertOk(self.client.me(token=self.client.token_for('alice', 'alice-pass-1')))
        code, _, verifier = O.get_code(self.emu, self.app_id, account='alice@example.com')
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual(r.status, 200, r)
        after = self.assertOk(self.client.me(token=r.json()['id_token']))
        self.assertEqual(after['id'], ALICE)
        self.assertEqual(after['loginsCount'], before['loginsCount'] + 1)


class Token(E.EmulatorTestCase):
    def test_exchange_gives_a_checked_token_set(self):
        t0 = int(time.time())
        code, _, verifier = O.get_code(self.emu, self.app_id, nonce='nonce-42')
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers['cache-control'], 'no-store')
        self.assertEqual(r.headers['pragma'], 'no-cache')
        t = r.json()
        self.assertEqual(t['token_type'], 'Bearer')
        self.assertEqual(t['expires_in'], 1209600)
        self.assertEqual(t['scope'], O.SCOPE)
        self.assertNotIn('refresh_token', t)     # no offline_access asked

        keys = O.jwks(self.emu)
        header, claims = O.verify_jws(t['id_token'], keys)
        self.assertEqual(header['typ'], 'JWT')
        self.assertEqual(claims['iss'], self.emu.url + '/oidc')
        self.assertEqual(claims['aud'], self.app_id)
        self.assertEqual(claims['sub'], ALICE)
        self.assertEqual(claims['nonce'], 'nonce-42')
        self.assertLessEqual(abs(claims['iat'] - t0), 5)
        self.assertEqual(claims['exp'] - claims['iat'], 1209600)
        self.assertLessEqual(abs(claims['auth_time'] - t0), 5)
        self.assertEqual(claims['at_hash'],
                         O.b64url(hashlib.sha256(t['access_token'].encode()).digest()[:16]))
        self.assertEqual(claims['preferred_username'], 'alice')
        self.assertEqual(claims['email'], 'alice@example.com')
        self.assertIsInstance(claims['email_verified'], bool)
        self.assertNotIn(None, claims.values())

        header, access = O.verify_jws(t['access_token'], keys)
        self.assertEqual(header['typ'], 'at+jwt')
        self.assertEqual(access['sub'], ALICE)
        self.assertEqual(access['client_id'], self.app_id)
        self.assertEqual(access['scope'], O.SCOPE)
        self.assertEqual(access['sid'], claims['sid'])

    def test_scope_decides_the_claims(self):
        t = O.tokens_for(self.emu, self.app_id, scope='openid')
        _, claims = O.verify_jws(t['id_token'], O.jwks(self.emu))
        self.assertNotIn('email', claims)
        self.assertNotIn('preferred_username', claims)
        self.assertEqual(t['scope'], 'openid')
        # unknown scopes are dropped
        t = O.tokens_for(self.emu, self.app_id, scope='openid email unknown:thing')
        self.assertEqual(t['scope'], 'openid email')

    def test_tokens_work_at_every_rest_endpoint(self):
        t = O.tokens_for(self.emu, self.app_id, account='dave', password='dave-pass-4')
        dave = E.find_pool_user(self.pool, 'dave')['id']
        for which in ('id_token', 'access_token'):
            client = self.new_client(token=t[which])
            for name, method, path, body in authenticated_calls(dave):
                if name == 'users/delete':
                    continue
                with self.subTest(token=which, call=name):
                    r = client.request(method, path, body=body)
                    self.assertEqual(r.status, 200, r)
                    if isinstance(r.json(), dict):      # udvs/get answers a bare array
                        self.assertEqual(r.json().get('code'), 200, r)
        me = self.assertOk(self.new_client(token=t['id_token']).me())
        self.assertEqual(me['id'], dave)
        self.assertEqual(me['token'], t['id_token'])

    def test_rest_refresh_accepts_the_id_token(self):
        t = O.tokens_for(self.emu, self.app_id)
        data = self.assertOk(self.new_client(token=t['id_token']).post('/api/v2/users/refresh-token'))
        self.assertNotEqual(data['token'], t['id_token'])
        self.assertOk(self.new_client(token=data['token']).me())

    def test_logout_with_either_token_ends_both(self):
        for first in ('id_token', 'access_token'):
            with self.subTest(first=first):
                t = O.tokens_for(self.emu, self.app_id)
                self.assertOk(self.new_client(token=t[first]).get('/api/v2/logout'))
                for which in ('id_token', 'access_token'):
                    self.assertNotLoggedIn(self.new_client(token=t[which]).me())

    def test_forged_or_tampered_tokens_are_refused(self):
        t = O.tokens_for(self.emu, self.app_id)
        head, claims, sig = t['id_token'].split('.')
        payload = json.loads(O.b64url_decode(claims))
        payload['sub'] = 'aa0000000000000000000002'
        tampered = head + '.' + O.b64url(json.dumps(payload).encode()) + '.' + sig
        none_alg = O.b64url(b'{"alg":"none","typ":"JWT"}') + '.' + claims + '.'
        hs = O.b64url(json.dumps({'alg': 'HS256', 'kid': json.loads(O.b64url_decode(head))['kid']}).encode())
        for bad in (tampered, none_alg, hs + '.' + claims + '.' + sig, t['id_token'] + 'x'):
            self.assertNotLoggedIn(self.new_client(token=bad).me())

    def test_wrong_verifier_burns_the_code(self):
        code, _, verifier = O.get_code(self.emu, self.app_id)
        other, _ = O.pkce_pair()
        r = O.exchange(self.emu, self.app_id, code, other)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        self.assertIn('code_verifier', r.json()['error_description'])
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        self.assertIn('already used', r.json()['error_description'])

    def test_missing_or_malformed_verifier(self):
        for bad in (None, 'short', 'a' * 129, 'x' * 42 + '!'):
            with self.subTest(verifier=bad):
                code, _, _ = O.get_code(self.emu, self.app_id)
                r = O.exchange(self.emu, self.app_id, code, bad)
                self.assertEqual(r.status, 400, r)
                self.assertEqual(r.json()['error'], 'invalid_grant')
                self.assertIn('code_verifier', r.json()['error_description'])

    def test_code_used_twice_revokes_what_it_gave(self):
        code, _, verifier = O.get_code(self.emu, self.app_id, scope=O.SCOPE + ' offline_access')
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual(r.status, 200, r)
        t = r.json()
        self.assertOk(self.new_client(token=t['id_token']).me())
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        for which in ('id_token', 'access_token'):
            self.assertNotLoggedIn(self.new_client(token=t[which]).me())
        r = O.post_form(self.emu, '/oidc/token', {'grant_type': 'refresh_token', 'client_id': self.app_id,
                                                  'refresh_token': t['refresh_token']})
        self.assertEqual(r.json()['error'], 'invalid_grant')

    def test_exchange_must_match_the_request(self):
        code, _, verifier = O.get_code(self.emu, self.app_id)
        r = O.exchange(self.emu, self.app_id, code, verifier, redirect_uri='http://127.0.0.1:50124/callback')
        self.assertEqual(r.json()['error'], 'invalid_grant')
        self.assertIn('redirect_uri', r.json()['error_description'])
        code, _, verifier = O.get_code(self.emu, self.app_id)
        r = O.exchange(self.emu, self.app_id, code, verifier, redirect_uri=None)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        r = O.exchange(self.emu, self.app_id, 'no-such-code', verifier)
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_grant'))
        r = O.exchange(self.emu, self.app_id, None, verifier)
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))

    def test_client_checks(self):
        code, _, verifier = O.get_code(self.emu, self.app_id)
        r = O.exchange(self.emu, 'someone-else', code, verifier)
        self.assertEqual((r.status, r.json()['error']), (401, 'invalid_client'))
        r = O.exchange(self.emu, None, code, verifier)
        self.assertEqual((r.status, r.json()['error']), (401, 'invalid_client'))
        r = O.exchange(self.emu, self.app_id, code, verifier, client_secret='s3cret')
        self.assertEqual((r.status, r.json()['error']), (401, 'invalid_client'))

    def test_protocol_errors(self):
        r = O.request(self.emu, 'POST', '/oidc/token', json.dumps({'grant_type': 'x'}).encode(),
                      {'Content-Type': 'application/json'})
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))
        r = O.request(self.emu, 'POST', '/oidc/token',
                      b'grant_type=authorization_code&grant_type=refresh_token',
                      {'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))
        r = O.request(self.emu, 'POST', '/oidc/token', b'grant_type=%ff&client_id=x',
                      {'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))
        r = O.post_form(self.emu, '/oidc/token', {'grant_type': 'password', 'client_id': self.app_id})
        self.assertEqual((r.status, r.json()['error']), (400, 'unsupported_grant_type'))
        r = O.post_form(self.emu, '/oidc/token', {'client_id': self.app_id})
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))
        r = O.request(self.emu, 'GET', '/oidc/token')
        self.assertEqual(r.status, 405)

    def test_refresh_grant(self):
        t = O.tokens_for(self.emu, self.app_id, scope='openid email offline_access')
        rt = t['refresh_token']
        self.assertGreaterEqual(len(rt), 43)
        grant = {'grant_type': 'refresh_token', 'client_id': self.app_id, 'refresh_token': rt}
        r = O.post_form(self.emu, '/oidc/token', grant)
        self.assertEqual(r.status, 200, r)
        n = r.json()
        self.assertNotEqual(n['id_token'], t['id_token'])
        self.assertEqual(n['refresh_token'], rt)
        self.assertEqual(n['scope'], 'openid email offline_access')
        _, claims = O.verify_jws(n['id_token'], O.jwks(self.emu))
        _, first = O.verify_jws(t['id_token'], O.jwks(self.emu))
        self.assertNotIn('nonce', claims)
        self.assertEqual(claims['auth_time'], first['auth_time'])
        self.assertNotEqual(claims['sid'], first['sid'])
        self.assertOk(self.new_client(token=n['access_token']).me())
        self.assertOk(self.new_client(token=t['id_token']).me())   # the old one lives on
        # narrowing is fine, widening is not
        r = O.post_form(self.emu, '/oidc/token', dict(grant, scope='openid'))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()['scope'], 'openid')
        r = O.post_form(self.emu, '/oidc/token', dict(grant, scope='openid phone'))
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_scope'))
        for bad in (dict(grant, refresh_token='nope'), dict(grant, client_id='x')):
            r = O.post_form(self.emu, '/oidc/token', bad)
            self.assertIn(r.json()['error'], ('invalid_grant', 'invalid_client'))
        r = O.post_form(self.emu, '/oidc/token', {'grant_type': 'refresh_token', 'client_id': self.app_id})
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_request'))

    def test_userinfo(self):
        t = O.tokens_for(self.emu, self.app_id, scope='openid email')
        r = O.request(self.emu, 'GET', '/oidc/me', headers={'Authorization': 'Bearer ' + t['access_token']})
        self.assertEqual(r.status, 200, r)
        info = r.json()
        self.assertEqual(info['sub'], ALICE)
        self.assertEqual(info['email'], 'alice@example.com')
        self.assertNotIn('preferred_username', info)   # no profile scope
        r = O.request(self.emu, 'POST', '/oidc/me', headers={'Authorization': 'Bearer ' + t['access_token']})
        self.assertEqual(r.status, 200)
        for h in ({}, {'Authorization': 'Bearer nope'}):
            r = O.request(self.emu, 'GET', '/oidc/me', headers=h)
            self.assertEqual(r.status, 401)
            self.assertEqual(r.json()['error'], 'invalid_token')
            self.assertIn('invalid_token', r.headers['www-authenticate'])

    def test_end_session(self):
        t = O.tokens_for(self.emu, self.app_id, scope='openid offline_access')
        q = urllib.parse.urlencode({'id_token_hint': t['id_token'], 'state': 'bye',
                                    'post_logout_redirect_uri': 'http://127.0.0.1:50123/signed-out'})
        r = O.request(self.emu, 'GET', '/oidc/session/end?' + q)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.location, 'http://127.0.0.1:50123/signed-out?state=bye')
        self.assertNotLoggedIn(self.new_client(token=t['id_token']).me())
        r = O.post_form(self.emu, '/oidc/token', {'grant_type': 'refresh_token', 'client_id': self.app_id,
                                                  'refresh_token': t['refresh_token']})
        self.assertEqual(r.json()['error'], 'invalid_grant')
        # no redirect to anything but loopback
        q = urllib.parse.urlencode({'post_logout_redirect_uri': 'https://evil.example/'})
        r = O.request(self.emu, 'GET', '/oidc/session/end?' + q, headers={'Accept-Language': 'en'})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.location)
        self.assertIn('You have signed out', r.text)


class DeletedUser(E.EmulatorTestCase):
    def test_deleted_user_loses_everything(self):
        t = O.tokens_for(self.emu, self.app_id, account='carol', password='carol',
                         scope='openid offline_access')
        code, _, verifier = O.get_code(self.emu, self.app_id, account='carol', password='carol')
        self.assertOk(self.new_client(token=t['id_token']).delete('/api/v2/users/delete'))
        self.assertNotLoggedIn(self.new_client(token=t['access_token']).me())
        r = O.post_form(self.emu, '/oidc/token', {'grant_type': 'refresh_token', 'client_id': self.app_id,
                                                  'refresh_token': t['refresh_token']})
        self.assertEqual(r.json()['error'], 'invalid_grant')
        r = O.exchange(self.emu, self.app_id, code, verifier)
        self.assertEqual((r.status, r.json()['error']), (400, 'invalid_grant'))


SECURITY_POOL = os.path.join(E.FIXTURES, 'security.json')
CAROL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'


class TwoStep(E.EmulatorTestCase):
    """The hosted page asks a user with TOTP on for the code (docs/protocol-security.md §5.2)"""

    SEED = SECURITY_POOL

    def setUp(self):
        # No code of an earlier test may be the one asked for now (replays are refused)
        self.client.clock(90)

    def password_step(self, account='carol', password='Carol-pass-2024', lang='en'):
        verifier, challenge = O.pkce_pair()
        page = O.authorize(self.emu, O.auth_query(self.app_id, challenge=challenge),
                           headers={'Accept-Language': lang})
        self.assertEqual(page.status, 200, page)
        interaction = O.interaction_of(page)
        r = O.submit(self.emu, interaction, account, password)
        return interaction, verifier, r

    def totp(self, interaction, code, action='totp'):
        return O.post_form(self.emu, '/oidc/interaction',
                           {'interaction': interaction, 'action': action, 'code': code})

    def test_code_after_the_password(self):
        interaction, verifier, r = self.password_step()
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.location)
        self.assertIn('Two-step verification', r.text)
        self.assertIn('name="code"', r.text)
        self.assertIn('autocomplete="one-time-code"', r.text)
        self.assertNotIn('type="password"', r.text)
        self.assertEqual(O.interaction_of(r), interaction)

        r = self.totp(interaction, E.totp(CAROL_SECRET, self.client.now()))
        self.assertEqual(r.status, 303, r)
        p = O.callback_params(r.location)
        t = O.exchange(self.emu, self.app_id, p['code'], verifier)
        self.assertEqual(t.status, 200, t)
        me = self.assertOk(self.new_client(token=t.json()['id_token']).me())
        self.assertEqual(me['username'], 'carol')

    def test_wrong_missing_and_replayed_codes(self):
        interaction, _, r = self.password_step()
        right = E.totp(CAROL_SECRET, self.client.now())
        wrong = '%06d' % ((int(right) + 1) % 1000000)
        r = self.totp(interaction, wrong)
        self.assertEqual(r.status, 401, r)
        self.assertIn('Wrong code', r.text)
        self.assertIsNone(r.location)
        for bad in ('', '12345', 'abcdef', '1234567'):
            r = self.totp(interaction, bad)
            self.assertEqual(r.status, 400, r)
            self.assertIn('6-digit', r.text)
        # the password again is not what this step takes
        r = O.submit(self.emu, interaction, 'carol', 'Carol-pass-2024')
        self.assertEqual(r.status, 400)
        self.assertEqual(self.totp(interaction, right).status, 303)
        # the same code cannot sign in twice
        interaction, _, r = self.password_step()
        r = self.totp(interaction, right)
        self.assertEqual(r.status, 401, r)

    def test_too_many_wrong_codes_end_the_sign_in(self):
        interaction, _, r = self.password_step()
        right = E.totp(CAROL_SECRET, self.client.now())
        wrong = '%06d' % ((int(right) + 7) % 1000000)
        for _ in range(5):
            self.assertEqual(self.totp(interaction, wrong).status, 401)
        r = self.totp(interaction, wrong)
        self.assertEqual(r.status, 303, r)
        p = O.callback_params(r.location)
        self.assertEqual(p['error'], 'access_denied')
        self.assertEqual(self.totp(interaction, right).status, 400)

    def test_cancel_at_the_second_step(self):
        interaction, _, r = self.password_step(lang='zh-CN')
        self.assertIn('两步验证', r.text)
        r = self.totp(interaction, '', action='cancel')
        self.assertEqual(r.status, 303)
        self.assertEqual(O.callback_params(r.location)['error'], 'access_denied')

    def test_users_without_totp_go_straight_on(self):
        _, _, r = self.password_step('alice', 'Alice-pass-2024')
        self.assertEqual(r.status, 303, r)
        self.assertIn('code', O.callback_params(r.location))
        # `mfa: true` only marks the security level (authing-api-security.md §10)
        _, _, r = self.password_step('grace', 'Grace-pass-2024')
        self.assertEqual(r.status, 303, r)


class Restart(unittest.TestCase):
    def test_key_and_tokens_survive_a_restart(self):
        emu = E.Emulator(seed=E.BASIC_POOL)
        try:
            emu.start()
            app_id = E.load_pool(E.BASIC_POOL)['application']['id']
            t = O.tokens_for(emu, app_id, scope='openid offline_access')
            kid = O.jwks(emu)['keys'][0]['kid']
            self.assertEqual(emu.stop(), 0)
            emu.start()
            self.assertEqual(O.jwks(emu)['keys'][0]['kid'], kid)
            client = E.Client(emu.url, app_id=app_id, token=t['id_token'])
            self.assertEqual(client.me().code, 200)
            r = O.post_form(emu, '/oidc/token', {'grant_type': 'refresh_token', 'client_id': app_id,
                                                 'refresh_token': t['refresh_token']})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(emu.stop(), 0)
            self.assertIsNone(E.sanitizer_report(emu.stderr()), emu.stderr())
        finally:
            emu.stop()
            emu.cleanup()


if __name__ == '__main__':
    E.main()
