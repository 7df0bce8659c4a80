# Helpers for the HTTP-level tests of authing-emulator.
#
# Starts the real emulator ($AC_EMULATOR) on port 0 with a fresh data folder, talks to it with
# urllib as the Authing SDKs do (authing-api.md section 2), encrypts passwords with the key the
# emulator publishes at /api/v2/.well-known (RSA PKCS#1 v1.5, HACKING.md), and stops it.
#
# Standard library plus python3-cryptography only; run with /usr/bin/python3.

import base64
import hashlib
import hmac
import http.client
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get('AC_SOURCE_ROOT', os.path.dirname(os.path.dirname(HERE)))
FIXTURES = os.path.join(SOURCE_ROOT, 'tests', 'fixtures', 'pools')
DEMO_POOL = os.environ.get('AC_DEMO_POOL', os.path.join(SOURCE_ROOT, 'data', 'demo', 'pool.json'))
BASIC_POOL = os.path.join(FIXTURES, 'basic.json')

# Generous: under AddressSanitizer the emulator starts (and generates its RSA key) slowly.
START_TIMEOUT = float(os.environ.get('AC_EMULATOR_START_TIMEOUT', '60'))
REQUEST_TIMEOUT = 20

NOT_LOGGED_IN = 2020
BAD_CREDENTIALS = 2333
MFA_REQUIRED = 1635

# The user fields of authing-api.md section 4.2: present in every user object, null when unset.
USER_FIELDS = [
    'id', 'arn', 'userPoolId', 'username', 'email', 'emailVerified', 'phone', 'phoneVerified',
    'unionid', 'openid', 'nickname', 'photo', 'oauth', 'token', 'tokenExpiredAt', 'loginsCount',
    'lastLogin', 'lastIP', 'signedUp', 'blocked', 'isDeleted', 'device', 'browser', 'company',
    'name', 'givenName', 'familyName', 'middleName', 'profile', 'preferredUsername', 'website',
    'gender', 'birthdate', 'zoneinfo', 'locale', 'address', 'formatted', 'streetAddress',
    'locality', 'region', 'postalCode', 'country', 'createdAt', 'updatedAt',
]

# The updateProfile fields of authing-api.md section 6.5.
PROFILE_FIELDS = [
    'username', 'nickname', 'company', 'photo', 'browser', 'device', 'name', 'givenName',
    'familyName', 'middleName', 'profile', 'preferredUsername', 'website', 'gender', 'birthdate',
    'zoneinfo', 'locale', 'address', 'streetAddress', 'locality', 'region', 'postalCode', 'city',
    'province', 'country',
]

RESOURCE_TYPES = ['DATA', 'API', 'MENU', 'UI', 'BUTTON']


def emulator_path():
    path = os.environ.get('AC_EMULATOR')
    if not path:
        raise RuntimeError('AC_EMULATOR is not set: run this test through meson test')
    if not os.access(path, os.X_OK):
        raise RuntimeError('AC_EMULATOR=%s is not an executable' % path)
    return path


def load_pool(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


class EmulatorError(Exception):
    pass


SANITIZER_MARKERS = ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:',
                     'ERROR: UndefinedBehaviorSanitizer', 'GLib-CRITICAL', 'GLib-GObject-CRITICAL',
                     'Json-CRITICAL', 'libsoup-CRITICAL')


def sanitizer_report(text):
    """The first line of a sanitizer report or GLib critical in text, or None."""
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    for line in text.splitlines():
        if any(m in line for m in SANITIZER_MARKERS):
            return line
    return None


