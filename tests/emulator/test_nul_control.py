#!/usr/bin/python3
# NUL and control characters: a query parameter or JSON string with NUL is refused (code 400
# naming the parameter or field), never truncated (`targetId=<mine>%00<other>` used to be read as
# `<mine>`, and a nickname "abc\u0000def" stored as "abc"); a value that names an id or a key
# with a control character is refused too. Free text (a nickname) may still hold newlines.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

ALICE = 'aa0000000000000000000001'
BOB = 'aa0000000000000000000002'


class NulAndControl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = E.Emulator(seed=E.BASIC_POOL).start()
        cls.client = cls.emu.client(lang='en')
        cls.token = cls.client.token_for('alice', 'alice-pass-1')

    @classmethod
    def tearDownClass(cls):
        E.finish(cls.emu)

    def raw_post(self, path, raw, token=None):
        return self.client.post(path, raw=raw, content_type='application/json',
                                token=self.token if token is None else token)

    def assert_refused(self, r, name):
        self.assertEqual((r.status, r.code), (200, 400), r)
        self.assertIn(name, r.message, r)

    def test_query_parameter_with_nul_is_refused_not_truncated(self):
        r = self.client.get('/api/v2/udfs/values?targetType=USER&targetId=%s%%00%s' % (ALICE, BOB),
                            token=self.token)
        self.assert_refused(r, 'targetId')
        self.assertIsNone(r.data)
        r = self.client.get('/api/v2/udfs/values?targetType=US%00ER', token=self.token)
        self.assert_refused(r, 'targetType')
        r = self.client.get('/api/v2/users/me/applications/allowed?page=1%00', token=self.token)
        self.assert_refused(r, 'page')
        r = self.client.get('/api/v2/users/me/roles?namespace=default%00x', token=self.token)
        self.assert_refused(r, 'namespace')

    def test_query_parameter_name_with_nul_is_refused(self):
        r = self.client.get('/api/v2/udfs/values?targetId%%00x=%s' % BOB, token=self.token)
        self.assert_refused(r, 'targetId')

    def test_query_parameter_that_is_not_utf8_is_refused(self):
        r = self.client.get('/api/v2/udfs/values?targetId=%ff', token=self.token)
        self.assert_refused(r, 'targetId')
        # a name that is not UTF-8 before its NUL (found by fuzzing: a use after free)
        for query in ('%ff%00=1', '%C3%28%00x=1', '%ff=1'):
            with self.subTest(query=query):
                r = self.client.get('/api/v2/udfs/values?' + query, token=self.token)
                self.assertEqual((r.status, r.code), (200, 400), r)
        self.assertEqual(self.client.me(token=self.token).code, 200)

    def test_json_string_with_nul_is_refused_not_truncated(self):
        before = self.client.me(token=self.token).data
        r = self.raw_post('/api/v2/users/profile/update', b'{"nickname":"abc\\u0000def"}')
        self.assert_refused(r, 'nickname')
        after = self.client.me(token=self.token).data
        self.assertEqual(after['nickname'], before['nickname'])
        self.assertEqual(after['updatedAt'], before['updatedAt'])

    def test_nested_json_string_with_nul_names_its_path(self):
        r = self.raw_post('/api/v2/udfs/values',
                          b'{"udfs":[{"definition":"school","value":"M\\u0000IT"}]}')
        self.assert_refused(r, 'udfs[0].value')
        r = self.raw_post('/api/v2/udvs/get', b'{"targetType":"USER","targetId":"%s\\u0000%s"}'
                          % (ALICE.encode(), BOB.encode()))
        self.assert_refused(r, 'targetId')
        values = self.client.get('/api/v2/udfs/values', token=self.token).data
        self.assertEqual({v['key']: v['value'] for v in values}['school'], 'MIT')

    def test_member_name_with_nul_is_refused(self):
        r = self.raw_post('/api/v2/users/profile/update', b'{"nick\\u0000name":"x"}')
        self.assertEqual((r.status, r.code), (200, 400), r)
        self.assertIn('must not contain NUL', r.message)

    def test_control_characters_in_ids_and_keys_are_refused(self):
        cases = [
            ('/api/v2/udvs/get', b'{"targetType":"USER","targetId":"%s\\n"}' % ALICE.encode(), 'targetId'),
            ('/api/v2/udvs/get', b'{"targetType":"USER\\t"}', 'targetType'),
            ('/api/v2/udfs/values', b'{"udfs":[{"definition":"age\\t","value":3}]}', 'udfs[0].definition'),
            ('/api/v2/users/resource/authorized', b'{"namespace":"default\\r"}', 'namespace'),
            ('/api/v2/users/resource/authorized', b'{"resourceType":"DATA\\u001f"}', 'resourceType'),
            ('/api/v2/users/profile/update', b'{"username":"alice\\u0007"}', 'username'),
        ]
        for path, raw, name in cases:
            with self.subTest(path=path, name=name):
                self.assert_refused(self.raw_post(path, raw), name)
        r = self.client.get('/api/v2/udfs/values?targetId=%s%%0A' % ALICE, token=self.token)
        self.assert_refused(r, 'targetId')
        r = self.client.get('/api/v2/users/me/roles?namespace=default%09', token=self.token)
        self.assert_refused(r, 'namespace')
        self.assertEqual(self.client.me(token=self.token).data['username'], 'alice')

    def test_login_account_with_control_character(self):
        r = self.client.login('alice\n', 'alice-pass-1')
        self.assert_refused(r, 'account')

    def test_graphql_ids_with_control_characters(self):
        doc = 'query udv($targetType: UDFTargetType!, $targetId: String!) { udv(targetType: $targetType, targetId: $targetId) { key value } }'
        r = self.client.post('/graphql/v2', {'query': doc, 'variables': {
            'targetType': 'USER', 'targetId': ALICE + '\n'}}, token=self.token)
        errors = r.json().get('errors')
        self.assertTrue(errors, r)
        self.assertEqual(errors[0]['message']['code'], 400, r)
        self.assertIn('targetId', errors[0]['message']['message'])

    def test_free_text_may_still_hold_newlines(self):
        r = self.client.post('/api/v2/users/profile/update', {'nickname': 'two\nlines\ttab'},
                             token=self.token)
        self.assertEqual(r.code, 200, r)
        self.assertEqual(r.data['nickname'], 'two\nlines\ttab')


if __name__ == '__main__':
    unittest.main(verbosity=2)
