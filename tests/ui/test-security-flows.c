/* test-security-flows.c: the Security page's actions end to end, through the real dialogs,
 * against a real emulator (tests/fixtures/pools/security.json): change the password, bind an
 * e-mail address with the code from the outbox, two-step sign-in with a code computed here,
 * deletion with a password and with a code; errors on their fields; the score follows.
 *
 * With AC_SCREENSHOT_DIR set, each dialog is also saved there as a PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <liboath/oath.h>
#include <libsoup/soup.h>

#include "shell-test-util.h"
#include "ac-address-dialog.h"
#include "ac-code-button.h"
#include "ac-password-dialog.h"
#include "ac-security-page.h"
#include "ac-totp-dialog.h"

typedef struct
{
  AcTestEmulator *emu;
  AcWindow       *window;
  AcSecurityPage *page;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool = ac_test_source_path ("tests/fixtures/pools/security.json");

  /* POST /_emulator/clock, to get past the resend limit */
  g_setenv ("AC_EMULATOR_TEST_CLOCK", "1", TRUE);
  f->emu = ac_test_emulator_start (pool, NULL, &error);
  g_assert_no_error (error);
  f->window = shell_window_new (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shell_destroy_window (f->window);
  g_clear_pointer (&f->emu, ac_test_emulator_free);
}

static void
open_page (Fixture    *f,
           const char *user,
           const char *password)
{
  shell_sign_in (f->window, f->emu, user, password);
  f->page = AC_SECURITY_PAGE (ac_window_get_page (f->window, "security"));
  g_assert_nonnull (f->page);
  ac_window_show_page (f->window, "security");
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *folder = g_getenv ("AC_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (folder == NULL)
    return;
  ac_test_run_for (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", folder, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The newest code the emulator "sent" to @to, from its outbox (loopback only). */
static char *
outbox_code (Fixture    *f,
             const char *to)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/_emulator/outbox?to=%s",
                                          ac_test_emulator_get_url (f->emu), escaped);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (message), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  if (json_array_get_length (array) == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (json_array_get_object_element (array, 0), "code"));
}

/* Moves the emulator's clock of codes forward (past the 60 s resend limit). */
static void
advance_clock (Fixture *f,
               int      seconds)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_emulator/clock", ac_test_emulator_get_url (f->emu));
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autofree char *body = g_strdup_printf ("{\"advance\": %d}", seconds);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (message), ==, 200);
}

static char *
totp_now (const char *secret)
{
  char *key = NULL;
  size_t key_len = 0;
  char code[7] = { 0 };

  g_assert_cmpint (oath_init (), ==, OATH_OK);
  g_assert_cmpint (oath_base32_decode (secret, strlen (secret), &key, &key_len), ==, OATH_OK);
  g_assert_cmpint (oath_totp_generate (key, key_len, time (NULL), OATH_TOTP_DEFAULT_TIME_STEP_SIZE,
                                       OATH_TOTP_DEFAULT_START_TIME, 6, code), ==, OATH_OK);
  free (key);
  oath_done ();
  return g_strdup (code);
}

/* As a click does (gtk_widget_activate() on a button clicks only after a short delay) */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
window_gone (gpointer data)
{
  GtkWindow **window = data;

  return *window == NULL;
}

static GtkWindow *
open_dialog (Fixture    *f,
             const char *action)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  dialog = ac_security_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  return dialog;
}

static gboolean
password_idle (gpointer data)
{
  return !ac_password_dialog_get_busy (AC_PASSWORD_DIALOG (data));
}

static gboolean
address_idle (gpointer data)
{
  return !ac_address_dialog_get_busy (AC_ADDRESS_DIALOG (data));
}

static gboolean
totp_idle (gpointer data)
{
  return !ac_totp_dialog_get_busy (AC_TOTP_DIALOG (data));
}

static gboolean
page_idle (gpointer data)
{
  return !ac_security_page_get_busy (AC_SECURITY_PAGE (data));
}

static AcSecurityLevel *
page_level (Fixture *f)
{
  return ac_account_get_security_level (ac_session_get_account (ac_window_get_session (f->window)));
}