class Emulator:
    """One authing-emulator process with its own data folder.

    The data folder outlives stop() so that a test can restart on it; cleanup() removes it."""

    def __init__(self, seed=None, data_dir=None, args=(), listen='127.0.0.1:0'):
        self.seed = seed
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix='emu-data-')
        self.args = list(args)
        self.listen = listen
        self.proc = None
        self.url = None
        self.stdout_rest = b''
        self.log_path = None
        self.log_file = None
        self.returncode = None

    def command(self):
        cmd = [emulator_path(), '--data-dir', self.data_dir]
        if self.seed:
            cmd += ['--seed', self.seed]
        if self.listen:
            cmd += ['--listen', self.listen]
        return cmd + self.args

    def start(self, timeout=START_TIMEOUT):
        fd, self.log_path = tempfile.mkstemp(prefix='emu-stderr-', suffix='.log')
        self.log_file = os.fdopen(fd, 'w+b')
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.log_file)
        line = self._read_line(timeout)
        if line is None:
            code = self.proc.poll()
            if code is None:
                self.proc.kill()
                self.proc.wait()
                raise EmulatorError('no "listening on" line within %.0f s; stderr:\n%s'
                                    % (timeout, self.stderr()))
            raise EmulatorError('emulator exited with %d before listening; stderr:\n%s'
                                % (code, self.stderr()))
        self.first_line = line
        prefix = 'listening on http://'
        if not line.startswith(prefix):
            self.proc.kill()
            self.proc.wait()
            raise EmulatorError('first stdout line is %r, expected "listening on http://HOST:PORT"'
                                % line)
        self.url = 'http://' + line[len(prefix):]
        parsed = urllib.parse.urlsplit(self.url)
        self.host = parsed.hostname
        self.port = parsed.port
        return self

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        buf = b''
        while b'\n' not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    return None
                buf += chunk
            elif self.proc.poll() is not None:
                return None
        line, _, rest = buf.partition(b'\n')
        self.stdout_rest = rest
        return line.decode('utf-8', 'replace')

    def stdout_after_first_line(self):
        """Everything the process printed to stdout after the first line (only once it exited)."""
        if self.proc is not None:
            raise EmulatorError('stdout_after_first_line() needs the process to have exited')
        return self.stdout_rest

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Send sig and wait; returns the exit status (negative: killed by a signal)."""
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.returncode = 'hung after %s' % signal.Signals(sig).name
                self._close()
                return self.returncode
        self.returncode = self.proc.returncode
        self._close()
        return self.returncode

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def _close(self):
        if self.proc is not None and self.proc.stdout:
            try:
                self.stdout_rest += self.proc.stdout.read() or b''
            except (OSError, ValueError):
                pass
            self.proc.stdout.close()
        self.proc = None

    def stderr(self):
        if not self.log_path:
            return ''
        try:
            with open(self.log_path, 'rb') as f:
                data = f.read()
        except OSError:
            return ''
        return data.decode('utf-8', 'replace')[-6000:]

    def cleanup(self):
        if self.log_path and os.path.exists(self.log_path):
            report = sanitizer_report(self.stderr())
            if report:
                sys.stderr.write('emulator stderr had a report: %s\n' % report)
        if self.proc is not None:
            self.stop(signal.SIGKILL)
        if self.log_file:
            self.log_file.close()
            self.log_file = None
        if self.log_path and os.path.exists(self.log_path):
            os.unlink(self.log_path)
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def client(self, **kw):
        return Client(self.url, **kw)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def finish(emu):
    """Stop emu with SIGTERM and clean up; AssertionError when it did not exit 0 or its stderr
    has a sanitizer report or GLib critical (so that the ASan pass can fail)."""
    alive = emu.alive()
    code = emu.stop(signal.SIGTERM)
    stderr = emu.stderr()
    emu.cleanup()
    if not alive:
        raise AssertionError('the emulator died (status %s); stderr:\n%s' % (code, stderr))
    if code != 0:
        raise AssertionError('the emulator exited with %s on SIGTERM; stderr:\n%s' % (code, stderr))
    report = sanitizer_report(stderr)
    if report:
        raise AssertionError('the emulator reported: %s; stderr:\n%s' % (report, stderr))


def run_emulator(args, timeout=60):
    """Run the emulator to completion (for argument and seed errors); returns CompletedProcess.

    If it starts listening instead of exiting, it is killed at once and the result has
    returncode 0 and the "listening on" line in stdout, so the caller's assertions fail fast."""
    proc = subprocess.Popen([emulator_path()] + list(args), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = b''
    err = b''
    deadline = time.monotonic() + timeout
    streams = {proc.stdout.fileno(): 'out', proc.stderr.fileno(): 'err'}
    while streams and time.monotonic() < deadline:
        ready, _, _ = select.select(list(streams), [], [], 0.2)
        for fd in ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                del streams[fd]
            elif streams[fd] == 'out':
                out += chunk
            else:
                err += chunk
        if b'listening on' in out:
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
            return subprocess.CompletedProcess(proc.args, 0, out, err)
    try:
        code = proc.wait(max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    finally:
        proc.stdout.close()
        proc.stderr.close()
    return subprocess.CompletedProcess(proc.args, code, out, err)


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
        self._json = None
        self._parsed = False

    def json(self):
        if not self._parsed:
            self._json = json.loads(self.body.decode('utf-8'))
            self._parsed = True
        return self._json

    @property
    def code(self):
        return self.json().get('code')

    @property
    def data(self):
        return self.json().get('data')

    @property
    def message(self):
        return self.json().get('message')

    def __repr__(self):
        return '<HTTP %s %r>' % (self.status, self.body[:600])


class Client:
    """A tiny Authing REST client: JSON in and out, the SDK headers, a Bearer token."""

    def __init__(self, base, app_id='', pool_id='', lang=None, token=None):
        self.base = base.rstrip('/')
        self.app_id = app_id
        self.pool_id = pool_id
        self.lang = lang
        self.token = token
        self._public_key = None

    def headers(self, token, lang, extra):
        h = {
            'x-authing-app-id': self.app_id,
            'x-authing-userpool-id': self.pool_id,
            'x-authing-request-from': 'ac-emulator-tests',
            'x-authing-sdk-version': 'py:0.1',
            'Accept': 'application/json',
        }
        lang = lang if lang is not None else self.lang
        if lang:
            h['x-authing-lang'] = lang
        token = token if token is not None else self.token
        if token:
            h['Authorization'] = 'Bearer ' + token
        h.update(extra or {})
        return {k: v for k, v in h.items() if v is not None and v != ''}

    def request(self, method, path, body=None, token=None, lang=None, headers=None,
                raw=None, content_type=None, timeout=REQUEST_TIMEOUT):
        url = self.base + path
        h = self.headers(token, lang, headers)
        data = None
        if raw is not None:
            data = raw
            if content_type:
                h['Content-Type'] = content_type
        elif body is not None:
            data = json.dumps(body).encode('utf-8')
            h['Content-Type'] = content_type or 'application/json'
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                payload = r.read()
                return Response(r.status, dict(r.headers), payload, time.monotonic() - t0)
        except urllib.error.HTTPError as e:
            payload = e.read()
            return Response(e.code, dict(e.headers), payload, time.monotonic() - t0)

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body=body if body is not None else {}, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    # --- passwords and login ---

    def public_key_pem(self):
        r = self.get('/api/v2/.well-known', token='')
        if r.status != 200 or r.code != 200:
            raise EmulatorError('.well-known failed: %r' % r)
        return r.data['publicKey']

    def public_key(self):
        if self._public_key is None:
            pem = self.public_key_pem()
            self._public_key = serialization.load_pem_public_key(pem.encode('ascii'))
        return self._public_key

    def encrypt(self, password):
        ct = self.public_key().encrypt(password.encode('utf-8'), padding.PKCS1v15())
        return base64.b64encode(ct).decode('ascii')

    def login(self, account, password, lang=None, encrypt=True, extra=None):
        body = {'account': account,
                'password': self.encrypt(password) if encrypt else password,
                'autoRegister': False}
        body.update(extra or {})
        return self.post('/api/v2/login/account', body, token='', lang=lang)

    def token_for(self, account, password, totp_secret=None):
        """A token for account; with totp_secret, a two-step sign-in (1635) is completed."""
        r = self.login(account, password)
        if totp_secret is not None and r.status == 200 and r.code == MFA_REQUIRED:
            r = self.post('/api/v2/mfa/totp/verify', {'totp': totp(totp_secret, self.now())},
                          token=r.data['mfaToken'])
        if r.status != 200 or r.code != 200:
            raise EmulatorError('login of %s failed: %r' % (account, r))
        return r.data['token']

    # --- the emulator's own endpoints (protocol-security.md section 3) ---

    def outbox(self, to=None):
        """The outbox (a bare array, newest first), optionally only what went to `to`."""
        path = '/_emulator/outbox' + ('?to=' + urllib.parse.quote(to, safe='') if to else '')
        r = self.get(path, token='')
        if r.status != 200:
            raise EmulatorError('outbox failed: %r' % r)
        return r.json()

    def last_code(self, to):
        entries = self.outbox(to)
        if not entries:
            raise EmulatorError('nothing in the outbox for %s' % to)
        return entries[0]['code']

    def clock(self, advance=0):
        """Moves the emulator's security clock (AC_EMULATOR_TEST_CLOCK=1); returns its now."""
        r = self.post('/_emulator/clock', {'advance': advance}, token='')
        if r.status != 200:
            raise EmulatorError('clock failed (is AC_EMULATOR_TEST_CLOCK=1 set?): %r' % r)
        return r.json()['now']

    def now(self):
        """The emulator's security clock when it can be read, else the real time."""
        r = self.post('/_emulator/clock', {'advance': 0}, token='')
        if r.status == 200:
            return r.json()['now']
        return int(time.time())

    def me(self, token=None):
        return self.get('/api/v2/users/me', token=token)


def totp(secret, at=None, step=30, digits=6):
    """RFC 6238 (HMAC-SHA-1) of a base32 secret at unix time `at`, computed independently of
    the emulator's liboath."""
    key = base64.b32decode(secret.upper() + '=' * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0f
    value = struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7fffffff
    return str(value % (10 ** digits)).zfill(digits)


def user_id_from_token(token):
    payload = token.split('.')[1]
    payload += '=' * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))['sub']


def jwt_parts(token):
    def dec(s):
        s += '=' * (-len(s) % 4)
        return json.loads(base64.urlsafe_b64decode(s))
    h, p, sig = token.split('.')
    return dec(h), dec(p), sig


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def raw_http(host, port, data, timeout=10, shutdown_write=False):
    """Send raw bytes and return everything the server answers before closing (or timeout)."""
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(data)
        if shutdown_write:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            joined = b''.join(chunks)
            # Stop once a full response with Content-Length has arrived (keep-alive servers).
            head, sep, rest = joined.partition(b'\r\n\r\n')
            if sep:
                for line in head.split(b'\r\n')[1:]:
                    k, _, v = line.partition(b':')
                    if k.strip().lower() == b'content-length' and len(rest) >= int(v.strip()):
                        return joined
        return b''.join(chunks)
    finally:
        s.close()


def status_of(raw):
    line = raw.split(b'\r\n', 1)[0]
    parts = line.split(b' ')
    if len(parts) >= 2 and parts[0].startswith(b'HTTP/'):
        return int(parts[1])
    return None


def http_conn(emu, timeout=REQUEST_TIMEOUT):
    return http.client.HTTPConnection(emu.host, emu.port, timeout=timeout)


class EmulatorTestCase(unittest.TestCase):
    """One emulator per test class, seeded with SEED, started with ARGS.

    At the end the emulator must still be running (nothing crashed it) and must exit with
    status 0 on SIGTERM."""

    SEED = BASIC_POOL
    ARGS = ()
    emu = None

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(seed=cls.SEED, args=cls.ARGS)
        try:
            cls.emu.start()
        except Exception:
            cls.emu.cleanup()
            raise
        cls.pool = load_pool(cls.SEED) if cls.SEED else None
        app_id = cls.pool['application']['id'] if cls.pool and 'application' in cls.pool else ''
        pool_id = cls.pool['userPool']['id'] if cls.pool and 'userPool' in cls.pool else ''
        cls.app_id = app_id
        cls.client = Client(cls.emu.url, app_id=app_id, pool_id=pool_id)

    @classmethod
    def tearDownClass(cls):
        emu = cls.emu
        try:
            alive = emu.alive()
            code = emu.stop(signal.SIGTERM)
            stderr = emu.stderr()
        finally:
            emu.cleanup()
        if not alive:
            raise AssertionError('the emulator died during %s (status %s); stderr:\n%s'
                                 % (cls.__name__, code, stderr))
        if code != 0:
            raise AssertionError('the emulator exited with %s on SIGTERM after %s; stderr:\n%s'
                                 % (code, cls.__name__, stderr))
        report = sanitizer_report(stderr)
        if report:
            raise AssertionError('the emulator reported a problem during %s: %s; stderr:\n%s'
                                 % (cls.__name__, report, stderr))

    def new_client(self, **kw):
        return Client(self.emu.url, app_id=self.app_id, **kw)

    # --- assertions shared by the test files ---

    def assertEnvelope(self, r, code=200, status=200):
        self.assertEqual(r.status, status, 'HTTP status: %r' % r)
        try:
            body = r.json()
        except ValueError:
            self.fail('body is not JSON: %r' % r)
        self.assertIsInstance(body, dict, 'envelope is not an object: %r' % r)
        for key in ('code', 'message', 'data'):
            self.assertIn(key, body, 'envelope lacks %r: %r' % (key, r))
        self.assertEqual(body['code'], code, 'envelope code: %r' % r)
        self.assertIsInstance(body['message'], str)
        return body['data']

    def assertOk(self, r):
        return self.assertEnvelope(r, 200)

    def assertCode(self, r, code):
        """A business outcome: HTTP 200 and the envelope with this code."""
        self.assertEnvelope(r, code)
        self.assertTrue(r.message, 'an error needs a message: %r' % r)

    def assertNotLoggedIn(self, r):
        self.assertCode(r, NOT_LOGGED_IN)

    def assertUser(self, user):
        self.assertIsInstance(user, dict)
        missing = [k for k in USER_FIELDS if k not in user]
        self.assertEqual(missing, [], 'user object lacks fields (they must be present, null '
                         'when unset): %s' % missing)
        self.assertIsInstance(user['id'], str)
        self.assertIsInstance(user['emailVerified'], bool)
        self.assertIsInstance(user['phoneVerified'], bool)
        self.assertIsInstance(user['blocked'], bool)
        self.assertIsInstance(user['isDeleted'], bool)
        self.assertIsInstance(user['loginsCount'], int)
        # No password material ever leaves the server.
        blob = json.dumps(user)
        self.assertNotIn('pbkdf2', blob.lower())
        if 'password' in user:
            self.assertIn(user['password'], (None, ''), 'the user object exposes a password')


def find_pool_user(pool, username):
    for u in pool['users']:
        if u['username'] == username:
            return u
    raise KeyError(username)


def main():
    """Run the unittest module that called us, print the summary, exit non-zero on failure."""
    prog = unittest.main(module='__main__', verbosity=2, exit=False,
                         testRunner=unittest.TextTestRunner(stream=sys.stdout, verbosity=2))
    sys.stdout.flush()
    result = prog.result
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)


