#!/usr/bin/python3
# The command line of authing-emulator: the "listening on" line, argument errors, signals.

import os
import re
import signal
import sys
import tempfile
import shutil
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402


class ListeningLine(unittest.TestCase):
    def test_exact_line_and_nothing_else_on_stdout(self):
        with E.Emulator(seed=E.BASIC_POOL) as emu:
            self.assertRegex(emu.first_line, r'^listening on http://127\.0\.0\.1:[0-9]+$')
            self.assertNotEqual(emu.port, 0)
            r = emu.client().get('/api/v2/.well-known')
            self.assertEqual(r.status, 200)
            self.assertEqual(emu.stop(signal.SIGTERM), 0, emu.stderr())
            self.assertEqual(emu.stdout_after_first_line().strip(), b'',
                             'stdout must hold exactly one line')

    def test_default_listen_is_loopback_and_free_port(self):
        emu = E.Emulator(seed=E.BASIC_POOL, listen=None)
        with emu:
            self.assertRegex(emu.first_line, r'^listening on http://127\.0\.0\.1:[0-9]+$')
            self.assertEqual(emu.client().get('/api/v2/.well-known').status, 200)

    def test_two_emulators_get_different_ports(self):
        with E.Emulator(seed=E.BASIC_POOL) as a, E.Emulator(seed=E.BASIC_POOL) as b:
            self.assertNotEqual(a.port, b.port)

    def test_explicit_port_is_used(self):
        import socket
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
        s.close()
        with E.Emulator(seed=E.BASIC_POOL, listen='127.0.0.1:%d' % port) as emu:
            self.assertEqual(emu.first_line, 'listening on http://127.0.0.1:%d' % port)

    def test_port_in_use_is_an_error(self):
        import socket
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        s.listen(1)
        port = s.getsockname()[1]
        d = tempfile.mkdtemp()
        try:
            p = E.run_emulator(['--data-dir', d, '--listen', '127.0.0.1:%d' % port])
            self.assertIsNone(E.sanitizer_report(p.stderr), p.stderr)
            self.assertNotEqual(p.returncode, 0)
            self.assertNotIn(b'listening on', p.stdout)
            self.assertTrue(p.stderr.strip(), 'an error needs a message on stderr')
        finally:
            s.close()
            shutil.rmtree(d, ignore_errors=True)


class Signals(unittest.TestCase):
    def check_signal(self, sig):
        emu = E.Emulator(seed=E.BASIC_POOL)
        with emu:
            c = emu.client()
            self.assertEqual(c.get('/api/v2/.well-known').status, 200)
            code = emu.stop(sig)
            self.assertEqual(code, 0, 'exit status after %s; stderr:\n%s' % (sig.name, emu.stderr()))

    def test_sigterm_exits_0(self):
        self.check_signal(signal.SIGTERM)

    def test_sigint_exits_0(self):
        self.check_signal(signal.SIGINT)

    def test_sigterm_while_idle_right_after_start(self):
        emu = E.Emulator(seed=E.BASIC_POOL)
        with emu:
            self.assertEqual(emu.stop(signal.SIGTERM), 0, emu.stderr())


class StopWhileBusy(unittest.TestCase):
    def test_sigterm_with_a_request_in_flight_and_idle_connections(self):
        import socket
        import threading
        emu = E.Emulator(seed=E.BASIC_POOL, args=['--latency', '3000'])
        with emu:
            idle = [socket.create_connection((emu.host, emu.port)) for _ in range(5)]
            results = []

            def slow():
                try:
                    results.append(emu.client().get('/api/v2/.well-known', timeout=30).status)
                except Exception as e:  # noqa: BLE001
                    results.append(repr(e))

            t = threading.Thread(target=slow)
            t.start()
            import time
            time.sleep(0.5)
            t0 = time.monotonic()
            code = emu.stop(signal.SIGTERM, timeout=15)
            self.assertEqual(code, 0, emu.stderr())
            self.assertLess(time.monotonic() - t0, 10)
            t.join(30)
            for s in idle:
                s.close()


