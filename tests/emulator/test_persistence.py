#!/usr/bin/python3
# Persistence: state survives a clean restart and a kill -9 (profile edit, custom field,
# tokens, revocations, deletions, the RSA key); seeding happens only into an empty folder.

import json
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

ALICE = ('alice', 'alice-pass-1')
BOB = ('bob', 'Bob12345678Secure')


class Persistence(unittest.TestCase):
    def setUp(self):
        self.first = E.Emulator(seed=E.BASIC_POOL)
        self.addCleanup(self.cleanup_dir)
        self.first.start()
        self.data_dir = self.first.data_dir
        self.pool = E.load_pool(E.BASIC_POOL)

    def cleanup_dir(self):
        self.first.own_dir = True
        self.first.cleanup()

    def restart(self, seed=None, args=()):
        emu = E.Emulator(seed=seed, data_dir=self.data_dir, args=args)
        emu.start()
        self.addCleanup(emu.cleanup)
        return emu

    def make_changes(self, emu):
        c = emu.client()
        token = c.token_for(*ALICE)
        r = c.post('/api/v2/users/profile/update', {'nickname': 'Persisted Alice', 'city': '成都'}, token=token)
        self.assertEqual(r.json()['code'], 200, r)
        r = c.post('/api/v2/udfs/values', {'udfs': [{'definition': 'school', 'value': 'Survivor U'},
                                                    {'definition': 'prefs', 'value': {'k': [1, 2]}}]},
                   token=token)
        self.assertEqual(r.json()['code'], 200, r)
        revoked = c.token_for(*BOB)
        self.assertEqual(c.get('/api/v2/logout?app_id=x', token=revoked).json()['code'], 200)
        png = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00'
               b'\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef'
               b'\x00\x00\x00\x00IEND\xaeB`\x82')
        boundary = 'persist-boundary'
        body = (('--%s\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\n'
                 'Content-Type: image/png\r\n\r\n' % boundary).encode() + png + ('\r\n--%s--\r\n' % boundary).encode())
        up = c.request('POST', '/api/v2/upload?folder=photos', raw=body,
                       content_type='multipart/form-data; boundary=' + boundary)
        self.assertEqual(up.json()['code'], 200, up)
        dave = c.token_for('dave', 'dave-pass-4')
        self.assertEqual(c.delete('/api/v2/users/delete', token=dave).json()['code'], 200)
        return {'token': token, 'revoked': revoked, 'dave': dave, 'key': c.public_key_pem(),
                'file': (up.data['key'], png)}

    def check_changes(self, emu, state):
        c = emu.client()
        self.assertEqual(c.public_key_pem(), state['key'], 'the RSA key pair must be kept')
        me = c.me(state['token'])
        self.assertEqual(me.json()['code'], 200, 'a token from before the restart must stay valid: %r' % me)
        self.assertEqual(me.data['nickname'], 'Persisted Alice')
        self.assertEqual(me.data['city'], '成都')
        r = c.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': me.data['id']}, token=state['token'])
        values = {i['key']: i['value'] for i in r.json()}
        self.assertEqual(values['school'], 'Survivor U')
        self.assertEqual(json.loads(values['prefs']), {'k': [1, 2]})
        self.assertEqual(c.me(state['revoked']).json()['code'], E.NOT_LOGGED_IN, 'a revocation must persist')
        self.assertEqual(c.me(state['dave']).json()['code'], E.NOT_LOGGED_IN)
        self.assertEqual(c.login('dave', 'dave-pass-4').json()['code'], E.BAD_CREDENTIALS)
        key, png = state['file']
        r = c.get('/files/' + key)
        self.assertEqual(r.status, 200, 'an uploaded file must survive: %r' % r)
        self.assertEqual(r.body, png)
        # a new login still works, and the old password hash still verifies
        self.assertEqual(c.login(*BOB).json()['code'], 200)
        self.assertEqual(c.login(*ALICE).json()['code'], 200)

    def test_clean_restart(self):
        state = self.make_changes(self.first)
        self.assertEqual(self.first.stop(signal.SIGTERM), 0, self.first.stderr())
        self.check_changes(self.restart(), state)

    def test_kill_9(self):
        state = self.make_changes(self.first)
        self.assertEqual(self.first.kill9(), -signal.SIGKILL)
        second = self.restart()
        self.check_changes(second, state)
        # and once more, killed right after a write
        c = second.client()
        r = c.post('/api/v2/users/profile/update', {'nickname': 'Written then killed'}, token=state['token'])
        self.assertEqual(r.json()['code'], 200)
        second.kill9()
        third = self.restart()
        me = third.client().me(state['token'])
        self.assertEqual(me.data['nickname'], 'Written then killed')

    def test_restart_on_a_different_port_keeps_tokens(self):
        c = self.first.client()
        token = c.token_for(*ALICE)
        self.first.stop()
        second = self.restart()
        self.assertNotEqual(second.url, '')
        self.assertEqual(second.client().me(token).json()['code'], 200)

    def test_seed_is_not_reapplied_to_a_used_folder(self):
        state = self.make_changes(self.first)
        self.first.stop()
        second = self.restart(seed=E.BASIC_POOL)
        self.check_changes(second, state)
        second.stop()
        third = self.restart(seed=E.DEMO_POOL)
        c = third.client()
        self.assertEqual(c.login('demo', 'demo1234').json()['code'], E.BAD_CREDENTIALS,
                         'a seed must only load into an empty data folder')
        self.assertEqual(c.me(state['token']).data['nickname'], 'Persisted Alice')

    def test_no_plain_text_password_on_disk(self):
        # passwords are stored as PBKDF2 hashes: no file in the data folder holds one in clear
        self.make_changes(self.first)
        # (carol's password is her username: it cannot be told apart from the username on disk)
        passwords = [u['password'].encode() for u in self.pool['users'] if u['password'] != u['username']]
        self.assertGreaterEqual(len(passwords), 3)
        for running in (True, False):
            if not running:
                self.first.stop()
            for root, dirs, files in os.walk(self.data_dir):
                for name in files:
                    with open(os.path.join(root, name), 'rb') as f:
                        content = f.read()
                    for pw in passwords:
                        self.assertFalse(pw in content, '%s holds the password %r in clear' % (name, pw))

    def test_one_sqlite_file_in_the_data_folder(self):
        self.make_changes(self.first)
        self.first.stop()
        found = []
        for root, dirs, files in os.walk(self.data_dir):
            for name in files:
                path = os.path.join(root, name)
                with open(path, 'rb') as f:
                    if f.read(16) == b'SQLite format 3\0':
                        found.append(path)
        self.assertEqual(len(found), 1, 'expected one SQLite database, found %r' % found)


class EmptyFolderWithoutSeed(unittest.TestCase):
    def test_seed_accepted_after_a_start_without_one(self):
        # HACKING.md: a folder first started without --seed still accepts one later
        with E.Emulator() as first:
            key = first.client().public_key_pem()
            self.assertEqual(first.stop(), 0)
            with E.Emulator(seed=E.BASIC_POOL, data_dir=first.data_dir) as second:
                c = second.client()
                self.assertEqual(c.login('alice', 'alice-pass-1').json()['code'], 200)
                self.assertEqual(c.public_key_pem(), key)

    def test_starts_empty(self):
        with E.Emulator() as emu:
            c = emu.client()
            self.assertEqual(c.get('/api/v2/.well-known').json()['code'], 200)
            self.assertEqual(c.login('alice', 'alice-pass-1').json()['code'], E.BAD_CREDENTIALS)
            self.assertEqual(emu.stop(), 0)


if __name__ == '__main__':
    E.main()