# --- an independent reading of pool-format.md, to compute what the emulator must answer ---

def password_level(pw):
    has_lower = any(c.islower() for c in pw)
    has_upper = any(c.isupper() for c in pw)
    has_digit = any(c.isdigit() for c in pw)
    has_alpha = any(c.isalpha() for c in pw)
    if len(pw) >= 12 and has_lower and has_upper and has_digit:
        return 3
    if len(pw) >= 8 and has_alpha and has_digit:
        return 2
    return 1


class PoolModel:
    def __init__(self, pool):
        self.pool = pool
        self.users = {u['username']: u for u in pool.get('users', [])}
        self.fields = {f['key']: f for f in pool.get('customFields', [])}
        self.roles = pool.get('roles', [])
        self.paths = {}      # node id -> [org, root, ..., node]
        for org in pool.get('organizations', []):
            self._walk(org, org['root'], [])

    def _walk(self, org, node, above):
        path = above + [node]
        self.paths[node['id']] = (org, path)
        for child in node.get('children', []):
            self._walk(org, child, path)

    def user_id(self, username):
        return self.users[username]['id']

    def user_nodes(self, username):
        return [nid for nid, (org, path) in self.paths.items()
                if username in path[-1].get('members', [])]

    def org_paths(self, username):
        """Set of id tuples: (org id, root id, ..., node id), one per membership."""
        out = set()
        for nid in self.user_nodes(username):
            org, path = self.paths[nid]
            out.add(tuple([org['id']] + [n['id'] for n in path]))
        return out

    def user_roles(self, username, namespace=None):
        return [r for r in self.roles if username in r.get('members', [])
                and (namespace is None or r['namespace'] == namespace)]

    def allowed_apps(self, username):
        roles = {'%s:%s' % (r['namespace'], r['code']) for r in self.user_roles(username)}
        nodes = set(self.user_nodes(username))
        out = set()
        for app in self.pool.get('applications', []):
            acc = app.get('access', {})
            if (acc.get('all') or username in acc.get('users', [])
                    or roles & set(acc.get('roles', [])) or nodes & set(acc.get('nodes', []))):
                out.add(app['id'])
        return out

    def resources(self, username, namespace, rtype=None):
        """{code: (type, set(actions), apiIdentifier)} as the union of user, role and node grants."""
        grantees = {'user:' + username}
        grantees |= {'role:%s:%s' % (r['namespace'], r['code'])
                     for r in self.user_roles(username, namespace)}
        grantees |= {'node:' + n for n in self.user_nodes(username)}
        out = {}
        for res in self.pool.get('resources', []):
            if res.get('namespace', 'default') != namespace:
                continue
            if rtype and res['type'] != rtype:
                continue
            for g in res.get('grants', []):
                if g['to'] in grantees:
                    entry = out.setdefault(res['code'], (res['type'], set(), res.get('apiIdentifier')))
                    entry[1].update(g.get('actions', []))
        return out

    def security_level(self, username):
        u = self.users[username]
        pw = u.get('password')
        level = password_level(pw) if pw else None
        score = 0
        if pw:
            score += 40 + {1: 20, 2: 25, 3: 30}[level]
        if u.get('email'):
            score += 5
        if u.get('phone'):
            score += 10
        if u.get('mfa'):
            score += 15
        return {'score': min(score, 100), 'email': bool(u.get('email')),
                'phone': bool(u.get('phone')), 'password': bool(pw),
                'passwordSecurityLevel': level, 'mfa': bool(u.get('mfa'))}
