#!/usr/bin/python3
# Uploads: POST /api/v2/upload?folder=..., multipart part "file", images only (by content),
# at most 5 MiB, served back byte-identical at the returned url, never written outside the
# data folder.

import base64
import os
import shutil
import struct
import sys
import tempfile
import unittest
import uuid
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402

JPEG = base64.b64decode(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYW'
    'ICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo'
    'KCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEA'
    'AAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIR'
    'AxEAPwCMBRgl/9k=')
WEBP = base64.b64decode('UklGRjYAAABXRUJQVlA4ICoAAACQAQCdASoEAAQAAgA0JaACdLoAA5gA/ucw/XeLSjX/1lf/rK//WV/u7AA=')
GIF = base64.b64decode('R0lGODlhAgACAPAAAP8AAAAAACH5BAAAAAAALAAAAAACAAIAAAIChFEAOw==')


def png(width=3, height=2, extra=b''):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    raw = b''.join(b'\0' + b''.join(bytes([(x * 40) % 256, (y * 90) % 256, 200]) for x in range(width))
                   for y in range(height))
    chunks = chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
    if extra:
        chunks += chunk(b'tEXt', b'Comment\0' + extra)
    return b'\x89PNG\r\n\x1a\n' + chunks + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')


def multipart(filename, content, ctype='application/octet-stream', name='file'):
    boundary = 'ac-' + uuid.uuid4().hex
    head = ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            'Content-Type: %s\r\n\r\n' % (boundary, name, filename, ctype)).encode('utf-8')
    body = head + content + ('\r\n--%s--\r\n' % boundary).encode()
    return body, 'multipart/form-data; boundary=' + boundary


def snapshot(top):
    out = {}
    for root, dirs, files in os.walk(top):
        for f in files:
            p = os.path.join(root, f)
            try:
                out[p] = os.path.getsize(p)
            except OSError:
                pass
    return out


