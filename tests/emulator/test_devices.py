#!/usr/bin/python3
# Where a user is signed in (authing-api-security.md §1, §6, §7; protocol-security.md §6, §7):
# the v3 envelope and its authentication, devices and their sessions, the sign-in history,
# the applications signed in to, linked identities and groups, with isolation between users.

import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

DEVICES_POOL = os.path.join(E.FIXTURES, 'devices.json')

ALICE = ('alice', 'Alice-pass-2024')
BOB = ('bob', 'Bob-pass-2024')

FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0'
IPHONE = ('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 '
          '(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')
DESKTOP_APP = 'AccountCenter/0.1 libsoup/3.2.2'

HISTORY_KEYS = {'appId', 'appName', 'loginAt', 'clientIp', 'success', 'errorMessage', 'userAgent',
                'parsedUserAgent', 'loginMethod'}


class V3Case(E.EmulatorTestCase):
    SEED = DEVICES_POOL

    def v3(self, method, path, body=None, token=None, bearer=True, headers=None, lang=None):
        h = dict(headers or {})
        if token is not None:
            h['Authorization'] = ('Bearer ' + token) if bearer else token
        if method == 'GET':
            return self.client.get(path, token='', headers=h, lang=lang)
        return self.client.post(path, body if body is not None else {}, token='', headers=h, lang=lang)

    def assertV3Ok(self, r):
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body.get('statusCode'), 200, r)
        self.assertNotIn('apiCode', body, r)
        self.assertIsInstance(body.get('requestId'), str, r)
        self.assertIsInstance(body.get('message'), str, r)
        self.assertIn('data', body, r)
        self.assertNotIn('code', body, r)
        return body['data']

    def assertV3Error(self, r, status_code, api_code):
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body.get('statusCode'), status_code, r)
        self.assertEqual(body.get('apiCode'), api_code, r)
        self.assertTrue(body.get('message'), r)
        self.assertIn('requestId', body, r)
        self.assertIsNone(body.get('data'), r)
        return body

    def sign_in(self, who, device_id=None, user_agent=None, app_id=None):
        headers = {}
        if device_id is not None:
            headers['x-authing-device-id'] = device_id
        if user_agent is not None:
            headers['User-Agent'] = user_agent
        if app_id is not None:
            headers['x-authing-app-id'] = app_id
        body = {'account': who[0], 'password': self.client.encrypt(who[1])}
        r = self.client.post('/api/v2/login/account', body, token='', headers=headers)
        self.assertOk(r)
        return r.data['token']

    def assertOk(self, r):
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.code, 200, r)
        return r.data

    def devices(self, token, **params):
        query = '&'.join('%s=%s' % kv for kv in params.items())
        data = self.assertV3Ok(self.v3('GET', '/api/v3/mydevices/list' + ('?' + query if query else ''),
                                       token=token))
        self.assertIsInstance(data, list)
        return {d['device']['deviceId']: d for d in data}

    def history(self, token, query='', lang=None):
        return self.assertV3Ok(self.v3('GET', '/api/v3/get-my-login-history' + query, token=token, lang=lang))

    def me_code(self, token):
        return self.client.me(token).code


class Envelope(V3Case):
    def test_success_shape(self):
        token = self.sign_in(ALICE)
        data = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=token))
        self.assertEqual([g['code'] for g in data], ['beta', 'oncall'])

    def test_token_with_or_without_bearer(self):
        token = self.sign_in(ALICE)
        self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=token, bearer=True))
        self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=token, bearer=False))
        # v2 paths keep requiring the Bearer form
        r = self.client.get('/api/v2/users/me', token='', headers={'Authorization': token})
        self.assertEqual(r.code, E.NOT_LOGGED_IN, r)

    def test_missing_or_invalid_token(self):
        token = self.sign_in(ALICE)
        forged = token[:-4] + ('AAAA' if not token.endswith('AAAA') else 'BBBB')
        cases = {
            'missing': None, 'empty': '', 'garbage': 'not-a-token', 'forged': forged,
            'bearer only': 'Bearer ',
        }
        for path, method in (('/api/v3/mydevices/list', 'GET'), ('/api/v3/get-my-login-history', 'GET'),
                             ('/api/v3/get-my-logged-in-apps', 'GET'), ('/api/v3/get-identities', 'GET'),
                             ('/api/v3/get-my-group-list', 'GET'),
                             ('/api/v3/mydevices/revoke-session', 'POST'), ('/api/v3/mydevices/unbind', 'POST'),
                             ('/api/v3/create-device', 'POST'), ('/api/v3/unlink-extidp', 'POST')):
            for what, value in cases.items():
                with self.subTest(path=path, token=what):
                    h = {} if value is None else {'Authorization': value}
                    if method == 'GET':
                        r = self.client.get(path, token='', headers=h)
                    else:
                        r = self.client.post(path, {'deviceId': 'x', 'extIdpId': 'x', 'deviceUniqueId': 'x'},
                                             token='', headers=h)
                    self.assertV3Error(r, 401, 2020)

    def test_protocol_errors_keep_their_status(self):
        token = self.sign_in(ALICE)
        r = self.client.request('POST', '/api/v3/create-device', raw=b'{not json', content_type='application/json',
                                token=token)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()['statusCode'], 400, r)
        self.assertEqual(r.json()['apiCode'], 400, r)
        r = self.client.request('DELETE', '/api/v3/mydevices/list', token=token)
        self.assertEqual(r.status, 405, r)
        self.assertEqual(r.json()['statusCode'], 405, r)
        self.assertEqual(r.json()['apiCode'], 405, r)

    def test_english_messages(self):
        r = self.v3('GET', '/api/v3/get-my-group-list', lang='en-US')
        self.assertV3Error(r, 401, 2020)
        self.assertRegex(r.json()['message'], '^[ -~]+$')


