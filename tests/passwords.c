/*
 * passwords.c: the STORE_PLAINTEXT_PW cases (passwords.h).
 */
#include "passwords.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "strbuf.h"
#include "support.h"

/* ha1/ha1b of a case before the upgrade: the password's, none, or this text. */
#define RIGHT NULL
#define NONE ""

struct pw_case {
	const char *email;               /* identifies the row */
	const char *user, *domain, *password;
	const char *ha1, *ha1b;          /* RIGHT, NONE or a (wrong) hash */
	bool in_pending;                 /* the one case of pending */
};

static const struct pw_case cases[] = {
	{ "both@t", "ann", "example.com", "annpw", RIGHT, RIGHT, false },
	{ "noha1@t", "ben", "example.com", "benpw", NONE, RIGHT, false },
	{ "noha1b@t", "cid", "example.com", "cidpw", RIGHT, NONE, false },
	{ "none@t", "dan", "example.com", "danpw", NONE, NONE, false },
	{ "wrong@t", "eve", "example.com", "evepw", "00000000000000000000000000000000", RIGHT, false },
	/* The right digits in upper case: OpenSER would use them as they are, so they are wrong. */
	{ "upper@t", "fay", "example.com", "faypw", "UPPER", RIGHT, false },
	{ "nopw@t", "gus", "example.com", "", NONE, NONE, false },
	{ "nopwhash@t", "hal", "example.com", "", "11111111111111111111111111111111",
	  "22222222222222222222222222222222", false },
	{ "utf8@t", "j\xc3\xbcrgen", "b\xc3\xa4r.example.org", "p\xc3\xa4ss\xe2\x82\xac", NONE, NONE, false },
	{ "pending@t", "ivy", "example.com", "ivypw", NONE, RIGHT, true },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* MD5 hex of "user:domain:password" (b: "user@domain:domain:password"), as a SIP client computes it. */
static void digest(const struct pw_case *c, bool b, char hex[33])
{
	struct strbuf sb = STRBUF_INIT;

	if (b)
		strbuf_addf(&sb, "%s@%s:%s:%s", c->user, c->domain, c->domain, c->password);
	else
		strbuf_addf(&sb, "%s:%s:%s", c->user, c->domain, c->password);
	om_md5_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

/* The hash a case has before the upgrade. */
static void hash_before(const struct pw_case *c, bool b, char out[33])
{
	const char *h = b ? c->ha1b : c->ha1;

	if (h == RIGHT) {
		digest(c, b, out);
	} else if (!strcmp(h, "UPPER")) {
		digest(c, b, out);
		for (char *p = out; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	} else {
		snprintf(out, 33, "%s", h);
	}
}

/* A quoted literal of s: '...' (quotes doubled), or X'hex'. */
static void literal(struct strbuf *sb, const char *s, bool hex)
{
	if (hex) {
		strbuf_adds(sb, "X'");
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			strbuf_addf(sb, "%02X", *p);
		strbuf_addch(sb, '\'');
		return;
	}
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static void insert(struct strbuf *sb, const char *table, const struct pw_case *c, size_t i, bool hex)
{
	char h[33];
	const char *const vals[] = { c->user, c->domain, c->password, c->email };

	strbuf_addf(sb, "INSERT INTO \"%s\" (\"phplib_id\", \"username\", \"domain\", \"password\", "
		    "\"email_address\", \"datetime_created\", \"ha1\", \"ha1b\") VALUES ('pw%zu', ", table, i);
	for (size_t k = 0; k < 4; k++) {
		literal(sb, vals[k], hex);
		strbuf_adds(sb, ", ");
	}
	strbuf_adds(sb, "'2007-01-01 00:00:00', ");
	hash_before(c, false, h);
	literal(sb, h, false);
	strbuf_adds(sb, ", ");
	hash_before(c, true, h);
	literal(sb, h, false);
	strbuf_adds(sb, ");\n");
}

char *om_test_pw_sql(bool hex_text, bool pending)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < NCASES; i++)
		if (!cases[i].in_pending || pending)
			insert(&sb, cases[i].in_pending ? "pending" : "subscriber", &cases[i], i, hex_text);
	return strbuf_detach(&sb);
}

char *om_test_pw_select(const char *table, const char *hex_fmt)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "SELECT email_address, ");
	strbuf_addf(&sb, hex_fmt, "password");
	strbuf_addf(&sb, ", ha1, ha1b FROM %s WHERE email_address LIKE '%%@t' ORDER BY email_address", table);
	return strbuf_detach(&sb);
}

