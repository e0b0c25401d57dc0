/*
 * test_mysql_fn.c: the MySQL renderings of the mapping functions
 * (drivers/mysql_fn.c), evaluated by a throwaway MariaDB server on a corpus
 * of values in latin1 and utf8mb4 columns of many collations, and compared
 * value for value with the C reference (sipfn.c, hash.c).  Inputs go in
 * and results come out as hex, so tabs, newlines and NULs travel intact.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "mysql_fn.h"
#include "plan.h"
#include "sipfn.h"
#include "strbuf.h"
#include "support.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DB "fn"

static struct om_test_mariadb server;

/* ---- the corpus ---------------------------------------------------------- */

struct value {
	const char *s;   /* UTF-8; NULL for SQL NULL */
	size_t n;
};

/* sizeof keeps embedded NULs. */
#define V(lit) { lit, sizeof(lit) - 1 }
#define VNULL { NULL, 0 }

static const struct value fixed_values[] = {
	/* tests/test_sipfn.c */
	V("sip:alice:pw@example.com:5060;transport=udp"), V("sip:alice@example.com:5060"),
	V("sip:example.com"), V("sip:alice:pw"), V("SIP:Bob@Example.COM"), V("sips:carol@host;lr"),
	V("SiPs:carol@h"), V("TEL:+49@gw"), V("tel:+4930123@gw"), V("alice@example.com"),
	V("example.com"), V("mailto:x@y"), V("sip"), V("sipx:a@b"), V("sip:a@b@c"),
	V("sip:alice@host?subject=x"), V("sip:alice@host>"), V("sip:@host"), V("sip:"), V(""), VNULL,
	V("sip:a@[2001:db8::1]:5060"), V("sip:a@[::1]"), V("sip:[::1]:5060"), V("sip:a@[2001:db8::1"),
	V("sip:alice:pw@example.com;lr"), V("sips:example.com"), V("sip:bob@hostXYZ"),
	/* schemes */
	V("sips"), V("tel"), V("SIPS"), V("Tel"), V("sips:"), V("tel:"), V("TEL:"), V("sIpS:x"),
	V("sips:a:b@c"), V("sips:a:b"), V("tel:+1-555-0100;phone-context=example.com"),
	V("sip:+4930123@gw;user=phone"), V("sip :a@b"), V(" sip:a@b"), V("sip: a@b"), V("sip:a @b"),
	V("sip:a@ b"), V("sip:a@b "), V("  "), V(" "), V("a b@c d"), V("sip::a@b"), V("sip:sip:a@b"),
	V("sips:sip:x"), V("tel:sip:x@y"), V("si:a@b"), V("s:a@b"), V(":a@b"), V("sipsx:a@b"),
	V("sip.x@y"), V("sip;x:a@b"), V("sips :a@b"), V("tel :a@b"),
	/* letters that some collations or LOWER() take for s, i, p, e, l, t */
	V("síp:alice@x"), V("SÍP:alice@x"), V("tél:x@y"), V("ſip:alice@x"), V("ſips:x@y"),
	V("SİP:alice@x"), V("sİp:a@b"), V("sıp:a@b"), V("SIP:I@İ"), V("ＳＩＰ:a@b"), V("şip:a@b"),
	/* latin1_swedish_ci: ']' = 'Ö', '[' = 'Å'; danish: ']' = 'Å' */
	V("sip:a@Ö]"), V("sip:a@[fööbar]:5"), V("sip:a@[åäö]x"), V("sip:a@[x]ö]"), V("sip:a@Å[x]"),
	V("sip:a@[ÅÄÖ"), V("sip:Ö@Å"), V("sip:a@Äb:1"), V("sip:a@[Åx]:5060"), V("sip:a@[æø]:1"),
	/* non-ASCII users and hosts */
	V("sip:müller@bücher.de"), V("sip:müller:pässwort@höst.de;x=y"), V("müller@host"),
	V("sip:straße@x"), V("sip:strasse@x"), V("sip:日本@例え.jp:5060"), V("sip:😀@x"),
	V("sip:a@😀.example:1"), V("😀sip:a@b"), V("sip:a@b😀;x"),
	/* brackets */
	V("sip:a@["), V("sip:a@]"), V("sip:a@[]"), V("sip:a@[]:1"), V("sip:["), V("sip:]"), V("[::1]"),
	V("[::1]:5060"), V("["), V("]"), V("sip:a@[::1];lr"), V("sip:a@[::1]?x"), V("sip:a@[::1]>"),
	V("sip:a@[:;?>]x"), V("sip:a@x[::1]"), V("sip:a@[a]b]"), V("sip:a@[[::1]]"), V("sips:@[::1]"),
	V("sip:a@ [::1]"),
	/* '@' in odd places */
	V("@"), V("@@"), V("sip:@"), V(":@"), V("@:"), V("sip:@@"), V("a@"), V("@b"), V("sip:a@"),
	V("sip:@:"), V("sip:a:@b"), V("sip::@b"), V("a:b:c@d:e"), V("@sip:a"), V("x@sip:a"),
	/* delimiters everywhere */
	V(";"), V("?"), V(">"), V(":"), V("::"), V("sip:;"), V("sip:?x"), V("sip:>"), V("sip:a@b;c@d"),
	V("sip:a;b@c"), V("sip:a?b@c:d"), V("sip:a>b@c"), V("<sip:alice@host>"),
	V("\"Alice\" <sip:alice@host>"), V("sip:alice@host:5060?x=;y>z"), V("sip:a@b;c:d"),
	V("sip:a@b?c;d"), V("sip:a@b>c;d"), V("sip:a@b:c;d"), V("sip:a@;"), V("sip:a@?"), V("sip:a@>"),
	V("sip:a@:"),
	/* look-alikes of the delimiters */
	V("sip:a@ｈｏｓｔ"), V("sip:a＠b"), V("sip:a：b@c"), V("sip:a@b：5060"), V("sip:a@b；lr"),
	V("sip:a@［::1］"), V("sip:a@b﹕1"),
	/* control characters, quotes, backslashes, NULs */
	V("sip:a\tb@c"), V("sip:a@b\nc:1"), V("sip:a\\b@c"), V("sip:a'b@c"), V("sip:\"q\"@c"),
	V("sip:a@b\r"), V("\nsip:a@b"), V("sip:a\0b@c"), V("sip\0:a@b"), V("sip:a@\0b:1"),
	/* sip_status: tests/test_sipfn.c */
	V("486 Busy Here"), V("200"), V("486 "), V("486  Busy"), V("2000"), V("ab1"), V("4a6 Busy"),
	V("48 x"), V("48"), V("486Busy"), V("486\tBusy"), V(" 486 Busy"), V("call to voicemail"),
	/* more statuses and non-statuses */
	V("486\nBusy"), V("486\n"), V("\n486"), V("486\r"), V("4860"), V("000"), V("999 "), V("０００ x"),
	V("٤٨٦ x"), V("486 Busy\nHere"), V("486 ü"), V("üüü"), V("48６ x"), V("486\0x"), V("486\0"),
	V("-12 x"), V("+12 x"), V(" 12"), V("1 2 x"), V("12 "), V("486x"), V("486 486 486"), V("4 6"),
	V("486 \t"), V("486 😀"), V("48ü x"), V("ü486 x"), V("486 Ö]"),
	/* gw.ip_addr as text: tests/test_sipfn.c */
	V("16777343"), V(" 16777343 "), V("\t16777343\t"), V("0000000000016777343"), V("4294967295"),
	V("12a"), V("-5"), V("+5"), V("1e3"), V("99999999999999999999"), V("4294967296"), V("0"),
	V("   "), V("1 2"), V("0x10"), V("16777343\n"), V("1.2"), V("a16777343"),
	/* more */
	V(" 5 "), V("\t \t5 \t"), V("1"), V("167880896"), V("18446744073709551615"),
	V("18446744073709551616"), V("4294967295 "), V("00004294967296"), V("1\t"), V("\t"), V("５"),
	V("1\0"), V(" 0 "), V("00000000000000000000000000000000001"), V("0004294967295"),
	V("4294967295\t\t"), V("\v5"), V("5\f"), V("٥"), V(" \t"), V("\t0"), V("2130706433"),
	V("255"), V("256"), V("65536"), V("16777216"), V("1 "), V("\xc2\xa0" "5"), V("5\xc2\xa0"),
};