class Devices(V3Case):
    def test_two_devices_revoke_one(self):
        t1 = self.sign_in(ALICE, device_id='laptop-aaaa', user_agent=DESKTOP_APP)
        t2 = self.sign_in(ALICE, device_id='phone-bbbb', user_agent=IPHONE)
        devices = self.devices(t1)
        self.assertIn('laptop-aaaa', devices)
        self.assertIn('phone-bbbb', devices)
        for d in (devices['laptop-aaaa'], devices['phone-bbbb']):
            self.assertEqual(set(d), {'device', 'lastLoginTime', 'lastIp', 'online'})
            self.assertTrue(d['online'])
            self.assertEqual(d['device']['status'], 'activated')
            self.assertEqual(d['lastIp'], '127.0.0.1')
            self.assertRegex(d['lastLoginTime'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$')
        self.assertEqual(devices['phone-bbbb']['device']['type'], 'Mobile')
        self.assertEqual(devices['phone-bbbb']['device']['os'], 'iOS')
        self.assertEqual(devices['laptop-aaaa']['device']['type'], 'Desktop')

        data = self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'phone-bbbb'},
                                       token=t1))
        self.assertEqual(data, {'success': True})
        # its token is refused at once, on v2 and v3 alike
        self.assertEqual(self.me_code(t2), E.NOT_LOGGED_IN)
        self.assertV3Error(self.v3('GET', '/api/v3/mydevices/list', token=t2), 401, 2020)
        # the device shows offline at once, and is still listed
        devices = self.devices(t1)
        self.assertFalse(devices['phone-bbbb']['online'])
        self.assertTrue(devices['laptop-aaaa']['online'])
        # the other one still works
        self.assertEqual(self.me_code(t1), 200)
        # signing in again from it brings it back online
        t3 = self.sign_in(ALICE, device_id='phone-bbbb', user_agent=IPHONE)
        self.assertTrue(self.devices(t3)['phone-bbbb']['online'])

    def test_revoke_own_device(self):
        t = self.sign_in(ALICE, device_id='self-revoke')
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'self-revoke'}, token=t))
        self.assertEqual(self.me_code(t), E.NOT_LOGGED_IN)

    def test_revoke_takes_every_token_of_the_device(self):
        a = self.sign_in(ALICE, device_id='shared-pc')
        b = self.sign_in(ALICE, device_id='shared-pc')
        # a refreshed token stays on its device
        c = self.assertOk(self.client.post('/api/v2/users/refresh-token', {}, token=a))['token']
        other = self.sign_in(ALICE, device_id='other-pc')
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'shared-pc'}, token=other))
        for t in (a, b, c):
            self.assertEqual(self.me_code(t), E.NOT_LOGGED_IN)
        self.assertEqual(self.me_code(other), 200)
        self.assertFalse(self.devices(other)['shared-pc']['online'])

    def test_unbind(self):
        t = self.sign_in(ALICE, device_id='to-forget')
        keep = self.sign_in(ALICE, device_id='to-keep')
        self.assertEqual(self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/unbind', {'deviceId': 'to-forget'},
                                                 token=keep)), {'success': True})
        self.assertEqual(self.me_code(t), E.NOT_LOGGED_IN)
        self.assertNotIn('to-forget', self.devices(keep))
        # unbinding again: no longer one of the caller's devices
        self.assertV3Error(self.v3('POST', '/api/v3/mydevices/unbind', {'deviceId': 'to-forget'}, token=keep),
                           404, 2020)
        # a new sign-in from it registers it again
        self.sign_in(ALICE, device_id='to-forget')
        self.assertIn('to-forget', self.devices(keep))

    def test_device_from_user_agent(self):
        t1 = self.sign_in(ALICE, user_agent=FIREFOX)
        t2 = self.sign_in(ALICE, user_agent=FIREFOX)
        self.sign_in(ALICE, user_agent=IPHONE)
        self.sign_in(ALICE, user_agent=DESKTOP_APP)
        devices = [d for d in self.devices(t1, limit=50).values() if d['device']['deviceId'].startswith('ua-')]
        by_type = {}
        for d in devices:
            by_type.setdefault(d['device']['type'], []).append(d)
        self.assertEqual(len(by_type.get('Browser', [])), 1, devices)   # same user agent, same device
        self.assertEqual(by_type['Browser'][0]['device']['os'], 'Linux')
        self.assertIn('Firefox', by_type['Browser'][0]['device']['name'])
        self.assertEqual(len(by_type.get('Mobile', [])), 1, devices)
        self.assertIn('Desktop', by_type)
        # both Firefox tokens are on that device: revoking it ends both
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session',
                                {'deviceId': by_type['Browser'][0]['device']['deviceId']}, token=self.sign_in(ALICE)))
        self.assertEqual(self.me_code(t1), E.NOT_LOGGED_IN)
        self.assertEqual(self.me_code(t2), E.NOT_LOGGED_IN)

    def test_bad_device_header_falls_back_to_user_agent(self):
        t = self.sign_in(ALICE, device_id='x' * 300, user_agent='OddAgent/1.0')
        ids = list(self.devices(t, limit=50))
        self.assertNotIn('x' * 300, ids)
        self.assertTrue(any(i.startswith('ua-') for i in ids))

    def test_other_users_device_refused(self):
        alice = self.sign_in(ALICE, device_id='alice-only-dev')
        bob = self.sign_in(BOB, device_id='bob-dev-1')
        before = self.devices(bob)
        for path in ('/api/v3/mydevices/revoke-session', '/api/v3/mydevices/unbind'):
            with self.subTest(path=path):
                self.assertV3Error(self.v3('POST', path, {'deviceId': 'bob-dev-1'}, token=alice), 404, 2020)
        self.assertEqual(self.me_code(bob), 200)
        after = self.devices(bob)
        self.assertEqual(set(before), set(after))
        self.assertTrue(after['bob-dev-1']['online'])
        self.assertNotIn('bob-dev-1', self.devices(alice, limit=50))

    def test_same_device_id_is_per_user(self):
        # one shared terminal used by two people: one device in each list
        a = self.sign_in(ALICE, device_id='kiosk-1')
        b = self.sign_in(BOB, device_id='kiosk-1')
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'kiosk-1'}, token=a))
        self.assertEqual(self.me_code(a), E.NOT_LOGGED_IN)
        self.assertEqual(self.me_code(b), 200)
        self.assertTrue(self.devices(b)['kiosk-1']['online'])

    def test_device_id_validation(self):
        t = self.sign_in(ALICE)
        for body in ({}, {'deviceId': None}, {'deviceId': 5}, {'deviceId': ['a']}):
            with self.subTest(body=body):
                self.assertV3Error(self.v3('POST', '/api/v3/mydevices/revoke-session', body, token=t), 400, 400)
        self.assertV3Error(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'never-seen'}, token=t),
                           404, 2020)

    def test_create_device(self):
        t = self.sign_in(ALICE)
        body = {'deviceUniqueId': 'ws-0042', 'type': 'Desktop', 'name': 'Workstation 42',
                'version': '12', 'os': 'Debian GNU/Linux 12 (bookworm)', 'producer': 'Lenovo', 'mod': 'ThinkPad T14'}
        d = self.assertV3Ok(self.v3('POST', '/api/v3/create-device', body, token=t))
        for k, wire in (('deviceUniqueId', 'deviceId'), ('type', 'type'), ('name', 'name'), ('version', 'version'),
                        ('os', 'os'), ('producer', 'producer'), ('mod', 'mod')):
            self.assertEqual(d[wire], body[k])
        self.assertEqual(d['status'], 'activated')
        listed = self.devices(t, limit=50)['ws-0042']
        self.assertEqual(listed['device'], d)
        self.assertFalse(listed['online'])      # registered, not signed in from
        self.assertIsNone(listed['lastLoginTime'])
        # registering again updates what is given, keeps the rest
        d2 = self.assertV3Ok(self.v3('POST', '/api/v3/create-device',
                                     {'deviceUniqueId': 'ws-0042', 'name': 'Renamed'}, token=t))
        self.assertEqual(d2['name'], 'Renamed')
        self.assertEqual(d2['os'], body['os'])
        # a sign-in from it: online, the registered name kept
        t2 = self.sign_in(ALICE, device_id='ws-0042', user_agent=DESKTOP_APP)
        listed = self.devices(t2, limit=50)['ws-0042']
        self.assertTrue(listed['online'])
        self.assertEqual(listed['device']['name'], 'Renamed')

    def test_create_device_validation(self):
        t = self.sign_in(ALICE)
        for body in ({}, {'deviceUniqueId': ''}, {'deviceUniqueId': 7}, {'deviceUniqueId': 'x' * 257},
                     {'deviceUniqueId': 'ok', 'type': 'Toaster'}, {'deviceUniqueId': 'ok', 'name': 5},
                     {'deviceUniqueId': 'ok', 'os': 'y' * 300}):
            with self.subTest(body=str(body)[:60]):
                self.assertV3Error(self.v3('POST', '/api/v3/create-device', body, token=t), 400, 400)
        self.assertNotIn('ok', self.devices(t, limit=50))

    def test_paging(self):
        t = self.sign_in(ALICE)
        for i in range(5):
            self.assertV3Ok(self.v3('POST', '/api/v3/create-device', {'deviceUniqueId': 'page-%d' % i}, token=t))
        everything = self.devices(t, limit=50)
        first = self.devices(t, page=1, limit=2)
        second = self.devices(t, page=2, limit=2)
        self.assertEqual(len(first), 2)
        self.assertEqual(len(second), 2)
        self.assertFalse(set(first) & set(second))
        self.assertTrue(set(first) | set(second) <= set(everything))
        far = self.devices(t, page=1000, limit=50)
        self.assertEqual(far, {})
        for q in ('limit=51', 'limit=0', 'page=0', 'limit=x', 'page=-1'):
            with self.subTest(query=q):
                self.assertV3Error(self.v3('GET', '/api/v3/mydevices/list?' + q, token=t), 400, 400)


