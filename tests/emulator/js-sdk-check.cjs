// Compatibility of authing-emulator with the official JS SDK (authing-js-sdk 4.x).
//
// usage: node js-sdk-check.cjs DEPS_DIR EMULATOR POOL.json
//
// Starts the emulator on port 0 in a fresh data folder, logs in through our REST login
// (password encrypted once with node's crypto and once with the SDK's own JSEncrypt helper and
// the key its PublicKeyManager fetched), hands the token to AuthenticationClient.setToken(),
// and checks getSecurityLevel(), listApplications(), listOrgs() and logout() against the
// values the pool defines, then the SDK's GraphQL operations and its MFA module (TOTP
// enrolment and the two-step sign-in). Exits non-zero on the first failure.
'use strict';

const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [depsDir, emulatorPath, poolPath] = process.argv.slice(2);
if (!depsDir || !emulatorPath || !poolPath) {
  console.error('usage: node js-sdk-check.cjs DEPS_DIR EMULATOR POOL.json');
  process.exit(2);
}

const sdkDir = path.join(depsDir, 'node_modules', 'authing-js-sdk');
const sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8')).version;
const { AuthenticationClient } = require(sdkDir);
const sdkUtils = require(path.join(sdkDir, 'build', 'main', 'lib', 'utils.js'));

const pool = JSON.parse(fs.readFileSync(poolPath, 'utf8'));
const ALICE = pool.users.find((u) => u.username === 'alice');
const BOB = pool.users.find((u) => u.username === 'bob');
const APP_ID = pool.application.id;

// RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret at unix time t
function totp(secret, t) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}
const wrongCode = (code) => String((Number(code) + 1) % 1000000).padStart(6, '0');

let passed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok - ' + name);
  } catch (e) {
    console.log('not ok - ' + name);
    throw e;
  }
}

function startEmulator(dataDir) {
  return new Promise((resolve, reject) => {
    const proc = childProcess.spawn(emulatorPath,
      ['--data-dir', dataDir, '--seed', poolPath, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('emulator did not print "listening on" within 60 s')); }, 60000);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error('emulator exited early with ' + code)); });
    proc.stdout.on('data', (chunk) => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        const line = buf.slice(0, nl);
        const m = /^listening on (http:\/\/[^\s]+)$/.exec(line);
        if (!m) { proc.kill('SIGKILL'); reject(new Error('unexpected first line: ' + line)); return; }
        proc.removeAllListeners('exit');
        resolve({ proc, url: m[1] });
      }
    });
  });
}

function stopEmulator(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(proc.exitCode); return; }
    proc.on('exit', (code, signal) => resolve(code !== null ? code : signal));
    proc.kill('SIGTERM');
  });
}

async function rest(url, method, p, { token, body } = {}) {
  const headers = { 'x-authing-app-id': APP_ID };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.equal(res.status, 200, `${method} ${p}: HTTP ${res.status}`);
  return res.json();
}

async function restLogin(url, account, encrypted) {
  const r = await rest(url, 'POST', '/api/v2/login/account', { body: { account, password: encrypted } });
  assert.equal(r.code, 200, 'REST login failed: ' + JSON.stringify(r));
  return r.data;
}