static struct value *corpus;
static size_t ncorpus;
static char *generated[10];
static size_t ngenerated;

/* A generated value: pieces of (text, repeat count), NULL-terminated. */
static void generate(const char *first, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	const char *piece = first;

	va_start(ap, first);
	while (piece) {
		int times = va_arg(ap, int);

		for (int i = 0; i < times; i++)
			strbuf_adds(&sb, piece);
		piece = va_arg(ap, const char *);
	}
	va_end(ap);
	ck_assert_uint_lt(ngenerated, NELEM(generated));
	corpus[ncorpus].n = sb.len;
	corpus[ncorpus++].s = generated[ngenerated++] = strbuf_detach(&sb);
}

static void build_corpus(void)
{
	corpus = om_xcalloc(NELEM(fixed_values) + om_test_nuri_values + NELEM(generated), sizeof(*corpus));
	memcpy(corpus, fixed_values, sizeof(fixed_values));
	ncorpus = NELEM(fixed_values);
	/* The amended URI rules' inputs (support.c). */
	for (size_t i = 0; i < om_test_nuri_values; i++) {
		corpus[ncorpus].s = om_test_uri_values[i].s;
		corpus[ncorpus++].n = om_test_uri_values[i].n;
	}
	/* Very long values: the columns are varchar(1000). */
	generate("sip:", 1, "u", 300, ":", 1, "p", 50, "@", 1, "h", 500, ";x=y", 1, (const char *)NULL);
	generate("sip:", 1, "ü", 400, "@", 1, "ö", 400, ":5060", 1, (const char *)NULL);
	generate("a", 990, (const char *)NULL);
	generate("sips:a@[", 1, "b", 900, (const char *)NULL);
	generate("486 ", 1, "x", 900, (const char *)NULL);
	generate("0", 900, "16777343", 1, (const char *)NULL);
	generate("sip:a@", 1, "日", 900, (const char *)NULL);
	generate("SIPS:", 1, "ÅÖ", 300, "@[", 1, "ö", 300, "]:1", 1, (const char *)NULL);
	generate("\"", 1, "d", 300, "\" <sip:", 1, "+49", 100, ";npdi@gw", 1, ";x=y", 50, ";user=phone>", 1,
		 (const char *)NULL);
	generate("tel:", 1, "9", 800, ";x", 1, (const char *)NULL);
}

static void free_corpus(void)
{
	for (size_t i = 0; i < ngenerated; i++)
		free(generated[i]);
	ngenerated = 0;
	free(corpus);
	corpus = NULL;
	ncorpus = 0;
}

/* UTF-8 to latin1 bytes; false when a character is beyond U+00FF. */
static bool to_latin1(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x80)
			strbuf_addch(out, (char)p[i]);
		else if ((p[i] == 0xc2 || p[i] == 0xc3) && i + 1 < n) {
			strbuf_addch(out, (char)(((p[i] & 0x03) << 6) | (p[i + 1] & 0x3f)));
			i++;
		} else
			return false;
	}
	return true;
}

/* ---- the columns ----------------------------------------------------------- */

struct column {
	const char *name;
	const char *charset;
	const char *collation;   /* NULL: the character set's default */
	bool present;            /* the server has the collation */
};

static struct column columns[] = {
	{ "l1", "latin1", NULL, true },
	{ "l1_de", "latin1", "latin1_german2_ci", true },
	{ "l1_da", "latin1", "latin1_danish_ci", true },
	{ "l1_bin", "latin1", "latin1_bin", true },
	{ "l1_gen", "latin1", "latin1_general_ci", true },
	{ "u8", "utf8mb4", NULL, true },
	{ "u8_uni", "utf8mb4", "utf8mb4_unicode_ci", true },
	{ "u8_520", "utf8mb4", "utf8mb4_unicode_520_ci", true },
	{ "u8_tr", "utf8mb4", "utf8mb4_turkish_ci", true },
	{ "u8_de", "utf8mb4", "utf8mb4_german2_ci", true },
	{ "u8_bin", "utf8mb4", "utf8mb4_bin", true },
	{ "u8_nopad", "utf8mb4", "utf8mb4_nopad_bin", true },
	{ "u8_1400", "utf8mb4", "utf8mb4_uca1400_ai_ci", true },
	{ "u8_1400tr", "utf8mb4", "utf8mb4_uca1400_turkish_ai_ci", true },
	{ "u8_0900", "utf8mb4", "utf8mb4_0900_ai_ci", true },
};