class History(V3Case):
    def test_seeded_history_newest_first(self):
        t = self.sign_in(BOB)
        data = self.history(t)
        self.assertEqual(data['totalCount'], 2)
        newest, seeded = data['list']
        self.assertEqual(set(newest), HISTORY_KEYS)
        self.assertTrue(newest['success'])
        self.assertEqual(seeded['clientIp'], '192.168.77.77')
        self.assertEqual(seeded['loginAt'], '2026-01-05T08:00:00.000Z')

    def test_merge_order_and_fields(self):
        t = self.sign_in(ALICE, user_agent=FIREFOX)
        items = self.history(t, '?limit=50')['list']
        times = [i['loginAt'] for i in items]
        self.assertEqual(times, sorted(times, reverse=True))
        seeded = [i for i in items if i['loginAt'].startswith('2026-01')]
        self.assertEqual([i['loginAt'] for i in seeded],
                         ['2026-01-12T09:30:00.000Z', '2026-01-10T23:15:00.000Z',
                          '2026-01-10T08:00:00.000Z', '2026-01-09T22:00:00.000Z'])
        wiki = seeded[1]
        self.assertEqual(wiki['appId'], 'd00000000000000000000e01')   # given as its identifier
        self.assertEqual(wiki['appName'], 'Wiki')
        self.assertEqual(seeded[0]['errorMessage'], 'Wrong password (seeded)')
        self.assertFalse(seeded[0]['success'])
        self.assertEqual(seeded[0]['parsedUserAgent'], {'device': 'Mobile', 'browser': 'Safari', 'os': 'iOS'})
        self.assertFalse(seeded[3]['success'])
        self.assertTrue(seeded[3]['errorMessage'])          # the default reason
        self.assertIsNone(seeded[3]['userAgent'])
        own = items[0]
        self.assertTrue(own['success'])
        self.assertIsNone(own['errorMessage'])
        self.assertEqual(own['appId'], 'd00000000000000000000a01')
        self.assertEqual(own['appName'], 'Account Center')
        self.assertEqual(own['userAgent'], FIREFOX)
        self.assertEqual(own['parsedUserAgent'], {'device': 'Desktop', 'browser': 'Firefox', 'os': 'Linux'})
        self.assertEqual(own['loginMethod'], 'password')
        self.assertEqual(own['clientIp'], '127.0.0.1')

    def test_failed_sign_ins_recorded_with_reason(self):
        t = self.sign_in(ALICE)
        before = self.history(t, '?success=false&limit=50')['totalCount']
        r = self.client.login('alice', 'wrong-password')
        self.assertEqual(r.code, E.BAD_CREDENTIALS)
        r = self.client.login('alice@example.com', 'plain text, not encrypted', encrypt=False)
        self.assertEqual(r.code, E.BAD_CREDENTIALS)
        failures = self.history(t, '?success=false&limit=50')
        self.assertEqual(failures['totalCount'], before + 2)
        newest = failures['list'][0]
        self.assertFalse(newest['success'])
        self.assertEqual(newest['loginMethod'], 'password')
        self.assertEqual(newest['errorMessage'], '帐号或密码错误')
        en = self.history(t, '?success=false&limit=1', lang='en')['list'][0]
        self.assertEqual(en['errorMessage'], 'Wrong account or password')
        # an account that does not exist is recorded nowhere (and reveals nothing)
        self.assertEqual(self.client.login('nobody-here', 'x').code, E.BAD_CREDENTIALS)
        self.assertEqual(self.history(t, '?success=false&limit=50')['totalCount'], before + 2)

    def test_filters(self):
        t = self.sign_in(ALICE)
        everything = self.history(t, '?limit=50')
        ok = self.history(t, '?success=true&limit=50')
        bad = self.history(t, '?success=false&limit=50')
        self.assertEqual(ok['totalCount'] + bad['totalCount'], everything['totalCount'])
        self.assertTrue(all(i['success'] for i in ok['list']))
        self.assertFalse(any(i['success'] for i in bad['list']))
        # start/end in milliseconds, both inclusive
        start = 1768003200000   # 2026-01-10T00:00:00Z
        end = 1768176000000     # 2026-01-12T00:00:00Z
        window = self.history(t, '?start=%d&end=%d' % (start, end))
        self.assertEqual([i['loginAt'] for i in window['list']],
                         ['2026-01-10T23:15:00.000Z', '2026-01-10T08:00:00.000Z'])
        self.assertEqual(window['totalCount'], 2)
        exact = self.history(t, '?start=1768032000000&end=1768032000000')   # 2026-01-10T08:00:00Z
        self.assertEqual(exact['totalCount'], 1)
        self.assertEqual(self.history(t, '?start=%d&success=false' % start)['totalCount'],
                         len([i for i in bad['list'] if i['loginAt'] >= '2026-01-10']))

    def test_paging_and_limits(self):
        t = self.sign_in(ALICE)
        everything = self.history(t, '?limit=50')['list']
        pages = []
        for page in range(1, 5):
            pages += self.history(t, '?page=%d&limit=2' % page)['list']
        self.assertEqual(pages, everything[:8])
        self.assertEqual(len(self.history(t)['list']), min(10, len(everything)))
        self.assertEqual(self.history(t, '?page=99&limit=50')['list'], [])
        for q in ('?limit=51', '?limit=0', '?limit=1000', '?page=0', '?limit=ten', '?success=yes',
                  '?start=yesterday', '?end=-5', '?start=1.5'):
            with self.subTest(query=q):
                self.assertV3Error(self.v3('GET', '/api/v3/get-my-login-history' + q, token=t), 400, 400)
        self.assertV3Ok(self.v3('GET', '/api/v3/get-my-login-history?limit=50', token=t))


