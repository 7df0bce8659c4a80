#!/usr/bin/python3
# A long sign-in history (100,000 entries) pages in SQL: a page answers quickly wherever it is,
# and the emulator does not load the whole history for it.

import json
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

N_ENTRIES = 100000
# Generous: under AddressSanitizer and on a loaded machine; a query that sorted or loaded the
# whole history in C takes several times this.
PAGE_BUDGET_S = float(os.environ.get('AC_HISTORY_PAGE_BUDGET', '1.5'))
START_MS = 1700000000000


def make_pool(path):
    history = []
    for i in range(N_ENTRIES):
        ms = START_MS + i * 60000           # one a minute, oldest first in the file
        t = time.gmtime(ms // 1000)
        history.append({'loginAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', t),
                        'clientIp': '10.%d.%d.%d' % (i >> 16 & 255, i >> 8 & 255, i & 255),
                        'success': i % 7 != 0, 'userAgent': 'Agent/%d' % i})
    pool = {'application': {'id': 'f00000000000000000000a01', 'name': 'History'},
            'users': [{'username': 'many', 'password': 'Many-pass-2024', 'loginHistory': history},
                      {'username': 'few', 'password': 'Few-pass-2024'}]}
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(pool, f)


class LongHistory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        fd, cls.pool_path = tempfile.mkstemp(prefix='history-pool-', suffix='.json')
        os.close(fd)
        make_pool(cls.pool_path)
        cls.emu = E.Emulator(seed=cls.pool_path)
        t0 = time.monotonic()
        cls.emu.start(timeout=max(E.START_TIMEOUT, 180))
        cls.seed_seconds = time.monotonic() - t0
        cls.client = cls.emu.client(app_id='f00000000000000000000a01')
        cls.token = cls.client.token_for('many', 'Many-pass-2024')

    @classmethod
    def tearDownClass(cls):
        alive = cls.emu.alive()
        code = cls.emu.stop()
        stderr = cls.emu.stderr()
        cls.emu.cleanup()
        os.unlink(cls.pool_path)
        if not alive or code != 0 or E.sanitizer_report(stderr):
            raise AssertionError('emulator died or exited with %r:\n%s' % (code, stderr))

    def page(self, query):
        r = self.client.get('/api/v3/get-my-login-history' + query, token=self.token)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body['statusCode'], 200, r)
        return body['data'], r.elapsed

    def test_pages_are_fast_everywhere(self):
        timings = {}
        last_page = (N_ENTRIES + 1 + 49) // 50
        for name, query in (('first', '?page=1&limit=50'), ('middle', '?page=1000&limit=50'),
                            ('last', '?page=%d&limit=50' % last_page),
                            ('failures, deep', '?success=false&page=250&limit=50'),
                            ('window', '?start=%d&end=%d&limit=50' % (START_MS + 3000000000, START_MS + 3600000000))):
            self.page(query)              # warm the page cache once
            data, elapsed = self.page(query)
            timings[name] = elapsed
            self.assertLess(elapsed, PAGE_BUDGET_S, '%s page took %.3f s' % (name, elapsed))
            self.assertLessEqual(len(data['list']), 50)
        sys.stderr.write('seeding + start: %.2f s; page timings (s): %s\n'
                         % (self.seed_seconds, ', '.join('%s %.4f' % kv for kv in timings.items())))

    def test_contents(self):
        data, _ = self.page('?page=1&limit=50')
        self.assertEqual(data['totalCount'], N_ENTRIES + 1)      # the seeded ones and this sign-in
        self.assertEqual(data['list'][0]['clientIp'], '127.0.0.1')
        self.assertEqual(data['list'][1]['userAgent'], 'Agent/%d' % (N_ENTRIES - 1))
        times = [i['loginAt'] for i in data['list']]
        self.assertEqual(times, sorted(times, reverse=True))
        last_page = (N_ENTRIES + 1 + 49) // 50
        data, _ = self.page('?page=%d&limit=50' % last_page)
        self.assertEqual(data['list'][-1]['userAgent'], 'Agent/0')
        failures, _ = self.page('?success=false&limit=50')
        self.assertEqual(failures['totalCount'], len(range(0, N_ENTRIES, 7)))
        self.assertEqual(failures['list'][0]['userAgent'], 'Agent/%d' % ((N_ENTRIES - 1) // 7 * 7))
        window, _ = self.page('?start=%d&end=%d&limit=50' % (START_MS, START_MS + 60000 * 9))
        self.assertEqual(window['totalCount'], 10)
        self.assertEqual([i['userAgent'] for i in window['list']], ['Agent/%d' % i for i in range(9, -1, -1)])

    def test_the_paging_query_walks_an_index(self):
        # The emulator's queries have this shape (ac-emu-store-devices.c): its indexes must let
        # SQLite walk the history in order instead of sorting all of it.
        import sqlite3
        db = sqlite3.connect('file:%s?mode=ro' % os.path.join(self.emu.data_dir, 'emulator.db'), uri=True)
        try:
            for where, index, params in (
                    ('user_id = ?1', 'login_history_by_user', ('x',)),
                    ('user_id = ?1 AND success = ?2', 'login_history_by_user_success', ('x', 1)),
                    ('user_id = ?1 AND login_at >= ?3 AND login_at <= ?4', 'login_history_by_user', ('x', 1, 0, 1))):
                plan = ' / '.join(row[-1] for row in db.execute(
                    'EXPLAIN QUERY PLAN SELECT login_at FROM login_history WHERE ' + where +
                    ' ORDER BY login_at DESC, id DESC LIMIT 50 OFFSET 1000', params))
                with self.subTest(where=where):
                    self.assertIn(index, plan)
                    self.assertNotIn('TEMP B-TREE', plan)
        finally:
            db.close()

    def test_other_users_are_not_slowed_or_mixed(self):
        few = self.client.token_for('few', 'Few-pass-2024')
        r = self.client.get('/api/v3/get-my-login-history?limit=50', token=few)
        data = r.json()['data']
        self.assertEqual(data['totalCount'], 1)
        self.assertLess(r.elapsed, PAGE_BUDGET_S)


if __name__ == '__main__':
    unittest.main(verbosity=2)