static bool is_latin1(const struct column *c)
{
	return !strcmp(c->charset, "latin1");
}

/* The bytes column c holds for value v; false for NULL. */
static bool column_bytes(const struct column *c, const struct value *v, struct strbuf *out)
{
	strbuf_reset(out);
	if (!v->s)
		return false;
	if (!is_latin1(c)) {
		strbuf_add(out, v->s, v->n);
		return true;
	}
	/* Not representable in latin1: the latin1 columns hold NULL. */
	return to_latin1(v->s, v->n, out);
}

/* Gateway integers (gw.ip_addr is INT UNSIGNED in 1.1; a BIGINT takes the rest). */
struct gwint {
	long long v;
	bool null;
};

static const struct gwint gw_values[] = {
	{ 16777343, false }, { 167880896, false }, { 4294967295LL, false }, { 1, false }, { 0, false },
	{ -1, false }, { -16777343, false }, { 4294967296LL, false }, { LLONG_MAX, false },
	{ LLONG_MIN, false }, { 255, false }, { 256, false }, { 65536, false }, { 16777216, false },
	{ 2130706433, false }, { 0, true },
};

/* nonempty and concat: (a, b) in latin1 and in utf8mb4_unicode_ci (PAD SPACE: ' ' = ''). */
struct pair {
	struct value a, b;
};

static const struct pair pairs[] = {
	{ VNULL, V("sip:bob@b.example") },
	{ V(""), V("sip:bob@b.example") },
	{ V(" "), V("sip:bob@b.example") },
	{ V("  "), V("x") },
	{ V("sip:alice@a.example;lr"), V("sip:bob@b.example") },
	{ V("sip:alice@a.example"), VNULL },
	{ VNULL, VNULL },
	{ V(""), VNULL },
	{ V(""), V("") },
	{ V("0"), V("x") },
	{ V("sip:müller@höst"), V("tel:+49@gw") },
	{ V("SIP:carol@[2001:db8::1]:5060"), V("") },
	{ VNULL, V("sips:dave@[::1]") },
};

static const struct column pair_l1 = { "la", "latin1", NULL, true };
static const struct column pair_u8 = { "ua", "utf8mb4", "utf8mb4_unicode_ci", true };

/* cut and length: multi-byte characters (the latin1 column holds NULL where latin1 cannot). */
static const struct value mb_values[] = {
	V("müller"), V("日本語テキスト"), V("😀😀x"), V("abc"), V(""), VNULL,
};

/* ---- server ----------------------------------------------------------------- */

static void add_hex(struct strbuf *sb, const char *s, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		strbuf_addch(sb, digits[(unsigned char)s[i] >> 4]);
		strbuf_addch(sb, digits[(unsigned char)s[i] & 15]);
	}
}

static char *run_sql(const char *mode, const char *sql)
{
	return om_test_mariadb_sql(&server, DB, mode, sql);
}

static void mark_present_collations(void)
{
	struct strbuf all = STRBUF_INIT, first = STRBUF_INIT, inner = STRBUF_INIT;
	char *out = om_test_mariadb_sql(&server, NULL, NULL,
					"SELECT * FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY");

	/*
	 * A name is a whole field: the first (COLLATION_NAME) or, on MariaDB
	 * 10.10+ whose UCA 14 collations are named without their character
	 * set there, a later one (FULL_COLLATION_NAME).
	 */
	strbuf_init(&first);
	strbuf_addf(&all, "\n%s", out);
	for (size_t i = 0; i < NELEM(columns); i++) {
		if (!columns[i].collation)
			continue;
		strbuf_reset(&first);
		strbuf_reset(&inner);
		strbuf_addf(&first, "\n%s\t", columns[i].collation);
		strbuf_addf(&inner, "\t%s\t", columns[i].collation);
		columns[i].present = strstr(all.buf, first.buf) || strstr(all.buf, inner.buf);
	}
	free(out);
	strbuf_release(&all);
	strbuf_release(&first);
	strbuf_release(&inner);
}

/* VALUES item for v in column c: an introducer on a hex literal, exact bytes, no escaping. */
static void add_literal(struct strbuf *q, const struct column *c, const struct value *v, struct strbuf *bytes)
{
	if (!column_bytes(c, v, bytes)) {
		strbuf_adds(q, ", NULL");
		return;
	}
	strbuf_addf(q, ", _%s X'", c->charset);
	add_hex(q, bytes->buf, bytes->len);
	strbuf_addch(q, '\'');
}