class Applications(V3Case):
    def test_logged_in_apps(self):
        bob = self.sign_in(BOB)
        apps = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-logged-in-apps', token=bob))
        self.assertEqual([a['appId'] for a in apps], ['d00000000000000000000a01'])
        self.assertEqual(set(apps[0]), {'appId', 'appName', 'appLogo', 'appLoginUrl', 'active'})
        self.assertEqual(apps[0]['appName'], 'Account Center')
        self.assertTrue(apps[0]['active'])

        wiki = self.sign_in(BOB, device_id='bob-wiki', app_id='wiki')
        apps = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-logged-in-apps', token=bob))
        self.assertEqual([a['appId'] for a in apps], ['d00000000000000000000e01', 'd00000000000000000000a01'])
        self.assertEqual(apps[0]['appName'], 'Wiki')
        self.assertEqual(apps[0]['appLogo'], 'https://example.com/wiki.png')
        # signing that device out: the application is no longer signed in to
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'bob-wiki'}, token=bob))
        apps = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-logged-in-apps', token=bob))
        self.assertEqual([a['appId'] for a in apps], ['d00000000000000000000a01'])
        self.assertEqual(self.me_code(wiki), E.NOT_LOGGED_IN)
        # logging out ends it too
        self.assertOk(self.client.get('/api/v2/logout', token=bob))
        other = self.sign_in(BOB, app_id='mail')
        apps = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-logged-in-apps', token=other))
        self.assertEqual([a['appId'] for a in apps], ['d00000000000000000000e02'])


