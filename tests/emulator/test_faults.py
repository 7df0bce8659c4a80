#!/usr/bin/python3
# Fault flags: --latency MS delays answers; --fail-rate F with --fail-kind 500|drop|malformed
# fails that share of requests in that way; the server stays up throughout.

import http.client
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402


def attempt(client, path='/api/v2/.well-known'):
    """One request: ('ok', r), ('500', r), ('malformed', r) or ('drop', exception)."""
    try:
        r = client.get(path)
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as e:
        return 'drop', e
    if r.status == 500:
        return '500', r
    if r.status != 200:
        return 'other %d' % r.status, r
    try:
        body = json.loads(r.body.decode('utf-8'))
    except (ValueError, UnicodeDecodeError):
        return 'malformed', r
    if not isinstance(body, dict) or 'code' not in body:
        return 'malformed', r
    if path.endswith('.well-known') and 'publicKey' not in (body.get('data') or {}):
        return 'malformed', r
    return 'ok', r


class Latency(unittest.TestCase):
    def test_latency_delays_every_answer(self):
        with E.Emulator(seed=E.BASIC_POOL) as fast:
            c = fast.client()
            c.get('/api/v2/.well-known')
            base = min(c.get('/api/v2/.well-known').elapsed for _ in range(5))
            self.assertEqual(fast.stop(), 0)
        with E.Emulator(seed=E.BASIC_POOL, args=['--latency', '300']) as slow:
            c = slow.client()
            times = [c.get('/api/v2/.well-known').elapsed for _ in range(4)]
            for t in times:
                self.assertGreaterEqual(t, 0.29, times)
            self.assertGreaterEqual(min(times) - base, 0.25, (base, times))
            t0 = time.monotonic()
            token = c.token_for('alice', 'alice-pass-1')
            me = c.me(token)
            self.assertEqual(me.code, 200)
            self.assertGreaterEqual(me.elapsed, 0.29)
            # latency does not serialise requests: 8 in parallel take about one delay, not eight
            import threading
            done = []
            threads = [threading.Thread(target=lambda: done.append(E.Client(slow.url).get('/api/v2/.well-known')))
                       for _ in range(8)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            self.assertEqual(len(done), 8)
            # one after another would take 8 x 0.3 s = 2.4 s
            self.assertLess(time.monotonic() - t0, 1.6, 'requests are delayed one after another')
            self.assertEqual(slow.stop(), 0)


class LatencyIsARoundTrip(unittest.TestCase):
    """--latency MS: each answer leaves MS after its request arrived; the request is handled on
    arrival, so that requests arriving together are answered together (the server's own work
    is inside the round trip, as with a server that works in parallel), and an edit whose
    answer never reaches the client was still made."""

    def test_answer_lost_edit_made(self):
        with E.Emulator(seed=E.BASIC_POOL, args=['--latency', '600']) as emu:
            c = emu.client()
            token = c.token_for('alice', 'alice-pass-1')
            with self.assertRaises(Exception):
                # the client gives up long before the answer leaves
                c.post('/api/v2/users/profile/update', {'nickname': 'Sent, answer lost'},
                       token=token, timeout=0.15)
            time.sleep(0.8)
            me = c.me(token)
            self.assertEqual(me.code, 200)
            self.assertEqual(me.data['nickname'], 'Sent, answer lost')
            self.assertTrue(emu.alive(), emu.stderr())
            self.assertEqual(emu.stop(), 0, emu.stderr())

    def test_failure_decided_first_changes_nothing(self):
        # a request chosen to fail is failed after the delay without having been handled
        data_dir = tempfile.mkdtemp(prefix='emu-latency-')
        self.addCleanup(shutil.rmtree, data_dir, True)
        with E.Emulator(seed=E.BASIC_POOL, data_dir=data_dir) as fast:
            token = fast.client().token_for('alice', 'alice-pass-1')
            self.assertEqual(fast.stop(), 0)
        with E.Emulator(data_dir=data_dir, args=['--latency', '200', '--fail-rate', '1',
                                                 '--fail-kind', '500']) as failing:
            r = failing.client().post('/api/v2/users/profile/update', {'nickname': 'Never'},
                                      token=token)
            self.assertEqual(r.status, 500)
            self.assertGreaterEqual(r.elapsed, 0.19)
            self.assertEqual(failing.stop(), 0)
        with E.Emulator(data_dir=data_dir) as again:
            me = again.client().me(token)
            self.assertEqual(me.code, 200)
            self.assertNotEqual(me.data['nickname'], 'Never')
            self.assertEqual(again.stop(), 0)


class FailKinds(unittest.TestCase):
    def run_kind(self, kind, expected):
        with E.Emulator(seed=E.BASIC_POOL, args=['--fail-rate', '1', '--fail-kind', kind]) as emu:
            c = emu.client()
            for i in range(10):
                outcome, r = attempt(c)
                self.assertEqual(outcome, expected, '%s #%d: %r' % (kind, i, r))
                if kind == '500':
                    body = r.json()
                    self.assertEqual(body.get('code'), 500)
                    self.assertTrue(body.get('message'))
            # other paths, with and without a token, fail the same way
            for path in ('/api/v2/users/me', '/api/v2/login/account', '/nope'):
                outcome, r = attempt(c, path)
                self.assertEqual(outcome, expected, '%s %s: %r' % (kind, path, r))
            self.assertTrue(emu.alive(), emu.stderr())
            self.assertEqual(emu.stop(), 0, emu.stderr())

    def test_fail_500(self):
        self.run_kind('500', '500')

    def test_fail_drop(self):
        self.run_kind('drop', 'drop')

    def test_fail_malformed(self):
        self.run_kind('malformed', 'malformed')

    def test_fail_rate_zero_never_fails(self):
        with E.Emulator(seed=E.BASIC_POOL, args=['--fail-rate', '0']) as emu:
            c = emu.client()
            self.assertEqual([attempt(c)[0] for _ in range(20)], ['ok'] * 20)


class FailMix(unittest.TestCase):
    def test_half_fail(self):
        with E.Emulator(seed=E.BASIC_POOL, args=['--fail-rate', '0.5']) as emu:
            c = emu.client()
            outcomes = [attempt(c)[0] for _ in range(80)]
            counts = {k: outcomes.count(k) for k in set(outcomes)}
            self.assertIn('ok', counts, counts)
            self.assertGreater(len(counts), 1, 'expected failures too: %r' % counts)
            self.assertTrue(set(counts) <= {'ok', '500', 'drop', 'malformed'}, counts)
            # roughly half: 80 draws at p=0.5 stay within 20..60 with overwhelming probability
            self.assertGreaterEqual(counts['ok'], 20, counts)
            self.assertLessEqual(counts['ok'], 60, counts)
            self.assertTrue(emu.alive(), emu.stderr())
            self.assertEqual(emu.stop(signal.SIGTERM), 0, emu.stderr())

    def test_half_fail_each_kind(self):
        for kind in ('500', 'drop', 'malformed'):
            with self.subTest(kind=kind):
                with E.Emulator(seed=E.BASIC_POOL, args=['--fail-rate', '0.5', '--fail-kind', kind]) as emu:
                    c = emu.client()
                    outcomes = [attempt(c)[0] for _ in range(60)]
                    self.assertEqual(set(outcomes), {'ok', kind}, outcomes)
                    self.assertEqual(emu.stop(), 0, emu.stderr())


if __name__ == '__main__':
    E.main()