static void load_tables(void)
{
	struct strbuf q = STRBUF_INIT, bytes = STRBUF_INIT;

	strbuf_adds(&q, "CREATE DATABASE " DB ";\nUSE " DB ";\nCREATE TABLE corpus (id INT PRIMARY KEY");
	for (size_t i = 0; i < NELEM(columns); i++) {
		if (!columns[i].present)
			continue;
		strbuf_addf(&q, ", %s VARCHAR(1000) CHARACTER SET %s%s%s NULL", columns[i].name, columns[i].charset,
			    columns[i].collation ? " COLLATE " : "", columns[i].collation ? columns[i].collation : "");
	}
	strbuf_adds(&q, ") ENGINE=InnoDB;\nINSERT INTO corpus VALUES ");
	for (size_t r = 0; r < ncorpus; r++) {
		strbuf_addf(&q, "%s(%zu", r ? ",\n" : "", r);
		for (size_t i = 0; i < NELEM(columns); i++) {
			if (!columns[i].present)
				continue;
			add_literal(&q, &columns[i], &corpus[r], &bytes);
		}
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ";\nCREATE TABLE gw (id INT PRIMARY KEY, b BIGINT NULL, u INT UNSIGNED NULL);\n"
		    "INSERT INTO gw VALUES ");
	for (size_t r = 0; r < NELEM(gw_values); r++) {
		const struct gwint *g = &gw_values[r];

		strbuf_addf(&q, "%s(%zu, ", r ? ", " : "", r);
		if (g->null)
			strbuf_adds(&q, "NULL, NULL)");
		else if (g->v >= 0 && g->v <= 4294967295LL)
			strbuf_addf(&q, "%lld, %lld)", g->v, g->v);
		else if (g->v == LLONG_MIN)
			/* -9223372036854775808 is parsed as a DECIMAL negated. */
			strbuf_addf(&q, "%lld - 1, NULL)", g->v + 1);
		else
			strbuf_addf(&q, "%lld, NULL)", g->v);
	}
	strbuf_adds(&q, ";\nCREATE TABLE pairs (id INT PRIMARY KEY, "
		    "la VARCHAR(60) CHARACTER SET latin1 NULL, lb VARCHAR(60) CHARACTER SET latin1 NULL, "
		    "ua VARCHAR(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL, "
		    "ub VARCHAR(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL);\nINSERT INTO pairs VALUES ");
	for (size_t r = 0; r < NELEM(pairs); r++) {
		strbuf_addf(&q, "%s(%zu", r ? ", " : "", r);
		add_literal(&q, &pair_l1, &pairs[r].a, &bytes);
		add_literal(&q, &pair_l1, &pairs[r].b, &bytes);
		add_literal(&q, &pair_u8, &pairs[r].a, &bytes);
		add_literal(&q, &pair_u8, &pairs[r].b, &bytes);
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ";\nCREATE TABLE mb (id INT PRIMARY KEY, u8 VARCHAR(50) CHARACTER SET utf8mb4 NULL, "
		    "l1 VARCHAR(50) CHARACTER SET latin1 NULL);\nINSERT INTO mb VALUES ");
	for (size_t r = 0; r < NELEM(mb_values); r++) {
		strbuf_addf(&q, "%s(%zu", r ? ", " : "", r);
		add_literal(&q, &pair_u8, &mb_values[r], &bytes);
		add_literal(&q, &pair_l1, &mb_values[r], &bytes);
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ";\nCREATE TABLE sink (v TEXT CHARACTER SET utf8mb4)");
	free(om_test_mariadb_sql(&server, NULL, NULL, q.buf));
	strbuf_release(&q);
	strbuf_release(&bytes);
}

static void start(const char *charset)
{
	om_test_mariadb_start(&server, charset);
	build_corpus();
	mark_present_collations();
	load_tables();
}

static void server_latin1(void)
{
	start("latin1");
}

static void server_utf8mb4(void)
{
	start(NULL);
}

static void server_stop(void)
{
	om_test_mariadb_stop(&server);
	free_corpus();
	for (size_t i = 0; i < NELEM(columns); i++)
		columns[i].present = true;
}

/* ---- rendering helpers ---------------------------------------------------------- */

static int fn_index(const char *name)
{
	int fn = om_function_find(name);

	ck_assert_msg(fn >= 0, "no mapping function %s", name);
	return fn;
}

static void render(struct strbuf *sb, const char *fname, const char *const *args, size_t nargs)
{
	om_mysql_fn[fn_index(fname)](sb, args, nargs);
}

static void render1(struct strbuf *sb, const char *fname, const char *arg)
{
	render(sb, fname, &arg, 1);
}

/* ---- comparing (the C reference is in support.c) ------------------------------- */

/*
 * Compare one result (field of the client's output) with the expected
 * bytes (hexed: the query selected HEX(...)).
 */
static void compare(struct om_test_report *r, const char *where, const char *in, size_t in_n, bool in_null,
		    const char *got, size_t got_n, const char *want, size_t want_n, bool want_null, bool hexed)
{
	struct strbuf w = STRBUF_INIT;

	if (want_null)
		strbuf_adds(&w, "NULL");
	else if (hexed)
		add_hex(&w, want, want_n);
	else
		strbuf_add(&w, want, want_n);
	if (got_n != w.len || memcmp(got, w.buf, got_n)) {
		if (++r->bad <= 12) {
			strbuf_addf(&r->text, "\n  %s, input ", where);
			om_test_add_printable(&r->text, in, in_n, in_null);
			strbuf_adds(&r->text, ": expected ");
			om_test_add_printable(&r->text, want, want_n, want_null);
			strbuf_adds(&r->text, ", got ");
			if (hexed)
				om_test_add_printable_hex(&r->text, got, got_n);
			else
				om_test_add_printable(&r->text, got, got_n, false);
		}
	}
	strbuf_release(&w);
}

/*
 * Evaluate function fname (or its validity test) on every corpus value in
 * each of the columns cols (their name may be any SQL expression on a
 * corpus column), with SQL `prefix` run first and sql_mode `mode`, and
 * compare with ref.
 */
static void check_corpus_in(const char *fname, bool invalid, om_ref_fn *ref, const char *prefix, const char *mode,
			    const struct column *const *cols, size_t ncols)
{
	struct strbuf q = STRBUF_INIT, bytes = STRBUF_INIT, want = STRBUF_INIT, where = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;

	om_test_report_init(&r);
	if (prefix)
		strbuf_adds(&q, prefix);
	strbuf_adds(&q, "SELECT id");
	for (size_t k = 0; k < ncols; k++) {
		if (invalid) {
			strbuf_adds(&q, ", ");
			om_mysql_invalid(&q, (enum om_fn)fn_index(fname), cols[k]->name);
		} else {
			strbuf_adds(&q, ", HEX(");
			render1(&q, fname, cols[k]->name);
			strbuf_addch(&q, ')');
		}
	}
	strbuf_adds(&q, " FROM corpus ORDER BY id");
	out = run_sql(mode, q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const char *f;
		size_t flen;
		unsigned long id;

		end = strchr(p, '\n');
		ck_assert_msg(end != NULL, "unterminated output line: %s", p);
		id = strtoul(p, NULL, 10);
		ck_assert_msg(id == rows, "row %zu missing from the output", rows);
		for (size_t k = 0; k < ncols; k++) {
			const struct column *c = cols[k];
			bool null = !column_bytes(c, &corpus[id], &bytes);
			bool want_null;

			ck_assert_msg(om_test_field(p, end, k + 1, '\t', &f, &flen),
				      "short output line: %.*s", (int)(end - p), p);
			strbuf_reset(&want);
			want_null = !ref(bytes.buf, bytes.len, null, &want);
			strbuf_reset(&where);
			strbuf_addf(&where, "%s(%s %s)", fname, c->name, c->collation ? c->collation : c->charset);
			compare(&r, where.buf, bytes.buf, bytes.len, null, f, flen, want.buf, want.len, want_null,
				!invalid);
		}
	}
	ck_assert_uint_eq(rows, ncorpus);
	free(out);
	strbuf_reset(&where);
	strbuf_addf(&where, "%s%s on %zu values x %zu columns", invalid ? "invalid " : "", fname, ncorpus, ncols);
	om_test_report_finish(&r, where.buf);
	strbuf_release(&q);
	strbuf_release(&bytes);
	strbuf_release(&want);
	strbuf_release(&where);
}

