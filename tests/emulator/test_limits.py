#!/usr/bin/python3
# Bounded memory and well-formed requests (the emulator's own listener, ac-emu-gate.c): a body
# over the limit is refused by its Content-Length before it is read, a chunked one as soon as
# it passes the limit (HTTP 413, then the connection closes); malformed request lines,
# duplicate or overflowing Content-Length and friends get 400 at once and the connection
# closes; connections are bounded in number and idle time. Ten 100 MB bodies at once must not
# cost the emulator more than 50 MB.

import json
import os
import re
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

BIG = 100 * 1024 * 1024
PIECE = 64 * 1024


def rss_kib(pid, key):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    raise AssertionError('no %s in /proc/%d/status' % (key, pid))


def read_answer(sock, timeout):
    """Everything the server sends until it closes (or the timeout): (bytes, closed)."""
    sock.settimeout(0.2)
    data = b''
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def parse_answer(data):
    head, _, body = data.partition(b'\r\n\r\n')
    m = re.match(rb'HTTP/1\.[01] (\d{3}) ', head)
    status = int(m.group(1)) if m else None
    return status, head, body


class Flood(threading.Thread):
    """Sends a 100 MB body (Content-Length or chunked) generated on the fly, while reading."""

    def __init__(self, host, port, chunked, path='/api/v2/login/account'):
        super().__init__(daemon=True)
        self.host, self.port, self.chunked, self.path = host, port, chunked, path
        self.answer = b''
        self.closed = False
        self.sent = 0
        self.error = None

    def run(self):
        try:
            s = socket.create_connection((self.host, self.port), timeout=30)
        except OSError as e:
            self.error = e
            return
        done = threading.Event()

        def reader():
            self.answer, self.closed = read_answer(s, 60)
            done.set()
        t = threading.Thread(target=reader, daemon=True)
        t.start()
        framing = 'Transfer-Encoding: chunked' if self.chunked else 'Content-Length: %d' % BIG
        head = ('POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n%s\r\n\r\n'
                % (self.path, self.host, self.port, framing)).encode()
        piece = b'x' * PIECE
        try:
            s.sendall(head)
            while self.sent < BIG and not done.is_set():
                if self.chunked:
                    s.sendall(b'%x\r\n' % PIECE + piece + b'\r\n')
                else:
                    s.sendall(piece)
                self.sent += PIECE
            if self.chunked and not done.is_set():
                s.sendall(b'0\r\n\r\n')
        except OSError:
            pass     # the server stopped listening to us: expected
        t.join(60)
        s.close()