static gboolean
check_passed (Fixture             *f,
              AcSecurityCheckKind  kind)
{
  GPtrArray *rows = ac_security_page_get_check_rows (f->page);

  for (guint i = 0; i < rows->len; i++)
    if (GPOINTER_TO_INT (g_object_get_data (rows->pdata[i], "kind")) == (int) kind)
      return GPOINTER_TO_INT (g_object_get_data (rows->pdata[i], "passed"));
  g_assert_not_reached ();
}

static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AcClient) other = shell_fresh_client (f->emu, "frank", "frank-pass-1");
  g_autoptr(AcClient) check = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  GAsyncResult *result = NULL;
  GtkWindow *dialog;
  AcPasswordDialog *pd;
  GtkWidget *button;

  open_page (f, "frank", "frank-pass-1");
  dialog = open_dialog (f, "security.change-password");
  g_assert_true (AC_IS_PASSWORD_DIALOG (dialog));
  pd = AC_PASSWORD_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  button = ac_password_dialog_get_change_button (pd);
  g_assert_true (gtk_widget_get_visible (ac_password_dialog_get_current_row (pd)));

  /* The live meter, with the server's levels. */
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd)), "abcdefgh1");
  g_assert_cmpint (ac_password_dialog_get_strength (pd), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd)), "Brand-New-Pass-2026");
  g_assert_cmpint (ac_password_dialog_get_strength (pd), ==, 3);

  /* Refused by the policy before anything is sent: the username, a 1 MB paste, a mismatch. */
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd)), "FRANK");
  g_assert_cmpstr (ac_password_dialog_get_new_error (pd), !=, "");
  g_assert_false (gtk_widget_get_sensitive (button));
  huge = g_strnfill (1024 * 1024, 'a');
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd)), huge);
  g_assert_cmpstr (ac_password_dialog_get_new_error (pd), ==, "Use at most 128 characters.");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd)), "Brand-New-Pass-2026");
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_confirm_row (pd)), "Brand-New-Pass-2027");
  g_assert_cmpstr (ac_password_dialog_get_new_error (pd), ==, "The two new passwords are not the same.");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_confirm_row (pd)), "Brand-New-Pass-2026");
  g_assert_cmpstr (ac_password_dialog_get_new_error (pd), ==, "");

  /* A wrong current password: said on its field, everything typed stays, nothing changed. */
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_current_row (pd)), "wrong-pass-1");
  g_assert_true (gtk_widget_get_sensitive (button));
  screenshot (GTK_WIDGET (dialog), "password-dialog");
  click (button);
  shell_wait_until (password_idle, pd, 30, "the refused change");
  g_assert_cmpstr (ac_password_dialog_get_current_error (pd), ==, "The current password is wrong.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ac_password_dialog_get_new_row (pd))), ==,
                   "Brand-New-Pass-2026");
  check = shell_fresh_client (f->emu, "frank", "frank-pass-1");
  g_clear_object (&check);

  /* The right one: changed, the other session signed out, the app says so. */
  gtk_editable_set_text (GTK_EDITABLE (ac_password_dialog_get_current_row (pd)), "frank-pass-1");
  click (button);
  shell_wait_until (window_gone, &dialog, 30, "the dialog to close");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==,
                   "Password changed. Your other devices were signed out.");
  shell_wait_until (page_idle, f->page, 30, "the level");
  g_assert_cmpint (ac_security_level_get_password_security_level (page_level (f)), ==, 3);

  /* The old password no longer signs in from a second client; the new one does. */
  check = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
  ac_client_sign_in_async (check, "frank", "frank-pass-1", NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (check, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_clear_object (&check);
  check = shell_fresh_client (f->emu, "frank", "Brand-New-Pass-2026");

  /* The session signed in before the change is over. */
  ac_client_get_current_user_async (other, NULL, ac_test_result_cb, &result);
  user = ac_client_get_current_user_finish (other, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_NOT_LOGGED_IN);

  /* This one goes on. */
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
}

static void
send_and_wait (AcAddressDialog *ad)
{
  GtkWidget *send = ac_address_dialog_get_send_button (ad);

  g_assert_true (gtk_widget_get_sensitive (send));
  click (send);
  shell_wait_until (address_idle, ad, 30, "the code to be sent");
}

static void
test_bind_email (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) stored = NULL;
  GtkWindow *dialog;
  AcAddressDialog *ad;
  GtkEditable *address, *code_row;
  int score;

  /* bob: a password, no e-mail address, no phone */
  open_page (f, "bob", "bob-pass-1");
  shell_wait_until (page_idle, f->page, 30, "the page");
  score = ac_security_level_get_score (page_level (f));
  g_assert_false (check_passed (f, AC_SECURITY_CHECK_EMAIL));

  dialog = open_dialog (f, "security.edit-email");
  ad = AC_ADDRESS_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  address = GTK_EDITABLE (ac_address_dialog_get_address_row (ad));
  code_row = GTK_EDITABLE (ac_address_dialog_get_code_row (ad));

  /* Not addresses: said on the field, nothing sent. */
  gtk_editable_set_text (address, huge);
  click (ac_address_dialog_get_send_button (ad));
  g_assert_cmpstr (ac_address_dialog_get_address_error (ad), ==, "This is not an e-mail address.");
  g_assert_false (ac_address_dialog_get_busy (ad));
  gtk_editable_set_text (address, "鲍勃@例子.中国");
  click (ac_address_dialog_get_send_button (ad));
  g_assert_cmpstr (ac_address_dialog_get_address_error (ad), ==, "This is not an e-mail address.");

  /* Another user's address: refused on the field. */
  gtk_editable_set_text (address, "alice@example.com");
  gtk_editable_set_text (code_row, "123456");
  click (ac_address_dialog_get_save_button (ad));
  shell_wait_until (address_idle, ad, 30, "the refused bind");
  g_assert_cmpstr (ac_address_dialog_get_address_error (ad), ==,
                   "This e-mail address is already used by another account.");

  /* The code, read from the outbox; a paste keeps its digits. */
  gtk_editable_set_text (address, "bob@example.com");
  send_and_wait (ad);
  g_assert_cmpstr (ac_address_dialog_get_address_error (ad), ==, "");
  g_assert_false (gtk_widget_get_sensitive (ac_address_dialog_get_send_button (ad)));
  code = outbox_code (f, "bob@example.com");
  g_assert_nonnull (code);
  wrong = g_strdup (g_str_equal (code, "000000") ? "111111" : "000000");
  gtk_editable_set_text (code_row, wrong);
  screenshot (GTK_WIDGET (dialog), "email-dialog");
  click (ac_address_dialog_get_save_button (ad));
  shell_wait_until (address_idle, ad, 30, "the wrong code");
  g_assert_cmpstr (ac_address_dialog_get_code_error (ad), ==,
                   "The code is wrong or has expired. Check it, or ask for a new one.");
  g_assert_cmpstr (gtk_editable_get_text (address), ==, "bob@example.com");

  /* Expired (5 minutes): the same sentence; a new code is sent after the minute. */
  advance_clock (f, 301);
  gtk_editable_set_text (code_row, code);
  click (ac_address_dialog_get_save_button (ad));
  shell_wait_until (address_idle, ad, 30, "the expired code");
  g_assert_cmpstr (ac_address_dialog_get_code_error (ad), ==,
                   "The code is wrong or has expired. Check it, or ask for a new one.");
  g_assert_false (check_passed (f, AC_SECURITY_CHECK_EMAIL));
  ac_code_button_reset (AC_CODE_BUTTON (ac_address_dialog_get_send_button (ad)));
  send_and_wait (ad);
  g_free (code);
  code = outbox_code (f, "bob@example.com");

  {
    g_autofree char *pasted = g_strdup_printf ("Your code is %.3s %s", code, code + 3);
    gtk_editable_set_text (code_row, pasted);
  }
  g_assert_cmpstr (gtk_editable_get_text (code_row), ==, code);
  click (ac_address_dialog_get_save_button (ad));
  shell_wait_until (window_gone, &dialog, 30, "the dialog to close");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "E-mail address bound");

  /* The page follows without a refresh: the address, verified, the checklist and score. */
  shell_wait_until (page_idle, f->page, 30, "the level");
  g_assert_true (check_passed (f, AC_SECURITY_CHECK_EMAIL));
  g_assert_cmpint (ac_security_level_get_score (page_level (f)), ==, score + 5);
  {
    g_autofree char *expected = g_strdup_printf ("%d / 100", score + 5);
    g_assert_cmpstr (ac_security_page_get_score_text (f->page), ==, expected);
  }

  client = shell_fresh_client (f->emu, "bob", "bob-pass-1");
  stored = shell_fetch_user (client);
  g_assert_cmpstr (ac_user_info_get_email (stored), ==, "bob@example.com");
  g_assert_true (ac_user_info_get_email_verified (stored));
}

