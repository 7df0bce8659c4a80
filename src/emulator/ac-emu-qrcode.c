/* ac-emu-qrcode.c: a QR code (libqrencode) as a PNG data URL, for TOTP enrolment
 *
 * The PNG writer is the smallest correct one: 1-bit greyscale, no filter, the image data in
 * uncompressed ("stored") deflate blocks inside a zlib stream, CRC-32 and Adler-32 computed
 * here. The QR code of an otpauth URI is about 200 × 200 pixels, so the file stays small.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ac-emu-qrcode"

#include "config.h"

#include <string.h>
#include <qrencode.h>

#include "ac-emu-qrcode.h"

#define MODULE_PX 4
#define QUIET_ZONE 4
#define STORED_BLOCK_MAX 65535

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static guint32 table[256];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, len);
  put_u32 (out, crc);
}

/* A zlib stream of stored deflate blocks */
static GByteArray *
zlib_stored (const guint8 *data,
             gsize         len)
{
  GByteArray *z = g_byte_array_sized_new ((guint) (len + len / STORED_BLOCK_MAX * 5 + 16));
  static const guint8 header[2] = { 0x78, 0x01 };
  guint32 a = 1, b = 0;
  gsize done = 0;

  g_byte_array_append (z, header, 2);
  do
    {
      gsize n = MIN (len - done, STORED_BLOCK_MAX);
      guint8 block[5];

      block[0] = done + n == len ? 1 : 0;   /* BFINAL, BTYPE 00 */
      block[1] = n & 0xff;
      block[2] = n >> 8;
      block[3] = ~n & 0xff;
      block[4] = (~n >> 8) & 0xff;
      g_byte_array_append (z, block, 5);
      if (n > 0)
        g_byte_array_append (z, data + done, (guint) n);
      done += n;
    }
  while (done < len);

  for (gsize i = 0; i < len; i++)
    {
      a = (a + data[i]) % 65521;
      b = (b + a) % 65521;
    }
  put_u32 (z, (b << 16) | a);
  return z;
}

GBytes *
ac_emu_qrcode_png (const char *text)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) png = NULL;
  g_autoptr(GByteArray) idat = NULL;
  g_autofree guint8 *raw = NULL;
  QRcode *qr;
  guint8 ihdr[13];
  gsize side, row_bytes;

  if (text == NULL)
    return NULL;
  qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (qr == NULL)
    return NULL;

  side = ((gsize) qr->width + 2 * QUIET_ZONE) * MODULE_PX;
  row_bytes = 1 + (side + 7) / 8;
  raw = g_malloc0 (row_bytes * side);
  for (gsize y = 0; y < side; y++)
    {
      guint8 *row = raw + y * row_bytes;
      gssize my = (gssize) (y / MODULE_PX) - QUIET_ZONE;

      row[0] = 0;   /* filter: none */
      for (gsize x = 0; x < side; x++)
        {
          gssize mx = (gssize) (x / MODULE_PX) - QUIET_ZONE;
          gboolean dark = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                          (qr->data[my * qr->width + mx] & 1);

          /* greyscale 1 bit: 1 is white */
          if (!dark)
            row[1 + x / 8] |= 0x80 >> (x % 8);
        }
    }
  QRcode_free (qr);

  png = g_byte_array_new ();
  g_byte_array_append (png, signature, sizeof signature);
  ihdr[0] = side >> 24; ihdr[1] = side >> 16; ihdr[2] = side >> 8; ihdr[3] = side;
  memcpy (ihdr + 4, ihdr, 4);
  ihdr[8] = 1;    /* bit depth */
  ihdr[9] = 0;    /* greyscale */
  ihdr[10] = 0;   /* deflate */
  ihdr[11] = 0;   /* adaptive filtering */
  ihdr[12] = 0;   /* no interlace */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  idat = zlib_stored (raw, row_bytes * side);
  put_chunk (png, "IDAT", idat->data, idat->len);
  put_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

char *
ac_emu_qrcode_data_url (const char *text)
{
  g_autoptr(GBytes) png = ac_emu_qrcode_png (text);
  g_autofree char *b64 = NULL;
  gsize len = 0;
  const guint8 *data;

  if (png == NULL)
    return NULL;
  data = g_bytes_get_data (png, &len);
  b64 = g_base64_encode (data, len);
  return g_strconcat ("data:image/png;base64,", b64, NULL);
}
