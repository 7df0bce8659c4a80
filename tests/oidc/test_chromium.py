#!/usr/bin/python3
# Browser sign-in with a real browser: headless Chromium, driven by Selenium, fills the
# emulator's hosted page while the app's core (oidc-sign-in-tool, AcOidcSignIn) waits on its
# loopback port; the session that results reads /api/v2/users/me.
#
#   test_chromium.py TOOL
#
# Needs Debian's chromium, chromium-driver and python3-selenium (build-aux/dev installs them).
# Where Chromium cannot start, the test is skipped (exit 77) with the reason; anything else
# that goes wrong fails it. Chromium never reaches the internet: every page is on 127.0.0.1.

import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SOURCE_ROOT = os.environ.get('AC_SOURCE_ROOT',
                             os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SOURCE_ROOT, 'tests', 'emulator'))
import emulator as E  # noqa: E402

SKIP = 77
TOOL = None
PROBING = True
ALICE = 'aa0000000000000000000001'
WAIT_S = 60


def skip(reason):
    print('SKIP: %s' % reason)
    sys.stdout.flush()
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as e:
    skip('python3-selenium is not installed (build-aux/dev installs it): %s' % e)


def chromium_paths():
    browser = shutil.which('chromium') or shutil.which('chromium-browser')
    driver = shutil.which('chromedriver')
    if browser is None or driver is None:
        skip('chromium or chromium-driver is not installed (build-aux/dev installs them)')
    return browser, driver


def start_chromium(lang, profile):
    browser, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--no-first-run',
                '--disable-default-apps', '--disable-dev-shm-usage', '--user-data-dir=' + profile,
                '--lang=' + lang):
        options.add_argument(arg)
    options.add_experimental_option('prefs', {'intl.accept_languages': lang})
    service = Service(executable_path=driver, log_path=os.path.join(profile, 'chromedriver.log'))
    try:
        return webdriver.Chrome(service=service, options=options)
    except WebDriverException as e:
        if not PROBING:
            raise
        skip('Chromium cannot start here: %s' % str(e.msg or e).strip().splitlines()[0])


class Tool:
    """The app's core, waiting for the browser"""

    def __init__(self, emu, app_id, language):
        env = dict(os.environ)
        env['LANGUAGE'] = language
        env['LC_ALL'] = 'C.UTF-8'
        self.proc = subprocess.Popen([TOOL, emu.url, app_id, str(WAIT_S)], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
        self.lines = []
        self.buffer = b''

    def line(self, prefix, timeout=WAIT_S):
        deadline = time.monotonic() + timeout
        while True:
            for i, line in enumerate(self.lines):
                if line.startswith(prefix):
                    del self.lines[i]
                    return line[len(prefix):].strip()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError('no %r line from the tool; got %r, stderr:\n%s'
                                     % (prefix, self.lines, self.stderr()))
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk and self.proc.poll() is not None and b'\n' not in self.buffer:
                    raise AssertionError('the tool ended (%s) without a %r line; got %r, stderr:\n%s'
                                         % (self.proc.returncode, prefix, self.lines, self.stderr()))
                self.buffer += chunk
                while b'\n' in self.buffer:
                    line, _, self.buffer = self.buffer.partition(b'\n')
                    self.lines.append(line.decode('utf-8'))

    def wait(self, timeout=WAIT_S):
        code = self.proc.wait(timeout)
        return code

    def stderr(self):
        if self.proc.poll() is None:
            return '(still running)'
        return self.proc.stderr.read().decode('utf-8', 'replace')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


class BrowserCase(E.EmulatorTestCase):
    """A Chromium per test, and the tool for each sign-in"""

    def setUp(self):
        self.profile = tempfile.mkdtemp(prefix='ac-chromium-')
        self.tools = []
        self.browser = None

    def tearDown(self):
        if self.browser is not None:
            self.browser.quit()
        for tool in self.tools:
            tool.stop()
        shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, lang, language):
        if self.browser is None:
            self.browser = start_chromium(lang, self.profile)
            self.browser.set_page_load_timeout(WAIT_S)
        tool = Tool(self.emu, self.app_id, language)
        self.tools.append(tool)
        uri = tool.line('URI ')
        self.assertTrue(uri.startswith(self.emu.url + '/oidc/auth?'), uri)
        self.browser.get(uri)
        return tool

    def fill(self, account, password):
        b = self.browser
        b.find_element(By.ID, 'account').clear()
        b.find_element(By.ID, 'account').send_keys(account)
        b.find_element(By.ID, 'password').send_keys(password)
        b.find_element(By.ID, 'sign-in').click()

    def result_page(self):
        WebDriverWait(self.browser, WAIT_S).until(
            lambda b: b.current_url.startswith('http://127.0.0.1:') and
            b.find_elements(By.ID, 'result'))
        return self.browser.find_element(By.ID, 'result')