static void
test_change_phone_unbind_email (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *old_code = NULL;
  g_autofree char *new_code = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) stored = NULL;
  GtkWindow *dialog, *confirm;
  AcAddressDialog *ad;
  int score;

  /* alice: password, e-mail address and phone 13700000001 */
  open_page (f, "alice", "Alice-pass-2024");
  shell_wait_until (page_idle, f->page, 30, "the page");
  score = ac_security_level_get_score (page_level (f));

  dialog = open_dialog (f, "security.edit-phone");
  ad = AC_ADDRESS_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_get_visible (ac_address_dialog_get_old_code_row (ad)));

  /* The same number as now: said before anything is sent. */
  gtk_editable_set_text (GTK_EDITABLE (ac_address_dialog_get_address_row (ad)), "13700000001");
  click (ac_address_dialog_get_send_button (ad));
  g_assert_cmpstr (ac_address_dialog_get_address_error (ad), ==, "This is your current phone number.");

  /* A code to the current number, one to the new one. */
  click (ac_address_dialog_get_old_send_button (ad));
  shell_wait_until (address_idle, ad, 30, "the code to the current number");
  old_code = outbox_code (f, "13700000001");
  g_assert_nonnull (old_code);
  gtk_editable_set_text (GTK_EDITABLE (ac_address_dialog_get_address_row (ad)), "13700009999");
  send_and_wait (ad);
  new_code = outbox_code (f, "13700009999");
  g_assert_nonnull (new_code);

  gtk_editable_set_text (GTK_EDITABLE (ac_address_dialog_get_code_row (ad)), new_code);
  g_assert_false (gtk_widget_get_sensitive (ac_address_dialog_get_save_button (ad)));
  gtk_editable_set_text (GTK_EDITABLE (ac_address_dialog_get_old_code_row (ad)), old_code);
  screenshot (GTK_WIDGET (dialog), "phone-change-dialog");
  click (ac_address_dialog_get_save_button (ad));
  shell_wait_until (window_gone, &dialog, 30, "the dialog to close");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Phone number changed");

  client = shell_fresh_client (f->emu, "alice", "Alice-pass-2024");
  stored = shell_fetch_user (client);
  g_assert_cmpstr (ac_user_info_get_phone (stored), ==, "13700009999");
  g_clear_object (&stored);

  /* Unbinding the e-mail address: asked first, then gone, and the score follows. */
  confirm = open_dialog (f, "security.unbind-email");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "Remove the E-mail Address?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "unbind-email");
  shell_wait_until (page_idle, f->page, 30, "the unbind");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "E-mail address removed");
  g_assert_false (check_passed (f, AC_SECURITY_CHECK_EMAIL));
  g_assert_cmpint (ac_security_level_get_score (page_level (f)), ==, score - 5);
  stored = shell_fetch_user (client);
  g_assert_null (ac_user_info_get_email (stored));
}

