#!/usr/bin/python3
# Sign-in identifiers: login matches the username, the e-mail and the phone, so one user must not
# be able to make their username another user's e-mail or phone (that took over the victim's
# e-mail sign-in: the login preferred the username match). Usernames, e-mails and phones are
# unique across the three columns (code 2026), and a username may not look like an e-mail
# address or phone number unless it is the user's own (code 400 naming `username`).

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

ALICE = 'aa0000000000000000000001'
BOB = 'aa0000000000000000000002'


class Identifiers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = E.Emulator(seed=E.BASIC_POOL).start()
        cls.client = cls.emu.client(lang='en')

    @classmethod
    def tearDownClass(cls):
        E.finish(cls.emu)

    def update(self, body, token):
        return self.client.post('/api/v2/users/profile/update', body, token=token)

    def assert_signs_in_as(self, account, password, user_id):
        r = self.client.login(account, password)
        self.assertEqual((r.status, r.code), (200, 200), r)
        self.assertEqual(r.data['id'], user_id, 'signing in with %r reached another account' % account)

    def test_username_cannot_take_another_users_email(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        r = self.update({'username': 'alice@example.com'}, bob)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.code, 2026, r)
        self.assertTrue(r.message, 'a refusal needs a message')
        self.assertEqual(self.client.me(token=bob).data['username'], 'bob')
        # the victim still signs in with her e-mail, and the attacker cannot
        self.assert_signs_in_as('alice@example.com', 'alice-pass-1', ALICE)
        self.assertEqual(self.client.login('alice@example.com', 'Bob12345678Secure').code, E.BAD_CREDENTIALS)

    def test_username_cannot_take_another_users_phone(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        r = self.update({'username': '13700000001', 'nickname': 'Phone thief'}, bob)
        self.assertEqual(r.code, 2026, r)
        me = self.client.me(token=bob).data
        self.assertEqual(me['username'], 'bob')
        self.assertNotEqual(me['nickname'], 'Phone thief', 'a refused update changes nothing')
        self.assert_signs_in_as('13700000001', 'alice-pass-1', ALICE)

    def test_graphql_update_user_is_refused_too(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        doc = 'mutation updateUser($id: String, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id username } }'
        r = self.client.post('/graphql/v2', {'query': doc, 'variables': {'input': {'username': 'dave@example.com'}}},
                             token=bob)
        self.assertEqual(r.status, 200, r)
        errors = r.json().get('errors')
        self.assertTrue(errors, r)
        self.assertEqual(errors[0]['message']['code'], 2026, r)
        self.assert_signs_in_as('dave@example.com', 'dave-pass-4', 'aa0000000000000000000004')

    def test_username_looking_like_an_email_is_refused(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        for value in ('someone.new@example.com', 'x@y', '@bob'):
            with self.subTest(username=value):
                r = self.update({'username': value}, bob)
                self.assertEqual(r.code, 400, r)
                self.assertIn('username', r.message)
                self.assertEqual(self.client.me(token=bob).data['username'], 'bob')

    def test_username_looking_like_a_phone_is_refused(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        for value in ('13912345678', '+86 139 1234 5678', '(010) 8888-1234', '12345'):
            with self.subTest(username=value):
                r = self.update({'username': value}, bob)
                self.assertEqual(r.code, 400, r)
                self.assertIn('username', r.message)

    def test_ordinary_usernames_with_digits_are_fine(self):
        token = self.client.token_for('carol', 'carol')
        for value in ('carol2024', '1234', 'room-101', 'carol'):
            with self.subTest(username=value):
                r = self.update({'username': value}, token)
                self.assertEqual(r.code, 200, r)
                self.assertEqual(r.data['username'], value)

    def test_own_email_or_phone_as_username_is_allowed(self):
        dave = self.client.token_for('dave', 'dave-pass-4')
        try:
            r = self.update({'username': 'dave@example.com'}, dave)
            self.assertEqual(r.code, 200, r)
            self.assert_signs_in_as('dave@example.com', 'dave-pass-4', 'aa0000000000000000000004')
            r = self.update({'username': '13700000004'}, dave)
            self.assertEqual(r.code, 200, r)
            self.assert_signs_in_as('13700000004', 'dave-pass-4', 'aa0000000000000000000004')
            self.assert_signs_in_as('dave@example.com', 'dave-pass-4', 'aa0000000000000000000004')
        finally:
            self.assertEqual(self.update({'username': 'dave'}, dave).code, 200)

    def test_another_users_username_is_still_refused(self):
        bob = self.client.token_for('bob', 'Bob12345678Secure')
        self.assertEqual(self.update({'username': 'alice'}, bob).code, 2026)
        self.assert_signs_in_as('alice', 'alice-pass-1', ALICE)
        self.assert_signs_in_as('bob', 'Bob12345678Secure', BOB)


if __name__ == '__main__':
    unittest.main(verbosity=2)
