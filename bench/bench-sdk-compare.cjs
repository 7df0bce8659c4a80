// bench-sdk-compare.cjs: the official authing-js-sdk doing what `bench-sdk-compare` (C) does:
// sign in, then every read of AcAccount's load_all at once. Prints one JSON line with the time
// from the start of the script to the end of the reads and the process's peak RSS (VmHWM).
//
// usage: node bench-sdk-compare.cjs DEPS_DIR URL APP_ID ACCOUNT PASSWORD
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const start = process.hrtime.bigint();
const fs = require('node:fs');
const path = require('node:path');

const [depsDir, url, appId, account, password] = process.argv.slice(2);
const { AuthenticationClient } = require(path.join(depsDir, 'node_modules', 'authing-js-sdk'));

function peakKiB() {
  const m = /VmHWM:\s*(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : -1;
}

(async () => {
  const loaded = process.hrtime.bigint();
  const client = new AuthenticationClient({ appId, appHost: url, lang: 'en-US' });
  await client.loginByUsername(account, password);
  const signedIn = process.hrtime.bigint();
  const [user, fields, level, apps, orgs, roles, resources] = await Promise.all([
    client.getCurrentUser(),
    client.getUdfValue(),
    client.getSecurityLevel(),
    client.listApplications({ page: 1, limit: 10 }),
    client.listOrgs(),
    client.hasRole('editor', 'default'),
    client.listAuthorizedResources('default'),
  ]);
  const done = process.hrtime.bigint();
  if (!user || !fields || !level || !apps || !orgs || resources === undefined || roles === undefined)
    throw new Error('a read gave nothing');
  const ms = (a, b) => Number(b - a) / 1e6;
  console.log(JSON.stringify({
    bench: 'sdk-compare', client: 'js', ms_start: ms(start, loaded), ms_sign_in: ms(loaded, signedIn),
    ms_reads: ms(signedIn, done), ms_total: ms(start, done), orgs: orgs.length,
    resources: (resources.list || resources).length, peak_kib: peakKiB(),
  }));
  process.exit(0);
})().catch((e) => { console.error('bench-sdk-compare.cjs:', e); process.exit(1); });