class DataFolder(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_missing_folder_is_created(self):
        path = os.path.join(self.dir, 'not', 'yet')
        with E.Emulator(seed=E.BASIC_POOL, data_dir=path) as emu:
            self.assertEqual(emu.client().login('alice', 'alice-pass-1').code, 200)
        self.assertTrue(os.path.isdir(path))

    def test_data_dir_is_a_file(self):
        path = os.path.join(self.dir, 'file')
        with open(path, 'w') as f:
            f.write('x')
        p = E.run_emulator(['--data-dir', path, '--seed', E.BASIC_POOL])
        self.assertGreater(p.returncode, 0, p.stderr)
        self.assertNotIn(b'listening on', p.stdout)
        self.assertTrue(p.stderr.strip())
        self.assertIsNone(E.sanitizer_report(p.stderr), p.stderr)

    def test_corrupt_database_is_an_error_not_a_crash(self):
        emu = E.Emulator(seed=E.BASIC_POOL, data_dir=os.path.join(self.dir, 'data'))
        with emu:
            emu.client().token_for('alice', 'alice-pass-1')
            self.assertEqual(emu.stop(), 0)
        dbs = []
        for root, dirs, files in os.walk(emu.data_dir):
            for name in files:
                path = os.path.join(root, name)
                with open(path, 'rb') as f:
                    if f.read(16) == b'SQLite format 3\0':
                        dbs.append(path)
        self.assertEqual(len(dbs), 1, dbs)
        with open(dbs[0], 'r+b') as f:
            f.seek(0)
            f.write(b'this is not a database any more' * 200)
        p = E.run_emulator(['--data-dir', emu.data_dir])
        self.assertGreater(p.returncode, 0, 'a corrupt database must stop the emulator with an error: %r' % p)
        self.assertNotIn(b'listening on', p.stdout)
        self.assertTrue(p.stderr.strip())
        self.assertIsNone(E.sanitizer_report(p.stderr), p.stderr)


class BadArguments(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)

    def assertUsageError(self, args):
        p = E.run_emulator(args)
        self.assertIsNone(E.sanitizer_report(p.stderr), p.stderr)
        self.assertEqual(p.returncode, 2, 'args %r: exit %d, stderr %r' % (args, p.returncode, p.stderr))
        self.assertNotIn(b'listening on', p.stdout)
        self.assertTrue(p.stderr.strip(), 'args %r: a usage error needs a message' % (args,))

    def test_unknown_option(self):
        self.assertUsageError(['--data-dir', self.dir, '--no-such-option'])

    def test_missing_data_dir(self):
        self.assertUsageError(['--seed', E.BASIC_POOL])

    def test_bad_token_ttl(self):
        for v in ('abc', '-5', '1.5x'):
            self.assertUsageError(['--data-dir', self.dir, '--token-ttl', v])

    def test_bad_latency(self):
        for v in ('abc', '-1', '10ms'):
            self.assertUsageError(['--data-dir', self.dir, '--latency', v])

    def test_bad_fail_rate(self):
        for v in ('abc', '-0.1', '1.5', '2'):
            self.assertUsageError(['--data-dir', self.dir, '--fail-rate', v])

    def test_bad_fail_kind(self):
        self.assertUsageError(['--data-dir', self.dir, '--fail-rate', '1', '--fail-kind', 'explode'])

    def test_bad_listen(self):
        for v in ('nonsense', '127.0.0.1:notaport', '127.0.0.1:70000', ':'):
            self.assertUsageError(['--data-dir', self.dir, '--listen', v])

    def test_stray_argument(self):
        self.assertUsageError(['--data-dir', self.dir, 'stray'])

    def test_missing_seed_file_is_an_error(self):
        p = E.run_emulator(['--data-dir', self.dir, '--seed', os.path.join(self.dir, 'nope.json')])
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn(b'listening on', p.stdout)
        self.assertIn(b'nope.json', p.stderr)

    def test_help_exits_0(self):
        p = E.run_emulator(['--help'])
        self.assertEqual(p.returncode, 0)
        self.assertIn(b'--data-dir', p.stdout + p.stderr)


if __name__ == '__main__':
    E.main()
