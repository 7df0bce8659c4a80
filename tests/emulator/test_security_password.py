#!/usr/bin/python3
# Changing and checking the password (protocol-security.md section 2): the policy, the old
# password, the revocation of the other tokens, the security level that follows, bad input.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

SECURITY_POOL = os.path.join(E.FIXTURES, 'security.json')
LEVELS_TABLE = os.path.join(E.SOURCE_ROOT, 'tests', 'fixtures', 'password-levels.tsv')


def read_levels():
    """The shared table of password strength levels (also read by the core's test)."""
    rows = []
    with open(LEVELS_TABLE, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            level, password = line.split('\t', 1)
            rows.append((int(level), password.replace('\\t', '\t')))
    return rows


class PasswordUpdate(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def update(self, token, new, old=None, encrypt=True):
        body = {'newPassword': self.client.encrypt(new) if encrypt else new}
        if old is not None:
            body['oldPassword'] = self.client.encrypt(old) if encrypt else old
        return self.client.post('/api/v2/password/update', body, token=token)

    def test_change_revokes_other_tokens_keeps_this_one(self):
        a = self.client.token_for('frank', 'frank-pass-1')
        b = self.client.token_for('frank', 'frank-pass-1')
        user = self.assertOk(self.update(a, 'Frank-new-pass-2025', 'frank-pass-1'))
        self.assertUser(user)
        self.assertEqual(user['username'], 'frank')
        self.assertIsNone(user['token'], 'the answer is the user, no new token')
        self.assertOk(self.client.me(token=a))
        self.assertNotLoggedIn(self.client.me(token=b))
        self.assertCode(self.client.login('frank', 'frank-pass-1'), E.BAD_CREDENTIALS)
        self.assertOk(self.client.login('frank', 'Frank-new-pass-2025'))
        # the other users' tokens are untouched
        alice = self.client.token_for('alice', 'Alice-pass-2024')
        self.assertOk(self.update(a, 'frank-pass-1', 'Frank-new-pass-2025'))
        self.assertOk(self.client.me(token=alice))

    def test_old_password_wrong(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        r = self.update(t, 'another-pass-1', 'not-bobs-1')
        self.assertCode(r, 1320011)
        # plain text instead of RSA is also "wrong"
        self.assertCode(self.update(t, 'another-pass-1', 'bob-pass-1', encrypt=False), 400)
        r = self.client.post('/api/v2/password/update',
                             {'newPassword': self.client.encrypt('another-pass-1'), 'oldPassword': 'bob-pass-1'},
                             token=t)
        self.assertCode(r, 1320011)
        self.assertOk(self.client.login('bob', 'bob-pass-1'))
        self.assertOk(self.client.me(token=t))  # a refused change revokes nothing

    def test_old_password_required_when_there_is_one(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        r = self.update(t, 'another-pass-1')
        self.assertCode(r, 400)
        self.assertIn('oldPassword', r.message)
        self.assertOk(self.client.login('bob', 'bob-pass-1'))

    def test_policy(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        for bad in ('short1', '1234567', 'bob', 'BOB', '', 'Bob'):
            with self.subTest(password=bad):
                r = self.update(t, bad, 'bob-pass-1')
                self.assertCode(r, 400)
                self.assertIn('newPassword', r.message)
        # English messages with x-authing-lang
        r = self.client.post('/api/v2/password/update',
                             {'newPassword': self.client.encrypt('short'),
                              'oldPassword': self.client.encrypt('bob-pass-1')}, token=t, lang='en-US')
        self.assertCode(r, 400)
        self.assertIn('8 characters', r.message)
        self.assertOk(self.client.login('bob', 'bob-pass-1'))  # nothing changed
        # eight characters, Unicode counted as characters, is enough
        self.assertOk(self.update(t, '密码密码密码密码', 'bob-pass-1'))
        self.assertOk(self.client.login('bob', '密码密码密码密码'))
        self.assertOk(self.update(t, 'bob-pass-1', '密码密码密码密码'))

    def test_password_less_account_sets_one_without_old(self):
        t = self.dave_token()
        self.assertFalse(self.assertOk(self.client.get('/api/v2/users/me/security-level', token=t))['password'])
        self.assertOk(self.update(t, 'Dave-pass-2024x'))
        level = self.assertOk(self.client.get('/api/v2/users/me/security-level', token=t))
        self.assertTrue(level['password'])
        self.assertEqual(level['passwordSecurityLevel'], 3)
        self.assertOk(self.client.login('dave', 'Dave-pass-2024x'))

    def dave_token(self):
        c = self.client
        c.clock(61)
        self.assertOk(c.post('/api/v2/sms/send', {'phone': '13700000004'}))
        r = c.post('/api/v2/login/phone-code', {'phone': '13700000004', 'code': c.last_code('13700000004')})
        return self.assertOk(r)['token']

    def test_security_level_follows(self):
        t = self.client.token_for('alice', 'Alice-pass-2024')
        current = 'Alice-pass-2024'
        for level, pw in read_levels():
            if len(pw) < 8 or pw == current:
                continue
            with self.subTest(password=pw):
                self.assertOk(self.update(t, pw, current))
                current = pw
                got = self.assertOk(self.client.get('/api/v2/users/me/security-level', token=t))
                self.assertEqual(got['passwordSecurityLevel'], level)
                # alice has an e-mail address (5) and a phone (10) too
                self.assertEqual(got['score'], min(100, 40 + {1: 20, 2: 25, 3: 30}[level] + 15))
        self.assertOk(self.update(t, 'Alice-pass-2024', current))

    def test_not_the_username(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        self.assertOk(self.client.post('/api/v2/users/profile/update', {'username': 'bobby-the-builder'}, token=t))
        try:
            for pw in ('bobby-the-builder', 'Bobby-The-Builder'):
                r = self.update(t, pw, 'bob-pass-1')
                self.assertCode(r, 400)
                self.assertIn('newPassword', r.message)
            self.assertOk(self.client.login('bobby-the-builder', 'bob-pass-1'))
        finally:
            self.assertOk(self.client.post('/api/v2/users/profile/update', {'username': 'bob'}, token=t))

    def test_bad_input_changes_nothing(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        for body in ({}, {'newPassword': 12345678}, {'newPassword': None},
                     {'newPassword': 'x' * (1024 * 1024 - 100)},
                     {'newPassword': '密码' * 1000, 'oldPassword': self.client.encrypt('bob-pass-1')},
                     {'newPassword': self.client.encrypt('good-pass-1'), 'oldPassword': ['x']}):
            with self.subTest(body=str(body)[:60]):
                r = self.client.post('/api/v2/password/update', body, token=t)
                self.assertCode(r, 400)
        self.assertEqual(self.client.post('/api/v2/password/update', {'newPassword': 'x' * (1024 * 1024 + 10)},
                                          token=t).status, 413)
        self.assertOk(self.client.login('bob', 'bob-pass-1'))

    def test_needs_a_token(self):
        r = self.client.post('/api/v2/password/update', {'newPassword': self.client.encrypt('abcdefgh1')})
        self.assertNotLoggedIn(r)


class PasswordCheck(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def check(self, token, password, encrypt=True):
        value = self.client.encrypt(password) if encrypt else password
        return self.client.get('/api/v2/users/password/check?password=' + E.urllib.parse.quote(value, safe=''),
                               token=token)

    def test_right_and_wrong(self):
        t = self.client.token_for('alice', 'Alice-pass-2024')
        self.assertIsNone(self.assertOk(self.check(t, 'Alice-pass-2024')))
        self.assertCode(self.check(t, 'alice-pass-2024'), 2006)
        self.assertCode(self.check(t, 'Alice-pass-2024', encrypt=False), 2006)
        self.assertCode(self.check(t, '数' * 1000, encrypt=False), 2006)
        # a request line over the emulator's 32 KiB head limit is refused before any handler
        self.assertEqual(self.check(t, '数' * 5000, encrypt=False).status, 431)
        # a '+' the client forgot to escape arrives as a space and is still read
        ct = self.client.encrypt('Alice-pass-2024')
        while '+' not in ct:
            ct = self.client.encrypt('Alice-pass-2024')
        r = self.client.get('/api/v2/users/password/check?password=' + ct.replace('/', '%2F').replace('=', '%3D'),
                            token=t)
        self.assertOk(r)

    def test_missing_and_no_password(self):
        t = self.client.token_for('alice', 'Alice-pass-2024')
        self.assertCode(self.client.get('/api/v2/users/password/check', token=t), 400)
        self.assertNotLoggedIn(self.client.get('/api/v2/users/password/check?password=x'))

    def test_checks_do_not_revoke(self):
        t = self.client.token_for('alice', 'Alice-pass-2024')
        for _ in range(3):
            self.assertCode(self.check(t, 'nope-nope-1'), 2006)
        self.assertOk(self.client.me(token=t))


if __name__ == '__main__':
    os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'
    E.main()
