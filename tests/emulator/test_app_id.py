#!/usr/bin/python3
# The application id (authing-api-security.md §10): an `x-authing-app-id` that names no
# application of the pool (by id or identifier) gets HTTP 200, envelope code 404 and the message
# "Application not found" (translated) on every API endpoint, and changes nothing; without the
# header (or with an empty one) the request is served as the pool's application.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

POOL_APP_ID = 'a00000000000000000000a01'
POOL_APP_IDENTIFIER = 'example'
LISTED_APP_ID = 'ab0000000000000000000013'


class ApplicationId(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = E.Emulator(seed=E.BASIC_POOL).start()
        cls.good = cls.emu.client(app_id=POOL_APP_ID, lang='en')
        cls.token = cls.good.token_for('alice', 'alice-pass-1')

    @classmethod
    def tearDownClass(cls):
        E.finish(cls.emu)

    def bad(self, lang='en', app_id='no-such-app'):
        return E.Client(self.emu.url, app_id=app_id, lang=lang)

    def assert_not_found(self, r, message='Application not found'):
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.code, 404, r)
        self.assertEqual(r.message, message)
        self.assertIsNone(r.data)

    def test_every_api_endpoint_refuses_an_unknown_application(self):
        c = self.bad()
        enc = self.good.encrypt('alice-pass-1')
        requests = [
            ('GET', '/api/v2/.well-known', None),
            ('GET', '/api/v2/applications/%s/public-config' % POOL_APP_ID, None),
            ('POST', '/api/v2/login/account', {'account': 'alice', 'password': enc}),
            ('GET', '/api/v2/logout', None),
            ('GET', '/api/v2/users/me', None),
            ('POST', '/api/v2/users/refresh-token', {}),
            ('POST', '/api/v2/users/profile/update', {'nickname': 'Wrong app'}),
            ('GET', '/api/v2/users/me/security-level', None),
            ('POST', '/api/v2/udvs/get', {'targetType': 'USER'}),
            ('GET', '/api/v2/udfs/values', None),
            ('POST', '/api/v2/udfs/values', {'udfs': [{'definition': 'age', 'value': 99}]}),
            ('GET', '/api/v2/users/me/applications/allowed', None),
            ('GET', '/api/v2/users/me/orgs', None),
            ('GET', '/api/v2/users/me/roles', None),
            ('POST', '/api/v2/users/resource/authorized', {}),
            ('DELETE', '/api/v2/users/delete', None),
        ]
        for method, path, body in requests:
            with self.subTest(method=method, path=path):
                r = c.request(method, path, body=body, token=self.token)
                self.assert_not_found(r)
        # nothing changed, the token still works, the account still exists
        me = self.good.me(token=self.token)
        self.assertEqual(me.code, 200, me)
        self.assertNotEqual(me.data['nickname'], 'Wrong app')
        values = {v['key']: v['value'] for v in self.good.get('/api/v2/udfs/values', token=self.token).data}
        self.assertEqual(values['age'], '30')

    def test_upload_and_graphql_refuse_it_too(self):
        c = self.bad()
        r = c.request('POST', '/api/v2/upload', raw=b'--x--\r\n', content_type='multipart/form-data; boundary=x')
        self.assert_not_found(r)
        r = c.post('/graphql/v2', {'query': 'query { checkLoginStatus { code } }'})
        self.assertEqual((r.status, r.json()['code']), (200, 404), r)

    def test_login_with_an_unknown_application_gives_no_token(self):
        c = self.bad()
        c._public_key = self.good.public_key()     # .well-known refuses the bad id too
        r = c.login('alice', 'alice-pass-1')
        self.assert_not_found(r)

    def test_message_is_translated(self):
        self.assert_not_found(self.bad(lang=None).get('/api/v2/.well-known'), '应用不存在')

    def test_known_ids_and_no_header_are_served(self):
        for app_id in (POOL_APP_ID, POOL_APP_IDENTIFIER, LISTED_APP_ID, '', None):
            with self.subTest(app_id=app_id):
                c = E.Client(self.emu.url, app_id=app_id, lang='en')
                r = c.get('/api/v2/users/me', token=self.token)
                self.assertEqual((r.status, r.code), (200, 200), r)
                r = c.login('alice', 'alice-pass-1')
                self.assertEqual(r.code, 200, r)

    def test_id_match_is_exact(self):
        for app_id in (POOL_APP_ID.upper(), POOL_APP_ID + 'x', 'EXAMPLE', POOL_APP_ID[:-1]):
            with self.subTest(app_id=app_id):
                self.assert_not_found(self.bad(app_id=app_id).get('/api/v2/users/me', token=self.token))

    def test_other_paths_are_unaffected(self):
        r = self.bad().get('/api/v2/no/such/endpoint')
        self.assertEqual(r.status, 404, r)


if __name__ == '__main__':
    unittest.main(verbosity=2)
