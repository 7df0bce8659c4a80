#!/usr/bin/python3
# POST /graphql/v2, the JS SDK v4 documents (authing-api.md section 7, HACKING.md): the error
# shape, bad tokens, and isolation (ids of another user in the variables) on every operation.

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

DOCS = {
    'loginByUsername': 'mutation loginByUsername($input: LoginByUsernameInput!) { loginByUsername(input: $input) { id username token } }',
    'loginByEmail': 'mutation loginByEmail($input: LoginByEmailInput!) { loginByEmail(input: $input) { id token } }',
    'loginByPhonePassword': 'mutation loginByPhonePassword($input: LoginByPhonePasswordInput!) { loginByPhonePassword(input: $input) { id token } }',
    'user': 'query user($id: String) { user(id: $id) { id username email nickname customData { key value dataType label } } }',
    'updateUser': 'mutation updateUser($id: String, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id nickname } }',
    'udv': 'query udv($targetType: UDFTargetType!, $targetId: String!) { udv(targetType: $targetType, targetId: $targetId) { key dataType value label } }',
    'setUdvBatch': 'mutation setUdvBatch($targetType: UDFTargetType!, $targetId: String!, $udvList: [UserDefinedDataInput!]) { setUdvBatch(targetType: $targetType, targetId: $targetId, udvList: $udvList) { key dataType value label } }',
    'setUdv': 'mutation setUdv($targetType: UDFTargetType!, $targetId: String!, $key: String!, $value: String!) { setUdv(targetType: $targetType, targetId: $targetId, key: $key, value: $value) { key value } }',
    'removeUdv': 'mutation removeUdv($targetType: UDFTargetType!, $targetId: String!, $key: String!) { removeUdv(targetType: $targetType, targetId: $targetId, key: $key) { key value } }',
    'roles': 'query getUserRoles($id: String!, $namespace: String) { user(id: $id) { roles(namespace: $namespace) { totalCount list { id code namespace } } } }',
    'resources': 'query listUserAuthorizedResources($id: String!, $namespace: String, $resourceType: String) { user(id: $id) { authorizedResources(namespace: $namespace, resourceType: $resourceType) { totalCount list { code type actions apiIdentifier } } } }',
    'refreshToken': 'mutation refreshToken($id: String) { refreshToken(id: $id) { token iat exp } }',
    'checkLoginStatus': 'query checkLoginStatus($token: String) { checkLoginStatus(token: $token) { code message status exp iat data { id userPoolId arn } } }',
}