static gboolean
totp_step_is (AcTotpDialog *td,
              const char   *step)
{
  return g_strcmp0 (ac_totp_dialog_get_step (td), step) == 0;
}

static gboolean
totp_setup (gpointer data)
{
  return totp_step_is (data, "setup") && !ac_totp_dialog_get_busy (data);
}

static void
test_totp (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GString) secret = g_string_new (NULL);
  g_autofree char *code = NULL;
  g_autofree char *recovery = NULL;
  g_autoptr(AcClient) client = NULL;
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GtkWindow *dialog;
  AcTotpDialog *td;
  GdkPaintable *qr;

  open_page (f, "alice", "Alice-pass-2024");
  shell_wait_until (page_idle, f->page, 30, "the page");
  g_assert_false (check_passed (f, AC_SECURITY_CHECK_MFA));

  dialog = open_dialog (f, "security.two-step");
  td = AC_TOTP_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  shell_wait_until (totp_setup, td, 30, "the enrolment");

  /* The QR code is drawn here, with its quiet zone (white corners). */
  qr = gtk_picture_get_paintable (GTK_PICTURE (ac_totp_dialog_get_qr_picture (td)));
  g_assert_true (GDK_IS_TEXTURE (qr));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (qr)), >=, (21 + 8) * 5);

  /* The key, grouped by four */
  for (const char *p = ac_totp_dialog_get_secret_text (td); *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (secret, *p);
  g_assert_cmpuint (secret->len, >=, 16);
  g_assert_nonnull (strchr (ac_totp_dialog_get_secret_text (td), ' '));
  screenshot (GTK_WIDGET (dialog), "two-step-setup");

  /* A wrong code: said on the field, TOTP stays off. */
  gtk_editable_set_text (GTK_EDITABLE (ac_totp_dialog_get_code_row (td)), "12ab");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ac_totp_dialog_get_code_row (td))), ==, "12");
  code = totp_now (secret->str);
  gtk_editable_set_text (GTK_EDITABLE (ac_totp_dialog_get_code_row (td)),
                         g_str_equal (code, "000000") ? "999999" : "000000");
  click (ac_totp_dialog_get_confirm_button (td));
  shell_wait_until (totp_idle, td, 30, "the refused code");
  g_assert_cmpstr (ac_totp_dialog_get_code_error (td), !=, "");
  g_assert_true (totp_step_is (td, "setup"));

  /* The right code: on; the recovery code, once. */
  g_free (code);
  code = totp_now (secret->str);
  gtk_editable_set_text (GTK_EDITABLE (ac_totp_dialog_get_code_row (td)), code);
  click (ac_totp_dialog_get_confirm_button (td));
  shell_wait_until (totp_idle, td, 30, "the confirmation");
  g_assert_true (totp_step_is (td, "recovery"));
  recovery = g_strdup (ac_totp_dialog_get_recovery_text (td));
  g_assert_cmpstr (recovery, !=, "");
  g_assert_cmpstr (ac_totp_dialog_get_secret_text (td), ==, "");
  screenshot (GTK_WIDGET (dialog), "two-step-recovery");
  gtk_window_destroy (dialog);
  shell_wait_until (window_gone, &dialog, 5, "the dialog to close");

  shell_wait_until (page_idle, f->page, 30, "the level");
  g_assert_true (check_passed (f, AC_SECURITY_CHECK_MFA));
  g_assert_true (ac_security_level_get_mfa (page_level (f)));

  /* At the server: a sign-in now asks for the second step. */
  client = ac_client_new (ac_test_emulator_get_url (f->emu), ac_test_emulator_get_app_id (f->emu));
  ac_client_sign_in_async (client, "alice", "Alice-pass-2024", NULL, ac_test_result_cb, &result);
  user = ac_client_sign_in_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_null (user);
  g_assert_error (error, AC_ERROR, AC_ERROR_MFA_REQUIRED);
  g_clear_error (&error);

  /* The same action now asks before turning it off (the recovery code is not shown again). */
  dialog = open_dialog (f, "security.two-step");
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Turn Off Two-Step Sign-In?");
  screenshot (GTK_WIDGET (dialog), "two-step-off");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "turn-off");
  g_assert_true (ac_security_page_get_busy (f->page));
  shell_wait_until (page_idle, f->page, 30, "turning it off");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==, "Two-step sign-in turned off");
  g_assert_false (check_passed (f, AC_SECURITY_CHECK_MFA));
  g_clear_object (&client);
  client = shell_fresh_client (f->emu, "alice", "Alice-pass-2024");
}