class Identities(V3Case):
    def identities(self, token):
        return self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=token))

    def test_list(self):
        t = self.sign_in(ALICE)
        ids = self.identities(t)
        self.assertEqual([i['provider'] for i in ids], ['github', 'wechat'])
        for i in ids:
            self.assertEqual(set(i), {'identityId', 'extIdpId', 'provider', 'type', 'userIdInIdp', 'userInfoInIdp'})
            self.assertRegex(i['identityId'], '^[0-9a-f]{24}$')
            self.assertRegex(i['extIdpId'], '^[0-9a-f]{24}$')
        self.assertEqual(ids[0]['userIdInIdp'], '1001')
        self.assertEqual(ids[0]['userInfoInIdp'], {'login': 'alice-gh'})

    def test_unlink(self):
        alice = self.sign_in(ALICE)
        bob = self.sign_in(BOB)
        wechat = [i for i in self.identities(alice) if i['provider'] == 'wechat'][0]
        github = [i for i in self.identities(alice) if i['provider'] == 'github'][0]
        bob_before = self.identities(bob)
        self.assertEqual(self.assertV3Ok(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': wechat['extIdpId']},
                                                 token=alice)), {'success': True})
        self.assertEqual([i['provider'] for i in self.identities(alice)], ['github'])
        # again: no longer linked
        self.assertV3Error(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': wechat['extIdpId']}, token=alice),
                           404, 2020)
        # alice has a password, so her last identity may go too; bob's github link stays
        self.assertV3Ok(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': github['extIdpId']}, token=alice))
        self.assertEqual(self.identities(alice), [])
        self.assertEqual(self.identities(bob), bob_before)
        for body in ({}, {'extIdpId': 3}, {'extIdpId': None}):
            with self.subTest(body=body):
                self.assertV3Error(self.v3('POST', '/api/v3/unlink-extidp', body, token=alice), 400, 400)


class LastSignInMethod(V3Case):
    """Users without a password (carol, dave, erin) cannot sign in with one; their tokens are
    made here as the emulator makes them (HS256 with the secret of its data folder, recorded in
    its tokens table), which is what a code or browser sign-in would give them."""

    def token_for_user(self, user_id):
        import sqlite3
        import base64
        import hashlib
        import hmac
        db = sqlite3.connect(os.path.join(self.emu.data_dir, 'emulator.db'))
        try:
            secret = db.execute("SELECT value FROM meta WHERE key = 'jwt_secret'").fetchone()[0]
            now = int(time.time())
            jti = os.urandom(16).hex()
            db.execute('INSERT INTO tokens (jti, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)',
                       (jti, user_id, now, now + 3600))
            db.commit()
        finally:
            db.close()
        header = E.b64url(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())
        payload = E.b64url(json.dumps({'sub': user_id, 'iat': now, 'exp': now + 3600, 'jti': jti}).encode())
        sig = hmac.new(secret.encode(), (header + '.' + payload).encode(), hashlib.sha256).digest()
        return header + '.' + payload + '.' + E.b64url(sig)

    def test_unlink_refused_for_the_last_method(self):
        carol = self.token_for_user('d000000000000000000000c3')    # no password, no e-mail, one identity
        ids = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=carol))
        self.assertEqual(len(ids), 1)
        self.assertV3Error(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': ids[0]['extIdpId']}, token=carol),
                           400, 1320010)
        self.assertEqual(self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=carol)), ids)

    def test_unlink_allowed_while_another_way_is_left(self):
        dave = self.token_for_user('d000000000000000000000d4')     # two identities, nothing else
        ids = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=dave))
        self.assertEqual([i['provider'] for i in ids], ['github', 'dingtalk'])
        self.assertV3Ok(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': ids[0]['extIdpId']}, token=dave))
        left = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=dave))
        self.assertEqual([i['provider'] for i in left], ['dingtalk'])
        self.assertV3Error(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': left[0]['extIdpId']}, token=dave),
                           400, 1320010)
        erin = self.token_for_user('d000000000000000000000e5')     # an e-mail address is a way in
        ids = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=erin))
        self.assertV3Ok(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': ids[0]['extIdpId']}, token=erin))


class Groups(V3Case):
    def test_groups(self):
        alice = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=self.sign_in(ALICE)))
        self.assertEqual(alice, [{'code': 'beta', 'name': 'Beta testers', 'description': 'Try new features first'},
                                 {'code': 'oncall', 'name': 'On-call', 'description': None}])
        bob = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=self.sign_in(BOB)))
        self.assertEqual([g['code'] for g in bob], ['bob-only-group'])


