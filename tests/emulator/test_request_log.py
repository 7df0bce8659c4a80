#!/usr/bin/python3
# --request-log FILE: one line per request, "METHOD PATH STATUS" (path without the query
# string), appended and flushed per line, so that a test can count the requests it caused.

import os
import re
import shutil
import sys
import tempfile
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402


def read_lines(path, want, timeout=5):
    """The log's lines once there are at least `want` (a line is written after the answer)."""
    deadline = time.monotonic() + timeout
    while True:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
        if len(lines) >= want or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


class RequestLog(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='emu-reqlog-')
        self.log = os.path.join(self.dir, 'requests.log')

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_one_line_per_request(self):
        with open(self.log, 'w') as f:
            f.write('earlier line\n')
        with E.Emulator(seed=E.BASIC_POOL, args=['--request-log', self.log]) as emu:
            c = emu.client()
            self.assertEqual(c.get('/api/v2/.well-known?x=1&y=%20').status, 200)
            token = c.token_for('alice', 'alice-pass-1')   # .well-known (key) + login
            self.assertEqual(c.get('/api/v2/users/me', token=token).code, 200)
            self.assertEqual(c.get('/api/v2/no/such/path').status, 404)
            self.assertEqual(c.request('PUT', '/api/v2/users/me', token=token).status, 405)
            r = c.post('/api/v2/users/profile/update', raw=b'{nope', content_type='application/json',
                       token=token)
            self.assertEqual(r.status, 400)
            lines = read_lines(self.log, 8)
        self.assertEqual(lines, [
            'earlier line',
            'GET /api/v2/.well-known 200',
            'GET /api/v2/.well-known 200',
            'POST /api/v2/login/account 200',
            'GET /api/v2/users/me 200',
            'GET /api/v2/no/such/path 404',
            'PUT /api/v2/users/me 405',
            'POST /api/v2/users/profile/update 400',
        ])

    def test_lines_are_flushed_while_running(self):
        with E.Emulator(seed=E.BASIC_POOL, args=['--request-log', self.log]) as emu:
            c = emu.client()
            for n in range(1, 6):
                c.get('/api/v2/.well-known')
                lines = read_lines(self.log, n)
                self.assertEqual(len(lines), n)
                self.assertRegex(lines[-1], r'^GET /api/v2/\.well-known 200$')

    def test_dropped_request_is_logged_with_status_0(self):
        args = ['--request-log', self.log, '--fail-rate', '1', '--fail-kind', 'drop']
        with E.Emulator(seed=E.BASIC_POOL, args=args) as emu:
            with self.assertRaises((urllib.error.URLError, ConnectionError, OSError)):
                emu.client().get('/api/v2/users/me')
            lines = read_lines(self.log, 1)
        self.assertEqual(lines, ['GET /api/v2/users/me 0'])

    def test_injected_500_is_logged(self):
        args = ['--request-log', self.log, '--fail-rate', '1', '--fail-kind', '500']
        with E.Emulator(seed=E.BASIC_POOL, args=args) as emu:
            self.assertEqual(emu.client().get('/api/v2/.well-known').status, 500)
            lines = read_lines(self.log, 1)
        self.assertEqual(lines, ['GET /api/v2/.well-known 500'])

    def test_unwritable_log_is_an_error(self):
        bad = os.path.join(self.dir, 'missing-folder', 'log')
        p = E.run_emulator(['--data-dir', os.path.join(self.dir, 'data'), '--request-log', bad])
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn(b'listening on', p.stdout)
        self.assertTrue(re.search(rb'request log', p.stderr), p.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
