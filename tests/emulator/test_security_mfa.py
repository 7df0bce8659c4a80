#!/usr/bin/python3
# TOTP authenticators and the two-step sign-in (protocol-security.md section 5): enrolment
# (both spellings of the type, the QR code, the recovery code), confirmation, the 1635 answer,
# verify and recovery with the mfaToken (life, single use, good for nothing else, locked after
# six wrong codes), the ±1 step window, replay, the seed's `mfa` object. TOTP codes are
# computed here with hmac/hashlib (RFC 6238), independently of the emulator's liboath.

import json
import os
import struct
import sys
import tempfile
import unittest
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

SECURITY_POOL = os.path.join(E.FIXTURES, 'security.json')
CAROL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
CAROL_RECOVERY = '3fa1-9c0e-77b2-d41a-0e5f-c8b3'
HEIDI_SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA'
HEIDI_RECOVERY = 'aaaa-bbbb-cccc-dddd-eeee-ffff'
WRONG_TOTP = 6001
WRONG_RECOVERY = 6002
CODE_MISSING = 6003


def wrong(code):
    return '%06d' % ((int(code) + 1) % 1000000)


def png_size(data):
    """Checks a PNG file chunk by chunk (CRCs, zlib stream, row count); returns (w, h)."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG signature'
    pos = 8
    chunks = []
    idat = b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, 'bad CRC in %r' % kind
        chunks.append(kind)
        if kind == b'IHDR':
            w, h, depth, colour = struct.unpack('>IIBB', body[:10])
        if kind == b'IDAT':
            idat += body
        pos += 12 + length
    assert chunks[0] == b'IHDR' and chunks[-1] == b'IEND', chunks
    raw = zlib.decompress(idat)
    row = 1 + (w * depth + 7) // 8
    assert len(raw) == row * h, 'image data of the wrong size'
    assert colour == 0 and depth == 1
    return w, h


class TwoStepSignIn(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def step_one(self, account='carol', password='Carol-pass-2024'):
        r = self.client.login(account, password)
        self.assertCode(r, E.MFA_REQUIRED)
        return r.data['mfaToken']

    def verify(self, mfa_token, code):
        return self.client.post('/api/v2/mfa/totp/verify', {'totp': code}, token=mfa_token)

    def recover(self, mfa_token, code):
        return self.client.post('/api/v2/mfa/totp/recovery', {'recoveryCode': code}, token=mfa_token)

    def code_now(self, secret=CAROL_SECRET, steps=0):
        """The code `steps` steps from the emulator's now. Near the end of a step the clock is
        moved into the next one first, so that the step cannot change before the code is used."""
        now = self.client.now()
        if now % 30 >= 25:
            now = self.client.clock(30 - now % 30)
        return E.totp(secret, now + 30 * steps)

    def fresh_step(self):
        """Moves the clock past the steps earlier tests used (up to one ahead), so that no code
        counts as a replay."""
        self.client.clock(90)

    def test_1635_answer(self):
        r = self.client.login('carol', 'Carol-pass-2024')
        self.assertCode(r, E.MFA_REQUIRED)
        self.assertEqual(set(r.data), {'mfaToken', 'nickname', 'email', 'username', 'avatar', 'totpMfaEnabled'})
        self.assertEqual(r.data['username'], 'carol')
        self.assertEqual(r.data['nickname'], 'Carol')
        self.assertEqual(r.data['email'], 'carol@example.com')
        self.assertEqual(r.data['avatar'], 'https://example.com/carol.png')
        self.assertIs(r.data['totpMfaEnabled'], True)
        self.assertGreaterEqual(len(r.data['mfaToken']), 32)
        # and with a wrong password the usual 2333, no second step
        self.assertCode(self.client.login('carol', 'nope-nope-1'), E.BAD_CREDENTIALS)
        # a level-only MFA user (mfa: true) signs in directly
        self.assertOk(self.client.login('grace', 'Grace-pass-2024'))
        t = self.client.token_for('grace', 'Grace-pass-2024')
        self.assertTrue(self.assertOk(self.client.get('/api/v2/users/me/security-level', token=t))['mfa'])

    def test_verify(self):
        self.fresh_step()
        mfa = self.step_one()
        user = self.assertOk(self.verify(mfa, self.code_now()))
        self.assertUser(user)
        self.assertEqual(user['username'], 'carol')
        self.assertTrue(user['token'])
        self.assertEqual(self.assertOk(self.client.me(token=user['token']))['username'], 'carol')
        # single use
        self.assertNotLoggedIn(self.verify(mfa, self.code_now(steps=1)))

    def test_window_of_one_step(self):
        for steps, accepted in ((-1, True), (1, True), (-2, False), (2, False)):
            with self.subTest(steps=steps):
                self.client.clock(90)
                mfa = self.step_one()
                r = self.verify(mfa, self.code_now(steps=steps))
                if accepted:
                    self.assertOk(r)
                else:
                    self.assertCode(r, WRONG_TOTP)

    def test_replay_is_refused(self):
        self.client.clock(90)
        code = self.code_now()
        self.assertOk(self.verify(self.step_one(), code))
        mfa = self.step_one()
        self.assertCode(self.verify(mfa, code), WRONG_TOTP)
        # an older step's code is refused as well once a newer one was accepted
        self.assertCode(self.verify(mfa, self.code_now(steps=-1)), WRONG_TOTP)
        self.assertOk(self.verify(mfa, self.code_now(steps=1)))

    def test_errors(self):
        self.fresh_step()
        mfa = self.step_one()
        self.assertCode(self.client.post('/api/v2/mfa/totp/verify', {}, token=mfa), CODE_MISSING)
        self.assertCode(self.verify(mfa, ''), CODE_MISSING)
        self.assertCode(self.verify(mfa, wrong(self.code_now())), WRONG_TOTP)
        self.assertCode(self.verify(mfa, '12345'), WRONG_TOTP)
        for bad in (123456, '１２３４５６', 'x' * 100):
            with self.subTest(totp=str(bad)[:10]):
                self.assertCode(self.verify(mfa, bad), 400)
        self.assertOk(self.verify(mfa, self.code_now()))

    def test_mfa_token_is_good_for_nothing_else(self):
        mfa = self.step_one()
        for method, path in (('GET', '/api/v2/users/me'), ('GET', '/api/v2/mfa/authenticator'),
                             ('POST', '/api/v2/users/refresh-token')):
            with self.subTest(path=path):
                r = self.client.request(method, path, body={} if method == 'POST' else None, token=mfa)
                self.assertNotLoggedIn(r)
        # and a sign-in token is no mfaToken
        t = self.client.token_for('alice', 'Alice-pass-2024')
        self.assertNotLoggedIn(self.verify(t, self.code_now()))
        self.assertNotLoggedIn(self.recover(t, CAROL_RECOVERY))
        self.assertNotLoggedIn(self.verify('', self.code_now()))
        self.assertNotLoggedIn(self.client.post('/api/v2/mfa/totp/verify', {'totp': '123456'}, token='x' * 5000))
        self.fresh_step()
        self.assertOk(self.verify(mfa, self.code_now()))

    def test_mfa_token_lives_five_minutes(self):
        self.fresh_step()
        mfa = self.step_one()
        self.client.clock(5 * 60 + 1)
        self.assertNotLoggedIn(self.verify(mfa, self.code_now()))
        mfa = self.step_one()
        self.client.clock(4 * 60 + 50)
        self.assertOk(self.verify(mfa, self.code_now()))

    def test_six_wrong_codes_lock_the_mfa_token(self):
        self.fresh_step()
        mfa = self.step_one()
        right = self.code_now()
        for i in range(3):
            self.assertCode(self.verify(mfa, wrong(right)), WRONG_TOTP)
        for i in range(2):
            self.assertCode(self.recover(mfa, 'ffff-ffff-ffff-ffff-ffff-ffff'), WRONG_RECOVERY)
        self.assertCode(self.verify(mfa, wrong(right)), WRONG_TOTP)     # the sixth
        r = self.verify(mfa, right)
        self.assertNotLoggedIn(r)
        self.assertNotLoggedIn(self.recover(mfa, CAROL_RECOVERY))
        # English message says what happened
        r = self.client.post('/api/v2/mfa/totp/verify', {'totp': right}, token=mfa, lang='en-US')
        self.assertIn('Too many', r.message)
        # signing in again gives a new mfaToken that works
        self.assertOk(self.verify(self.step_one(), right))

    def test_recovery(self):
        mfa = self.step_one('heidi', 'heidi-pass-1')
        self.assertCode(self.recover(mfa, ''), CODE_MISSING)
        self.assertCode(self.client.post('/api/v2/mfa/totp/recovery', {}, token=mfa), CODE_MISSING)
        self.assertCode(self.recover(mfa, 'aaaa-bbbb-cccc-dddd-eeee-fff0'), WRONG_RECOVERY)
        self.assertCode(self.recover(mfa, '密码'), 400)
        # the seed's code was "AAAA-…": case does not matter
        r = self.recover(mfa, '  ' + HEIDI_RECOVERY.upper() + ' ')
        body = self.assertOk(r) and r.json()
        new_code = body['recoveryCode']
        self.assertRegex(new_code, r'^[0-9a-f]{4}(-[0-9a-f]{4}){5}$')
        self.assertNotEqual(new_code, HEIDI_RECOVERY)
        self.assertEqual(body['data']['username'], 'heidi')
        self.assertTrue(body['data']['token'])
        self.assertOk(self.client.me(token=body['data']['token']))
        # each code works once
        mfa = self.step_one('heidi', 'heidi-pass-1')
        self.assertCode(self.recover(mfa, HEIDI_RECOVERY), WRONG_RECOVERY)
        r = self.recover(mfa, new_code)
        self.assertOk(r)
        self.assertNotEqual(r.json()['recoveryCode'], new_code)
        # TOTP stays on
        self.assertCode(self.client.login('heidi', 'heidi-pass-1'), E.MFA_REQUIRED)

    def test_graphql_login_carries_the_mfa_token(self):
        r = self.client.post('/graphql/v2', {
            'query': 'mutation loginByUsername($input: LoginByUsernameInput!) { loginByUsername(input: $input) { id token } }',
            'variables': {'input': {'username': 'carol', 'password': self.client.encrypt('Carol-pass-2024')}}})
        self.assertEqual(r.status, 200)
        err = r.json()['errors'][0]['message']
        self.assertEqual(err['code'], E.MFA_REQUIRED)
        self.fresh_step()
        self.assertOk(self.verify(err['data']['mfaToken'], self.code_now()))

    def test_turned_off_meanwhile(self):
        self.fresh_step()
        mfa = self.step_one('heidi', 'heidi-pass-1')
        other = self.step_one('heidi', 'heidi-pass-1')
        t = self.assertOk(self.verify(other, self.code_now(HEIDI_SECRET)))['token']
        self.assertOk(self.client.delete('/api/v2/mfa/totp/associate', token=t))
        self.assertNotLoggedIn(self.verify(mfa, self.code_now(HEIDI_SECRET, 1)))
        self.assertOk(self.client.login('heidi', 'heidi-pass-1'))


class Enrolment(E.EmulatorTestCase):
    SEED = SECURITY_POOL

    def level(self, token):
        return self.assertOk(self.client.get('/api/v2/users/me/security-level', token=token))

    def test_enrol_confirm_sign_in_turn_off(self):
        c = self.client
        t = c.token_for('bob', 'bob-pass-1')
        self.assertEqual(self.assertOk(c.get('/api/v2/mfa/authenticator?type=totp&source=SELF', token=t)), [])
        score = self.level(t)['score']
        self.assertFalse(self.level(t)['mfa'])

        a = self.assertOk(c.post('/api/v2/mfa/totp/associate', {'authenticator_type': 'totp', 'source': 'SELF'},
                                 token=t))
        self.assertEqual(a['authenticator_type'], 'totp')
        secret = a['secret']
        self.assertRegex(secret, r'^[A-Z2-7]{32}$')
        uri = urllib.parse.urlsplit(a['qrcode_uri'])
        self.assertEqual((uri.scheme, uri.netloc), ('otpauth', 'totp'))
        self.assertEqual(urllib.parse.unquote(uri.path), '/Security Corp:bob')
        q = urllib.parse.parse_qs(uri.query)
        self.assertEqual(q['secret'], [secret])
        self.assertEqual(q['issuer'], ['Security Corp'])
        self.assertTrue(a['qrcode_data_url'].startswith('data:image/png;base64,'))
        w, h = png_size(E.base64.b64decode(a['qrcode_data_url'].split(',', 1)[1]))
        self.assertEqual(w, h)
        self.assertGreaterEqual(w, 100)
        self.assertRegex(a['recovery_code'], r'^[0-9a-f]{4}(-[0-9a-f]{4}){5}$')

        # not on until confirmed
        self.assertEqual(self.assertOk(c.get('/api/v2/mfa/authenticator', token=t)), [])
        self.assertOk(c.login('bob', 'bob-pass-1'))
        self.assertCode(c.post('/api/v2/mfa/totp/associate/confirm', {'authenticator_type': 'totp'}, token=t),
                        CODE_MISSING)
        now = c.now()
        self.assertCode(c.post('/api/v2/mfa/totp/associate/confirm',
                               {'authenticator_type': 'totp', 'totp': wrong(E.totp(secret, now))}, token=t),
                        WRONG_TOTP)
        self.assertIsNone(self.assertOk(c.post('/api/v2/mfa/totp/associate/confirm',
                                               {'authenticator_type': 'totp', 'totp': E.totp(secret, now),
                                                'source': 'SELF'}, token=t)))

        items = self.assertOk(c.get('/api/v2/mfa/authenticator?type=totp&source=SELF', token=t))
        self.assertEqual(len(items), 1)
        item = items[0]
        for k in ('id', 'createdAt', 'updatedAt', 'userId', 'enable', 'authenticatorType'):
            self.assertIn(k, item)
        self.assertIs(item['enable'], True)
        self.assertEqual(item['authenticatorType'], 'totp')
        self.assertEqual(item['userId'], E.user_id_from_token(t))
        self.assertEqual(self.assertOk(c.get('/api/v2/mfa/authenticator?type=sms', token=t)), [])
        self.assertTrue(self.level(t)['mfa'])
        self.assertEqual(self.level(t)['score'], score + 15)

        # the sign-in now asks for the second step; the confirmed code does not replay
        r = c.login('bob', 'bob-pass-1')
        self.assertCode(r, E.MFA_REQUIRED)
        mfa = r.data['mfaToken']
        self.assertCode(c.post('/api/v2/mfa/totp/verify', {'totp': E.totp(secret, now)}, token=mfa), WRONG_TOTP)
        self.assertOk(c.post('/api/v2/mfa/totp/verify', {'totp': E.totp(secret, now + 30)}, token=mfa))
        # and the recovery code given at enrolment works
        r = c.login('bob', 'bob-pass-1')
        self.assertOk(c.post('/api/v2/mfa/totp/recovery', {'recoveryCode': a['recovery_code']},
                             token=r.data['mfaToken']))

        # already on: no second enrolment
        self.assertCode(c.post('/api/v2/mfa/totp/associate', {'authenticator_type': 'totp'}, token=t), 400)

        self.assertIsNone(self.assertOk(c.delete('/api/v2/mfa/totp/associate', token=t)))
        self.assertEqual(self.assertOk(c.get('/api/v2/mfa/authenticator', token=t)), [])
        self.assertFalse(self.level(t)['mfa'])
        self.assertEqual(self.level(t)['score'], score)
        self.assertOk(c.login('bob', 'bob-pass-1'))

    def test_ios_spelling_and_bad_type(self):
        c = self.client
        t = c.token_for('frank', 'frank-pass-1')
        a = self.assertOk(c.post('/api/v2/mfa/totp/associate', {'authenticatorType': 'totp'}, token=t))
        # a second associate replaces the pending secret: the first one no longer confirms
        b = self.assertOk(c.post('/api/v2/mfa/totp/associate', {}, token=t))
        self.assertNotEqual(a['secret'], b['secret'])
        now = c.now()
        if E.totp(a['secret'], now) != E.totp(b['secret'], now):
            self.assertCode(c.post('/api/v2/mfa/totp/associate/confirm',
                                   {'authenticatorType': 'totp', 'totp': E.totp(a['secret'], now)}, token=t),
                            WRONG_TOTP)
        for body in ({'authenticator_type': 'sms'}, {'authenticatorType': 'face'}, {'authenticator_type': 1}):
            with self.subTest(body=body):
                self.assertCode(c.post('/api/v2/mfa/totp/associate', body, token=t), 400)
        self.assertOk(c.post('/api/v2/mfa/totp/associate/confirm',
                             {'authenticatorType': 'totp', 'totp': E.totp(b['secret'], now)}, token=t))
        self.assertCode(c.login('frank', 'frank-pass-1'), E.MFA_REQUIRED)
        self.assertOk(c.delete('/api/v2/mfa/totp/associate', token=t))

    def test_confirm_without_enrolment(self):
        t = self.client.token_for('alice', 'Alice-pass-2024')
        r = self.client.post('/api/v2/mfa/totp/associate/confirm', {'authenticator_type': 'totp', 'totp': '123456'},
                             token=t)
        self.assertCode(r, 400)
        self.assertFalse(self.level(t)['mfa'])

    def test_needs_a_token(self):
        for method, path in (('GET', '/api/v2/mfa/authenticator'), ('POST', '/api/v2/mfa/totp/associate'),
                             ('POST', '/api/v2/mfa/totp/associate/confirm'), ('DELETE', '/api/v2/mfa/totp/associate')):
            with self.subTest(path=path):
                r = self.client.request(method, path, body={} if method == 'POST' else None, token='')
                self.assertNotLoggedIn(r)


class SeedMfa(unittest.TestCase):
    """users[].mfa: a boolean, or {"totpSecret", "recoveryCode"}; anything else names its path."""

    def run_seed(self, mfa):
        pool = {'users': [{'username': 'u', 'password': 'u-pass-123', 'mfa': mfa}]}
        fd, path = tempfile.mkstemp(suffix='.json')
        with os.fdopen(fd, 'w') as f:
            json.dump(pool, f)
        data = tempfile.mkdtemp(prefix='emu-data-')
        try:
            return E.run_emulator(['--data-dir', data, '--seed', path])
        finally:
            os.unlink(path)
            E.shutil.rmtree(data, ignore_errors=True)

    def test_invalid(self):
        cases = [
            ('yes', 'users[0].mfa: expected a boolean or an object'),
            ({}, 'users[0].mfa.totpSecret: required'),
            ({'totpSecret': 'JBSWY3DPEHPK3PXP'}, 'users[0].mfa.recoveryCode: required'),
            ({'totpSecret': 'not base32!', 'recoveryCode': 'x'}, 'users[0].mfa.totpSecret: expected a base32'),
            ({'totpSecret': 'JBSWY3DP', 'recoveryCode': 'x'}, 'users[0].mfa.totpSecret: expected a base32'),
            ({'totpSecret': 'JBSWY3DPEHPK3PXP', 'recoveryCode': ''}, 'users[0].mfa.recoveryCode: expected'),
            ({'totpSecret': 'JBSWY3DPEHPK3PXP', 'recoveryCode': 5}, 'users[0].mfa.recoveryCode: expected'),
            ({'totpSecret': 'JBSWY3DPEHPK3PXP', 'recoveryCode': 'x', 'sms': True}, 'users[0].mfa.sms: unknown key'),
        ]
        for mfa, message in cases:
            with self.subTest(mfa=mfa):
                p = self.run_seed(mfa)
                self.assertEqual(p.returncode, 1, p)
                self.assertIn(message, p.stderr.decode())

    def test_valid_lower_case_secret(self):
        pool = {'userPool': {'id': 'p1', 'name': 'P'}, 'application': {'id': 'a1'},
                'users': [{'username': 'u', 'password': 'u-pass-123',
                           'mfa': {'totpSecret': 'jbswy3dpehpk3pxp', 'recoveryCode': 'R-1'}}]}
        fd, path = tempfile.mkstemp(suffix='.json')
        with os.fdopen(fd, 'w') as f:
            json.dump(pool, f)
        try:
            with E.Emulator(seed=path) as emu:
                c = E.Client(emu.url)
                r = c.login('u', 'u-pass-123')
                self.assertEqual(r.code, E.MFA_REQUIRED, r)
                r = c.post('/api/v2/mfa/totp/verify', {'totp': E.totp('JBSWY3DPEHPK3PXP', c.now())},
                           token=r.data['mfaToken'])
                self.assertEqual(r.code, 200, r)
                r = c.login('u', 'u-pass-123')
                r = c.post('/api/v2/mfa/totp/recovery', {'recoveryCode': 'r-1'}, token=r.data['mfaToken'])
                self.assertEqual(r.code, 200, r)
        finally:
            os.unlink(path)


if __name__ == '__main__':
    os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'
    E.main()
