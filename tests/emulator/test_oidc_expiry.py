#!/usr/bin/python3
# Browser sign-in: an authorization code is good for 60 seconds only (a file of its own: it
# waits a minute, which the other tests need not).

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402
import oidc_flow as O  # noqa: E402


class CodeExpiry(E.EmulatorTestCase):
    def test_code_expires_after_60_seconds(self):
        old, _, old_verifier = O.get_code(self.emu, self.app_id)
        time.sleep(50)
        young, _, young_verifier = O.get_code(self.emu, self.app_id)
        time.sleep(11)
        r = O.exchange(self.emu, self.app_id, old, old_verifier)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        self.assertIn('expired', r.json()['error_description'])
        # and it stays refused
        r = O.exchange(self.emu, self.app_id, old, old_verifier)
        self.assertEqual(r.json()['error'], 'invalid_grant')
        # a code 11 seconds old is fine
        r = O.exchange(self.emu, self.app_id, young, young_verifier)
        self.assertEqual(r.status, 200, r)


if __name__ == '__main__':
    E.main()