static gboolean
dialog_visible (gpointer data)
{
  GtkWindow **dialog = data;

  return *dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (*dialog));
}

static gboolean
state_not_loading (gpointer data)
{
  return g_strcmp0 (ac_window_get_state (AC_WINDOW (data)), "loading") != 0;
}

static void
test_delete_password (Fixture       *f,
                      gconstpointer  data)
{
  AdwMessageDialog *dialog;
  AcDeleteDialog *dd;
  GtkWindow *window_dialog;
  g_autoptr(AcClient) client = NULL;

  open_page (f, "frank", "frank-pass-1");
  dialog = ac_window_open_delete_dialog (f->window);
  dd = AC_DELETE_DIALOG (dialog);
  window_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &window_dialog);
  g_assert_null (ac_delete_dialog_get_code (dd, NULL));

  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_entry (dd)), "frank");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_proof_entry (dd)), "not-franks");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  screenshot (GTK_WIDGET (dialog), "delete-dialog");

  /* A wrong password: nothing deleted, the dialog again with the error and what was typed. */
  adw_message_dialog_response (dialog, "delete");
  shell_wait_until (state_not_loading, f->window, 30, "the password check");
  shell_wait_until (dialog_visible, &window_dialog, 5, "the dialog again");
  g_assert_cmpstr (ac_delete_dialog_get_error (dd), ==, "This is not your password.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ac_delete_dialog_get_entry (dd))), ==, "frank");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");
  client = shell_fresh_client (f->emu, "frank", "frank-pass-1");
  g_clear_object (&client);

  /* The right one */
  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_proof_entry (dd)), "frank-pass-1");
  g_assert_cmpstr (ac_delete_dialog_get_error (dd), ==, "");
  adw_message_dialog_response (dialog, "delete");
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-in page");
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (f->window)), ==, "Account deleted");
  g_assert_null (window_dialog);
}

