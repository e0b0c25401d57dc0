/*
 * passwords.h: the subscribers of the STORE_PLAINTEXT_PW tests, one list
 * for the three engines' suites.
 *
 * Each case is a 1.1 subscriber (identified by its email_address) whose
 * password and hashes make one situation: both hashes right, one of them
 * empty, both empty, a hash that is not the password's (other digits, or
 * the right digits in upper case), an empty password with and without
 * hashes, and a user, domain and password with non-ASCII characters.  The
 * check computes MD5 of "user:domain:password" itself, in UTF-8, which is
 * what a SIP client's digest uses.
 */
#ifndef OM_TEST_PASSWORDS_H
#define OM_TEST_PASSWORDS_H

#include <stdbool.h>

/*
 * INSERTs of the cases into subscriber and of one case into pending
 * (when pending), with ANSI-quoted names.  hex_text writes text as
 * X'...' literals, so that MySQL stores the UTF-8 bytes whatever the
 * connection's character set (what a latin1 deployment stores for a UTF-8
 * client).
 */
char *om_test_pw_sql(bool hex_text, bool pending);

/*
 * The SELECT whose rows om_test_pw_check reads: email_address, the
 * password in hex (hex_fn: "hex" or a PostgreSQL expression with %s), ha1
 * and ha1b, of table.
 */
char *om_test_pw_select(const char *table, const char *hex_fmt);

/*
 * Check those rows (fields separated by sep) after an upgrade with
 * STORE_PLAINTEXT_PW=0 (stripped) or 1: every case is there, with the
 * hashes and password it must have, and every subscriber that had a
 * password authenticates with the ha1 and ha1b kept or computed (but for
 * the cases whose hash was wrong before, which are kept and reported).
 * pending: the rows are of pending (its one case).
 */
void om_test_pw_check(const char *rows, char sep, bool stripped, bool pending);

/*
 * The report (text) says what the upgrade with STORE_PLAINTEXT_PW=0 did,
 * and never a password; old is how the retained tables are named
 * ("old11_" or PostgreSQL's schema "old11.").
 */
void om_test_pw_check_report(const char *report, bool pending, const char *old);

#endif