class Isolation(V3Case):
    BOB_SECRETS = ['bob-secret-gh', 'Bob Only Group', '192.168.77.77', 'BobAgent', 'bob-private-device']

    def test_alice_sees_nothing_of_bob(self):
        bob = self.sign_in(BOB, device_id='bob-private-device', user_agent='BobAgent/9.9')
        self.client.login('bob', 'wrong')       # a failure in bob's history
        alice = self.sign_in(ALICE)
        bob_id = 'd000000000000000000000b2'
        reads = ['/api/v3/mydevices/list?limit=50', '/api/v3/mydevices/list?limit=50&userId=' + bob_id,
                 '/api/v3/get-my-login-history?limit=50', '/api/v3/get-my-login-history?userId=' + bob_id,
                 '/api/v3/get-my-logged-in-apps?userId=' + bob_id, '/api/v3/get-identities?userId=' + bob_id,
                 '/api/v3/get-my-group-list?userId=' + bob_id]
        for path in reads:
            with self.subTest(path=path):
                r = self.v3('GET', path, token=alice)
                self.assertV3Ok(r)
                text = r.body.decode('utf-8')
                for secret in self.BOB_SECRETS:
                    self.assertNotIn(secret, text)
        bob_github = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=bob))[0]
        writes = [('/api/v3/mydevices/revoke-session', {'deviceId': 'bob-private-device', 'userId': bob_id}),
                  ('/api/v3/mydevices/unbind', {'deviceId': 'bob-private-device', 'userId': bob_id})]
        for path, body in writes:
            with self.subTest(path=path):
                self.assertV3Error(self.v3('POST', path, body, token=alice), 404, 2020)
        # alice's own github link has the same extIdpId (one provider): unlinking hers leaves bob's
        self.assertV3Ok(self.v3('POST', '/api/v3/unlink-extidp', {'extIdpId': bob_github['extIdpId'],
                                                                 'userId': bob_id}, token=alice))
        # create-device with alice's token registers for alice only
        self.assertV3Ok(self.v3('POST', '/api/v3/create-device', {'deviceUniqueId': 'bob-private-device',
                                                                 'name': 'hijack', 'userId': bob_id}, token=alice))
        # bob is untouched
        self.assertEqual(self.me_code(bob), 200)
        devices = self.devices(bob)
        self.assertTrue(devices['bob-private-device']['online'])
        self.assertNotEqual(devices['bob-private-device']['device']['name'], 'hijack')
        self.assertEqual(self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=bob)), [bob_github])
        history = self.history(bob, '?limit=50')
        self.assertEqual(history['totalCount'], 3)      # seeded, signed in, refused
        self.assertEqual([i['success'] for i in history['list']], [False, True, True])