/* dave has a phone and no password: signed in with a code, as the sign-in page would. */
static void
sign_in_dave (Fixture *f)
{
  g_autoptr(AcClient) client = ac_client_new (ac_test_emulator_get_url (f->emu),
                                              ac_test_emulator_get_app_id (f->emu));
  g_autoptr(AcUserInfo) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GAsyncResult *result = NULL;

  ac_client_send_sms_code_async (client, "13700000004", NULL, NULL, ac_test_result_cb, &result);
  g_assert_true (ac_client_send_sms_code_finish (client, ac_test_await (&result, 30), &error));
  g_clear_object (&result);
  code = outbox_code (f, "13700000004");
  g_assert_nonnull (code);
  ac_client_sign_in_with_phone_code_async (client, "13700000004", NULL, code, NULL,
                                           ac_test_result_cb, &result);
  user = ac_client_sign_in_with_phone_code_finish (client, ac_test_await (&result, 30), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  ac_session_start (ac_window_get_session (f->window), client, "13700000004", FALSE);
  shell_wait_until (shell_state_is_account, f->window, 30, "the signed-in window");
  f->page = AC_SECURITY_PAGE (ac_window_get_page (f->window, "security"));
  ac_window_show_page (f->window, "security");
  shell_wait_until (page_idle, f->page, 30, "the page");
}

static void
test_delete_code (Fixture       *f,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog;
  AcDeleteDialog *dd;
  GtkWindow *window_dialog;
  GtkWindow *confirm;
  g_autofree char *code = NULL;
  AcCodeChannel channel = AC_CODE_CHANNEL_EMAIL;

  sign_in_dave (f);
  g_assert_false (ac_security_level_get_password (page_level (f)));

  /* Unbinding the only way to sign in: refused, said, nothing changed. */
  confirm = open_dialog (f, "security.unbind-phone");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "unbind-phone");
  shell_wait_until (page_idle, f->page, 30, "the refused unbind");
  g_assert_cmpstr (ac_window_get_last_toast (f->window), ==,
                   "This is your only way to sign in. Set a password or bind another address first.");
  g_assert_cmpstr (ac_user_info_get_phone (ac_account_get_user (ac_session_get_account (ac_window_get_session (f->window)))),
                   ==, "13700000004");

  dialog = ac_window_open_delete_dialog (f->window);
  dd = AC_DELETE_DIALOG (dialog);
  window_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &window_dialog);
  g_assert_null (ac_delete_dialog_get_password (dd));
  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_entry (dd)), "dave");

  /* The code goes to the bound phone from the dialog. */
  advance_clock (f, 61);   /* the sign-in code's resend limit is per address */
  click (ac_delete_dialog_get_send_button (dd));
  {
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (ac_code_button_get_remaining (AC_CODE_BUTTON (ac_delete_dialog_get_send_button (dd))) == 0 &&
           g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  code = outbox_code (f, "13700000004");
  g_assert_nonnull (code);

  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_proof_entry (dd)),
                         g_str_equal (code, "000000") ? "111111" : "000000");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  screenshot (GTK_WIDGET (dialog), "delete-dialog-code");
  adw_message_dialog_response (dialog, "delete");
  shell_wait_until (state_not_loading, f->window, 30, "the refused deletion");
  shell_wait_until (dialog_visible, &window_dialog, 5, "the dialog again");
  g_assert_cmpstr (ac_delete_dialog_get_error (dd), ==,
                   "The code is wrong or has expired. Check it, or ask for a new one.");
  g_assert_cmpstr (ac_window_get_state (f->window), ==, "account");

  gtk_editable_set_text (GTK_EDITABLE (ac_delete_dialog_get_proof_entry (dd)), code);
  g_assert_cmpstr (ac_delete_dialog_get_code (dd, &channel), ==, code);
  g_assert_cmpint (channel, ==, AC_CODE_CHANNEL_SMS);
  adw_message_dialog_response (dialog, "delete");
  shell_wait_until (shell_state_is_sign_in, f->window, 30, "the sign-in page");
  g_assert_cmpstr (ac_sign_in_page_get_status (ac_window_get_sign_in_page (f->window)), ==, "Account deleted");
}