// pool-format.md: the applications, organization paths and security level of a user
function expected(username) {
  const user = pool.users.find((u) => u.username === username);
  const roles = new Set(pool.roles.filter((r) => r.members.includes(username)).map((r) => `${r.namespace}:${r.code}`));
  const paths = [];
  const walk = (org, node, above) => {
    const p = [...above, node];
    if ((node.members || []).includes(username)) paths.push([org.id, ...p.map((n) => n.id)].join('/'));
    (node.children || []).forEach((c) => walk(org, c, p));
  };
  pool.organizations.forEach((o) => walk(o, o.root, []));
  const nodes = new Set(paths.map((p) => p.split('/').pop()));
  const apps = pool.applications.filter((a) => a.access.all || (a.access.users || []).includes(username) ||
    (a.access.roles || []).some((r) => roles.has(r)) || (a.access.nodes || []).some((n) => nodes.has(n)));
  const pw = user.password;
  const level = (pw.length >= 12 && /[a-z]/.test(pw) && /[A-Z]/.test(pw) && /[0-9]/.test(pw)) ? 3
    : (pw.length >= 8 && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw)) ? 2 : 1;
  const score = Math.min(100, 40 + { 1: 20, 2: 25, 3: 30 }[level] + (user.email ? 5 : 0) + (user.phone ? 10 : 0) + (user.mfa ? 15 : 0));
  return {
    apps: apps.map((a) => a.id).sort(),
    paths: paths.sort(),
    security: { score, email: !!user.email, phone: !!user.phone, password: true, passwordSecurityLevel: level, mfa: !!user.mfa },
  };
}