class Chromium(BrowserCase):
    def test_sign_in_in_english(self):
        tool = self.open('en-US', 'en')
        b = self.browser
        self.assertEqual(b.find_element(By.TAG_NAME, 'html').get_attribute('lang'), 'en')
        self.assertIn('Sign in', b.title)
        self.fill('alice', 'alice-pass-1')
        result = self.result_page()
        self.assertEqual(result.get_attribute('data-result'), 'signed-in')
        self.assertIn('You can return to Account Center', b.find_element(By.TAG_NAME, 'body').text)
        self.assertTrue(b.current_url.startswith('http://127.0.0.1:'))
        self.assertIn('/callback?code=', b.current_url)

        self.assertEqual(tool.line('SIGNED-IN '), ALICE + ' alice')
        self.assertEqual(tool.line('ME '), ALICE + ' alice')
        self.assertEqual(tool.wait(), 0, tool.stderr())

        # the port is closed: going back there finds nothing
        port = int(b.current_url.split(':')[2].split('/')[0])
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(('127.0.0.1', port), timeout=5).close()

    def test_sign_in_in_chinese_after_a_wrong_password(self):
        tool = self.open('zh-CN', 'zh_CN')
        b = self.browser
        self.assertEqual(b.find_element(By.TAG_NAME, 'html').get_attribute('lang'), 'zh-CN')
        self.assertIn('登录', b.title)
        self.fill('alice', 'not-the-password')
        WebDriverWait(b, WAIT_S).until(lambda b: b.find_elements(By.ID, 'error'))
        self.assertIn('账号或密码错误', b.find_element(By.ID, 'error').text)
        self.assertEqual(b.find_element(By.ID, 'account').get_attribute('value'), 'alice')
        self.fill('alice@example.com', 'alice-pass-1')
        result = self.result_page()
        self.assertEqual(result.get_attribute('data-result'), 'signed-in')
        self.assertEqual(b.find_element(By.TAG_NAME, 'html').get_attribute('lang'), 'zh-CN')
        self.assertIn('您可以返回账号中心', b.find_element(By.TAG_NAME, 'body').text)
        self.assertEqual(tool.line('SIGNED-IN '), ALICE + ' alice')
        self.assertEqual(tool.line('ME '), ALICE + ' alice')
        self.assertEqual(tool.wait(), 0, tool.stderr())

    def test_cancel_in_the_browser(self):
        tool = self.open('en-US', 'en')
        self.browser.find_element(By.ID, 'cancel').click()
        result = self.result_page()
        self.assertEqual(result.get_attribute('data-result'), 'failed')
        self.assertIn('cancelled in the browser', self.browser.find_element(By.TAG_NAME, 'body').text)
        error = tool.line('ERROR ')
        self.assertTrue(error.startswith('ac-error-quark:10016 '), error)
        self.assertEqual(tool.wait(), 1)


class ChromiumTwoStep(BrowserCase):
    """A user with TOTP on: the hosted page asks for the authenticator's code"""

    SEED = os.path.join(E.FIXTURES, 'security.json')

    def test_sign_in_with_a_code(self):
        tool = self.open('en-US', 'en')
        b = self.browser
        self.fill('carol', 'Carol-pass-2024')
        WebDriverWait(b, WAIT_S).until(lambda b: b.find_elements(By.ID, 'code'))
        self.assertIn('Two-step verification', b.find_element(By.TAG_NAME, 'body').text)
        code = E.totp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', self.client.now())
        b.find_element(By.ID, 'code').send_keys(code)
        b.find_element(By.ID, 'verify').click()
        result = self.result_page()
        self.assertEqual(result.get_attribute('data-result'), 'signed-in')
        carol = E.find_pool_user(self.pool, 'carol')['id']
        self.assertEqual(tool.line('SIGNED-IN '), carol + ' carol')
        self.assertEqual(tool.line('ME '), carol + ' carol')
        self.assertEqual(tool.wait(), 0, tool.stderr())


def main():
    global TOOL
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print('usage: test_chromium.py TOOL', file=sys.stderr)
        sys.exit(2)
    TOOL = sys.argv.pop(1)
    # Can Chromium start at all here? If not, say why and skip; once it could, any later
    # failure to start is a failure.
    profile = tempfile.mkdtemp(prefix='ac-chromium-probe-')
    try:
        start_chromium('en-US', profile).quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    global PROBING
    PROBING = False
    E.main()


if __name__ == '__main__':
    main()