/* What a case must hold after the upgrade: password (as text), ha1, ha1b. */
static void expected(const struct pw_case *c, bool stripped, const char **pw, char ha1[33], char ha1b[33])
{
	hash_before(c, false, ha1);
	hash_before(c, true, ha1b);
	*pw = c->password;
	if (!stripped)
		return;
	if (!*ha1 && *c->password)
		digest(c, false, ha1);
	if (!*ha1b && *c->password)
		digest(c, true, ha1b);
	if (*ha1 && *ha1b)
		*pw = "";
}

/* Field k of line [p, end) into a new string. */
static char *field(const char *p, const char *end, size_t k, char sep)
{
	const char *f;
	size_t n;

	if (!om_test_field(p, end, k, sep, &f, &n))
		return strdup("<missing>");
	return strndup(f, n);
}

/* The line of rows whose first field is email, or NULL. */
static const char *find_line(const char *rows, const char *email, const char **end)
{
	size_t n = strlen(email);

	for (const char *p = rows; *p; p = *end ? *end + 1 : *end) {
		*end = strchr(p, '\n');
		if (!*end)
			*end = p + strlen(p);
		if ((size_t)(*end - p) > n && !strncmp(p, email, n) && p[n] != '@')
			return p;
	}
	return NULL;
}

static void check_case(const struct pw_case *c, const char *rows, char sep, bool stripped)
{
	const char *pw, *end, *line = find_line(rows, c->email, &end);
	char ha1[33], ha1b[33];
	struct strbuf want_pw = STRBUF_INIT;
	char *got_pw, *got_ha1, *got_ha1b;

	ck_assert_msg(line != NULL, "case %s is missing from:\n%s", c->email, rows);
	expected(c, stripped, &pw, ha1, ha1b);
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		strbuf_addf(&want_pw, "%02x", *p);
	got_pw = field(line, end, 1, sep);
	got_ha1 = field(line, end, 2, sep);
	got_ha1b = field(line, end, 3, sep);
	ck_assert_msg(!strcasecmp(got_pw, want_pw.buf), "%s: password (hex) %s, expected %s", c->email, got_pw,
		      want_pw.buf);
	ck_assert_msg(!strcmp(got_ha1, ha1), "%s: ha1 %s, expected %s", c->email, got_ha1, ha1);
	ck_assert_msg(!strcmp(got_ha1b, ha1b), "%s: ha1b %s, expected %s", c->email, got_ha1b, ha1b);
	/*
	 * Without its plaintext, a subscriber that had a password authenticates
	 * by its hashes, unless one was wrong before (kept, and reported).
	 */
	if (stripped && *c->password && (c->ha1 == RIGHT || !*c->ha1)) {
		digest(c, false, ha1);
		ck_assert_msg(!strcmp(got_ha1, ha1), "%s cannot authenticate: ha1 %s", c->email, got_ha1);
	}
	if (stripped && *c->password && (c->ha1b == RIGHT || !*c->ha1b)) {
		digest(c, true, ha1b);
		ck_assert_msg(!strcmp(got_ha1b, ha1b), "%s cannot authenticate: ha1b %s", c->email, got_ha1b);
	}
	free(got_pw);
	free(got_ha1);
	free(got_ha1b);
	strbuf_release(&want_pw);
}

void om_test_pw_check(const char *rows, char sep, bool stripped, bool pending)
{
	for (size_t i = 0; i < NCASES; i++)
		if (cases[i].in_pending == pending)
			check_case(&cases[i], rows, sep, stripped);
}

#define assert_has(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find:\n%s\nin:\n%.1500s", (needle), (hay))

void om_test_pw_check_report(const char *report, bool pending, const char *old)
{
	char want[300];

	/* Two ha1 differ (wrong, upper); every ha1b is the password's. */
	assert_has(report, "subscriber.ha1: in 2 rows ha1 is set and differs from ha1(username, domain, password); "
		   "it is kept");
	ck_assert_msg(!strstr(report, "subscriber.ha1b: in"), "ha1b reported as differing:\n%.1500s", report);
	/* Emptied: every case with a password (7 of 9). */
	snprintf(want, sizeof(want), "subscriber.password: 7 values are emptied; they stay in %ssubscriber", old);
	assert_has(report, want);
	snprintf(want, sizeof(want), "pending.password: 1 value is emptied; it stays in %spending", old);
	if (pending)
		assert_has(report, want);
	for (size_t i = 0; i < NCASES; i++)
		if (*cases[i].password)
			ck_assert_msg(!strstr(report, cases[i].password), "the report shows the password of %s:\n%.1500s",
				      cases[i].email, report);
}