class SignInMethods(V3Case):
    """Code and two-step sign-ins (protocol-security.md §3, §5) are recorded and tied to their
    device like password ones."""

    SEED = os.path.join(E.FIXTURES, 'security.json')

    def totp_now(self, secret):
        now = self.client.now()
        if now % 30 >= 25:          # not at the end of a step: the code must still hold when used
            time.sleep(30 - now % 30 + 0.5)
            now = self.client.now()
        return E.totp(secret, now)

    def test_code_sign_in(self):
        headers = {'x-authing-device-id': 'code-phone', 'User-Agent': IPHONE}
        self.assertOk(self.client.post('/api/v2/email/send', {'email': 'erin@example.com', 'scene': 'VERIFY_CODE'},
                                       token=''))
        code = self.client.last_code('erin@example.com')
        wrong = '%06d' % ((int(code) + 1) % 1000000)
        r = self.client.post('/api/v2/login/email-code', {'email': 'erin@example.com', 'code': wrong},
                             token='', headers=headers)
        self.assertEqual(r.code, 2001, r)
        r = self.client.post('/api/v2/login/email-code', {'email': 'erin@example.com', 'code': code},
                             token='', headers=headers)
        token = self.assertOk(r)['token']
        items = self.history(token)['list']
        self.assertEqual([(i['success'], i['loginMethod']) for i in items[:2]], [(True, 'code'), (False, 'code')])
        self.assertTrue(items[1]['errorMessage'])
        device = self.devices(token)['code-phone']
        self.assertTrue(device['online'])
        self.assertEqual(device['device']['type'], 'Mobile')

    def test_two_step_sign_in(self):
        headers = {'x-authing-device-id': 'mfa-laptop'}
        r = self.client.post('/api/v2/login/account', {'account': 'carol',
                                                        'password': self.client.encrypt('Carol-pass-2024')},
                             token='', headers=headers)
        self.assertEqual(r.code, 1635, r)
        mfa_token = r.data['mfaToken']
        code = self.totp_now('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
        wrong = '%06d' % ((int(code) + 1) % 1000000)
        r = self.client.post('/api/v2/mfa/totp/verify', {'totp': wrong}, token=mfa_token, headers=headers)
        self.assertEqual(r.code, 6001, r)
        r = self.client.post('/api/v2/mfa/totp/verify', {'totp': code}, token=mfa_token, headers=headers)
        token = self.assertOk(r)['token']
        items = self.history(token)['list']
        self.assertEqual([(i['success'], i['loginMethod']) for i in items[:2]], [(True, 'mfa'), (False, 'mfa')])
        self.assertEqual(self.history(token, lang='en')['list'][1]['errorMessage'], 'Wrong one-time code')
        # the right password alone signed nothing in and made no device
        self.assertEqual(list(self.devices(token)), ['mfa-laptop'])
        self.assertV3Ok(self.v3('POST', '/api/v3/mydevices/revoke-session', {'deviceId': 'mfa-laptop'}, token=token))
        self.assertEqual(self.me_code(token), E.NOT_LOGGED_IN)


class SeedRules(unittest.TestCase):
    """users[].identities, groups and loginHistory are checked like every other key."""

    BASE = {'application': {'id': 'e00000000000000000000a01', 'identifier': 'app', 'name': 'App'},
            'applications': [{'id': 'e00000000000000000000e01', 'name': 'Wiki', 'identifier': 'wiki'}]}

    def refuse(self, users):
        d = tempfile.mkdtemp(prefix='emu-seed-devices-')
        self.addCleanup(shutil.rmtree, d, True)
        pool = dict(self.BASE, users=users)
        path = os.path.join(d, 'pool.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(pool, f)
        p = E.run_emulator(['--data-dir', os.path.join(d, 'data'), '--seed', path, '--listen', '127.0.0.1:0'])
        self.assertIsNone(E.sanitizer_report(p.stderr), p.stderr)
        self.assertGreater(p.returncode, 0, p.stderr)
        self.assertNotIn(b'listening on', p.stdout)
        return p.stderr.decode('utf-8', 'replace')

    def test_invalid_values_name_their_path(self):
        u = {'username': 'u', 'password': 'Pass-word-1'}
        cases = [
            (dict(u, identities={}), 'users[0].identities: expected an array'),
            (dict(u, identities=[5]), 'users[0].identities[0]: expected a JSON object'),
            (dict(u, identities=[{'userIdInIdp': '1'}]), 'users[0].identities[0].provider: required'),
            (dict(u, identities=[{'provider': '', 'userIdInIdp': '1'}]), 'users[0].identities[0].provider: expected a non-empty string'),
            (dict(u, identities=[{'provider': 'github', 'userIdInIdp': 1}]), 'users[0].identities[0].userIdInIdp: expected a non-empty string'),
            (dict(u, identities=[{'provider': 'github', 'userIdInIdp': '1', 'userInfoInIdp': []}]),
             'users[0].identities[0].userInfoInIdp: expected a JSON object'),
            (dict(u, identities=[{'provider': 'github', 'userIdInIdp': '1', 'token': 'x'}]), 'users[0].identities[0].token: unknown key'),
            (dict(u, groups=[{'name': 'x'}]), 'users[0].groups[0].code: required'),
            (dict(u, groups=[{'code': 'a'}, {'code': 'a'}]), 'users[0].groups[1]: duplicate group code "a"'),
            (dict(u, groups=[{'code': 'a', 'description': 3}]), 'users[0].groups[0].description: expected a string or null'),
            (dict(u, loginHistory=[{'success': True}]), 'users[0].loginHistory[0].loginAt: required'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01 10:00', 'success': True}]),
             'users[0].loginHistory[0].loginAt: expected an ISO-8601 date-time with a time zone'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01T10:00:00Z'}]), 'users[0].loginHistory[0].success: required'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01T10:00:00Z', 'success': 'yes'}]),
             'users[0].loginHistory[0].success: expected a boolean'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01T10:00:00Z', 'success': True, 'appId': 'nope'}]),
             'users[0].loginHistory[0].appId: no application "nope"'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01T10:00:00Z', 'success': True, 'clientIp': 1}]),
             'users[0].loginHistory[0].clientIp: expected a string or null'),
            (dict(u, loginHistory=[{'loginAt': '2026-01-01T10:00:00Z', 'success': True, 'device': 'x'}]),
             'users[0].loginHistory[0].device: unknown key'),
        ]
        for user, expected in cases:
            with self.subTest(expected=expected):
                self.assertIn(expected, self.refuse([user]))

    def test_an_external_account_belongs_to_one_user(self):
        err = self.refuse([{'username': 'a', 'identities': [{'provider': 'github', 'userIdInIdp': '7'}]},
                           {'username': 'b', 'identities': [{'provider': 'github', 'userIdInIdp': '7'}]}])
        self.assertIn('users[1].identities[0]: duplicate identity', err)

    def test_every_problem_is_listed(self):
        err = self.refuse([{'username': 'a', 'groups': [{}], 'loginHistory': [{}], 'identities': [{}]}])
        for expected in ('groups[0].code: required', 'loginHistory[0].loginAt: required',
                         'loginHistory[0].success: required', 'identities[0].provider: required',
                         'identities[0].userIdInIdp: required'):
            self.assertIn(expected, err)