/* The same in every corpus column the server could create. */
static void check_corpus(const char *fname, bool invalid, om_ref_fn *ref, const char *prefix, const char *mode)
{
	const struct column *cols[NELEM(columns)];
	size_t ncols = 0;

	for (size_t i = 0; i < NELEM(columns); i++)
		if (columns[i].present)
			cols[ncols++] = &columns[i];
	check_corpus_in(fname, invalid, ref, prefix, mode, cols, ncols);
}

/* The same on the gateway integers, in a BIGINT and an INT UNSIGNED column. */
static void check_gw_ints(bool invalid)
{
	static const char *const cols[] = { "b", "u" };
	struct strbuf q = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;
	int fn = fn_index("ip_from_le_int");

	om_test_report_init(&r);
	strbuf_adds(&q, "SELECT id");
	for (size_t i = 0; i < NELEM(cols); i++) {
		strbuf_adds(&q, ", ");
		if (invalid)
			om_mysql_invalid(&q, (enum om_fn)fn, cols[i]);
		else
			om_mysql_fn[fn](&q, &cols[i], 1);
	}
	strbuf_adds(&q, " FROM gw ORDER BY id");
	out = run_sql(NULL, q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const struct gwint *g = &gw_values[rows];

		end = strchr(p, '\n');
		ck_assert(end != NULL);
		ck_assert_uint_eq(strtoul(p, NULL, 10), rows);
		for (size_t i = 0; i < NELEM(cols); i++) {
			bool in_u = g->v >= 0 && g->v <= 4294967295LL;
			bool null = g->null || (i == 1 && !in_u);
			char quad[16], in[32], want[16];
			const char *f;
			size_t flen;
			int rc = om_ip_from_le_int(null ? 0 : g->v, quad);
			char where[64];

			ck_assert(om_test_field(p, end, i + 1, '\t', &f, &flen));
			snprintf(in, sizeof(in), "%lld", g->v);
			snprintf(want, sizeof(want), "%s", invalid ? (rc ? "1" : "0") : quad);
			snprintf(where, sizeof(where), "%sip_from_le_int(%s)", invalid ? "invalid " : "", cols[i]);
			compare(&r, where, in, strlen(in), null, f, flen, want, strlen(want), false, false);
		}
	}
	ck_assert_uint_eq(rows, NELEM(gw_values));
	free(out);
	om_test_report_finish(&r, invalid ? "invalid ip_from_le_int on integers" : "ip_from_le_int on integers");
	strbuf_release(&q);
}

/* ---- tests: the corpus against sipfn ------------------------------------------------ */

START_TEST(uri_user_matches_sipfn_on_every_value)
{
	check_corpus("uri_user", false, om_ref_uri_user, NULL, NULL);
}
END_TEST

START_TEST(uri_host_matches_sipfn_on_every_value)
{
	check_corpus("uri_host", false, om_ref_uri_host, NULL, NULL);
}
END_TEST

START_TEST(status_code_matches_sipfn_on_every_value)
{
	check_corpus("status_code", false, om_ref_status_code, NULL, NULL);
}
END_TEST

START_TEST(status_reason_matches_sipfn_on_every_value)
{
	check_corpus("status_reason", false, om_ref_status_reason, NULL, NULL);
}
END_TEST

START_TEST(ip_from_text_matches_sipfn_on_every_value)
{
	check_corpus("ip_from_le_int", false, om_ref_ip_text, NULL, NULL);
}
END_TEST

START_TEST(invalid_ip_text_is_exactly_what_sipfn_rejects)
{
	check_corpus("ip_from_le_int", true, om_ref_ip_text_invalid, NULL, NULL);
}
END_TEST

START_TEST(invalid_uri_is_exactly_what_sipfn_cannot_parse)
{
	check_corpus("uri_user", true, om_ref_uri_unparsable, NULL, NULL);
	check_corpus("uri_host", true, om_ref_uri_unparsable, NULL, NULL);
}
END_TEST

START_TEST(ip_from_integer_columns_matches_sipfn)
{
	check_gw_ints(false);
}
END_TEST

START_TEST(invalid_ip_integer_is_exactly_what_sipfn_rejects)
{
	check_gw_ints(true);
}
END_TEST

START_TEST(md5_is_om_md5_hex_of_the_column_bytes)
{
	check_corpus("md5", false, om_ref_md5, NULL, NULL);
}
END_TEST

/* ANSI_QUOTES, PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES; PCRE flags that break naive patterns. */
START_TEST(results_ignore_sql_mode_and_regex_flags)
{
	static const char prefix[] = "SET SESSION default_regex_flags = 'DOTALL,EXTENDED,MULTILINE,UNGREEDY';\n";
	static const char mode[] = "ANSI,NO_BACKSLASH_ESCAPES,STRICT_ALL_TABLES";

	check_corpus("uri_user", false, om_ref_uri_user, prefix, mode);
	check_corpus("uri_host", false, om_ref_uri_host, prefix, mode);
	check_corpus("status_code", false, om_ref_status_code, prefix, mode);
	check_corpus("status_reason", false, om_ref_status_reason, prefix, mode);
	check_corpus("ip_from_le_int", false, om_ref_ip_text, prefix, mode);
	check_corpus("ip_from_le_int", true, om_ref_ip_text_invalid, prefix, mode);
	check_corpus("uri_user", true, om_ref_uri_unparsable, prefix, mode);
}
END_TEST

/*
 * Every latin1 and utf8mb4 collation the server knows, put on the corpus
 * columns with COLLATE: the results are the reference's in all of them.
 */
