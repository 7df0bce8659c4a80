#!/usr/bin/python3
# Browser sign-in: an authorization code is good for 60 seconds only, and a pending sign-in
# page for 10 minutes. Both are timed by the security clock, which this test moves forward
# (AC_EMULATOR_TEST_CLOCK=1) instead of waiting.

import os
import sys

os.environ['AC_EMULATOR_TEST_CLOCK'] = '1'

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402
import oidc_flow as O  # noqa: E402


class CodeExpiry(E.EmulatorTestCase):
    def test_code_expires_after_60_seconds(self):
        old, _, old_verifier = O.get_code(self.emu, self.app_id)
        self.client.clock(50)
        young, _, young_verifier = O.get_code(self.emu, self.app_id)
        self.client.clock(11)
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

    def test_sign_in_page_expires_after_10_minutes(self):
        verifier, challenge = O.pkce_pair()
        page = O.authorize(self.emu, O.auth_query(self.app_id, challenge=challenge))
        interaction = O.interaction_of(page)
        self.client.clock(601)
        r = O.submit(self.emu, interaction)
        self.assertEqual(r.status, 400, r)
        self.assertIsNone(r.location)


if __name__ == '__main__':
    E.main()
