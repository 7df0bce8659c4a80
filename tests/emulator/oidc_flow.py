# Helpers for the OIDC tests of authing-emulator: PKCE, the authorization request, the hosted
# sign-in page driven with plain HTTP (as a browser without JavaScript would), the token
# endpoint, and checking an RS256 JWS against the published JWKS with python3-cryptography.
#
# Redirects are never followed: a test looks at each Location itself.

import base64
import hashlib
import http.client
import json
import os
import re
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

REDIRECT_URI = 'http://127.0.0.1:50123/callback'
SCOPE = 'openid profile email phone'


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def pkce_pair():
    verifier = b64url(os.urandom(32))
    return verifier, s256(verifier)


def s256(text):
    return b64url(hashlib.sha256(text.encode('ascii')).digest())


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    @property
    def text(self):
        return self.body.decode('utf-8')

    def json(self):
        return json.loads(self.body.decode('utf-8'))

    @property
    def location(self):
        return self.headers.get('location')

    def __repr__(self):
        return '<HTTP %s %r %r>' % (self.status, self.headers.get('location'), self.body[:300])


def request(emu, method, path, body=None, headers=None, timeout=20):
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Answer(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def post_form(emu, path, fields, headers=None):
    h = {'Content-Type': 'application/x-www-form-urlencoded'}
    h.update(headers or {})
    return request(emu, 'POST', path, urllib.parse.urlencode(fields).encode('utf-8'), h)


def auth_query(app_id, redirect_uri=REDIRECT_URI, state='st-1', nonce='n-1', challenge=None,
               scope=SCOPE, drop=(), **extra):
    params = {'client_id': app_id, 'response_type': 'code', 'scope': scope,
              'redirect_uri': redirect_uri, 'state': state, 'nonce': nonce,
              'code_challenge': challenge, 'code_challenge_method': 'S256'}
    params.update(extra)
    params = {k: v for k, v in params.items() if k not in drop and v is not None}
    return '/oidc/auth?' + urllib.parse.urlencode(params)


def authorize(emu, query, headers=None):
    return request(emu, 'GET', query, headers=headers)


INTERACTION = re.compile(r'name="interaction" value="([0-9a-f]+)"')


def interaction_of(page):
    m = INTERACTION.search(page.text)
    if not m:
        raise AssertionError('no sign-in form in %r' % page)
    return m.group(1)


def submit(emu, interaction, account='alice', password='alice-pass-1', action='sign-in'):
    fields = {'interaction': interaction, 'action': action}
    if account is not None:
        fields['account'] = account
    if password is not None:
        fields['password'] = password
    return post_form(emu, '/oidc/interaction', fields)


def callback_params(location):
    """The query of a redirect back to the application, as a dict (each name once)."""
    parsed = urllib.parse.urlsplit(location)
    pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
    out = dict(pairs)
    if len(out) != len(pairs):
        raise AssertionError('a parameter is repeated in %s' % location)
    return out


def get_code(emu, app_id, verifier=None, account='alice', password='alice-pass-1', **kw):
    """Signs in on the hosted page; returns (code, callback params, verifier)."""
    if verifier is None:
        verifier, challenge = pkce_pair()
    else:
        challenge = s256(verifier)
    page = authorize(emu, auth_query(app_id, challenge=challenge, **kw))
    if page.status != 200:
        raise AssertionError('authorization page: %r' % page)
    done = submit(emu, interaction_of(page), account, password)
    if done.status != 303:
        raise AssertionError('sign-in on the hosted page: %r' % done)
    params = callback_params(done.location)
    return params['code'], params, verifier


def exchange(emu, app_id, code, verifier, redirect_uri=REDIRECT_URI, **extra):
    fields = {'grant_type': 'authorization_code', 'code': code, 'redirect_uri': redirect_uri,
              'client_id': app_id, 'code_verifier': verifier}
    fields.update(extra)
    return post_form(emu, '/oidc/token', {k: v for k, v in fields.items() if v is not None})


def tokens_for(emu, app_id, scope=SCOPE, account='alice', password='alice-pass-1', nonce='n-1'):
    code, _, verifier = get_code(emu, app_id, scope=scope, account=account, password=password,
                                 nonce=nonce)
    r = exchange(emu, app_id, code, verifier)
    if r.status != 200:
        raise AssertionError('token exchange: %r' % r)
    return r.json()


def jwks(emu):
    r = request(emu, 'GET', '/oidc/.well-known/jwks.json')
    if r.status != 200:
        raise AssertionError('jwks: %r' % r)
    return r.json()


def public_key(jwk):
    n = int.from_bytes(b64url_decode(jwk['n']), 'big')
    e = int.from_bytes(b64url_decode(jwk['e']), 'big')
    return rsa.RSAPublicNumbers(e, n).public_key()


def verify_jws(token, keyset):
    """(header, claims) of an RS256 JWS whose signature a key of keyset checks, else raises."""
    head64, claims64, sig64 = token.split('.')
    header = json.loads(b64url_decode(head64))
    if header.get('alg') != 'RS256':
        raise AssertionError('alg is %r' % header.get('alg'))
    keys = [k for k in keyset['keys'] if k.get('kid') == header.get('kid')]
    if len(keys) != 1:
        raise AssertionError('kid %r names no key of the JWKS' % header.get('kid'))
    try:
        public_key(keys[0]).verify(b64url_decode(sig64), (head64 + '.' + claims64).encode('ascii'),
                                   padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise AssertionError('the signature does not verify')
    return header, json.loads(b64url_decode(claims64))
