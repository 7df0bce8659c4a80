#!/usr/bin/python3
# Writes: users/profile/update (every documented field; refused keys change nothing) and
# udfs/values (every data type; every wrong type refused with nothing changed).

import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

# Volatile fields that may change between two reads without a write.
VOLATILE = {'token', 'tokenExpiredAt', 'lastLogin', 'loginsCount', 'lastIP', 'iat', 'exp'}

PROFILE_VALUES = {
    'nickname': '小爱 Ally',
    'company': '示例公司 Example Ltd.',
    'photo': 'https://files.example.com/avatar/alice.png',
    'browser': 'Firefox 128',
    'device': 'ThinkPad X1',
    'name': 'Alice Liddell',
    'givenName': 'Alice',
    'familyName': 'Liddell',
    'middleName': 'Pleasance',
    'profile': 'Curiouser and curiouser!',
    'preferredUsername': 'ally',
    'website': 'https://alice.example.com',
    'gender': 'U',
    'birthdate': '1990-05-04',
    'zoneinfo': 'Asia/Shanghai',
    'locale': 'zh-CN',
    'address': '浙江省杭州市西湖区文三路 1 号',
    'streetAddress': '文三路 1 号',
    'locality': '西湖区',
    'region': '华东',
    'postalCode': '310000',
    'city': '杭州市',
    'province': '浙江省',
    'country': '中国',
}


def parse_iso(s):
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))


def stable(user):
    return {k: v for k, v in user.items() if k not in VOLATILE}