START_TEST(every_collation_of_the_server_gives_the_reference)
{
	char *out = om_test_mariadb_sql(&server, NULL, NULL,
					"SELECT CHARACTER_SET_NAME, COLLATION_NAME "
					"FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY "
					"WHERE CHARACTER_SET_NAME IN ('latin1', 'utf8mb4') ORDER BY 1, 2");
	struct column *all = NULL;
	const struct column **cols = NULL;
	size_t n = 0, alloc = 0;

	for (char *p = out, *end; *p; p = end + 1) {
		char *tab = strchr(p, '\t');
		struct strbuf name = STRBUF_INIT;

		end = strchr(p, '\n');
		ck_assert(tab && end && tab < end);
		*tab = *end = '\0';
		OM_GROW(all, n + 1, alloc);
		strbuf_addf(&name, "(%s COLLATE %s)", strcmp(p, "latin1") ? "u8" : "l1", tab + 1);
		all[n].charset = strcmp(p, "latin1") ? "utf8mb4" : "latin1";
		all[n].collation = tab + 1;
		all[n].name = strbuf_detach(&name);
		all[n++].present = true;
	}
	ck_assert_uint_gt(n, 10);
	cols = om_xcalloc(n, sizeof(*cols));
	for (size_t i = 0; i < n; i++)
		cols[i] = &all[i];
	check_corpus_in("uri_user", false, om_ref_uri_user, NULL, NULL, cols, n);
	check_corpus_in("uri_host", false, om_ref_uri_host, NULL, NULL, cols, n);
	check_corpus_in("status_code", false, om_ref_status_code, NULL, NULL, cols, n);
	check_corpus_in("status_reason", false, om_ref_status_reason, NULL, NULL, cols, n);
	check_corpus_in("ip_from_le_int", false, om_ref_ip_text, NULL, NULL, cols, n);
	check_corpus_in("ip_from_le_int", true, om_ref_ip_text_invalid, NULL, NULL, cols, n);
	check_corpus_in("uri_host", true, om_ref_uri_unparsable, NULL, NULL, cols, n);
	for (size_t i = 0; i < n; i++)
		free((char *)all[i].name);
	free(all);
	free(cols);
	free(out);
}
END_TEST

/* In strict mode a warning inside INSERT ... SELECT is an error: none may occur. */
START_TEST(strict_insert_select_raises_no_warning)
{
	static const char *const fns[] = { "uri_user", "uri_host", "status_code", "status_reason",
					   "ip_from_le_int", "md5" };
	struct strbuf q = STRBUF_INIT;
	char *out;

	for (size_t i = 0; i < NELEM(columns); i++) {
		if (!columns[i].present)
			continue;
		for (size_t k = 0; k <= NELEM(fns) + 1; k++) {
			strbuf_adds(&q, "INSERT INTO sink (v) SELECT ");
			if (k == NELEM(fns))
				om_mysql_invalid(&q, (enum om_fn)fn_index("ip_from_le_int"), columns[i].name);
			else if (k == NELEM(fns) + 1)
				om_mysql_invalid(&q, (enum om_fn)fn_index("uri_user"), columns[i].name);
			else
				render1(&q, fns[k], columns[i].name);
			strbuf_addf(&q, " FROM corpus;\nSHOW WARNINGS;\n");
		}
	}
	for (size_t k = 0; k < 2; k++) {
		const char *col = k ? "u" : "b";

		strbuf_adds(&q, "INSERT INTO sink (v) SELECT ");
		render1(&q, "ip_from_le_int", col);
		strbuf_adds(&q, " FROM gw;\nSHOW WARNINGS;\nINSERT INTO sink (v) SELECT ");
		om_mysql_invalid(&q, (enum om_fn)fn_index("ip_from_le_int"), col);
		strbuf_adds(&q, " FROM gw;\nSHOW WARNINGS;\n");
	}
	strbuf_adds(&q, "SELECT COUNT(*) > 0 FROM sink;\nDELETE FROM sink");
	out = run_sql("STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO", q.buf);
	ck_assert_msg(!strcmp(out, "1\n"), "warnings from INSERT ... SELECT:\n%.3000s", out);
	free(out);
	strbuf_release(&q);
}
END_TEST


/* ---- tests: nonempty, concat, nesting ------------------------------------------------ */

/*
 * The expected result of expression k for pair p, in out; false for NULL.
 * Column bytes: latin1 for la/lb, UTF-8 for ua/ub.
 */
typedef bool pair_ref(const struct pair *p, size_t k, struct strbuf *out);

static void check_pairs(const char *what, const char *const *exprs, size_t nexprs, pair_ref *ref)
{
	struct strbuf q = STRBUF_INIT, want = STRBUF_INIT, in = STRBUF_INIT, where = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;

	om_test_report_init(&r);
	strbuf_adds(&q, "SELECT id");
	for (size_t k = 0; k < nexprs; k++)
		strbuf_addf(&q, ", HEX(%s)", exprs[k]);
	strbuf_adds(&q, " FROM pairs ORDER BY id");
	out = run_sql(NULL, q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const struct pair *pr = &pairs[rows];

		end = strchr(p, '\n');
		ck_assert(end != NULL);
		ck_assert_uint_eq(strtoul(p, NULL, 10), rows);
		strbuf_reset(&in);
		om_test_add_printable(&in, pr->a.s, pr->a.n, !pr->a.s);
		strbuf_adds(&in, ", ");
		om_test_add_printable(&in, pr->b.s, pr->b.n, !pr->b.s);
		for (size_t k = 0; k < nexprs; k++) {
			const char *f;
			size_t flen;
			bool want_null;

			ck_assert(om_test_field(p, end, k + 1, '\t', &f, &flen));
			strbuf_reset(&want);
			want_null = !ref(pr, k, &want);
			strbuf_reset(&where);
			strbuf_addf(&where, "%s (%s)", exprs[k], in.buf);
			compare(&r, where.len > 200 ? what : where.buf, in.buf, 0, false, f, flen, want.buf, want.len,
				want_null, true);
		}
	}
	ck_assert_uint_eq(rows, NELEM(pairs));
	free(out);
	om_test_report_finish(&r, what);
	strbuf_release(&q);
	strbuf_release(&want);
	strbuf_release(&in);
	strbuf_release(&where);
}