class GraphQL(E.EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.client.token_for('alice', 'alice-pass-1')
        cls.bob = cls.client.token_for('bob', 'Bob12345678Secure')
        cls.alice_id = E.find_pool_user(cls.pool, 'alice')['id']
        cls.bob_id = E.find_pool_user(cls.pool, 'bob')['id']

    def gql(self, doc, variables, token=None, lang=None):
        r = self.client.post('/graphql/v2', {'query': DOCS[doc], 'variables': variables},
                             token=token if token is not None else '', lang=lang)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertIsInstance(body, dict, r)
        return body

    def assertGqlError(self, body, code):
        self.assertIn('errors', body, body)
        err = body['errors'][-1]['message']
        self.assertIsInstance(err, dict, 'errors[].message must be an object {code, message, data}: %r' % body)
        self.assertEqual(err['code'], code, body)
        self.assertTrue(err['message'])
        self.assertIn('data', err)

    def own_calls(self, uid):
        return [
            ('user', {}), ('user', {'id': uid}),
            ('updateUser', {'id': uid, 'input': {'nickname': 'gql'}}),
            ('udv', {'targetType': 'USER', 'targetId': uid}),
            ('setUdvBatch', {'targetType': 'USER', 'targetId': uid, 'udvList': [{'key': 'school', 'value': '"GQL U"'}]}),
            ('setUdv', {'targetType': 'USER', 'targetId': uid, 'key': 'school', 'value': '"GQL U"'}),
            ('removeUdv', {'targetType': 'USER', 'targetId': uid, 'key': 'school'}),
            ('roles', {'id': uid}), ('roles', {'id': uid, 'namespace': 'billing'}),
            ('resources', {'id': uid, 'namespace': 'default'}),
            ('refreshToken', {}),
        ]

    def bob_state(self):
        me = self.assertOk(self.client.me(self.bob))
        udv = self.client.post('/api/v2/udvs/get', {'targetType': 'USER', 'targetId': self.bob_id}, token=self.bob).json()
        return me['nickname'], sorted(json.dumps(i, sort_keys=True) for i in udv)

    def test_login_and_user(self):
        enc = self.client.encrypt('alice-pass-1')
        body = self.gql('loginByUsername', {'input': {'username': 'alice', 'password': enc}})
        self.assertEqual(body['data']['loginByUsername']['id'], self.alice_id)
        token = body['data']['loginByUsername']['token']
        body = self.gql('loginByEmail', {'input': {'email': 'alice@example.com', 'password': enc}})
        self.assertEqual(body['data']['loginByEmail']['id'], self.alice_id)
        body = self.gql('loginByPhonePassword', {'input': {'phone': '13700000001', 'password': enc}})
        self.assertEqual(body['data']['loginByPhonePassword']['id'], self.alice_id)
        body = self.gql('user', {}, token=token)
        self.assertEqual(body['data']['user']['username'], 'alice')
        custom = {i['key']: i['value'] for i in body['data']['user']['customData']}
        self.assertEqual(custom['school'], 'MIT')

    def test_login_failures(self):
        for variables in ({'input': {'username': 'alice', 'password': self.client.encrypt('wrong')}},
                          {'input': {'username': 'alice', 'password': 'alice-pass-1'}},
                          {'input': {'username': 'ghost', 'password': self.client.encrypt('alice-pass-1')}}):
            with self.subTest(variables=variables):
                self.assertGqlError(self.gql('loginByUsername', variables), E.BAD_CREDENTIALS)

    def test_bad_tokens(self):
        expired_like = self.alice.split('.')
        forged = expired_like[0] + '.' + E.b64url(json.dumps({'sub': self.bob_id, 'exp': 9999999999, 'iat': 1, 'jti': 'x'}).encode()) + '.' + expired_like[2]
        for token in ('', 'garbage', forged):
            for doc, variables in self.own_calls(self.alice_id):
                with self.subTest(token=token[:10], op=doc):
                    self.assertGqlError(self.gql(doc, variables, token=token), E.NOT_LOGGED_IN)
        self.assertEqual(self.assertOk(self.client.me(self.alice))['nickname'], 'Alice')

    def test_english_errors(self):
        body = self.gql('user', {}, token='garbage', lang='en-US')
        self.assertGqlError(body, E.NOT_LOGGED_IN)
        self.assertRegex(body['errors'][-1]['message']['message'], '^[\x20-\x7e]+$')

    def test_alice_cannot_reach_bob(self):
        before = self.bob_state()
        for doc, variables in self.own_calls(self.bob_id):
            if doc in ('user', 'refreshToken') and 'id' not in variables:
                continue
            with self.subTest(op=doc, variables=variables):
                body = self.gql(doc, variables, token=self.alice)
                text = json.dumps(body)
                self.assertNotIn('Tsinghua', text)
                self.assertNotIn('bob@example.com', text)
                self.assertNotIn('auditor', text)
                self.assertNotIn('button:export', text)
                self.assertIn('errors', body, 'alice may not use bob\'s id: %r' % body)
        self.assertEqual(self.bob_state(), before)
        self.assertOk(self.client.me(self.bob))

    def test_own_operations(self):
        token = self.client.token_for('dave', 'dave-pass-4')
        uid = E.user_id_from_token(token)
        for doc, variables in self.own_calls(uid):
            with self.subTest(op=doc):
                body = self.gql(doc, variables, token=token)
                self.assertNotIn('errors', body, body)
                self.assertIn('data', body)
        status = self.gql('checkLoginStatus', {'token': token}, token=token)['data']['checkLoginStatus']
        self.assertEqual(status['status'], True)
        self.assertEqual(status['data']['id'], uid)

    def test_wrong_types_refused(self):
        token = self.client.token_for('carol', 'carol')
        uid = E.user_id_from_token(token)
        for key, value in (('age', '"thirty"'), ('vegetarian', '"yes"'), ('shirt', '"xxl"'), ('prefs', '{bad')):
            with self.subTest(key=key):
                body = self.gql('setUdvBatch', {'targetType': 'USER', 'targetId': uid,
                                                'udvList': [{'key': key, 'value': value}]}, token=token)
                self.assertGqlError(body, 400)
        body = self.gql('updateUser', {'id': uid, 'input': {'email': 'x@example.com'}}, token=token)
        self.assertGqlError(body, 400)
        me = self.assertOk(self.client.me(token))
        self.assertIsNone(me['email'])

    def test_malformed_requests(self):
        for body in ({}, {'query': 42}, {'query': 'query { nonsense }'}, {'query': 'mutation x { dropDatabase }'}):
            with self.subTest(body=body):
                r = self.client.post('/graphql/v2', body, token=self.alice)
                self.assertIn(r.status, (200, 400), r)
                j = r.json()
                if 'errors' in j:
                    self.assertEqual(j['errors'][-1]['message']['code'], 400)
                else:
                    self.assertEqual(j.get('code'), 400, r)
        r = self.client.request('POST', '/graphql/v2', raw=b'{', content_type='application/json', token=self.alice)
        self.assertEqual(r.status, 400)
        self.assertTrue(self.emu.alive())


if __name__ == '__main__':
    E.main()