class DemoPool(V3Case):
    SEED = E.DEMO_POOL

    def test_demo_user_shows_everything(self):
        t = self.sign_in(('demo', 'demo1234'), device_id='demo-laptop')
        ids = self.assertV3Ok(self.v3('GET', '/api/v3/get-identities', token=t))
        self.assertGreaterEqual(len(ids), 2)
        groups = self.assertV3Ok(self.v3('GET', '/api/v3/get-my-group-list', token=t))
        self.assertGreaterEqual(len(groups), 3)
        history = self.history(t, '?limit=50')
        self.assertGreaterEqual(history['totalCount'], 10)
        failures = [i for i in history['list'] if not i['success']]
        self.assertGreaterEqual(len(failures), 2)
        self.assertTrue(all(i['errorMessage'] for i in failures))
        self.assertGreaterEqual(len({i['parsedUserAgent']['device'] for i in history['list']}), 2)
        self.assertGreaterEqual(len({i['appName'] for i in history['list']}), 3)
        self.assertIn('demo-laptop', self.devices(t))


class Persistence(unittest.TestCase):
    def test_devices_and_revocations_survive_a_restart(self):
        emu = E.Emulator(seed=DEVICES_POOL)
        try:
            emu.start()
            c = emu.client(app_id='d00000000000000000000a01')
            body = {'account': 'alice', 'password': c.encrypt(ALICE[1])}
            t1 = c.post('/api/v2/login/account', body, token='', headers={'x-authing-device-id': 'p-1'}).data['token']
            t2 = c.post('/api/v2/login/account', body, token='', headers={'x-authing-device-id': 'p-2'}).data['token']
            r = c.post('/api/v3/mydevices/revoke-session', {'deviceId': 'p-1'}, token=t2)
            self.assertEqual(r.json()['statusCode'], 200, r)
            self.assertEqual(emu.stop(), 0)
            emu.start()
            c = emu.client(app_id='d00000000000000000000a01')
            self.assertEqual(c.me(t1).code, E.NOT_LOGGED_IN)
            devices = {d['device']['deviceId']: d for d in c.get('/api/v3/mydevices/list', token=t2).json()['data']}
            self.assertFalse(devices['p-1']['online'])
            self.assertTrue(devices['p-2']['online'])
        finally:
            emu.cleanup()


if __name__ == '__main__':
    unittest.main(verbosity=2)