/* The bytes of v as column c holds them, appended to out; false for NULL. */
static bool append_bytes(const struct column *c, const struct value *v, struct strbuf *out)
{
	struct strbuf b = STRBUF_INIT;
	bool ok;

	ok = column_bytes(c, v, &b);
	strbuf_add(out, b.buf, b.len);
	strbuf_release(&b);
	return ok;
}

static const struct value *nonempty_of(const struct pair *p)
{
	return p->a.s && p->a.n > 0 ? &p->a : &p->b;
}

/* k 0: latin1 columns, 1: utf8mb4 columns. */
static bool ref_nonempty(const struct pair *p, size_t k, struct strbuf *out)
{
	return append_bytes(k ? &pair_u8 : &pair_l1, nonempty_of(p), out);
}

START_TEST(nonempty_takes_a_unless_null_or_empty)
{
	static const char *const exprs_args[][2] = { { "la", "lb" }, { "ua", "ub" } };
	struct strbuf e[2];
	const char *exprs[2];

	for (size_t k = 0; k < 2; k++) {
		strbuf_init(&e[k]);
		render(&e[k], "nonempty", exprs_args[k], 2);
		exprs[k] = e[k].buf;
	}
	check_pairs("nonempty", exprs, 2, ref_nonempty);
	for (size_t k = 0; k < 2; k++)
		strbuf_release(&e[k]);
}
END_TEST

/* k 0: concat(ua, '-', ub); 1: concat(la, lb); 2: concat(la, ub), a utf8mb4 result. */
static bool ref_concat(const struct pair *p, size_t k, struct strbuf *out)
{
	if (!p->a.s || !p->b.s)
		return false;
	if (k == 1) {
		append_bytes(&pair_l1, &p->a, out);
		append_bytes(&pair_l1, &p->b, out);
		return true;
	}
	strbuf_add(out, p->a.s, p->a.n);
	if (k == 0)
		strbuf_addch(out, '-');
	strbuf_add(out, p->b.s, p->b.n);
	return true;
}

START_TEST(concat_joins_values_and_is_null_when_one_is)
{
	static const char *const a0[] = { "ua", "'-'", "ub" }, *const a1[] = { "la", "lb" },
			  *const a2[] = { "la", "ub" };
	struct strbuf e[3];
	const char *exprs[3];

	for (size_t k = 0; k < 3; k++)
		strbuf_init(&e[k]);
	render(&e[0], "concat", a0, 3);
	render(&e[1], "concat", a1, 2);
	render(&e[2], "concat", a2, 2);
	for (size_t k = 0; k < 3; k++)
		exprs[k] = e[k].buf;
	check_pairs("concat", exprs, 3, ref_concat);
	for (size_t k = 0; k < 3; k++)
		strbuf_release(&e[k]);
}
END_TEST

/* k 0: uri_user(nonempty(ua, ub)); 1: uri_host(nonempty(la, lb)), as in the acc map. */
static bool ref_nested(const struct pair *p, size_t k, struct strbuf *out)
{
	struct strbuf b = STRBUF_INIT;
	bool null;

	null = !append_bytes(k ? &pair_l1 : &pair_u8, nonempty_of(p), &b);
	(k ? om_ref_uri_host : om_ref_uri_user)(b.buf, b.len, null, out);
	strbuf_release(&b);
	return true;
}

START_TEST(uri_functions_of_nonempty_use_the_chosen_value)
{
	static const char *const u[] = { "ua", "ub" }, *const l[] = { "la", "lb" };
	struct strbuf inner_u = STRBUF_INIT, inner_l = STRBUF_INIT, e[2];
	const char *exprs[2];

	render(&inner_u, "nonempty", u, 2);
	render(&inner_l, "nonempty", l, 2);
	strbuf_init(&e[0]);
	strbuf_init(&e[1]);
	render1(&e[0], "uri_user", inner_u.buf);
	render1(&e[1], "uri_host", inner_l.buf);
	exprs[0] = e[0].buf;
	exprs[1] = e[1].buf;
	check_pairs("uri_user/uri_host of nonempty", exprs, 2, ref_nested);
	strbuf_release(&inner_u);
	strbuf_release(&inner_l);
	strbuf_release(&e[0]);
	strbuf_release(&e[1]);
}
END_TEST

/* ---- tests: cut and length ------------------------------------------------------------ */

/* Run render(col) for the mb table's u8 and l1 columns; the output text. */
static char *mb_query(void (*add)(struct strbuf *sb, const char *col))
{
	struct strbuf q = STRBUF_INIT;
	char *out;

	strbuf_adds(&q, "SELECT id, ");
	add(&q, "u8");
	strbuf_adds(&q, ", ");
	add(&q, "l1");
	strbuf_adds(&q, " FROM mb ORDER BY id");
	out = run_sql(NULL, q.buf);
	strbuf_release(&q);
	return out;
}

static void add_cut2(struct strbuf *sb, const char *col)
{
	om_mysql_cut(sb, col, 2);
}

static void add_length(struct strbuf *sb, const char *col)
{
	om_mysql_length(sb, col);
}

START_TEST(cut_keeps_characters_not_bytes)
{
	char *out = mb_query(add_cut2);

	/* The client prints UTF-8; latin1 cannot hold rows 1 and 2 (NULL). */
	ck_assert_str_eq(out,
			 "0\tmü\tmü\n"
			 "1\t日本\tNULL\n"
			 "2\t😀😀\tNULL\n"
			 "3\tab\tab\n"
			 "4\t\t\n"
			 "5\tNULL\tNULL\n");
	free(out);
}
END_TEST

START_TEST(length_counts_characters_not_bytes)
{
	char *out = mb_query(add_length);

	ck_assert_str_eq(out,
			 "0\t6\t6\n"
			 "1\t7\tNULL\n"
			 "2\t3\tNULL\n"
			 "3\t3\t3\n"
			 "4\t0\t0\n"
			 "5\tNULL\tNULL\n");
	free(out);
}
END_TEST

/* ---- tests: the rendered text (no server) ------------------------------------------------ */

static const char *const three_args[] = { "`a`", "`b`", "`c`" };

