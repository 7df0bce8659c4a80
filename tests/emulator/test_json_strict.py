#!/usr/bin/python3
# Strict JSON (RFC 8259) for request bodies, from the shared table tests/fixtures/json-strict/:
# every reject/ file gets HTTP 400 with envelope code 400 (nothing changes), no accept/ file
# gets the "not valid JSON" answer. NUMBER custom values are read from their text: values that
# are not finite or not exactly representable (1e999, 99999999999999999999) are refused with
# code 400 naming the field instead of being stored as inf or a wrapped integer.

import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

TABLE = os.path.join(E.SOURCE_ROOT, 'tests', 'fixtures', 'json-strict')
BAD_JSON = 'The request body is not valid JSON'
NOT_OBJECT = 'The request body must be a JSON object'


def cases(kind):
    files = sorted(glob.glob(os.path.join(TABLE, kind, '*.json')))
    out = []
    for path in files:
        with open(path, 'rb') as f:
            out.append((os.path.basename(path), f.read()))
    return out


# limits/: valid RFC 8259 syntax (or the empty text) beyond a limit each reader sets for itself
# (RFC 8259 §9). The emulator's: nesting deeper than 64 is refused as not JSON; numbers of any size
# are syntax (a NUMBER field then refuses what it cannot hold exactly, see ExactNumbers); an empty
# body counts as {} (HACKING.md). A file missing here fails, so a new limit case gets a decision.
LIMITS = {
    'core-depth-128.json': 'refused',
    'core-depth-129.json': 'refused',
    'core-empty.json': 'empty',
    'core-int-overflow.json': 'syntax-ok',
    'core-int-underflow.json': 'syntax-ok',
    'core-number-overflows-double-negative.json': 'syntax-ok',
    'core-number-overflows-double.json': 'syntax-ok',
    'exponent-overflow-is-valid-syntax.json': 'syntax-ok',
    'integer-beyond-int64-is-valid-syntax.json': 'syntax-ok',
    'nesting-65-levels.json': 'refused',
}