async function main() {
  console.log(`authing-js-sdk ${sdkVersion}, node ${process.version}`);
  assert.match(sdkVersion, /^4\./, 'expected authing-js-sdk 4.x');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-js-'));
  const { proc, url } = await startEmulator(dataDir);
  let exitCode;
  try {
    const want = expected('alice');

    // 1. The SDK reads our public key and encrypts with its own JSEncrypt; our login accepts it.
    const sdk = new AuthenticationClient({ appId: APP_ID, appHost: url });
    let sdkToken;
    await check('SDK PublicKeyManager + encrypt() produce a password our login accepts', async () => {
      const publicKey = await sdk.publicKeyManager.getPublicKey();
      assert.match(publicKey, /-----BEGIN PUBLIC KEY-----/);
      const encrypted = await sdkUtils.encrypt(ALICE.password, publicKey);
      assert.equal(typeof encrypted, 'string');
      const user = await restLogin(url, 'alice', encrypted);
      assert.equal(user.username, 'alice');
      sdkToken = user.token;
    });

    // 2. node's own RSA PKCS#1 v1.5, as the brief describes
    let nodeToken;
    await check('REST login with node crypto.publicEncrypt (RSA_PKCS1_PADDING)', async () => {
      const wk = await rest(url, 'GET', '/api/v2/.well-known');
      const encrypted = crypto.publicEncrypt({ key: wk.data.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING },
        Buffer.from(ALICE.password, 'utf8')).toString('base64');
      nodeToken = (await restLogin(url, 'alice@example.com', encrypted)).token;
      assert.notEqual(nodeToken, sdkToken);
    });

    const client = new AuthenticationClient({ appId: APP_ID, appHost: url, lang: 'en-US' });
    client.setToken(nodeToken);

    await check('checkLoggedIn() reads the user id from our JWT', async () => {
      assert.equal(client.checkLoggedIn(), ALICE.id);
    });

    await check('getSecurityLevel()', async () => {
      const level = await client.getSecurityLevel();
      for (const [k, v] of Object.entries(want.security)) assert.equal(level[k], v, `security level ${k}`);
    });

    await check('listApplications({page, limit}) pages through every allowed application', async () => {
      const seen = [];
      const sizes = [];
      for (let page = 1; page <= 4; page++) {
        const res = await client.listApplications({ page, limit: 10 });
        assert.equal(res.totalCount, want.apps.length, 'totalCount');
        assert.ok(Array.isArray(res.list));
        sizes.push(res.list.length);
        for (const app of res.list) {
          for (const k of ['id', 'name', 'logo', 'domain', 'description', 'protocol', 'createdAt', 'updatedAt']) {
            assert.ok(k in app, `application lacks ${k}`);
          }
          seen.push(app.id);
        }
      }
      assert.deepEqual(sizes, [10, 10, 3, 0]);
      assert.deepEqual([...seen].sort(), want.apps);
      const dflt = await client.listApplications();
      assert.equal(dflt.list.length, 10, 'the SDK default is page 1, limit 10');
    });

    await check('listOrgs() gives the 2-D array of org + node paths', async () => {
      const orgs = await client.listOrgs();
      assert.ok(Array.isArray(orgs));
      for (const p of orgs) {
        assert.equal(p[0].type, 'org');
        p.slice(1).forEach((n) => assert.equal(n.type, 'node'));
      }
      assert.deepEqual(orgs.map((p) => p.map((e) => e.id).join('/')).sort(), want.paths);
      const deep = orgs.find((p) => p.length === 5);
      assert.deepEqual(deep.slice(1).map((n) => n.name), ['Example Corp', 'R&D', 'Platform', 'Identity']);
    });

    await check('errors surface as the SDK expects ({code: 2020, message} thrown, English with lang en-US, Chinese by default)', async () => {
      const stranger = new AuthenticationClient({ appId: APP_ID, appHost: url, lang: 'en-US' });
      stranger.setToken('not-a-token');
      await assert.rejects(stranger.getSecurityLevel(),
        (e) => e.code === 2020 && /^[\x20-\x7e]+$/.test(e.message) && /[A-Za-z]{3}/.test(e.message));
      const chinese = new AuthenticationClient({ appId: APP_ID, appHost: url });
      chinese.setToken('not-a-token');
      await assert.rejects(chinese.listOrgs(), (e) => e.code === 2020 && /[\u4e00-\u9fff]/.test(e.message));
    });

    await check('logout() revokes the token (REST users/me then gives 2020)', async () => {
      await client.logout();
      assert.equal(client.tokenProvider.getToken(), null, 'the SDK clears its token');
      const me = await rest(url, 'GET', '/api/v2/users/me', { token: nodeToken });
      assert.equal(me.code, 2020, 'revoked token: ' + JSON.stringify(me));
      const other = await rest(url, 'GET', '/api/v2/users/me', { token: sdkToken });
      assert.equal(other.code, 200, 'logout revokes only its own token');
      client.setToken(nodeToken);
      await assert.rejects(client.listOrgs(), (e) => e.code === 2020);
    });

    // The SDK's own operations beyond the four above: its GraphQL documents (HACKING.md).
    const js = new AuthenticationClient({ appId: APP_ID, appHost: url });
    await check('SDK loginByUsername / loginByEmail / loginByPhonePassword (GraphQL)', async () => {
      const u = await js.loginByUsername('bob', BOB.password);
      assert.equal(u.id, BOB.id);
      assert.equal(u.username, 'bob');
      assert.equal(client.checkLoggedIn(), ALICE.id);
      const byEmail = new AuthenticationClient({ appId: APP_ID, appHost: url });
      assert.equal((await byEmail.loginByEmail('alice@example.com', ALICE.password)).id, ALICE.id);
      const byPhone = new AuthenticationClient({ appId: APP_ID, appHost: url });
      assert.equal((await byPhone.loginByPhonePassword('13700000001', ALICE.password)).id, ALICE.id);
      const wrong = new AuthenticationClient({ appId: APP_ID, appHost: url });
      await assert.rejects(wrong.loginByUsername('bob', 'not the password'), (e) => e.code === 2333);
      const me = await rest(url, 'GET', '/api/v2/users/me', { token: js.tokenProvider.getToken() });
      assert.equal(me.data.id, BOB.id, 'the SDK token works on REST');
    });

    await check('SDK getCurrentUser()', async () => {
      const u = await js.getCurrentUser();
      assert.ok(u, 'getCurrentUser() returned null (a GraphQL error)');
      assert.equal(u.username, 'bob');
      assert.equal(u.email, BOB.email);
      assert.equal(u.customData.school, 'Tsinghua');
    });

    await check('SDK updateProfile()', async () => {
      const u = await js.updateProfile({ nickname: 'JS Bob', city: 'Chengdu' });
      assert.equal(u.nickname, 'JS Bob');
      const me = await rest(url, 'GET', '/api/v2/users/me', { token: js.tokenProvider.getToken() });
      assert.equal(me.data.nickname, 'JS Bob');
      assert.equal(me.data.city, 'Chengdu');
      await assert.rejects(js.updateProfile({ phone: '13999999999' }), (e) => e.code === 400);
      const again = await rest(url, 'GET', '/api/v2/users/me', { token: js.tokenProvider.getToken() });
      assert.equal(again.data.phone, BOB.phone);
    });

    await check('SDK getUdfValue() / setUdfValue() (values as JSON text)', async () => {
      assert.equal((await js.getUdfValue()).school, 'Tsinghua');
      await js.setUdfValue({ school: 'Yale', age: 33, vegetarian: true, prefs: { a: [1, 2] }, shirt: 'l' });
      const v = await js.getUdfValue();
      assert.equal(v.school, 'Yale');
      assert.equal(v.age, 33);
      assert.equal(v.vegetarian, true);
      assert.deepEqual(v.prefs, { a: [1, 2] });
      assert.equal(v.shirt, 'l');
      const udv = await (await fetch(url + '/api/v2/udvs/get', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + js.tokenProvider.getToken() },
        body: JSON.stringify({ targetType: 'USER', targetId: BOB.id }),
      })).json();
      const rest_values = Object.fromEntries(udv.map((i) => [i.key, i.value]));
      assert.equal(rest_values.school, 'Yale', 'REST sees the STRING without JSON quotes');
      assert.equal(Number(rest_values.age), 33);
      await assert.rejects(js.setUdfValue({ age: 'old' }), (e) => e.code === 400);
      await assert.rejects(js.setUdfValue({ shirt: 'xxl' }), (e) => e.code === 400);
      assert.equal((await js.getUdfValue()).age, 33, 'a refused write changes nothing');
    });

    await check('SDK listAuthorizedResources() and hasRole() (GraphQL)', async () => {
      const r = await js.listAuthorizedResources('default');
      assert.equal(r.totalCount, r.list.length);
      assert.deepEqual(r.list.map((i) => i.code).sort(), ['api:orders', 'books:*', 'button:export']);
      const b = await js.listAuthorizedResources('default', { resourceType: 'BUTTON' });
      assert.deepEqual(b.list.map((i) => [i.code, i.actions]), [['button:export', ['click']]]);
      assert.equal(await js.hasRole('viewer'), true);
      assert.equal(await js.hasRole('editor'), false);
      assert.equal(await js.hasRole('auditor', 'billing'), true);
      assert.equal(await js.hasRole('viewer', 'billing'), false);
    });

    await check('SDK refreshToken() and checkLoginStatus()', async () => {
      const old = js.tokenProvider.getToken();
      const status = await js.checkLoginStatus(old);
      assert.equal(status.status, true);
      assert.equal(status.code, 200);
      const r = await js.refreshToken();
      assert.ok(r.token && r.iat && r.exp, JSON.stringify(r));
      assert.notEqual(r.token, old);
      const me = await rest(url, 'GET', '/api/v2/users/me', { token: r.token });
      assert.equal(me.data.id, BOB.id);
      const bad = await js.checkLoginStatus('not-a-token');
      assert.equal(bad.status, false);
    });

    // The MFA module (MfaAuthenticationClient): enrol TOTP, sign in with the second step, turn
    // it off. Codes are computed here (RFC 6238) from the secret the emulator handed out.
    await check('SDK mfa: getMfaAuthenticators / assosicateMfaAuthenticator / confirmAssosicateMfaAuthenticator / verifyTotpMfa / deleteMfaAuthenticator', async () => {
      const wk = await rest(url, 'GET', '/api/v2/.well-known');
      const encrypt = (pw) => crypto.publicEncrypt({ key: wk.data.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING },
        Buffer.from(pw, 'utf8')).toString('base64');
      const sdkError = (code) => (e) => e.code === code;
      const m = new AuthenticationClient({ appId: APP_ID, appHost: url, lang: 'en-US' });
      m.setToken((await restLogin(url, 'bob', encrypt(BOB.password))).token);

      assert.deepEqual(await m.mfa.getMfaAuthenticators({ type: 'totp', source: 'SELF' }), []);
      const a = await m.mfa.assosicateMfaAuthenticator({ authenticatorType: 'totp', source: 'SELF' });
      assert.equal(a.authenticator_type, 'totp');
      assert.match(a.secret, /^[A-Z2-7]{32}$/);
      assert.ok(a.qrcode_uri.startsWith('otpauth://totp/'), a.qrcode_uri);
      assert.equal(new URL(a.qrcode_uri).searchParams.get('secret'), a.secret);
      assert.match(a.qrcode_data_url, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      assert.match(a.recovery_code, /^[0-9a-f]{4}(-[0-9a-f]{4}){5}$/);

      const now = Math.floor(Date.now() / 1000);
      await assert.rejects(m.mfa.confirmAssosicateMfaAuthenticator({ authenticatorType: 'totp', totp: wrongCode(totp(a.secret, now)), source: 'SELF' }),
        sdkError(6001));
      const confirmed = await m.mfa.confirmAssosicateMfaAuthenticator({ authenticatorType: 'totp', totp: totp(a.secret, now), source: 'SELF' });
      assert.equal(confirmed.code, 200);
      const list = await m.mfa.getMfaAuthenticators({ type: 'totp', source: 'SELF' });
      assert.equal(list.length, 1);
      assert.equal(list[0].authenticatorType, 'totp');
      assert.equal(list[0].enable, true);
      assert.equal(list[0].userId, BOB.id);
      assert.equal((await m.getSecurityLevel()).mfa, true);

      // the password sign-in now answers 1635 with an mfaToken, by REST and through the SDK's GraphQL login
      const step = await rest(url, 'POST', '/api/v2/login/account', { body: { account: 'bob', password: encrypt(BOB.password) } });
      assert.equal(step.code, 1635, JSON.stringify(step));
      assert.equal(step.data.username, 'bob');
      const signIn = new AuthenticationClient({ appId: APP_ID, appHost: url });
      let mfaToken;
      await assert.rejects(signIn.loginByUsername('bob', BOB.password), (e) => {
        mfaToken = e.data && e.data.mfaToken;
        return e.code === 1635 && typeof mfaToken === 'string';
      });
      // the mfaToken is good for the second step only
      await assert.rejects(signIn.mfa.getMfaAuthenticators({ type: 'totp', mfaToken }), sdkError(2020));
      await assert.rejects(signIn.mfa.verifyTotpMfa({ totp: wrongCode(totp(a.secret, now + 30)), mfaToken }), sdkError(6001));
      const user = await signIn.mfa.verifyTotpMfa({ totp: totp(a.secret, now + 30), mfaToken });
      assert.equal(user.id, BOB.id);
      assert.ok(user.token);
      assert.equal((await rest(url, 'GET', '/api/v2/users/me', { token: user.token })).data.id, BOB.id);
      // single use, and the accepted code does not replay on a new mfaToken
      await assert.rejects(signIn.mfa.verifyTotpMfa({ totp: totp(a.secret, now + 30), mfaToken }), sdkError(2020));
      await assert.rejects(signIn.mfa.verifyTotpMfa({ totp: totp(a.secret, now + 30), mfaToken: step.data.mfaToken }), sdkError(6001));

      const off = await m.mfa.deleteMfaAuthenticator();
      assert.equal(off.code, 200);
      assert.deepEqual(await m.mfa.getMfaAuthenticators({ type: 'totp', source: 'SELF' }), []);
      assert.equal((await m.getSecurityLevel()).mfa, false);
      assert.equal((await restLogin(url, 'bob', encrypt(BOB.password))).username, 'bob');
    });
  } finally {
    exitCode = await stopEmulator(proc);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  assert.equal(exitCode, 0, 'the emulator must exit with 0 on SIGTERM, got ' + exitCode);
  console.log(`${passed} checks passed`);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
