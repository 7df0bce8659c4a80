#!/usr/bin/python3
# Browser sign-in checked by an independent OIDC client library, Debian's python3-authlib:
# it validates the discovery document (RFC 8414 / OIDC Discovery), runs the whole code flow with
# PKCE S256 (its own verifier, state and nonce; the hosted page is filled over plain HTTP), checks
# the id_token (RS256 against the JWKS, iss, aud, nonce, at_hash, expiry), reads userinfo and
# refreshes. The emulator speaks plain HTTP on loopback, so the one rule waived is authlib's
# "https only" (AUTHLIB_INSECURE_TRANSPORT).

import os
import sys
import urllib.parse

os.environ['AUTHLIB_INSECURE_TRANSPORT'] = '1'

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402
import oidc_flow as O  # noqa: E402

import requests  # noqa: E402
from authlib.common.security import generate_token  # noqa: E402
from authlib.integrations.base_client.errors import OAuthError  # noqa: E402
from authlib.integrations.requests_client import OAuth2Session  # noqa: E402
from authlib.jose import JsonWebKey, jwt  # noqa: E402
from authlib.jose.errors import BadSignatureError, InvalidClaimError  # noqa: E402
from authlib.oauth2.rfc6749.errors import MismatchingStateException  # noqa: E402
from authlib.oidc.core import CodeIDToken  # noqa: E402
from authlib.oidc.discovery import OpenIDProviderMetadata  # noqa: E402

REDIRECT_URI = 'http://127.0.0.1:50999/cb'


class Authlib(E.EmulatorTestCase):
    def metadata(self):
        r = requests.get(self.emu.url + '/oidc/.well-known/openid-configuration', timeout=20)
        self.assertEqual(r.status_code, 200)
        meta = OpenIDProviderMetadata(r.json())
        meta.validate()
        return meta

    def session(self, scope='openid profile email offline_access'):
        return OAuth2Session(self.app_id, scope=scope, redirect_uri=REDIRECT_URI,
                             code_challenge_method='S256', token_endpoint_auth_method='none')

    def browser(self, url, account='alice', password='alice-pass-1'):
        """What the person does in the browser: the hosted page, then the redirect (not followed)."""
        parts = urllib.parse.urlsplit(url)
        self.assertEqual('%s://%s' % (parts.scheme, parts.netloc), self.emu.url)
        page = O.request(self.emu, 'GET', parts.path + '?' + parts.query)
        self.assertEqual(page.status, 200, page)
        done = O.submit(self.emu, O.interaction_of(page), account, password)
        self.assertEqual(done.status, 303, done)
        self.assertTrue(done.location.startswith(REDIRECT_URI + '?'))
        return done.location

    def decode_id_token(self, meta, token, nonce):
        keys = JsonWebKey.import_key_set(requests.get(meta['jwks_uri'], timeout=20).json())
        claims = jwt.decode(token['id_token'], keys, claims_cls=CodeIDToken,
                            claims_options={'iss': {'values': [meta['issuer']]}},
                            claims_params={'nonce': nonce, 'client_id': self.app_id,
                                           'access_token': token['access_token']})
        claims.validate(leeway=5)
        return claims

    def test_discovery_document_is_valid(self):
        meta = self.metadata()
        self.assertEqual(meta['issuer'], self.emu.url + '/oidc')
        self.assertIn('S256', meta['code_challenge_methods_supported'])

    def test_code_flow_with_pkce(self):
        meta = self.metadata()
        session = self.session()
        verifier = generate_token(64)
        nonce = generate_token(20)
        url, state = session.create_authorization_url(meta['authorization_endpoint'],
                                                      code_verifier=verifier, nonce=nonce)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        self.assertEqual(query['code_challenge_method'], 'S256')
        self.assertEqual(query['code_challenge'], O.s256(verifier))
        callback = self.browser(url)

        token = session.fetch_token(meta['token_endpoint'], authorization_response=callback,
                                    code_verifier=verifier)
        self.assertEqual(token['token_type'], 'Bearer')
        self.assertIn('refresh_token', token)
        claims = self.decode_id_token(meta, token, nonce)
        self.assertEqual(claims['sub'], 'aa0000000000000000000001')
        self.assertEqual(claims['aud'], self.app_id)
        self.assertEqual(claims['preferred_username'], 'alice')

        info = session.get(meta['userinfo_endpoint'], timeout=20).json()
        self.assertEqual(info['sub'], claims['sub'])
        self.assertEqual(info['email'], 'alice@example.com')

        # the id_token is a session of the REST API too
        me = E.Client(self.emu.url, app_id=self.app_id, token=token['id_token']).me()
        self.assertEqual(me.code, 200, me)

        fresh = session.refresh_token(meta['token_endpoint'], refresh_token=token['refresh_token'])
        self.assertNotEqual(fresh['access_token'], token['access_token'])
        keys = JsonWebKey.import_key_set(requests.get(meta['jwks_uri'], timeout=20).json())
        claims = jwt.decode(fresh['id_token'], keys, claims_cls=CodeIDToken,
                            claims_options={'iss': {'values': [meta['issuer']]}},
                            claims_params={'client_id': self.app_id,
                                           'access_token': fresh['access_token']})
        claims.validate(leeway=5)

    def test_state_mismatch_is_caught_by_the_client(self):
        meta = self.metadata()
        session = self.session()
        verifier = generate_token(64)
        url, state = session.create_authorization_url(meta['authorization_endpoint'],
                                                      code_verifier=verifier, nonce='n')
        callback = self.browser(url)
        forged = callback.replace('state=' + state, 'state=forged')
        with self.assertRaises(MismatchingStateException):
            session.fetch_token(meta['token_endpoint'], authorization_response=forged,
                                code_verifier=verifier, state=state)

    def test_wrong_verifier_and_wrong_nonce(self):
        meta = self.metadata()
        session = self.session()
        verifier = generate_token(64)
        url, _ = session.create_authorization_url(meta['authorization_endpoint'],
                                                  code_verifier=verifier, nonce='right')
        callback = self.browser(url)
        with self.assertRaises(OAuthError) as caught:
            session.fetch_token(meta['token_endpoint'], authorization_response=callback,
                                code_verifier=generate_token(64))
        self.assertEqual(caught.exception.error, 'invalid_grant')

        session = self.session()
        url, _ = session.create_authorization_url(meta['authorization_endpoint'],
                                                  code_verifier=verifier, nonce='right')
        token = session.fetch_token(meta['token_endpoint'], authorization_response=self.browser(url),
                                    code_verifier=verifier)
        with self.assertRaises(InvalidClaimError):
            self.decode_id_token(meta, token, 'wrong')
        head, claims, sig = token['id_token'].split('.')
        token['id_token'] = head + '.' + claims + '.' + sig[:-4] + ('AAAA' if sig[-4:] != 'AAAA' else 'BBBB')
        with self.assertRaises(BadSignatureError):
            self.decode_id_token(meta, token, 'right')


if __name__ == '__main__':
    E.main()