static void
test_checklist_rows (Fixture       *f,
                     gconstpointer  data)
{
  GPtrArray *rows;
  GtkLevelBar *bar;

  open_page (f, "bob", "bob-pass-1");
  shell_wait_until (page_idle, f->page, 30, "the page");

  /* Each row leads to its action. */
  rows = ac_security_page_get_check_rows (f->page);
  for (guint i = 0; i < rows->len; i++)
    {
      AcSecurityCheckKind kind = GPOINTER_TO_INT (g_object_get_data (rows->pdata[i], "kind"));
      GtkWindow *dialog;

      g_assert_true (gtk_list_box_row_get_activatable (rows->pdata[i]));
      g_signal_emit_by_name (rows->pdata[i], "activated");
      dialog = ac_security_page_get_dialog (f->page);
      g_assert_nonnull (dialog);
      switch (kind)
        {
        case AC_SECURITY_CHECK_PASSWORD:
        case AC_SECURITY_CHECK_PASSWORD_STRENGTH:
          g_assert_true (AC_IS_PASSWORD_DIALOG (dialog));
          break;
        case AC_SECURITY_CHECK_EMAIL:
        case AC_SECURITY_CHECK_PHONE:
          g_assert_true (AC_IS_ADDRESS_DIALOG (dialog));
          if (kind == AC_SECURITY_CHECK_PHONE)
            screenshot (GTK_WIDGET (dialog), "phone-dialog");
          break;
        case AC_SECURITY_CHECK_MFA:
          g_assert_true (AC_IS_TOTP_DIALOG (dialog));
          shell_wait_until (totp_idle, dialog, 30, "the enrolment");
          break;
        default:
          g_assert_not_reached ();
        }
      gtk_window_destroy (dialog);
      ac_test_run_for (50);
    }

  /* The gauge is coloured by band: bob's weak password is low. */
  bar = ac_security_page_get_level_bar (f->page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (bar), "security-gauge"));
  {
    double offset = 0;

    g_assert_true (gtk_level_bar_get_offset_value (bar, "security-low", &offset));
    g_assert_true (gtk_level_bar_get_offset_value (bar, "security-medium", &offset));
    g_assert_true (gtk_level_bar_get_offset_value (bar, "security-high", &offset));
  }
  screenshot (GTK_WIDGET (f->window), "security-page");
}

int
main (int   argc,
      char *argv[])
{
  shell_test_init (&argc, &argv);
  /* GTK 4.8 warns from the cursor blink of an entry whose window went away while it had the
   * focus ("GtkText - did not receive a focus-out event"); warnings are fatal here. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func) g_test_add ("/ui/security-flows/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("password", test_password);
  ADD ("bind-email", test_bind_email);
  ADD ("change-phone-unbind-email", test_change_phone_unbind_email);
  ADD ("two-step", test_totp);
  ADD ("delete-with-password", test_delete_password);
  ADD ("delete-with-code", test_delete_code);
  ADD ("checklist-rows", test_checklist_rows);
#undef ADD

  return g_test_run ();
}
