#!/usr/bin/python3
# The data folder holds password hashes, the token signing secret and the RSA private key:
# it is 0700 and every file in it (emulator.db, -wal, -shm, the key, uploads) 0600, also when
# the folder already existed with lax permissions, and whatever the umask.

import os
import stat
import struct
import sys
import tempfile
import shutil
import unittest
import uuid
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator as E  # noqa: E402


def tiny_png():
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    raw = b'\x00\xff\x00\x00'
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def multipart(field, filename, content, ctype='image/png'):
    boundary = uuid.uuid4().hex
    body = ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            'Content-Type: %s\r\n\r\n' % (boundary, field, filename, ctype)).encode() + content
    body += ('\r\n--%s--\r\n' % boundary).encode()
    return body, 'multipart/form-data; boundary=%s' % boundary


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


class Permissions(unittest.TestCase):
    def setUp(self):
        self.parent = tempfile.mkdtemp(prefix='emu-perm-')
        self.addCleanup(shutil.rmtree, self.parent, True)
        self.old_umask = os.umask(0o022)    # the usual lax umask; the emulator inherits it
        self.addCleanup(os.umask, self.old_umask)

    def assert_private(self, data_dir):
        self.assertEqual(mode(data_dir), 0o700, data_dir)
        seen = []
        for root, dirs, files in os.walk(data_dir):
            for d in dirs:
                self.assertEqual(mode(os.path.join(root, d)), 0o700, os.path.join(root, d))
            for f in files:
                path = os.path.join(root, f)
                seen.append(os.path.relpath(path, data_dir))
                self.assertEqual(mode(path), 0o600, '%s is %o' % (path, mode(path)))
        return seen

    def exercise(self, emu):
        c = emu.client()
        token = c.token_for('alice', 'alice-pass-1')           # writes: WAL
        self.assertEqual(c.post('/api/v2/users/profile/update', {'nickname': 'Private'},
                                token=token).code, 200)
        body, ctype = multipart('file', 'a.png', tiny_png())
        r = c.post('/api/v2/upload', raw=body, content_type=ctype)
        self.assertEqual(r.code, 200, r)

    def test_new_folder_and_every_file_are_private(self):
        data_dir = os.path.join(self.parent, 'new', 'data')
        with E.Emulator(seed=E.BASIC_POOL, data_dir=data_dir) as emu:
            self.exercise(emu)
            seen = self.assert_private(data_dir)
        for name in ('emulator.db', 'emulator.db-wal', 'emulator.db-shm', 'rsa-private-key.pem'):
            self.assertIn(name, seen)
        self.assertTrue(any(s.startswith('uploads' + os.sep) for s in seen), seen)
        self.assert_private(data_dir)     # also after a clean stop

    def test_existing_lax_folder_is_fixed_at_start(self):
        data_dir = os.path.join(self.parent, 'data')
        with E.Emulator(seed=E.BASIC_POOL, data_dir=data_dir) as emu:
            self.exercise(emu)
        # as an older emulator (or a careless copy) left it
        os.chmod(data_dir, 0o755)
        for root, dirs, files in os.walk(data_dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)
        with open(os.path.join(data_dir, 'notes.txt'), 'w') as f:
            f.write('left here by someone\n')
        os.chmod(os.path.join(data_dir, 'notes.txt'), 0o666)
        outside = os.path.join(self.parent, 'outside.txt')
        with open(outside, 'w') as f:
            f.write('not ours\n')
        os.chmod(outside, 0o644)
        os.symlink(outside, os.path.join(data_dir, 'link'))

        with E.Emulator(data_dir=data_dir) as emu:
            self.assertEqual(emu.client().get('/api/v2/.well-known').status, 200)
            self.assertEqual(mode(data_dir), 0o700)
            for root, dirs, files in os.walk(data_dir):
                for d in dirs:
                    self.assertEqual(mode(os.path.join(root, d)), 0o700)
                for f in files:
                    path = os.path.join(root, f)
                    if os.path.islink(path):
                        continue
                    self.assertEqual(mode(path), 0o600, path)
        self.assertEqual(mode(outside), 0o644, 'a symbolic link must not be followed')


if __name__ == '__main__':
    unittest.main(verbosity=2)