class BoundedMemory(unittest.TestCase):
    def setUp(self):
        self.emu = E.Emulator(seed=E.BASIC_POOL).start()
        self.addCleanup(E.finish, self.emu)

    def test_ten_100mb_bodies_at_once(self):
        c = self.emu.client()
        self.assertEqual(c.get('/api/v2/.well-known').status, 200)
        pid = self.emu.proc.pid
        before = rss_kib(pid, 'VmHWM')
        floods = [Flood(self.emu.host, self.emu.port, chunked=i % 2 == 1) for i in range(10)]
        t0 = time.monotonic()
        for f in floods:
            f.start()
        for f in floods:
            f.join(120)
            self.assertFalse(f.is_alive(), 'a 100 MB upload did not end')
        elapsed = time.monotonic() - t0
        after = rss_kib(pid, 'VmHWM')
        growth_mb = (after - before) / 1024
        sys.stderr.write('10 x 100 MB: %.1f s, emulator VmHWM %d -> %d KiB (+%.1f MB), '
                         'bytes sent before the refusal: %s\n'
                         % (elapsed, before, after, growth_mb, [f.sent // 1024 for f in floods]))
        for f in floods:
            self.assertIsNone(f.error)
            status, head, body = parse_answer(f.answer)
            self.assertEqual(status, 413, 'chunked=%s: %r' % (f.chunked, f.answer[:300]))
            self.assertEqual(json.loads(body)['code'], 413)
            self.assertIn(b'connection: close', head.lower())
            self.assertTrue(f.closed, 'the connection must be closed after the 413')
            self.assertLess(f.sent, 20 * 1024 * 1024, 'the body must be refused early')
        self.assertLess(growth_mb, 50, 'the emulator grew by %.1f MB' % growth_mb)
        # still serving
        r = c.get('/api/v2/.well-known')
        self.assertEqual(r.status, 200)
        self.assertEqual(c.login('alice', 'alice-pass-1').code, 200)

    def test_content_length_over_the_limit_is_refused_before_the_body(self):
        s = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        t0 = time.monotonic()
        s.sendall(b'POST /api/v2/users/profile/update HTTP/1.1\r\nHost: x\r\n'
                  b'Content-Type: application/json\r\nContent-Length: 1048577\r\n\r\n')
        data, closed = read_answer(s, 5)
        s.close()
        self.assertEqual(parse_answer(data)[0], 413, data)
        self.assertTrue(closed)
        self.assertLess(time.monotonic() - t0, 2)

    def test_chunked_body_within_the_limit_is_served(self):
        s = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        body = json.dumps({'account': 'nobody', 'password': 'x'}).encode()
        s.sendall(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                  b'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n'
                  + b'%x;ext=1\r\n' % 5 + body[:5] + b'\r\n' + b'%X\r\n' % (len(body) - 5) + body[5:]
                  + b'\r\n0\r\nX-Trailer: yes\r\n\r\n')
        data, closed = read_answer(s, 10)
        s.close()
        status, _, payload = parse_answer(data)
        self.assertEqual(status, 200, data)
        self.assertEqual(json.loads(payload)['code'], E.BAD_CREDENTIALS)


class Malformed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = E.Emulator(seed=E.BASIC_POOL).start()

    @classmethod
    def tearDownClass(cls):
        E.finish(cls.emu)

    def send_raw(self, raw):
        s = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        t0 = time.monotonic()
        try:
            s.sendall(raw)
        except OSError:
            pass
        data, closed = read_answer(s, 2.5)
        s.close()
        return data, closed, time.monotonic() - t0

    def assert_refused(self, raw, status=400):
        data, closed, elapsed = self.send_raw(raw)
        got, head, body = parse_answer(data)
        self.assertEqual(got, status, 'for %r: %r' % (raw[:80], data[:300]))
        self.assertEqual(json.loads(body)['code'], status)
        self.assertTrue(closed, 'the connection must be closed (%r)' % raw[:80])
        self.assertLess(elapsed, 2.0, 'the answer took %.2f s' % elapsed)

    def test_malformed_request_line(self):
        for raw in (b'GARBAGE\r\n\r\n',
                    b'GET\r\nHost: x\r\n\r\n',
                    b'GET /api/v2/.well-known\r\nHost: x\r\n\r\n',
                    b'GET  /api/v2/.well-known HTTP/1.1\r\nHost: x\r\n\r\n',
                    b'GET /api/v2/.well-known HTTP/1.1 extra\r\nHost: x\r\n\r\n',
                    b'G(T /api/v2/.well-known HTTP/1.1\r\nHost: x\r\n\r\n',
                    b'GET /api/v2/\x01 HTTP/1.1\r\nHost: x\r\n\r\n',
                    b'GET /api/v2/.well-known HTTP/x.1\r\nHost: x\r\n\r\n',
                    b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'):
            with self.subTest(raw=raw):
                self.assert_refused(raw)

    def test_duplicate_content_length(self):
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n'
                            b'Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{}')
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n'
                            b'Content-Type: application/json\r\n\r\n{}')

    def test_overflowing_or_malformed_content_length(self):
        for value in (b'99999999999999999999999', b'18446744073709551616', b'-1', b'+2', b'0x10', b''):
            with self.subTest(value=value):
                self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Length: '
                                    + value + b'\r\n\r\n{}')

    def test_smuggling_shapes(self):
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n'
                            b'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\n'
                            b'Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n')
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n')
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n')
        self.assert_refused(b'GET /api/v2/.well-known HTTP/1.1\r\n\r\n')        # no Host
        self.assert_refused(b'GET /api/v2/.well-known HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')

    def test_broken_chunked_framing(self):
        for body in (b'zz\r\n', b'3\r\nabc\r\nzz\r\n', b'1' * 20 + b'\r\n', b'5\r\nabcdeXY', b';x\r\n'):
            with self.subTest(body=body):
                self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\n'
                                    b'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' + body)

    def test_other_refusals(self):
        self.assert_refused(b'GET /api/v2/.well-known HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 40000 + b'\r\n\r\n', 431)
        self.assert_refused(b'GET /api/v2/.well-known HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 40000, 431)
        self.assert_refused(b'GET /api/v2/.well-known HTTP/2.0\r\nHost: x\r\n\r\n', 505)
        self.assert_refused(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n'
                            b'Content-Length: 2\r\n\r\n{}', 417)

    def test_well_formed_requests_still_work_after_all_that(self):
        c = self.emu.client()
        self.assertEqual(c.get('/api/v2/.well-known').status, 200)
        data, closed, _ = self.send_raw(b'\r\nGET /api/v2/.well-known?x=1 HTTP/1.0\r\nHost: x\r\n\r\n')
        self.assertEqual(parse_answer(data)[0], 200, data)


class Connections(unittest.TestCase):
    def setUp(self):
        self.emu = E.Emulator(seed=E.BASIC_POOL).start()
        self.addCleanup(E.finish, self.emu)

    def test_keep_alive_and_pipelining(self):
        s = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        one = b'GET /api/v2/.well-known HTTP/1.1\r\nHost: x\r\n\r\n'
        body = b'{"account":"x","password":"y"}'
        two = (b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
               b'Content-Length: %d\r\n\r\n' % len(body) + body)
        three = b'GET /api/v2/.well-known HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
        s.sendall(one + two + three)       # pipelined
        data, closed = read_answer(s, 10)
        s.close()
        self.assertEqual(len(re.findall(rb'HTTP/1\.1 200 OK', data)), 3, data[:500])
        self.assertTrue(closed)

    def test_connection_limit(self):
        idle = []
        try:
            for _ in range(64):
                idle.append(socket.create_connection((self.emu.host, self.emu.port), timeout=5))
            time.sleep(0.5)
            extra = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
            data, closed = read_answer(extra, 5)
            extra.close()
            self.assertEqual(parse_answer(data)[0], 503, data)
            self.assertTrue(closed)
        finally:
            for s in idle:
                s.close()
        time.sleep(0.5)
        self.assertEqual(self.emu.client().get('/api/v2/.well-known').status, 200)

    def test_idle_connection_is_closed(self):
        # both at once: a kept-alive connection after an answer, and a head that never ends
        idle = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        idle.sendall(b'GET /api/v2/.well-known HTTP/1.1\r\nHost: x\r\n\r\n')
        slow = socket.create_connection((self.emu.host, self.emu.port), timeout=5)
        slow.sendall(b'GET /api/v2/.well-known HTTP/1.1\r\n')
        t0 = time.monotonic()
        results = {}

        def watch(name, sock):
            results[name] = read_answer(sock, 45) + (time.monotonic() - t0,)
        threads = [threading.Thread(target=watch, args=a) for a in (('idle', idle), ('slow', slow))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        idle.close()
        slow.close()
        data, closed, elapsed = results['idle']
        self.assertEqual(parse_answer(data)[0], 200)
        self.assertTrue(closed, 'an idle connection must be closed')
        self.assertGreater(elapsed, 25)
        data, closed, elapsed = results['slow']
        self.assertTrue(closed, 'a head that never ends must not hold the connection')
        self.assertGreater(elapsed, 25)

if __name__ == '__main__':
    unittest.main(verbosity=2)