/* Every function rendered with arguments `a`, `b`, `c` (as many as it takes). */
static void render_all(struct strbuf *sb, int fn)
{
	int n = om_functions[fn].max_args < 0 ? 3 : om_functions[fn].max_args;

	strbuf_reset(sb);
	om_mysql_fn[fn](sb, three_args, (size_t)n);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(rendered_sql_has_no_backslash_double_quote_or_control_character)
{
	struct strbuf sb = STRBUF_INIT;

	for (int fn = 0; om_functions[fn].name; fn++) {
		for (int pass = 0; pass < 2; pass++) {
			if (pass)
				om_mysql_invalid(&sb, (enum om_fn)fn, "`a`");
			else
				render_all(&sb, fn);
			for (size_t i = 0; i < sb.len; i++) {
				unsigned char c = (unsigned char)sb.buf[i];

				ck_assert_msg(c >= 0x20 && c != '\\' && c != '"' && c < 0x7f,
					      "%s: byte 0x%02x at %zu of %s", om_functions[fn].name, c, i, sb.buf);
			}
			ck_assert_msg(!strstr(sb.buf, "||"), "%s uses ||: %s", om_functions[fn].name, sb.buf);
			strbuf_reset(&sb);
		}
	}
	strbuf_release(&sb);
}
END_TEST

START_TEST(invalid_of_a_function_without_rejections_is_false)
{
	struct strbuf sb = STRBUF_INIT;

	om_mysql_invalid(&sb, (enum om_fn)fn_index("status_reason"), "`a`");
	ck_assert_str_eq(sb.buf, "0");
	strbuf_release(&sb);
}
END_TEST

START_TEST(cut_and_length_are_left_and_char_length)
{
	struct strbuf sb = STRBUF_INIT;

	om_mysql_cut(&sb, "`a`", 64);
	ck_assert_str_eq(sb.buf, "LEFT(`a`, 64)");
	strbuf_reset(&sb);
	om_mysql_length(&sb, "`a`");
	ck_assert_str_eq(sb.buf, "CHAR_LENGTH(`a`)");
	strbuf_release(&sb);
}
END_TEST

/* How often each rendering repeats its argument: the cost of nesting. */
START_TEST(arguments_are_repeated_at_most_as_designed)
{
	static const struct {
		const char *fn;
		size_t a, b;
	} limits[] = {
		/*
		 * MySQL has no way to bind a value (MariaDB's derived tables
		 * cannot see the outer row): the URI is found reading the value
		 * once, then uri_user asks it for the scheme, the '@', the
		 * user=phone parameter (a cheap test, then the exact one), the
		 * three kinds' cuts: 9 (3 before the amended rules); uri_host's
		 * host part needs it 4 times and is used 4 times, plus the
		 * tel: test: 17 (16).
		 */
		{ "uri_user", 9, 0 }, { "uri_host", 17, 0 }, { "status_code", 2, 0 }, { "status_reason", 3, 0 },
		{ "ip_from_le_int", 3, 0 }, { "nonempty", 2, 1 }, { "concat", 1, 1 }, { "md5", 1, 0 },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < NELEM(limits); i++) {
		render_all(&sb, fn_index(limits[i].fn));
		ck_assert_msg(count(sb.buf, "`a`") == limits[i].a && count(sb.buf, "`b`") == limits[i].b,
			      "%s repeats `a` %zu and `b` %zu times: %s", limits[i].fn, count(sb.buf, "`a`"),
			      count(sb.buf, "`b`"), sb.buf);
	}
	strbuf_reset(&sb);
	om_mysql_invalid(&sb, (enum om_fn)fn_index("ip_from_le_int"), "`a`");
	ck_assert_uint_eq(count(sb.buf, "`a`"), 2);
	strbuf_reset(&sb);
	/* Both functions and the NULL test: only the pre-check runs it. */
	om_mysql_invalid(&sb, (enum om_fn)fn_index("uri_user"), "`a`");
	ck_assert_uint_eq(count(sb.buf, "`a`"), 27);
	strbuf_release(&sb);
}
END_TEST

/* ---- suite ------------------------------------------------------------------------------ */

static void add_server_tests(TCase *tc)
{
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, uri_user_matches_sipfn_on_every_value);
	tcase_add_test(tc, uri_host_matches_sipfn_on_every_value);
	tcase_add_test(tc, status_code_matches_sipfn_on_every_value);
	tcase_add_test(tc, status_reason_matches_sipfn_on_every_value);
	tcase_add_test(tc, ip_from_text_matches_sipfn_on_every_value);
	tcase_add_test(tc, invalid_ip_text_is_exactly_what_sipfn_rejects);
	tcase_add_test(tc, invalid_uri_is_exactly_what_sipfn_cannot_parse);
	tcase_add_test(tc, ip_from_integer_columns_matches_sipfn);
	tcase_add_test(tc, invalid_ip_integer_is_exactly_what_sipfn_rejects);
	tcase_add_test(tc, md5_is_om_md5_hex_of_the_column_bytes);
	tcase_add_test(tc, results_ignore_sql_mode_and_regex_flags);
	tcase_add_test(tc, every_collation_of_the_server_gives_the_reference);
	tcase_add_test(tc, strict_insert_select_raises_no_warning);
	tcase_add_test(tc, nonempty_takes_a_unless_null_or_empty);
	tcase_add_test(tc, concat_joins_values_and_is_null_when_one_is);
	tcase_add_test(tc, uri_functions_of_nonempty_use_the_chosen_value);
	tcase_add_test(tc, cut_keeps_characters_not_bytes);
	tcase_add_test(tc, length_counts_characters_not_bytes);
}

static Suite *mysql_fn_suite(void)
{
	Suite *s = suite_create("mysql_fn");
	TCase *tc;

	tc = tcase_create("rendering");
	tcase_add_test(tc, rendered_sql_has_no_backslash_double_quote_or_control_character);
	tcase_add_test(tc, invalid_of_a_function_without_rejections_is_false);
	tcase_add_test(tc, cut_and_length_are_left_and_char_length);
	tcase_add_test(tc, arguments_are_repeated_at_most_as_designed);
	suite_add_tcase(s, tc);

	tc = tcase_create("latin1 server");
	tcase_add_unchecked_fixture(tc, server_latin1, server_stop);
	add_server_tests(tc);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8mb4 server");
	tcase_add_unchecked_fixture(tc, server_utf8mb4, server_stop);
	add_server_tests(tc);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(mysql_fn_suite());
}
