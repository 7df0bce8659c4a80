#!/usr/bin/python3
# Robustness: oversized bodies, malformed JSON, wrong content types, unknown paths, wrong
# methods, garbage bytes, huge headers. Each gets a proper answer (HACKING.md: the HTTP status
# and an envelope whose code is that status), and the process keeps answering afterwards.

import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

BIG = 12 * 1024 * 1024


class Robustness(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.client.token_for('alice', 'alice-pass-1')

    def assertStillServing(self):
        self.assertTrue(self.emu.alive(), 'the emulator died; stderr:\n' + self.emu.stderr())
        r = self.client.me(self.token)
        self.assertOk(r)
        self.assertEqual(r.data['nickname'], 'Alice')

    def assertProtocolError(self, r, status):
        self.assertEqual(r.status, status, r)
        body = r.json()
        self.assertEqual(body.get('code'), status, r)
        self.assertTrue(body.get('message'), r)

    def send_big(self, path, size, content_type='application/json'):
        s = socket.create_connection((self.emu.host, self.emu.port), timeout=30)
        head = ('POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: %s\r\nContent-Length: %d\r\n'
                'Authorization: Bearer %s\r\nConnection: close\r\n\r\n'
                % (path, self.emu.host, self.emu.port, content_type, size, self.token)).encode()
        s.sendall(head)
        chunk = b'{"nickname": "' + b'x' * (1024 * 1024)
        sent = 0
        try:
            while sent < size:
                part = chunk[:min(len(chunk), size - sent)]
                s.sendall(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b''
        try:
            while True:
                got = s.recv(65536)
                if not got:
                    break
                data += got
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        return data

    def test_body_over_the_limit(self):
        for path in ('/api/v2/users/profile/update', '/api/v2/login/account', '/api/v2/udfs/values'):
            with self.subTest(path=path):
                raw = self.send_big(path, BIG)
                self.assertEqual(E.status_of(raw), 413, raw[:300])
                body = raw.partition(b'\r\n\r\n')[2]
                self.assertIn(b'413', body)
        self.assertStillServing()

    def test_just_over_one_mib(self):
        # HACKING.md: JSON bodies over 1 MiB get 413
        raw = self.send_big('/api/v2/users/profile/update', 1024 * 1024 + 4096)
        self.assertEqual(E.status_of(raw), 413, raw[:300])
        self.assertStillServing()

    def test_malformed_json(self):
        for path in ('/api/v2/login/account', '/api/v2/users/profile/update', '/api/v2/udfs/values',
                     '/api/v2/users/resource/authorized', '/api/v2/udvs/get'):
            for raw in (b'{', b'{"nickname": }', b'nickname=x', b'{"a": "\xff\xfe"}', b'\x00\x01\x02',
                        b'{"nickname": "x"} trailing', b'[' * 100000):
                with self.subTest(path=path, body=raw[:20]):
                    r = self.client.request('POST', path, raw=raw, content_type='application/json',
                                            token=self.token)
                    self.assertProtocolError(r, 400)
        self.assertStillServing()

    def test_deep_nesting_does_not_crash(self):
        raw = b'{"nickname": ' + b'[' * 200000 + b']' * 200000 + b'}'
        r = self.client.request('POST', '/api/v2/users/profile/update', raw=raw,
                                content_type='application/json', token=self.token)
        self.assertIn(r.status, (200, 400, 413), r)
        self.assertNotEqual(r.json()['code'], 200)
        self.assertStillServing()

    def test_wrong_content_type(self):
        body = b'{"nickname": "Typed"}'
        for ctype in ('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
                      'image/png'):
            with self.subTest(content_type=ctype):
                r = self.client.request('POST', '/api/v2/users/profile/update', raw=body,
                                        content_type=ctype, token=self.token)
                self.assertProtocolError(r, 400)
        self.assertStillServing()

    def test_json_with_charset_is_fine(self):
        r = self.client.request('POST', '/api/v2/users/resource/authorized', raw=b'{"namespace":"default"}',
                                content_type='application/json; charset=utf-8', token=self.token)
        self.assertOk(r)

    def test_unknown_paths(self):
        for path in ('/api/v2/nope', '/nope', '/api/v3/users/me', '/api/v2/users/me/extra',
                     '/api/v2/users/me/orgs/x', '/' + 'a' * 5000, '/api/v2/USERS/ME'):
            with self.subTest(path=path[:40]):
                r = self.client.get(path, token=self.token)
                self.assertProtocolError(r, 404)
            with self.subTest(path=path[:40], token=None):
                self.assertProtocolError(self.client.get(path, token=''), 404)
        for path in ('/api/v2/%00', '/..%2f..%2fetc/passwd', '/api/v2/users/me/%2e%2e/%2e%2e/x'):
            with self.subTest(path=path):
                r = self.client.get(path, token=self.token)
                self.assertIn(r.status, (400, 404), r)
                self.assertNotIn(b'root:', r.body)
                if r.body:
                    self.assertEqual(r.json()['code'], r.status)
        self.assertStillServing()

    def test_wrong_methods(self):
        for method, path in (('DELETE', '/api/v2/users/me'), ('GET', '/api/v2/login/account'),
                             ('PUT', '/api/v2/users/profile/update'), ('POST', '/api/v2/users/me/orgs'),
                             ('GET', '/api/v2/users/delete'), ('PATCH', '/api/v2/udfs/values'),
                             ('POST', '/api/v2/.well-known')):
            with self.subTest(method=method, path=path):
                r = self.client.request(method, path, token=self.token,
                                        raw=b'{}' if method in ('POST', 'PUT', 'PATCH') else None,
                                        content_type='application/json')
                self.assertProtocolError(r, 405)
        self.assertStillServing()

    def test_garbage_bytes(self):
        import random
        rng = random.Random(7)
        for i in range(20):
            junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
            raw = E.raw_http(self.emu.host, self.emu.port, junk, timeout=3, shutdown_write=True)
            status = E.status_of(raw)
            self.assertIn(status, (None, 400, 405, 414, 431, 501, 505), raw[:200])
        for junk in (b'GET\r\n\r\n', b'GET / HTTP/9.9\r\n\r\n', b'\r\n\r\n\r\n',
                     b'POST /api/v2/login/account HTTP/1.1\r\nContent-Length: -5\r\n\r\n',
                     b'POST /api/v2/login/account HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n',
                     b'POST /api/v2/login/account HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'):
            raw = E.raw_http(self.emu.host, self.emu.port, junk, timeout=3, shutdown_write=True)
            self.assertIn(E.status_of(raw), (None, 400, 404, 405, 411, 413, 501, 505), raw[:200])
        self.assertStillServing()

    def test_huge_headers(self):
        req = (b'GET /api/v2/users/me HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * (256 * 1024)
               + b'\r\nConnection: close\r\n\r\n')
        try:
            raw = E.raw_http(self.emu.host, self.emu.port, req, timeout=5)
        except (BrokenPipeError, ConnectionResetError):
            raw = b''
        self.assertIn(E.status_of(raw), (None, 200, 400, 413, 431), raw[:200])
        many = b'GET /api/v2/users/me HTTP/1.1\r\nHost: x\r\n' + b''.join(
            b'X-H%d: v\r\n' % i for i in range(20000)) + b'Connection: close\r\n\r\n'
        try:
            raw = E.raw_http(self.emu.host, self.emu.port, many, timeout=5)
        except (BrokenPipeError, ConnectionResetError):
            raw = b''
        self.assertIn(E.status_of(raw), (None, 200, 400, 413, 431), raw[:200])
        self.assertStillServing()

    def test_half_request_then_hang_up(self):
        for _ in range(10):
            s = socket.create_connection((self.emu.host, self.emu.port))
            s.sendall(b'POST /api/v2/login/account HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n'
                      b'Content-Type: application/json\r\n\r\n{"account": ')
            s.close()
        time.sleep(0.2)
        self.assertStillServing()

    def test_concurrent_requests(self):
        errors = []

        def worker(n):
            try:
                c = E.Client(self.emu.url)
                for _ in range(5):
                    r = c.get('/api/v2/users/me/applications/allowed?page=1&limit=5', token=self.token)
                    if r.status != 200 or r.code != 200 or r.data['totalCount'] != 23:
                        errors.append(repr(r))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertStillServing()

    def test_concurrent_writes(self):
        # every write is one transaction: parallel writers never see "database is locked"
        errors = []
        tokens = [self.client.token_for('alice', 'alice-pass-1') for _ in range(3)]
        tokens += [self.client.token_for('bob', 'Bob12345678Secure') for _ in range(3)]

        def writer(n, token):
            try:
                c = E.Client(self.emu.url, token=token)
                for i in range(8):
                    r = c.post('/api/v2/users/profile/update', {'city': 'c-%d-%d' % (n, i)})
                    if r.status != 200 or r.code != 200:
                        errors.append(repr(r))
                    r = c.post('/api/v2/udfs/values', {'udfs': [{'definition': 'age', 'value': n * 100 + i}]})
                    if r.status != 200 or r.code != 200:
                        errors.append(repr(r))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

        threads = [threading.Thread(target=writer, args=(n, t)) for n, t in enumerate(tokens)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        me = self.client.me(tokens[0]).data
        self.assertRegex(me['city'], r'^c-[0-2]-\d$')
        self.assertOk(self.client.post('/api/v2/users/profile/update', {'city': 'Hangzhou'}, token=self.token))
        self.assertStillServing()

    def test_query_string_oddities(self):
        for q in ('?page=%ZZ', '?page=1&page=2&limit=3', '?' + '&'.join('x%d=1' % i for i in range(2000)),
                  '?limit=%00'):
            with self.subTest(query=q[:30]):
                r = self.client.get('/api/v2/users/me/applications/allowed' + q, token=self.token)
                self.assertIn(r.status, (200, 400), r)
                if r.status == 400 and not r.body:
                    continue    # refused by libsoup while parsing the request line
                self.assertIn(r.json()['code'], (200, 400))
        self.assertStillServing()


if __name__ == '__main__':
    E.main()
