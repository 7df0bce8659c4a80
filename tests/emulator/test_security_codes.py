#!/usr/bin/python3
# Verification codes, the outbox and signing in with a code (protocol-security.md section 3):
# six digits, five minutes, once, bound to the address, five wrong tries burn a code, one send
# per address per minute, nothing sent to an address nobody has, the outbox (loopback only,
# newest first, on stderr too), bad input refused with nothing changed.

import json
import os
import re
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

SECURITY_POOL = os.path.join(E.FIXTURES, 'security.json')
WRONG_CODE = 2001
TOO_SOON = 2080


def other_code(code):
    return '%06d' % ((int(code) + 1) % 1000000)


class Codes(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def setUp(self):
        # every test starts past the resend limit of earlier sends
        self.client.clock(61)

    def send_sms(self, phone, token='', **extra):
        body = {'phone': phone}
        body.update(extra)
        return self.client.post('/api/v2/sms/send', body, token=token)

    def send_email(self, email, scene='VERIFY_CODE', token=''):
        return self.client.post('/api/v2/email/send', {'email': email, 'scene': scene}, token=token)

    def phone_login(self, phone, code, **extra):
        body = {'phone': phone, 'code': code}
        body.update(extra)
        return self.client.post('/api/v2/login/phone-code', body, token='')

    def email_login(self, email, code):
        return self.client.post('/api/v2/login/email-code', {'email': email, 'code': code}, token='')

    # --- sending and the outbox ---

    def test_sms_lands_in_the_outbox_and_on_stderr(self):
        self.assertIsNone(self.assertOk(self.send_sms('13700000001', phoneCountryCode='+86')))
        entries = self.client.outbox('13700000001')
        self.assertGreaterEqual(len(entries), 1)
        e = entries[0]
        self.assertEqual(e['channel'], 'sms')
        self.assertEqual(e['to'], '13700000001')
        self.assertEqual(e['phoneCountryCode'], '+86')
        self.assertRegex(e['code'], r'^[0-9]{6}$')
        self.assertIsNone(e['scene'])
        self.assertRegex(e['sentAt'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$')
        self.assertIn('outbox: sms +86 13700000001 code %s' % e['code'], self.emu.stderr())

    def test_email_with_scene(self):
        for scene in ('VERIFY_CODE', 'CHANGE_EMAIL', 'MFA_VERIFY', 'RESET_PASSWORD', 'VERIFY_EMAIL'):
            with self.subTest(scene=scene):
                self.client.clock(61)
                self.assertOk(self.send_email('alice@example.com', scene))
                e = self.client.outbox('alice@example.com')[0]
                self.assertEqual((e['channel'], e['to'], e['scene']), ('email', 'alice@example.com', scene))
                self.assertNotIn('phoneCountryCode', e)
                self.assertIn('outbox: email alice@example.com code %s' % e['code'], self.emu.stderr())
        r = self.send_email('alice@example.com', 'SOMETHING')
        self.assertCode(r, 400)
        self.assertIn('scene', r.message)

    def test_outbox_is_newest_first_and_filters(self):
        self.assertOk(self.send_sms('13700000001'))
        self.assertOk(self.send_email('frank@example.com'))
        everything = self.client.outbox()
        self.assertIsInstance(everything, list)
        self.assertEqual(everything[0]['to'], 'frank@example.com')
        self.assertEqual(everything[1]['to'], '13700000001')
        stamps = [e['sentAt'] for e in everything]
        self.assertEqual(stamps, sorted(stamps, reverse=True))
        self.assertTrue(all(e['to'] == 'frank@example.com' for e in self.client.outbox('frank@example.com')))
        self.assertEqual(self.client.outbox('nobody@example.com'), [])

    def test_codes_are_six_random_digits(self):
        codes = set()
        for _ in range(8):
            self.client.clock(61)
            self.assertOk(self.send_sms('13700000001'))
            code = self.client.last_code('13700000001')
            self.assertRegex(code, r'^[0-9]{6}$')
            codes.add(code)
        self.assertGreater(len(codes), 4, 'codes repeat: %s' % codes)

    def test_one_send_per_minute_per_address(self):
        self.assertOk(self.send_email('frank@example.com'))
        first = self.client.last_code('frank@example.com')
        n = len(self.client.outbox('frank@example.com'))
        self.assertCode(self.send_email('frank@example.com'), TOO_SOON)
        self.client.clock(30)
        self.assertCode(self.send_email('frank@example.com', 'CHANGE_EMAIL'), TOO_SOON)
        self.assertEqual(len(self.client.outbox('frank@example.com')), n, 'a refused send sends nothing')
        # another address is not limited by this one
        self.assertOk(self.send_sms('13700000006'))
        self.client.clock(31)
        self.assertOk(self.send_email('frank@example.com'))
        self.assertEqual(len(self.client.outbox('frank@example.com')), n + 1)
        # the new code replaces the old one
        second = self.client.last_code('frank@example.com')
        if second != first:
            self.assertCode(self.email_login('frank@example.com', first), WRONG_CODE)
        self.assertOk(self.email_login('frank@example.com', second))

    def test_unknown_address_answers_200_and_sends_nothing(self):
        for phone in ('13999999999', '+8613999999998'):
            self.assertOk(self.send_sms(phone))
            self.assertEqual(self.client.outbox(phone), [])
        self.assertOk(self.send_email('nobody@example.com'))
        self.assertEqual(self.client.outbox('nobody@example.com'), [])
        # the same rate limit, so the answers do not tell addresses apart
        self.assertCode(self.send_email('nobody@example.com'), TOO_SOON)
        # and no sign-in with any code
        self.assertCode(self.email_login('nobody@example.com', '123456'), WRONG_CODE)
        # a bad token is nobody too
        self.client.clock(61)
        self.assertOk(self.send_email('nobody@example.com', token='not-a-token'))
        self.assertEqual(self.client.outbox('nobody@example.com'), [])

    def test_signed_in_user_may_send_to_a_new_address(self):
        t = self.client.token_for('bob', 'bob-pass-1')
        self.assertOk(self.send_email('bob.new@example.com', 'VERIFY_EMAIL', token=t))
        self.assertEqual(len(self.client.outbox('bob.new@example.com')), 1)
        self.assertOk(self.send_sms('13711111111', token=t))
        self.assertEqual(len(self.client.outbox('13711111111')), 1)

    def test_bad_addresses(self):
        for phone in ('', '1234', '1' * 21, '+', '12 34567', '１３７００００００００', '138-0000-0000',
                      '1' * (1024 * 1024 - 100), None, 13700000001, ['13700000001']):
            with self.subTest(phone=str(phone)[:30]):
                r = self.send_sms(phone)
                self.assertCode(r, 400)
                self.assertIn('phone', r.message)
        for cc in ('86', '+86a', '+12345', '+'):
            with self.subTest(cc=cc):
                self.assertCode(self.send_sms('13700000001', phoneCountryCode=cc), 400)
        for email in ('plain', 'a@b', '@example.com', 'a@@example.com', 'a b@example.com',
                      'a@example..com', 'a@.example.com', 'a@example.com.'):
            with self.subTest(email=email):
                self.assertCode(self.send_email(email), 2003)
        for email in ('ü@example.com', 'a@例子.测试', 'a' * 250 + '@example.com',
                      'a@' + 'b' * (1024 * 1024 - 100), 42, None):
            with self.subTest(email=str(email)[:30]):
                r = self.send_email(email)
                self.assertCode(r, 400)
                self.assertIn('email', r.message)
        r = self.client.post('/api/v2/sms/send', {'phone': '1' * (1024 * 1024 + 10)})
        self.assertEqual(r.status, 413)

    # --- signing in with a code ---

    def test_phone_code_sign_in(self):
        self.assertOk(self.send_sms('13700000004', phoneCountryCode='+86'))
        code = self.client.last_code('13700000004')
        user = self.assertOk(self.phone_login('13700000004', code, phoneCountryCode='+86'))
        self.assertUser(user)
        self.assertEqual(user['username'], 'dave')
        self.assertTrue(user['token'])
        self.assertEqual(self.assertOk(self.client.me(token=user['token']))['id'], user['id'])
        # single use
        self.assertCode(self.phone_login('13700000004', code), WRONG_CODE)

    def test_email_code_sign_in(self):
        self.assertOk(self.send_email('erin@example.com'))
        code = self.client.last_code('erin@example.com')
        user = self.assertOk(self.email_login('erin@example.com', code))
        self.assertEqual(user['username'], 'erin')
        self.assertCode(self.email_login('erin@example.com', code), WRONG_CODE)

    def test_code_is_bound_to_its_address_and_channel(self):
        self.assertOk(self.send_email('frank@example.com'))
        code = self.client.last_code('frank@example.com')
        self.assertCode(self.email_login('alice@example.com', code), WRONG_CODE)
        self.assertCode(self.phone_login('13700000006', code), WRONG_CODE)
        self.assertOk(self.email_login('frank@example.com', code))

    def test_code_expires_after_five_minutes(self):
        self.assertOk(self.send_email('erin@example.com'))
        code = self.client.last_code('erin@example.com')
        self.client.clock(4 * 60 + 50)
        self.assertOk(self.send_sms('13700000004'))   # (another address: the clock moved)
        self.client.clock(11)
        self.assertCode(self.email_login('erin@example.com', code), WRONG_CODE)

    def test_code_still_good_just_before_five_minutes(self):
        self.assertOk(self.send_email('erin@example.com'))
        code = self.client.last_code('erin@example.com')
        self.client.clock(4 * 60 + 55)
        self.assertOk(self.email_login('erin@example.com', code))

    def test_fifth_wrong_try_burns_the_code(self):
        self.assertOk(self.send_sms('13700000004'))
        code = self.client.last_code('13700000004')
        for _ in range(4):
            self.assertCode(self.phone_login('13700000004', other_code(code)), WRONG_CODE)
        self.assertOk(self.phone_login('13700000004', code), )
        # again, five wrong ones this time
        self.client.clock(61)
        self.assertOk(self.send_sms('13700000004'))
        code = self.client.last_code('13700000004')
        for _ in range(5):
            self.assertCode(self.phone_login('13700000004', other_code(code)), WRONG_CODE)
        self.assertCode(self.phone_login('13700000004', code), WRONG_CODE)

    def test_malformed_code_is_400_and_does_not_count(self):
        self.assertOk(self.send_sms('13700000004'))
        code = self.client.last_code('13700000004')
        for bad in ('１２３４５６', 'x' * 65, '1' * (1024 * 1024 - 100), 123456, ['123456'], {'a': 1}):
            with self.subTest(code=str(bad)[:20]):
                r = self.phone_login('13700000004', bad)
                self.assertCode(r, 400)
                self.assertIn('code', r.message)
        for _ in range(4):
            self.assertCode(self.phone_login('13700000004', other_code(code)), WRONG_CODE)
        self.assertOk(self.phone_login('13700000004', code))
        self.assertCode(self.phone_login('13700000004', ''), 400)

    def test_totp_user_gets_the_second_step_after_a_code(self):
        self.assertOk(self.send_sms('13700000008'))
        r = self.phone_login('13700000008', self.client.last_code('13700000008'))
        self.assertCode(r, E.MFA_REQUIRED)
        self.assertEqual(r.data['username'], 'heidi')
        self.assertTrue(r.data['mfaToken'])
        self.assertNotIn('token', r.data)
        self.assertTrue(r.data['totpMfaEnabled'])

    def test_sign_in_counts(self):
        before = self.assertOk(self.client.me(token=self.client.token_for('alice', 'Alice-pass-2024')))['loginsCount']
        self.assertOk(self.send_sms('13700000001'))
        self.assertOk(self.phone_login('13700000001', self.client.last_code('13700000001')))
        after = self.assertOk(self.client.me(token=self.client.token_for('alice', 'Alice-pass-2024')))['loginsCount']
        self.assertEqual(after, before + 2)


class ClockNeedsTheEnvironment(unittest.TestCase):
    def test_clock_is_404_without_the_variable(self):
        env = os.environ.pop('AC_EMULATOR_TEST_CLOCK', None)
        try:
            with E.Emulator(seed=SECURITY_POOL) as emu:
                r = E.Client(emu.url).post('/_emulator/clock', {'advance': 100})
                self.assertEqual(r.status, 404)
        finally:
            if env is not None:
                os.environ['AC_EMULATOR_TEST_CLOCK'] = env


class OutboxFromElsewhere(unittest.TestCase):
    """The outbox answers only clients on the loopback interface."""

    def other_local_address(self):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.connect(('192.0.2.1', 9))    # no packet is sent (UDP connect)
            address = s.getsockname()[0]
            s.close()
        except OSError:
            return None
        return None if address.startswith('127.') else address

    def test_refused_from_a_non_loopback_address(self):
        address = self.other_local_address()
        if address is None:
            self.skipTest('this machine has no address outside loopback')
        with E.Emulator(seed=SECURITY_POOL, listen='0.0.0.0:0') as emu:
            r = E.Client('http://%s:%d' % (address, emu.port)).get('/_emulator/outbox')
            self.assertEqual(r.status, 403)
            self.assertEqual(r.json()['code'], 403)
            r = E.Client('http://127.0.0.1:%d' % emu.port).get('/_emulator/outbox')
            self.assertEqual(r.status, 200)


class NoSecretsInLogs(unittest.TestCase):
    """The request log and stderr never show a password, a token, an mfaToken or a recovery
    code; a verification code appears only on its outbox line."""

    def test_logs(self):
        fd, log = tempfile.mkstemp(prefix='emu-reqlog-')
        os.close(fd)
        try:
            with E.Emulator(seed=SECURITY_POOL, args=['--request-log', log]) as emu:
                c = E.Client(emu.url)
                enc = c.encrypt('Alice-pass-2024')
                t = c.token_for('alice', 'Alice-pass-2024')
                c.get('/api/v2/users/password/check?password=' + E.urllib.parse.quote(enc, safe=''), token=t)
                c.post('/api/v2/password/update', {'newPassword': c.encrypt('Alice-pass-2025'),
                                                   'oldPassword': enc}, token=t)
                r = c.login('carol', 'Carol-pass-2024')
                mfa_token = r.data['mfaToken']
                c.post('/api/v2/mfa/totp/recovery', {'recoveryCode': '0000-0000'}, token=mfa_token)
                r = c.post('/api/v2/mfa/totp/recovery', {'recoveryCode': '3fa1-9c0e-77b2-d41a-0e5f-c8b3'},
                           token=mfa_token)
                new_recovery = r.json()['recoveryCode']
                c.post('/api/v2/sms/send', {'phone': '13700000001'})
                code = c.last_code('13700000001')
                c.post('/api/v2/login/phone-code', {'phone': '13700000001', 'code': code})
                a = c.post('/api/v2/mfa/totp/associate', {'authenticator_type': 'totp'}, token=t).data
                stderr = emu.stderr()
                with open(log, encoding='utf-8') as f:
                    request_log = f.read()
            for secret in ('Alice-pass-2024', 'Alice-pass-2025', enc[:40], t.split('.')[1], mfa_token,
                           '3fa1-9c0e', new_recovery, a['secret'], a['recovery_code'],
                           'JBSWY3DPEHPK3PXP'):
                self.assertNotIn(secret, stderr)
                self.assertNotIn(secret, request_log)
            self.assertEqual(stderr.count(code), 1, 'the code appears once, on its outbox line')
            self.assertRegex(stderr, re.escape('outbox: sms 13700000001 code ' + code))
            self.assertNotIn(code, request_log)
            self.assertIn('POST /api/v2/login/phone-code 200', request_log)
        finally:
            os.unlink(log)


if __name__ == '__main__':
    os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'
    E.main()