class StrictTable(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = E.Emulator(seed=E.BASIC_POOL).start()
        cls.client = cls.emu.client(lang='en')
        cls.token = cls.client.token_for('alice', 'alice-pass-1')

    @classmethod
    def tearDownClass(cls):
        E.finish(cls.emu)

    def send(self, raw, path='/api/v2/users/profile/update'):
        return self.client.post(path, raw=raw, content_type='application/json', token=self.token)

    def test_table_is_big_enough(self):
        self.assertGreaterEqual(len(cases('reject')), 40)
        self.assertGreaterEqual(len(cases('accept')), 20)

    def test_every_reject_case_is_http_400(self):
        before = self.client.me(token=self.token).data
        for name, raw in cases('reject'):
            with self.subTest(case=name):
                r = self.send(raw)
                self.assertEqual(r.status, 400, '%s: %r' % (name, r))
                self.assertEqual(r.code, 400, '%s: %r' % (name, r))
                self.assertEqual(r.message, BAD_JSON, name)
        self.assertEqual(self.client.me(token=self.token).data['updatedAt'], before['updatedAt'],
                         'a refused body must change nothing')

    def test_reject_cases_on_other_json_endpoints(self):
        for path in ('/api/v2/udfs/values', '/api/v2/login/account', '/graphql/v2'):
            for name, raw in cases('reject'):
                with self.subTest(path=path, case=name):
                    r = self.send(raw, path)
                    self.assertEqual((r.status, r.code), (400, 400), '%s %s: %r' % (path, name, r))

    def test_no_accept_case_is_a_syntax_error(self):
        for name, raw in cases('accept'):
            with self.subTest(case=name):
                r = self.send(raw)
                is_object = raw.lstrip(b' \t\r\n').startswith(b'{')
                if is_object:
                    # profile/update then judges the members (unknown field, not a string, NUL)
                    self.assertEqual(r.status, 200, '%s: %r' % (name, r))
                elif b'\\u0000' in raw:
                    # a NUL is refused while reading, before the shape is looked at
                    self.assertEqual((r.status, r.code), (200, 400), '%s: %r' % (name, r))
                    self.assertIn('NUL', r.message, name)
                else:
                    self.assertEqual((r.status, r.message), (400, NOT_OBJECT), '%s: %r' % (name, r))
                self.assertNotEqual(r.message, BAD_JSON, name)

    def test_limit_cases(self):
        for name, raw in cases('limits'):
            with self.subTest(case=name):
                self.assertIn(name, LIMITS, 'a limits/ case without a decision in this test')
                r = self.send(raw)
                if LIMITS[name] == 'refused':
                    self.assertEqual((r.status, r.code, r.message), (400, 400, BAD_JSON), r)
                elif LIMITS[name] == 'empty':
                    self.assertEqual((r.status, r.code), (200, 200), r)
                else:
                    self.assertNotEqual(r.message, BAD_JSON, '%s: %r' % (name, r))

    def test_accepted_values_arrive_intact(self):
        for name, expected in (('unicode-raw-utf8.json', 'héllo 世界 👩\u200d💻'),
                               ('escaped-surrogate-pair.json', '😀'),
                               ('unicode-escaped-bmp.json', 'é世\ufffd'),
                               ('every-short-escape.json', '" \\ / \b \f \n \r \t'),
                               ('raw-max-code-point.json', '\U0010ffff')):
            with self.subTest(case=name):
                with open(os.path.join(TABLE, 'accept', name), 'rb') as f:
                    raw = f.read().replace(b'{"a":', b'{"nickname":', 1)
                r = self.send(raw)
                self.assertEqual(r.code, 200, r)
                self.assertEqual(r.data['nickname'], expected)


class ExactNumbers(unittest.TestCase):
    def setUp(self):
        self.emu = E.Emulator(seed=E.BASIC_POOL).start()
        self.addCleanup(E.finish, self.emu)
        self.client = self.emu.client(lang='en')
        self.token = self.client.token_for('alice', 'alice-pass-1')

    def values(self):
        r = self.client.get('/api/v2/udfs/values?targetType=USER', token=self.token)
        return {i['key']: i['value'] for i in r.data}

    def write_raw(self, raw):
        return self.client.post('/api/v2/udfs/values', raw=raw, content_type='application/json',
                                token=self.token)

    def test_unrepresentable_numbers_are_refused_naming_the_field(self):
        before = self.values()
        self.assertEqual(before['age'], '30')
        for text in (b'1e999', b'-1e999', b'99999999999999999999', b'-9223372036854775809',
                     b'9223372036854775808', b'1e-400'):
            with self.subTest(value=text):
                r = self.write_raw(b'{"udfs":[{"definition":"age","value":' + text + b'}]}')
                self.assertEqual((r.status, r.code), (200, 400), r)
                self.assertIn('age', r.message)
                self.assertEqual(self.values(), before, 'nothing may change')

    def test_datetime_and_object_values_are_checked_too(self):
        before = self.values()
        for raw in (b'{"udfs":[{"definition":"hired","value":1e999}]}',
                    b'{"udfs":[{"definition":"prefs","value":{"n":[1,99999999999999999999]}}]}'):
            with self.subTest(body=raw):
                r = self.write_raw(raw)
                self.assertEqual(r.code, 400, r)
                self.assertIn('hired' if b'hired' in raw else 'prefs', r.message)
        self.assertEqual(self.values(), before)

    def test_representable_numbers_are_stored_exactly(self):
        for text, stored in ((b'9223372036854775807', '9223372036854775807'),
                             (b'-9223372036854775808', '-9223372036854775808'),
                             (b'12.5', '12.5'), (b'1e5', '100000'), (b'-0', '0')):
            with self.subTest(value=text):
                r = self.write_raw(b'{"udfs":[{"definition":"age","value":' + text + b'}]}')
                self.assertEqual(r.code, 200, r)
                self.assertEqual(self.values()['age'], stored)

    def test_graphql_set_udv_with_unrepresentable_number(self):
        doc = 'mutation setUdv($targetType: UDFTargetType!, $targetId: String!, $key: String!, $value: String!) { setUdv(targetType: $targetType, targetId: $targetId, key: $key, value: $value) { key value } }'
        uid = E.user_id_from_token(self.token)
        before = self.values()
        r = self.client.post('/graphql/v2', {'query': doc, 'variables': {
            'targetType': 'USER', 'targetId': uid, 'key': 'age', 'value': '1e999'}}, token=self.token)
        errors = r.json().get('errors')
        self.assertTrue(errors, r)
        self.assertEqual(errors[0]['message']['code'], 400, r)
        self.assertEqual(self.values(), before)


if __name__ == '__main__':
    unittest.main(verbosity=2)