class ProfileUpdate(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.client.token_for('alice', 'alice-pass-1')

    def me(self):
        return self.assertOk(self.client.me(self.token))

    def update(self, body, token=None):
        return self.client.post('/api/v2/users/profile/update', body, token=token or self.token)

    def assertRefusedUnchanged(self, body, field):
        before = stable(self.me())
        r = self.update(body)
        self.assertIn(r.status, (200, 400), r)
        self.assertEqual(r.json()['code'], 400, 'body %r must be refused: %r' % (body, r))
        self.assertIn(field, r.json()['message'], 'the message must name %r: %r' % (field, r))
        after = stable(self.me())
        self.assertEqual(after, before, 'a refused update changed something')

    def test_every_documented_field_one_by_one(self):
        assert set(PROFILE_VALUES) | {'username'} == set(E.PROFILE_FIELDS)
        for field, value in PROFILE_VALUES.items():
            with self.subTest(field=field):
                r = self.update({field: value})
                user = self.assertOk(r)
                self.assertUser(user)
                self.assertEqual(user[field], value)
                self.assertEqual(self.me()[field], value)

    def test_update_returns_user_and_bumps_updated_at(self):
        before = self.me()
        user = self.assertOk(self.update({'nickname': 'Bumped'}))
        self.assertEqual(user['id'], before['id'])
        self.assertGreaterEqual(parse_iso(user['updatedAt']), parse_iso(before['updatedAt']))

    def test_several_fields_at_once(self):
        body = {'nickname': 'Ali', 'city': 'Suzhou', 'gender': 'F'}
        user = self.assertOk(self.update(body))
        me = self.me()
        for k, v in body.items():
            self.assertEqual(user[k], v)
            self.assertEqual(me[k], v)

    def test_unicode_and_long_values_round_trip(self):
        value = '👩‍💻 ' + 'ü' * 500 + ' "quoted" \\ back\nslash'
        self.assertEqual(self.assertOk(self.update({'profile': value}))['profile'], value)
        self.assertEqual(self.me()['profile'], value)

    def test_username_change(self):
        token = self.client.token_for('dave', 'dave-pass-4')
        user = self.assertOk(self.update({'username': 'david'}, token=token))
        self.assertEqual(user['username'], 'david')
        self.assertOk(self.client.login('david', 'dave-pass-4'))
        self.assertCode(self.client.login('dave', 'dave-pass-4'), E.BAD_CREDENTIALS)

    def test_username_taken_is_refused(self):
        before = stable(self.me())
        r = self.update({'username': 'bob', 'nickname': 'Not Bob'})
        self.assertIn(r.status, (200, 400))
        self.assertEqual(r.json()['code'], 2026, 'user already exists: %r' % r)
        self.assertEqual(stable(self.me()), before)
        self.assertOk(self.client.login('bob', 'Bob12345678Secure'))

    def test_birthdate_must_be_a_date(self):
        for value in ('not-a-date', '1990-13-01', '1990-02-30', '05/04/1990'):
            with self.subTest(birthdate=value):
                self.assertRefusedUnchanged({'birthdate': value}, 'birthdate')

    def test_username_cannot_be_cleared(self):
        for value in (None, ''):
            with self.subTest(username=value):
                before = stable(self.me())
                r = self.update({'username': value})
                self.assertEqual(r.json()['code'], 400, r)
                self.assertEqual(stable(self.me()), before)

    def test_null_clears_a_field(self):
        self.assertOk(self.update({'website': 'https://x.example.com'}))
        user = self.assertOk(self.update({'website': None}))
        self.assertIsNone(user['website'])
        self.assertIsNone(self.me()['website'])

    def test_gender_must_be_m_f_or_u(self):
        for value in ('X', 'male', 'm', ''):
            with self.subTest(gender=value):
                self.assertRefusedUnchanged({'gender': value, 'nickname': 'Gendered'}, 'gender')

    def test_refused_keys(self):
        for field, value in (('phone', '13999999999'), ('email', 'evil@example.com'),
                             ('password', 'newpass123'), ('favouriteColour', 'blue'),
                             ('id', 'ffffffffffffffffffffffff'), ('emailVerified', True),
                             ('phoneVerified', True), ('blocked', True), ('isDeleted', True),
                             ('loginsCount', 99), ('token', 'x'), ('userPoolId', 'x'),
                             ('customData', {'school': 'X'})):
            with self.subTest(field=field):
                # alone, and together with an allowed field: nothing at all may change
                self.assertRefusedUnchanged({field: value}, field)
                self.assertRefusedUnchanged({'nickname': 'Sneaky', field: value}, field)
        self.assertCode(self.client.login('13999999999', 'alice-pass-1'), E.BAD_CREDENTIALS)
        self.assertCode(self.client.login('alice', 'newpass123'), E.BAD_CREDENTIALS)
        self.assertOk(self.client.login('alice', 'alice-pass-1'))

    def test_not_an_object(self):
        before = stable(self.me())
        for raw in (b'[]', b'"nickname"', b'42', b'null'):
            with self.subTest(body=raw):
                r = self.client.request('POST', '/api/v2/users/profile/update', raw=raw,
                                        content_type='application/json', token=self.token)
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
        self.assertEqual(stable(self.me()), before)

    def test_wrong_value_types(self):
        before = stable(self.me())
        for body in ({'nickname': {'a': 1}}, {'nickname': [1, 2]}, {'city': True}):
            with self.subTest(body=body):
                r = self.update(body)
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
        self.assertEqual(stable(self.me()), before)

    def test_empty_update_changes_nothing(self):
        before = stable(self.me())
        r = self.update({})
        self.assertIn(r.json()['code'], (200, 400))
        after = stable(self.me())
        before.pop('updatedAt'), after.pop('updatedAt')
        self.assertEqual(after, before)


class CustomFields(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.client.token_for('alice', 'alice-pass-1')
        cls.uid = E.user_id_from_token(cls.token)
        cls.fields = {f['key']: f for f in cls.pool['customFields']}

    def values(self):
        r = self.client.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': self.uid},
                             token=self.token)
        self.assertEqual(r.status, 200, r)
        items = r.json()
        self.assertIsInstance(items, list, r)
        return {i['key']: i['value'] for i in items}

    def write(self, udfs):
        return self.client.post('/api/v2/udfs/values', {'udfs': udfs}, token=self.token)

    def check_value(self, key, sent, stored):
        dtype = self.fields[key]['dataType']
        self.assertIsInstance(stored, str)
        if dtype == 'STRING' or dtype == 'SELECT':
            self.assertEqual(stored, sent)
        elif dtype == 'NUMBER':
            self.assertEqual(float(stored), float(sent))
        elif dtype == 'BOOLEAN':
            self.assertEqual(stored, 'true' if sent else 'false')
        elif dtype == 'DATETIME':
            self.assertEqual(parse_iso(stored), parse_iso(sent))
        elif dtype == 'OBJECT':
            self.assertEqual(json.loads(stored), sent)

    def test_write_every_type(self):
        cases = [('school', 'Harvard'), ('school', ''), ('school', '华中科技大学'),
                 ('age', 31), ('age', 0), ('age', -2.5), ('age', 1e6),
                 ('vegetarian', False), ('vegetarian', True),
                 ('hired', '2024-05-06T07:08:09Z'), ('hired', '2024-05-06T15:08:09+08:00'),
                 ('shirt', 'l'), ('shirt', 's'),
                 ('prefs', {'theme': 'light', 'sizes': [1, 2, 3], 'nested': {'ok': True}}),
                 ('prefs', {})]
        for key, value in cases:
            with self.subTest(key=key, value=value):
                r = self.write([{'definition': key, 'value': value}])
                data = self.assertOk(r)
                self.assertIsInstance(data, list, r)
                returned = {i['key']: i for i in data}
                self.assertIn(key, returned)
                self.assertEqual(returned[key]['dataType'], self.fields[key]['dataType'])
                self.check_value(key, value, returned[key]['value'])
                self.check_value(key, value, self.values()[key])

    def test_batch_write(self):
        batch = [{'definition': 'school', 'value': 'Peking University'},
                 {'definition': 'age', 'value': 41},
                 {'definition': 'shirt', 'value': 'm'}]
        self.assertOk(self.write(batch))
        v = self.values()
        self.assertEqual(v['school'], 'Peking University')
        self.assertEqual(float(v['age']), 41)
        self.assertEqual(v['shirt'], 'm')

    def test_wrong_types_are_refused_and_nothing_changes(self):
        bad = [('school', 42), ('school', {'a': 1}), ('school', True),
               ('age', 'thirty'), ('age', '12abc'), ('age', True), ('age', {'n': 1}), ('age', [1]),
               ('vegetarian', 'yes'), ('vegetarian', 1), ('vegetarian', 'maybe'),
               ('hired', 'not a date'), ('hired', '2024-13-45T99:00:00Z'), ('hired', True),
               ('hired', {'y': 2024}),
               ('shirt', 'xxl'), ('shirt', 'M'), ('shirt', 1), ('shirt', ['m']),
               ('prefs', '{not json'), ('prefs', True)]
        for key, value in bad:
            with self.subTest(key=key, value=value):
                before = self.values()
                r = self.write([{'definition': key, 'value': value}])
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, '%s=%r must be refused: %r' % (key, value, r))
                self.assertIn(key, r.json()['message'], 'the message must name the field: %r' % r)
                self.assertEqual(self.values(), before)

    def test_batch_with_one_bad_value_changes_nothing(self):
        before = self.values()
        r = self.write([{'definition': 'school', 'value': 'Should Not Stick'},
                        {'definition': 'shirt', 'value': 'xxxl'}])
        self.assertEqual(r.json()['code'], 400, r)
        self.assertEqual(self.values(), before)

    def test_missing_value_is_refused(self):
        # HACKING.md: a missing value is refused (value: null clears)
        before = self.values()
        for item in ({'definition': 'school'}, {'definition': 'age'}, {'definition': 'prefs'}):
            with self.subTest(item=item):
                r = self.write([item])
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
                self.assertEqual(self.values(), before)

    def test_null_clears(self):
        self.assertOk(self.write([{'definition': 'vegetarian', 'value': True}]))
        self.assertEqual(self.values()['vegetarian'], 'true')
        self.assertOk(self.write([{'definition': 'vegetarian', 'value': None}]))
        self.assertEqual(self.values().get('vegetarian', ''), '')

    def test_every_defined_field_is_listed(self):
        # HACKING.md: every defined field, in definition order; no value is ""
        token = self.client.token_for('carol', 'carol')
        uid = E.user_id_from_token(token)
        items = self.client.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': uid}, token=token).json()
        self.assertEqual([i['key'] for i in items], [f['key'] for f in self.pool['customFields']])
        self.assertEqual({i['value'] for i in items}, {''})

    def test_other_target_types_are_refused(self):
        r = self.client.post('/api/v2/udvs/get', {'targetType': 'ROLE', 'targetId': self.uid}, token=self.token)
        self.assertEqual(r.json()['code'], 400, r)

    def test_unknown_field_is_refused(self):
        before = self.values()
        r = self.write([{'definition': 'school', 'value': 'Nope'},
                        {'definition': 'height', 'value': 180}])
        self.assertEqual(r.json()['code'], 400, r)
        self.assertIn('height', r.json()['message'])
        self.assertEqual(self.values(), before)

    def test_malformed_bodies(self):
        before = self.values()
        for body in ({}, {'udfs': 'school'}, {'udfs': [{'value': 'x'}]},
                     {'udfs': [42]}, {'udfs': [{'definition': 42, 'value': 'x'}]}):
            with self.subTest(body=body):
                r = self.client.post('/api/v2/udfs/values', body, token=self.token)
                self.assertIn(r.status, (200, 400), r)
                self.assertEqual(r.json()['code'], 400, r)
        self.assertEqual(self.values(), before)

    def test_udfs_values_get_matches_udvs_get(self):
        r = self.client.get('/api/v2/udfs/values?targetType=USER&targetId=' + self.uid, token=self.token)
        data = self.assertOk(r)
        self.assertEqual({i['key']: i['value'] for i in data}, self.values())


if __name__ == '__main__':
    E.main()
