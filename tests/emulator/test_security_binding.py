#!/usr/bin/python3
# Binding, changing and unbinding a phone or an e-mail address (protocol-security.md section
# 4), and deleting the account with a code (section 8): every error, the verified flags, the
# security level, uniqueness across usernames, e-mail addresses and phones, and that a refused
# request neither changes anything nor consumes a code.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

SECURITY_POOL = os.path.join(E.FIXTURES, 'security.json')
WRONG_CODE = 2001


def other_code(code):
    return '%06d' % ((int(code) + 1) % 1000000)


class Binding(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def setUp(self):
        self.client.clock(61)

    def token(self, username):
        return self.client.token_for(username, {'alice': 'Alice-pass-2024', 'bob': 'bob-pass-1',
                                                'frank': 'frank-pass-1', 'grace': 'Grace-pass-2024'}[username])

    def code_login_token(self, channel, address):
        c = self.client
        c.clock(61)
        if channel == 'sms':
            self.assertOk(c.post('/api/v2/sms/send', {'phone': address}))
            r = c.post('/api/v2/login/phone-code', {'phone': address, 'code': c.last_code(address)})
        else:
            self.assertOk(c.post('/api/v2/email/send', {'email': address, 'scene': 'VERIFY_CODE'}))
            r = c.post('/api/v2/login/email-code', {'email': address, 'code': c.last_code(address)})
        return self.assertOk(r)['token']

    def sms_code(self, phone, token):
        self.client.clock(61)
        self.assertOk(self.client.post('/api/v2/sms/send', {'phone': phone}, token=token))
        return self.client.last_code(phone)

    def email_code(self, email, token):
        self.client.clock(61)
        self.assertOk(self.client.post('/api/v2/email/send', {'email': email, 'scene': 'CHANGE_EMAIL'},
                                       token=token))
        return self.client.last_code(email)

    def me(self, token):
        return self.assertOk(self.client.me(token=token))

    def level(self, token):
        return self.assertOk(self.client.get('/api/v2/users/me/security-level', token=token))

    def post(self, path, body, token):
        return self.client.post(path, body, token=token)

    # --- phone ---

    def test_bind_phone_then_change_then_unbind(self):
        t = self.token('bob')
        self.assertFalse(self.level(t)['phone'])
        score = self.level(t)['score']
        code = self.sms_code('13711110001', t)
        user = self.assertOk(self.post('/api/v2/users/phone/bind',
                                       {'phone': '13711110001', 'phoneCode': code, 'phoneCountryCode': '+86'}, t))
        self.assertUser(user)
        self.assertEqual(user['phone'], '13711110001')
        self.assertTrue(user['phoneVerified'])
        self.assertTrue(self.level(t)['phone'])
        self.assertEqual(self.level(t)['score'], score + 10)
        self.assertOk(self.client.login('13711110001', 'bob-pass-1'))
        # the code was used
        self.assertCode(self.post('/api/v2/users/phone/bind', {'phone': '13711110001', 'phoneCode': code}, t), 1320004)

        new = self.sms_code('13711110002', t)
        old = self.sms_code('13711110001', t)
        user = self.assertOk(self.post('/api/v2/users/phone/update',
                                       {'phone': '13711110002', 'phoneCode': new,
                                        'oldPhone': '13711110001', 'oldPhoneCode': old}, t))
        self.assertEqual(user['phone'], '13711110002')
        self.assertTrue(user['phoneVerified'])
        self.assertCode(self.client.login('13711110001', 'bob-pass-1'), E.BAD_CREDENTIALS)

        user = self.assertOk(self.post('/api/v2/users/phone/unbind', {}, t))
        self.assertIsNone(user['phone'])
        self.assertFalse(user['phoneVerified'])
        self.assertFalse(self.level(t)['phone'])
        self.assertEqual(self.level(t)['score'], score)

    def test_bind_phone_errors(self):
        t = self.token('bob')
        code = self.sms_code('13711110003', t)
        cases = [
            ({'phone': '13711110003', 'phoneCode': other_code(code)}, WRONG_CODE),
            ({'phone': '13700000001', 'phoneCode': code}, 1320004),     # alice's
            ({'phone': 'alice', 'phoneCode': code}, 400),               # not a phone
            ({'phone': '13711110003'}, 400),                            # no code
            ({'phone': '13711110003', 'phoneCode': '１２３４５６'}, 400),
            ({'phoneCode': code}, 400),
        ]
        for body, expected in cases:
            with self.subTest(body=body):
                self.assertCode(self.post('/api/v2/users/phone/bind', body, t), expected)
        self.assertIsNone(self.me(t)['phone'])
        # the one wrong code counted, but the refused requests consumed nothing
        self.assertOk(self.post('/api/v2/users/phone/bind', {'phone': '13711110003', 'phoneCode': code}, t))
        # binding again: the same phone (1320004), another one while one is bound (400)
        self.assertCode(self.post('/api/v2/users/phone/bind',
                                  {'phone': '13711110003', 'phoneCode': code}, t), 1320004)
        other = self.sms_code('13711110004', t)
        r = self.post('/api/v2/users/phone/bind', {'phone': '13711110004', 'phoneCode': other}, t)
        self.assertCode(r, 400)
        self.assertIn('phone', r.message)
        self.assertOk(self.post('/api/v2/users/phone/unbind', {}, t))

    def test_update_phone_errors(self):
        f = self.token('frank')
        new = self.sms_code('13711110005', f)
        old = self.sms_code('13700000006', f)
        cases = [
            ({'phone': '13700000006', 'phoneCode': old, 'oldPhoneCode': old}, 2230),      # the same
            ({'phone': '13700000001', 'phoneCode': new, 'oldPhoneCode': old}, 1320004),   # alice's
            ({'phone': '13711110005', 'phoneCode': new}, 400),                           # no old code
            ({'phone': '13711110005', 'phoneCode': new, 'oldPhone': '13700000009', 'oldPhoneCode': old}, 400),
            ({'phone': '13711110005', 'phoneCode': other_code(new), 'oldPhoneCode': old}, WRONG_CODE),
            ({'phone': '13711110005', 'phoneCode': new, 'oldPhoneCode': other_code(old)}, WRONG_CODE),
        ]
        for body, expected in cases:
            with self.subTest(body=body):
                self.assertCode(self.post('/api/v2/users/phone/update', body, f), expected)
        self.assertEqual(self.me(f)['phone'], '13700000006')
        # neither code was consumed by the refusals (each counted one wrong try)
        user = self.assertOk(self.post('/api/v2/users/phone/update',
                                       {'phone': '13711110005', 'phoneCode': new, 'oldPhoneCode': old}, f))
        self.assertEqual(user['phone'], '13711110005')
        # put it back
        user = self.assertOk(self.post('/api/v2/users/phone/update',
                                       {'phone': '13700000006', 'phoneCode': self.sms_code('13700000006', f),
                                        'oldPhoneCode': self.sms_code('13711110005', f)}, f))
        self.assertEqual(user['phone'], '13700000006')

    def test_update_without_a_phone(self):
        t = self.token('grace')
        code = self.sms_code('13711110006', t)
        r = self.post('/api/v2/users/phone/update', {'phone': '13711110006', 'phoneCode': code,
                                                    'oldPhoneCode': code}, t)
        self.assertCode(r, 400)
        self.assertCode(self.post('/api/v2/users/phone/unbind', {}, t), 400)

    def test_unbind_the_only_way_to_sign_in(self):
        dave = self.code_login_token('sms', '13700000004')     # no password, no e-mail
        self.assertCode(self.post('/api/v2/users/phone/unbind', {}, dave), 1320005)
        self.assertEqual(self.me(dave)['phone'], '13700000004')
        erin = self.code_login_token('email', 'erin@example.com')   # no password, no phone
        self.assertCode(self.post('/api/v2/users/email/unbind', {}, erin), 1320010)
        self.assertEqual(self.me(erin)['email'], 'erin@example.com')
        # with an e-mail address bound too, dave may unbind the phone
        code = self.email_code('dave@example.com', dave)
        self.assertOk(self.post('/api/v2/users/email/bind', {'email': 'dave@example.com', 'emailCode': code}, dave))
        self.assertOk(self.post('/api/v2/users/phone/unbind', {}, dave))
        self.assertCode(self.post('/api/v2/users/email/unbind', {}, dave), 1320010)
        # and signs in with the e-mail code now; bind the phone back
        dave = self.code_login_token('email', 'dave@example.com')
        code = self.sms_code('13700000004', dave)
        self.assertOk(self.post('/api/v2/users/phone/bind', {'phone': '13700000004', 'phoneCode': code}, dave))

    # --- e-mail ---

    def test_email_bind_change_unbind(self):
        t = self.token('grace')
        self.assertOk(self.post('/api/v2/users/email/unbind', {}, t))
        score = self.level(t)['score']
        self.assertFalse(self.level(t)['email'])
        code = self.email_code('grace.new@example.com', t)
        user = self.assertOk(self.post('/api/v2/users/email/bind',
                                       {'email': 'grace.new@example.com', 'emailCode': code}, t))
        self.assertEqual(user['email'], 'grace.new@example.com')
        self.assertTrue(user['emailVerified'])
        self.assertEqual(self.level(t)['score'], score + 5)
        self.assertOk(self.client.login('grace.new@example.com', 'Grace-pass-2024'))

        new = self.email_code('grace@example.com', t)
        old = self.email_code('grace.new@example.com', t)
        user = self.assertOk(self.post('/api/v2/users/email/update',
                                       {'email': 'grace@example.com', 'emailCode': new,
                                        'oldEmail': 'grace.new@example.com', 'oldEmailCode': old}, t))
        self.assertEqual(user['email'], 'grace@example.com')
        self.assertTrue(user['emailVerified'])

    def test_email_errors(self):
        f = self.token('frank')
        new = self.email_code('frank.new@example.com', f)
        old = self.email_code('frank@example.com', f)
        cases = [
            ('/api/v2/users/email/bind', {'email': 'frank.new@example.com', 'emailCode': new}, 400),  # has one
            ('/api/v2/users/email/update', {'email': 'alice@example.com', 'emailCode': new, 'oldEmailCode': old}, 2026),
            ('/api/v2/users/email/update', {'email': 'frank@example.com', 'emailCode': old, 'oldEmailCode': old}, 400),
            ('/api/v2/users/email/update', {'email': 'frank.new@example.com', 'emailCode': new}, 400),
            ('/api/v2/users/email/update', {'email': 'frank.new@example.com', 'emailCode': new,
                                            'oldEmail': 'x@example.com', 'oldEmailCode': old}, 400),
            ('/api/v2/users/email/update', {'email': 'not-an-address', 'emailCode': new, 'oldEmailCode': old}, 2003),
            ('/api/v2/users/email/update', {'email': 'ü@example.com', 'emailCode': new, 'oldEmailCode': old}, 400),
            ('/api/v2/users/email/update', {'email': 'frank.new@example.com', 'emailCode': other_code(new),
                                            'oldEmailCode': old}, WRONG_CODE),
            ('/api/v2/users/email/update', {'email': 'frank.new@example.com', 'emailCode': new,
                                            'oldEmailCode': other_code(old)}, WRONG_CODE),
        ]
        for path, body, expected in cases:
            with self.subTest(path=path, body=body):
                self.assertCode(self.post(path, body, f), expected)
        self.assertEqual(self.me(f)['email'], 'frank@example.com')
        # a username is not an address
        self.assertCode(self.post('/api/v2/users/email/update',
                                  {'email': 'alice', 'emailCode': new, 'oldEmailCode': old}, f), 2003)
        user = self.assertOk(self.post('/api/v2/users/email/update',
                                       {'email': 'frank.new@example.com', 'emailCode': new, 'oldEmailCode': old}, f))
        self.assertEqual(user['email'], 'frank.new@example.com')

    def test_unbind_email_without_one(self):
        b = self.token('bob')
        self.assertCode(self.post('/api/v2/users/email/unbind', {}, b), 1320009)
        self.assertCode(self.post('/api/v2/users/email/update',
                                  {'email': 'b@example.com', 'emailCode': '123456', 'oldEmailCode': '123456'}, b),
                        1320009)

    def test_profile_update_still_refuses_phone_and_email(self):
        b = self.token('bob')
        self.assertCode(self.post('/api/v2/users/profile/update', {'phone': '13711110009'}, b), 400)
        self.assertCode(self.post('/api/v2/users/profile/update', {'email': 'b@example.com'}, b), 400)

    def test_needs_a_token(self):
        for path in ('/api/v2/users/phone/bind', '/api/v2/users/phone/unbind', '/api/v2/users/phone/update',
                     '/api/v2/users/email/bind', '/api/v2/users/email/unbind', '/api/v2/users/email/update'):
            with self.subTest(path=path):
                self.assertNotLoggedIn(self.client.post(path, {}, token='not-a-token'))


class DeleteWithCode(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def setUp(self):
        self.client.clock(61)

    def test_delete_with_a_phone_code(self):
        c = self.client
        self.assertOk(c.post('/api/v2/sms/send', {'phone': '13700000004'}))
        t = self.assertOk(c.post('/api/v2/login/phone-code',
                                 {'phone': '13700000004', 'code': c.last_code('13700000004')}))['token']
        c.clock(61)
        self.assertOk(c.post('/api/v2/sms/send', {'phone': '13700000004'}, token=t))
        code = c.last_code('13700000004')
        self.assertCode(c.delete('/api/v2/users/delete?phoneCode=' + other_code(code), token=t), WRONG_CODE)
        self.assertOk(c.me(token=t))
        self.assertCode(c.delete('/api/v2/users/delete?emailCode=' + code, token=t), 1320009)
        self.assertCode(c.delete('/api/v2/users/delete?phoneCode=' + 'x' * 100, token=t), 400)
        self.assertOk(c.me(token=t))
        self.assertOk(c.delete('/api/v2/users/delete?phoneCode=' + code, token=t))
        self.assertNotLoggedIn(c.me(token=t))

    def test_delete_with_an_email_code(self):
        c = self.client
        self.assertOk(c.post('/api/v2/email/send', {'email': 'erin@example.com'}))
        t = self.assertOk(c.post('/api/v2/login/email-code',
                                 {'email': 'erin@example.com', 'code': c.last_code('erin@example.com')}))['token']
        self.assertCode(c.delete('/api/v2/users/delete?phoneCode=123456', token=t), 400)   # no phone bound
        c.clock(61)
        self.assertOk(c.post('/api/v2/email/send', {'email': 'erin@example.com'}, token=t))
        self.assertOk(c.delete('/api/v2/users/delete?emailCode=' + c.last_code('erin@example.com'), token=t))
        self.assertNotLoggedIn(c.me(token=t))

    def test_delete_after_password_check(self):
        c = self.client
        t = c.token_for('bob', 'bob-pass-1')
        enc = E.urllib.parse.quote(c.encrypt('bob-pass-1'), safe='')
        self.assertOk(c.get('/api/v2/users/password/check?password=' + enc, token=t))
        self.assertOk(c.delete('/api/v2/users/delete', token=t))
        self.assertCode(c.login('bob', 'bob-pass-1'), E.BAD_CREDENTIALS)


if __name__ == '__main__':
    os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'
    E.main()