class Upload(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # data folder nested three deep, so that ../../ still lands inside our sandbox
        cls.sandbox = tempfile.mkdtemp(prefix='emu-upload-')
        cls.data_dir = os.path.join(cls.sandbox, 'a', 'b', 'data')
        os.makedirs(cls.data_dir)
        cls.emu = E.Emulator(seed=E.BASIC_POOL, data_dir=cls.data_dir)
        cls.emu.start()
        cls.client = cls.emu.client()

    @classmethod
    def tearDownClass(cls):
        alive = cls.emu.alive()
        code = cls.emu.stop()
        stderr = cls.emu.stderr()
        cls.emu.cleanup()
        shutil.rmtree(cls.sandbox, ignore_errors=True)
        if not alive or code != 0:
            raise AssertionError('emulator alive=%s exit=%s; stderr:\n%s' % (alive, code, stderr))

    def upload(self, filename, content, ctype='image/png', folder='photos', name='file', token=''):
        body, content_type = multipart(filename, content, ctype, name)
        return self.client.request('POST', '/api/v2/upload?folder=' + folder, raw=body,
                                   content_type=content_type, token=token)

    def fetch(self, url):
        import urllib.request
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.headers.get('Content-Type'), r.read()

    def assertServedBack(self, r, content):
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.code, 200, r)
        data = r.data
        self.assertIsInstance(data.get('key'), str)
        self.assertTrue(data['key'])
        self.assertNotIn('..', data['key'])
        url = data['url']
        self.assertTrue(url.startswith(self.emu.url + '/files/'), url)
        status, ctype, got = self.fetch(url)
        self.assertEqual(status, 200)
        self.assertEqual(got, content, 'the file must be served back byte-identical')
        return data, ctype

    def test_png(self):
        content = png()
        data, ctype = self.assertServedBack(self.upload('personal.png', content), content)
        self.assertEqual(ctype.split(';')[0], 'image/png')

    def test_jpeg(self):
        data, ctype = self.assertServedBack(self.upload('personal.jpeg', JPEG, 'image/jpeg', 'avatar'), JPEG)
        self.assertEqual(ctype.split(';')[0], 'image/jpeg')

    def test_gif_and_webp(self):
        self.assertServedBack(self.upload('a.gif', GIF, 'image/gif'), GIF)
        self.assertServedBack(self.upload('a.webp', WEBP, 'image/webp'), WEBP)

    def test_content_decides_not_the_name(self):
        # a JPEG named .png with a PNG type and a name without extension (Android's "aPhoto")
        self.assertServedBack(self.upload('aPhoto', png(5, 5)), png(5, 5))
        self.assertServedBack(self.upload('photo.png', JPEG, 'image/png'), JPEG)

    def test_two_uploads_get_different_keys(self):
        a = self.upload('same.png', png(1, 1)).data
        b = self.upload('same.png', png(2, 2)).data
        self.assertNotEqual(a['key'], b['key'])
        self.assertEqual(self.fetch(a['url'])[2], png(1, 1))
        self.assertEqual(self.fetch(b['url'])[2], png(2, 2))

    def test_no_token_needed_and_token_accepted(self):
        token = self.client.token_for('alice', 'alice-pass-1')
        self.assertServedBack(self.upload('p.png', png(), token=token), png())

    def assertRefused(self, r):
        self.assertIn(r.status, (200, 400, 413), r)
        self.assertNotEqual(r.json()['code'], 200, r)
        self.assertTrue(r.json()['message'])
        self.assertIsNone(r.json().get('data'))

    def test_text_renamed_png_is_refused(self):
        before = snapshot(self.data_dir)
        marker = b'just some text pretending to be an image ' + uuid.uuid4().hex.encode()
        r = self.upload('evil.png', marker, 'image/png')
        self.assertRefused(r)
        for path in set(snapshot(self.data_dir)) - set(before):
            with open(path, 'rb') as f:
                self.assertNotIn(marker, f.read(), 'the refused file was stored at %s' % path)

    def test_other_non_images_are_refused(self):
        for name, content in (('x.png', b''), ('x.svg', b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
                              ('x.png', b'\x89PNG'), ('x.html', b'<html><script>alert(1)</script></html>'),
                              ('x.jpg', b'\xff\xd8'), ('x.png', b'%PDF-1.4\n')):
            with self.subTest(name=name, content=content[:10]):
                self.assertRefused(self.upload(name, content))

    def test_over_the_size_limit_is_refused(self):
        big = png(extra=os.urandom(5 * 1024 * 1024 + 1024))
        r = self.upload('big.png', big)
        self.assertRefused(r)
        self.assertTrue(self.emu.alive())
        just_under = png(extra=b'a' * (4 * 1024 * 1024))
        self.assertServedBack(self.upload('ok.png', just_under), just_under)

    def test_wrong_part_name_or_not_multipart(self):
        self.assertRefused(self.upload('p.png', png(), name='photo'))
        r = self.client.request('POST', '/api/v2/upload?folder=photos', raw=png(), content_type='image/png')
        self.assertIn(r.status, (200, 400), r)
        self.assertNotEqual(r.json()['code'], 200)

    def test_path_traversal_never_writes_outside(self):
        outside_before = {p: s for p, s in snapshot(self.sandbox).items()
                          if not p.startswith(self.data_dir + os.sep)}
        names = ['../../etc/passwd', '../../../passwd.png', '..\\..\\x.png', '/tmp/abs.png',
                 'a/../../../b.png', '%2e%2e%2f%2e%2e%2fenc.png', '....//....//x.png', 'nul\0byte.png']
        folders = ['photos', '../..', '../../..', '/tmp', '..%2f..', 'a/../../..']
        keys = []
        for name in names:
            for folder in folders:
                with self.subTest(name=name, folder=folder):
                    r = self.upload(name, png(), folder=folder)
                    self.assertIn(r.status, (200, 400), r)
                    if r.json()['code'] == 200:
                        self.assertNotIn('..', r.data['key'])
                        keys.append(r.data['url'])
        outside_after = {p: s for p, s in snapshot(self.sandbox).items()
                         if not p.startswith(self.data_dir + os.sep)}
        self.assertEqual(outside_after, outside_before, 'an upload wrote outside the data folder')
        self.assertFalse(os.path.exists('/tmp/abs.png') and os.path.getsize('/tmp/abs.png') == len(png()))
        for url in keys:
            self.assertEqual(self.fetch(url)[2], png())

    def test_files_cannot_escape(self):
        import urllib.error
        for path in ('/files/../../etc/passwd', '/files/%2e%2e/%2e%2e/etc/passwd', '/files/..%2f..%2fetc%2fpasswd',
                     '/files//etc/passwd', '/files/nonexistent-key', '/files/'):
            with self.subTest(path=path):
                r = self.client.get(path)
                self.assertIn(r.status, (400, 403, 404), r)
                self.assertNotIn(b'root:', r.body)


if __name__ == '__main__':
    E.main()
