/*
 * test_pgsql_fn.c: the PostgreSQL renderings of the mapping functions
 * (drivers/pgsql_fn.c), evaluated by a throwaway PostgreSQL server on a
 * corpus of values in varchar, text and character(n) columns of many
 * collations, in a C and a non-C database, and compared value for value
 * with the C reference (sipfn.c, hash.c).  Values go in and results come
 * out as hex, so tabs, newlines and quotes travel intact.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "pgsql_fn.h"
#include "plan.h"
#include "sipfn.h"
#include "strbuf.h"
#include "support.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DB "fn"

static struct om_test_pg server;

/* ---- the corpus ---------------------------------------------------------- */

struct value {
	const char *s;   /* UTF-8; NULL for SQL NULL */
	size_t n;
};

/* sizeof keeps embedded NULs (which build_corpus replaces). */
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
	V("sip.x@y"), V("sip;x:a@b"), V("sips :a@b"), V("tel :a@b"), V("sips::a@b"), V("sipss:a@b"),
	/* letters that some collations or case-insensitive matching take for s, i, p, e, l, t */
	V("síp:alice@x"), V("SÍP:alice@x"), V("tél:x@y"), V("ſip:alice@x"), V("ſips:x@y"),
	V("SİP:alice@x"), V("sİp:a@b"), V("sıp:a@b"), V("SIP:I@İ"), V("ＳＩＰ:a@b"), V("şip:a@b"),
	V("SIP:İ@x"), V("ſİp:x@y"), V("tEl:x@y"),
	/* letters some collations sort next to the delimiters */
	V("sip:a@Ö]"), V("sip:a@[fööbar]:5"), V("sip:a@[åäö]x"), V("sip:a@[x]ö]"), V("sip:a@Å[x]"),
	V("sip:a@[ÅÄÖ"), V("sip:Ö@Å"), V("sip:a@Äb:1"), V("sip:a@[Åx]:5060"), V("sip:a@[æø]:1"),
	/* non-ASCII users and hosts */
	V("sip:müller@bücher.de"), V("sip:müller:pässwort@höst.de;x=y"), V("müller@host"),
	V("sip:straße@x"), V("sip:strasse@x"), V("sip:日本@例え.jp:5060"), V("sip:😀@x"),
	V("sip:a@😀.example:1"), V("😀sip:a@b"), V("sip:a@b😀;x"), V("sip:\xe2\x80\x8b@x"),
	V("\xe2\x80\x8bsip:a@b"), V("sip:a@\xe2\x80\x8b"),
	/* brackets */
	V("sip:a@["), V("sip:a@]"), V("sip:a@[]"), V("sip:a@[]:1"), V("sip:["), V("sip:]"), V("[::1]"),
	V("[::1]:5060"), V("["), V("]"), V("sip:a@[::1];lr"), V("sip:a@[::1]?x"), V("sip:a@[::1]>"),
	V("sip:a@[:;?>]x"), V("sip:a@x[::1]"), V("sip:a@[a]b]"), V("sip:a@[[::1]]"), V("sips:@[::1]"),
	V("sip:a@ [::1]"), V("sip:a@[x]y"), V("sip:[x]y"), V("sip:a@[x]y:1"), V("[x]y"), V("sip:a@[@]b"),
	V("sip:a@[x\ny]z"), V("sip:a@[:]"),
	/* '@' in odd places */
	V("@"), V("@@"), V("sip:@"), V(":@"), V("@:"), V("sip:@@"), V("a@"), V("@b"), V("sip:a@"),
	V("sip:@:"), V("sip:a:@b"), V("sip::@b"), V("a:b:c@d:e"), V("@sip:a"), V("x@sip:a"),
	V("sip:a@b:c@d"), V("sip:a;b:c@d"), V("sip:@[x]@y"),
	/* delimiters everywhere */
	V(";"), V("?"), V(">"), V(":"), V("::"), V("sip:;"), V("sip:?x"), V("sip:>"), V("sip:a@b;c@d"),
	V("sip:a;b@c"), V("sip:a?b@c:d"), V("sip:a>b@c"), V("<sip:alice@host>"),
	V("\"Alice\" <sip:alice@host>"), V("sip:alice@host:5060?x=;y>z"), V("sip:a@b;c:d"),
	V("sip:a@b?c;d"), V("sip:a@b>c;d"), V("sip:a@b:c;d"), V("sip:a@;"), V("sip:a@?"), V("sip:a@>"),
	V("sip:a@:"), V("sip:a@|b|c"), V("sip:a|b@c"),
	/* look-alikes of the delimiters */
	V("sip:a@ｈｏｓｔ"), V("sip:a＠b"), V("sip:a：b@c"), V("sip:a@b：5060"), V("sip:a@b；lr"),
	V("sip:a@［::1］"), V("sip:a@b﹕1"),
	/* control characters, quotes, backslashes; PostgreSQL text has no NUL (see build_corpus) */
	V("sip:a\tb@c"), V("sip:a@b\nc:1"), V("sip:a\\b@c"), V("sip:a'b@c"), V("sip:\"q\"@c"),
	V("sip:a@b\r"), V("\nsip:a@b"), V("sip:a\0b@c"), V("sip\0:a@b"), V("sip:a@\0b:1"),
	V("sip:a\n@b"), V("sip:\n@b"), V("sip\n:a@b"), V("sip:a@b\n"), V("sip:a@b\n;x"), V("sip:a@\\\\x"),
	V("sip:a@b'';x"), V("sip:a@$$x$$"), V("sip:%s@%d"), V("sip:a@b\x01:1"),
	/* sip_status: tests/test_sipfn.c */
	V("486 Busy Here"), V("200"), V("486 "), V("486  Busy"), V("2000"), V("ab1"), V("4a6 Busy"),
	V("48 x"), V("48"), V("486Busy"), V("486\tBusy"), V(" 486 Busy"), V("call to voicemail"),
	/* more statuses and non-statuses */
	V("486\nBusy"), V("486\n"), V("\n486"), V("486\r"), V("4860"), V("000"), V("999 "), V("０００ x"),
	V("٤٨٦ x"), V("486 Busy\nHere"), V("486 ü"), V("üüü"), V("48６ x"), V("486\0x"), V("486\0"),
	V("-12 x"), V("+12 x"), V(" 12"), V("1 2 x"), V("12 "), V("486x"), V("486 486 486"), V("4 6"),
	V("486 \t"), V("486 😀"), V("48ü x"), V("ü486 x"), V("486 Ö]"), V("486 \n"), V("486\n "),
	V("486 486"), V("4861 x"), V("486 \\x"), V("486 '"), V("১২৩ x"), V("𝟒𝟖𝟔 x"), V("486\xc2\xa0x"),
	V("486\xe3\x80\x80x"),
	/* gw.ip_addr as text: tests/test_sipfn.c */
	V("16777343"), V(" 16777343 "), V("\t16777343\t"), V("0000000000016777343"), V("4294967295"),
	V("12a"), V("-5"), V("+5"), V("1e3"), V("99999999999999999999"), V("4294967296"), V("0"),
	V("   "), V("1 2"), V("0x10"), V("16777343\n"), V("1.2"), V("a16777343"), V("16777343junk"),
	/* more */
	V(" 5 "), V("\t \t5 \t"), V("1"), V("167880896"), V("18446744073709551615"),
	V("18446744073709551616"), V("4294967295 "), V("00004294967296"), V("1\t"), V("\t"), V("５"),
	V("1\0"), V(" 0 "), V("00000000000000000000000000000000001"), V("0004294967295"),
	V("4294967295\t\t"), V("\v5"), V("5\f"), V("٥"), V(" \t"), V("\t0"), V("2130706433"),
	V("255"), V("256"), V("65536"), V("16777216"), V("1 "), V("\xc2\xa0" "5"), V("5\xc2\xa0"),
	V("\xe3\x80\x80" "5"), V("5\xe3\x80\x80"), V("\n5"), V("5\r"), V("9999999999"), V("4294967294"),
	V("4294967297"), V("10000000000"), V("00"), V("0 0"), V("5 5"), V("-0"), V("1,5"), V("1_000"),
	V("１６７７７３４３"), V("𝟓"), V("٠5"), V("5٠"),
};

static struct value *corpus;
static size_t ncorpus;
static char **generated;
static size_t ngenerated, agenerated;

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
	OM_GROW(generated, ngenerated + 1, agenerated);
	corpus[ncorpus].n = sb.len;
	corpus[ncorpus++].s = generated[ngenerated++] = strbuf_detach(&sb);
}

/*
 * The value s (n bytes; NULL for SQL NULL) into the corpus.  PostgreSQL
 * text cannot hold a NUL: a value with one keeps its shape with U+0001 in
 * its place.
 */
static void add_value(const char *s, size_t n)
{
	char *copy;

	if (!s || !memchr(s, '\0', n)) {
		corpus[ncorpus].s = s;
		corpus[ncorpus++].n = n;
		return;
	}
	copy = om_xstrndup(s, n);
	for (size_t k = 0; k < n; k++)
		if (!copy[k])
			copy[k] = '\x01';
	OM_GROW(generated, ngenerated + 1, agenerated);
	generated[ngenerated++] = copy;
	corpus[ncorpus].s = copy;
	corpus[ncorpus++].n = n;
}

static void build_corpus(void)
{
	corpus = om_xcalloc(NELEM(fixed_values) + om_test_nuri_values + om_test_nquad_values + 10, sizeof(*corpus));
	for (size_t i = 0; i < NELEM(fixed_values); i++)
		add_value(fixed_values[i].s, fixed_values[i].n);
	/* The amended URI rules' inputs (support.c). */
	for (size_t i = 0; i < om_test_nuri_values; i++)
		add_value(om_test_uri_values[i].s, om_test_uri_values[i].n);
	/* ip_to_le_int's dotted quads (support.c). */
	for (size_t i = 0; i < om_test_nquad_values; i++)
		add_value(om_test_quad_values[i].s, om_test_quad_values[i].n);
	/* Very long values: the columns are varchar(1000), character(1000) and text. */
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
	free(generated);
	generated = NULL;
	ngenerated = agenerated = 0;
	free(corpus);
	corpus = NULL;
	ncorpus = 0;
}

/* ---- the columns ----------------------------------------------------------- */

struct column {
	const char *name;        /* or any SQL expression on the corpus table */
	const char *decl;        /* its type and collation */
	const char *collation;   /* NULL: the database default; else must exist */
	bool bpchar;             /* character(n): read without trailing spaces */
	bool present;            /* the server has the collation */
};

static struct column columns[] = {
	{ "v", "varchar(1000)", NULL, false, true },
	{ "t", "text", NULL, false, true },
	{ "ch", "char(1000)", NULL, true, true },
	{ "t_c", "text COLLATE \"C\"", "C", false, true },
	{ "v_posix", "varchar(1000) COLLATE \"POSIX\"", "POSIX", false, true },
	{ "t_cutf8", "text COLLATE \"C.utf8\"", "C.utf8", false, true },
	{ "t_en_libc", "text COLLATE \"en_US.utf8\"", "en_US.utf8", false, true },
	{ "t_tr_libc", "text COLLATE \"tr_TR.utf8\"", "tr_TR.utf8", false, true },
	{ "t_und", "text COLLATE \"und-x-icu\"", "und-x-icu", false, true },
	{ "t_tr", "text COLLATE \"tr-TR-x-icu\"", "tr-TR-x-icu", false, true },
	{ "v_en", "varchar(1000) COLLATE \"en-US-x-icu\"", "en-US-x-icu", false, true },
	{ "ch_tr", "char(1000) COLLATE \"tr-TR-x-icu\"", "tr-TR-x-icu", true, true },
	/* Created by the fixture: ICU, case- and accent-insensitive, nondeterministic. */
	{ "t_nd", "text COLLATE nd_ci", "nd_ci", false, true },
	{ "ch_nd", "char(1000) COLLATE nd_ci", "nd_ci", true, true },
};

/*
 * The value as column c gives it as text, in out; false for NULL.  A
 * character(n) value loses its trailing spaces (its padding), as its cast
 * to text and to the 1.2 varchar column do.
 */
static bool column_bytes(const struct column *c, const struct value *v, struct strbuf *out)
{
	size_t n;

	strbuf_reset(out);
	if (!v->s)
		return false;
	n = v->n;
	if (c->bpchar)
		while (n > 0 && v->s[n - 1] == ' ')
			n--;
	strbuf_add(out, v->s, n);
	return true;
}

/* Gateway integers: gw.ip_addr is BIGINT in 1.1; an integer column takes what fits. */
struct gwint {
	long long v;
	bool null;
};

static const struct gwint gw_values[] = {
	{ 16777343, false }, { 167880896, false }, { 4294967295LL, false }, { 1, false }, { 0, false },
	{ -1, false }, { -16777343, false }, { 4294967296LL, false }, { LLONG_MAX, false },
	{ LLONG_MIN, false }, { 255, false }, { 256, false }, { 65536, false }, { 16777216, false },
	{ 2130706433, false }, { INT_MAX, false }, { INT_MIN, false }, { 9999999999LL, false },
	{ 10000000000LL, false }, { 4294967294LL, false }, { 0, true },
};

static bool fits_int(long long v)
{
	return v >= INT_MIN && v <= INT_MAX;
}

/* nonempty and concat: (a, b) in text, character(60) and nondeterministic columns. */
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
	/* U+200B: ignorable, so '' in a nondeterministic collation */
	{ V("\xe2\x80\x8b"), V("sip:e@x") },
	{ V("\t"), V("y") },
	{ V("\n"), V("y") },
	{ V("a  "), V("b  ") },
	{ V(" a"), V(" ") },
	{ V("sip:f@x"), V("  ") },
};

/* The pair columns: a and b of one kind, named PREFIX a / PREFIX b. */
static const struct column pair_text = { "a", "text", NULL, false, true };
static const struct column pair_char = { "ca", "char(60)", NULL, true, true };
static const struct column pair_nd = { "na", "text COLLATE nd_ci", "nd_ci", false, true };

/* cut and length: multi-byte characters, in text and character(20). */
static const struct value mb_values[] = {
	V("müller"), V("日本語テキスト"), V("😀😀x"), V("abc"), V(""), VNULL, V("a  "), V(" é "),
};

/* ---- server ----------------------------------------------------------------- */

static void add_hex(struct strbuf *sb, const char *s, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		strbuf_addch(sb, digits[(unsigned char)s[i] >> 4]);
		strbuf_addch(sb, digits[(unsigned char)s[i] & 15]);
	}
}

static char *run_sql(const char *sql)
{
	return om_test_pg_sql(&server, DB, sql);
}

/* True when line `name` is one of the lines of text. */
static bool has_line(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !memcmp(p, name, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool nd_present;

/*
 * Which collations exist in the database.  nd_ci is created here when
 * the server has ICU (PostgreSQL 12+ for nondeterministic collations).
 */
static void mark_present_collations(void)
{
	char *out = run_sql("SELECT collname FROM pg_collation "
			    "WHERE collencoding IN (-1, pg_char_to_encoding('UTF8')) ORDER BY 1");

	nd_present = has_line(out, "und-x-icu");
	if (nd_present)
		free(run_sql("CREATE COLLATION nd_ci (provider = icu, locale = 'und-u-ks-level1', "
			     "deterministic = false)"));
	for (size_t i = 0; i < NELEM(columns); i++)
		columns[i].present = !columns[i].collation ||
				     (!strcmp(columns[i].collation, "nd_ci") ? nd_present
									     : has_line(out, columns[i].collation));
	free(out);
}

/* An SQL text value with exactly v's bytes (or NULL): hex, no quoting or escaping to get wrong. */
static void add_literal(struct strbuf *q, const struct value *v)
{
	if (!v->s) {
		strbuf_adds(q, "NULL::text");
		return;
	}
	strbuf_adds(q, "convert_from(decode('");
	add_hex(q, v->s, v->n);
	strbuf_adds(q, "', 'hex'), 'UTF8')");
}

static void load_tables(void)
{
	struct strbuf q = STRBUF_INIT;

	strbuf_adds(&q, "CREATE TABLE corpus (id int PRIMARY KEY");
	for (size_t i = 0; i < NELEM(columns); i++)
		if (columns[i].present)
			strbuf_addf(&q, ", %s %s", columns[i].name, columns[i].decl);
	strbuf_adds(&q, ");\nINSERT INTO corpus SELECT id");
	for (size_t i = 0; i < NELEM(columns); i++)
		if (columns[i].present)
			strbuf_adds(&q, ", x");
	strbuf_adds(&q, " FROM (VALUES ");
	for (size_t r = 0; r < ncorpus; r++) {
		strbuf_addf(&q, "%s(%zu, ", r ? ",\n" : "", r);
		add_literal(&q, &corpus[r]);
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ") AS s (id, x);\nCREATE TABLE gw (id int PRIMARY KEY, b bigint, i integer);\n"
		    "INSERT INTO gw VALUES ");
	for (size_t r = 0; r < NELEM(gw_values); r++) {
		const struct gwint *g = &gw_values[r];

		strbuf_addf(&q, "%s(%zu, ", r ? ", " : "", r);
		if (g->null)
			strbuf_adds(&q, "NULL, NULL)");
		else if (g->v == LLONG_MIN)
			/* The literal 9223372036854775808 is numeric, beyond bigint. */
			strbuf_addf(&q, "%lld - 1, NULL)", g->v + 1);
		else if (fits_int(g->v))
			strbuf_addf(&q, "%lld, %lld)", g->v, g->v);
		else
			strbuf_addf(&q, "%lld, NULL)", g->v);
	}
	strbuf_addf(&q, ";\nCREATE TABLE pairs (id int PRIMARY KEY, a text, b text, ca char(60), cb char(60), "
		    "na %s, nb %s);\nINSERT INTO pairs SELECT id, a, b, a, b, a, b FROM (VALUES ",
		    nd_present ? "text COLLATE nd_ci" : "text", nd_present ? "text COLLATE nd_ci" : "text");
	for (size_t r = 0; r < NELEM(pairs); r++) {
		strbuf_addf(&q, "%s(%zu, ", r ? ",\n" : "", r);
		add_literal(&q, &pairs[r].a);
		strbuf_adds(&q, ", ");
		add_literal(&q, &pairs[r].b);
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ") AS s (id, a, b);\nCREATE TABLE mb (id int PRIMARY KEY, u text, ch char(20));\n"
		    "INSERT INTO mb SELECT id, x, x FROM (VALUES ");
	for (size_t r = 0; r < NELEM(mb_values); r++) {
		strbuf_addf(&q, "%s(%zu, ", r ? ", " : "", r);
		add_literal(&q, &mb_values[r]);
		strbuf_addch(&q, ')');
	}
	strbuf_adds(&q, ") AS s (id, x)");
	free(run_sql(q.buf));
	strbuf_release(&q);
}

/*
 * The database "fn": in the C locale, or with a non-C default collation
 * (ICU Turkish, whose case rules for I and i are the classic trap; else a
 * libc UTF-8 locale), so that the columns without COLLATE and the text of
 * integers are in it.
 */
static void create_database(bool non_c)
{
	struct strbuf q = STRBUF_INIT;
	char *out;

	if (!non_c) {
		free(om_test_pg_sql(&server, NULL, "CREATE DATABASE " DB " TEMPLATE template0 ENCODING 'UTF8' "
						   "LC_COLLATE 'C' LC_CTYPE 'C'"));
		strbuf_release(&q);
		return;
	}
	out = om_test_pg_sql(&server, NULL,
			     "SELECT current_setting('server_version_num')::int >= 150000 "
			     "AND EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'tr-TR-x-icu'), "
			     "coalesce((SELECT collcollate FROM pg_collation WHERE collprovider = 'c' "
			     "AND collcollate NOT IN ('C', 'POSIX') AND collencoding = pg_char_to_encoding('UTF8') "
			     "ORDER BY collcollate LIKE 'C.%', 1 LIMIT 1), '')");
	if (!strncmp(out, "t|", 2))
		strbuf_adds(&q, "CREATE DATABASE " DB " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' "
				"LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR'");
	else {
		char *nl = strchr(out, '\n');

		if (nl)
			*nl = '\0';
		ck_assert_msg(strlen(out) > 2, "the server has neither ICU nor a libc UTF-8 locale: %s", out);
		strbuf_addf(&q, "CREATE DATABASE " DB " TEMPLATE template0 ENCODING 'UTF8' LOCALE '%s'", out + 2);
	}
	free(out);
	free(om_test_pg_sql(&server, NULL, q.buf));
	/* Turkish ICU lowers I to dotless ı; a libc locale shows in datcollate. */
	out = run_sql("SELECT lower('I') <> 'i' OR datcollate NOT IN ('C', 'POSIX') FROM pg_database "
		      "WHERE datname = current_database()");
	ck_assert_msg(!strcmp(out, "t\n"), "database " DB " has the C collation: %s", out);
	free(out);
	strbuf_release(&q);
}

static void start(bool non_c)
{
	om_test_pg_start(&server);
	build_corpus();
	create_database(non_c);
	mark_present_collations();
	load_tables();
}

static void server_c(void)
{
	start(false);
}

static void server_non_c(void)
{
	start(true);
}

static void server_stop(void)
{
	om_test_pg_stop(&server);
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
	om_pgsql_fn[fn_index(fname)](sb, args, nargs);
}

static void render1(struct strbuf *sb, const char *fname, const char *arg)
{
	render(sb, fname, &arg, 1);
}

/* The hex of expression e's UTF-8 bytes, or NULL spelled out (hex has no N, U or L). */
static void add_hex_of(struct strbuf *q, const char *e)
{
	strbuf_addf(q, "coalesce(encode(convert_to(%s, 'UTF8'), 'hex'), 'NULL')", e);
}

/* ---- comparing (the C reference is in support.c) ------------------------------- */

/* ip_to_le_int's result is a number: selected as its text, not as hex. */
static bool number_result(const char *fname)
{
	return !strcmp(fname, "ip_to_le_int");
}

/*
 * Compare one result (a field of psql's output) with the expected bytes
 * (hexed when the query selected their hex); `in` names the input, printable.
 */
static void compare(struct om_test_report *r, const char *where, const char *in, const char *got, size_t got_n,
		    const char *want, size_t want_n, bool want_null, bool hexed)
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
			strbuf_addf(&r->text, "\n  %s, input %s: expected ", where, in);
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
 * corpus column), with SQL `prefix` run first, and compare with ref.
 */
static void check_corpus_in(const char *fname, bool invalid, om_ref_fn *ref, const char *prefix,
			    const struct column *const *cols, size_t ncols)
{
	struct strbuf q = STRBUF_INIT, e = STRBUF_INIT, bytes = STRBUF_INIT, want = STRBUF_INIT,
		      where = STRBUF_INIT, in = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;
	bool hexed = !invalid && !number_result(fname);

	strbuf_init(&q);
	strbuf_init(&e);
	strbuf_init(&bytes);
	strbuf_init(&want);
	strbuf_init(&where);
	strbuf_init(&in);
	om_test_report_init(&r);
	if (prefix)
		strbuf_adds(&q, prefix);
	strbuf_adds(&q, "SELECT id");
	for (size_t k = 0; k < ncols; k++) {
		strbuf_reset(&e);
		strbuf_adds(&q, ", ");
		if (invalid) {
			/* ::int: t/f as 1/0; a NULL would show as NULL and fail. */
			strbuf_adds(&q, "coalesce((");
			om_pgsql_invalid(&q, (enum om_fn)fn_index(fname), cols[k]->name);
			strbuf_adds(&q, ")::int::text, 'NULL')");
		} else if (!hexed) {
			render1(&e, fname, cols[k]->name);
			strbuf_addf(&q, "coalesce((%s)::text, 'NULL')", e.buf);
		} else {
			render1(&e, fname, cols[k]->name);
			add_hex_of(&q, e.buf);
		}
	}
	strbuf_adds(&q, " FROM corpus ORDER BY id");
	out = run_sql(q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const char *f;
		size_t flen;
		unsigned long id;

		end = strchr(p, '\n');
		ck_assert_msg(end != NULL, "unterminated output line: %s", p);
		id = strtoul(p, NULL, 10);
		ck_assert_msg(id == rows && id < ncorpus, "row %zu missing from the output: %.200s", rows, p);
		for (size_t k = 0; k < ncols; k++) {
			const struct column *c = cols[k];
			bool null = !column_bytes(c, &corpus[id], &bytes);
			bool want_null;

			ck_assert_msg(om_test_field(p, end, k + 1, '|', &f, &flen),
				      "short output line: %.*s", (int)(end - p), p);
			strbuf_reset(&want);
			want_null = !ref(bytes.buf, bytes.len, null, &want);
			strbuf_reset(&where);
			strbuf_addf(&where, "%s%s(%s %s)", invalid ? "invalid " : "", fname, c->name, c->decl);
			strbuf_reset(&in);
			om_test_add_printable(&in, bytes.buf, bytes.len, null);
			compare(&r, where.buf, in.buf, f, flen, want.buf, want.len, want_null, hexed);
		}
	}
	ck_assert_uint_eq(rows, ncorpus);
	free(out);
	strbuf_reset(&where);
	strbuf_addf(&where, "%s%s on %zu values x %zu columns", invalid ? "invalid " : "", fname, ncorpus, ncols);
	om_test_report_finish(&r, where.buf);
	strbuf_release(&q);
	strbuf_release(&e);
	strbuf_release(&bytes);
	strbuf_release(&want);
	strbuf_release(&where);
	strbuf_release(&in);
}

/* The same in every corpus column the server could create. */
static void check_corpus(const char *fname, bool invalid, om_ref_fn *ref, const char *prefix)
{
	const struct column *cols[NELEM(columns)];
	size_t ncols = 0;

	for (size_t i = 0; i < NELEM(columns); i++)
		if (columns[i].present)
			cols[ncols++] = &columns[i];
	check_corpus_in(fname, invalid, ref, prefix, cols, ncols);
}

/* The same on the gateway integers, in a bigint and an integer column. */
static void check_gw_ints(bool invalid)
{
	static const char *const cols[] = { "b", "i" };
	struct strbuf q = STRBUF_INIT, e = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;
	int fn = fn_index("ip_from_le_int");

	om_test_report_init(&r);
	strbuf_adds(&q, "SELECT id");
	for (size_t i = 0; i < NELEM(cols); i++) {
		strbuf_reset(&e);
		if (invalid)
			om_pgsql_invalid(&e, (enum om_fn)fn, cols[i]);
		else
			om_pgsql_fn[fn](&e, &cols[i], 1);
		strbuf_addf(&q, ", coalesce((%s)::%s, 'NULL')", e.buf, invalid ? "int::text" : "text");
	}
	strbuf_adds(&q, " FROM gw ORDER BY id");
	out = run_sql(q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const struct gwint *g = &gw_values[rows];

		end = strchr(p, '\n');
		ck_assert(end != NULL);
		ck_assert_uint_eq(strtoul(p, NULL, 10), rows);
		for (size_t i = 0; i < NELEM(cols); i++) {
			bool null = g->null || (i == 1 && !fits_int(g->v));
			char quad[16], in[32], want[16], where[64];
			const char *f;
			size_t flen;
			int rc = om_ip_from_le_int(null ? 0 : g->v, quad);

			ck_assert(om_test_field(p, end, i + 1, '|', &f, &flen));
			if (null)
				snprintf(in, sizeof(in), "NULL");
			else
				snprintf(in, sizeof(in), "%lld", g->v);
			snprintf(want, sizeof(want), "%s", invalid ? (rc ? "1" : "0") : quad);
			snprintf(where, sizeof(where), "%sip_from_le_int(%s)", invalid ? "invalid " : "",
				 i ? "integer" : "bigint");
			compare(&r, where, in, f, flen, want, strlen(want), false, false);
		}
	}
	ck_assert_uint_eq(rows, NELEM(gw_values));
	free(out);
	om_test_report_finish(&r, invalid ? "invalid ip_from_le_int on integers" : "ip_from_le_int on integers");
	strbuf_release(&q);
	strbuf_release(&e);
}

/* ---- tests: the corpus against sipfn ------------------------------------------------ */

START_TEST(uri_user_matches_sipfn_on_every_value)
{
	check_corpus("uri_user", false, om_ref_uri_user, NULL);
}
END_TEST

START_TEST(uri_host_matches_sipfn_on_every_value)
{
	check_corpus("uri_host", false, om_ref_uri_host, NULL);
}
END_TEST

START_TEST(status_code_matches_sipfn_on_every_value)
{
	check_corpus("status_code", false, om_ref_status_code, NULL);
}
END_TEST

START_TEST(status_reason_matches_sipfn_on_every_value)
{
	check_corpus("status_reason", false, om_ref_status_reason, NULL);
}
END_TEST

START_TEST(ip_from_text_matches_sipfn_on_every_value)
{
	check_corpus("ip_from_le_int", false, om_ref_ip_text, NULL);
}
END_TEST

START_TEST(invalid_ip_text_is_exactly_what_sipfn_rejects)
{
	check_corpus("ip_from_le_int", true, om_ref_ip_text_invalid, NULL);
}
END_TEST

START_TEST(invalid_uri_is_exactly_what_sipfn_cannot_parse)
{
	check_corpus("uri_user", true, om_ref_uri_unparsable, NULL);
	check_corpus("uri_host", true, om_ref_uri_unparsable, NULL);
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

START_TEST(md5_is_om_md5_hex_of_the_text_bytes)
{
	check_corpus("md5", false, om_ref_md5, NULL);
}
END_TEST

START_TEST(ip_to_le_int_matches_sipfn_on_every_value)
{
	check_corpus("ip_to_le_int", false, om_ref_ip_to_le_int, NULL);
}
END_TEST

START_TEST(invalid_quad_is_exactly_what_sipfn_refuses)
{
	check_corpus("ip_to_le_int", true, om_ref_ip_to_le_int_invalid, NULL);
}
END_TEST

/*
 * Round trips: ip_to_le_int(ip_from_le_int(v)) is v for every gateway
 * integer ip_from_le_int takes (NULL for the others: their 0.0.0.0 is
 * refused), and ip_from_le_int(ip_to_le_int(x)) is x for every valid quad
 * of the corpus, in each column (a character(n) one without its padding).
 */
START_TEST(quads_and_integers_come_back_through_both_functions)
{
	static const char *const gwcols[] = { "b", "i" };
	struct strbuf q = STRBUF_INIT, inner = STRBUF_INIT;
	struct column cols[NELEM(columns)];
	const struct column *pcols[NELEM(columns)];
	size_t ncols = 0;
	char *out;
	const char *p, *end;
	size_t rows = 0;

	strbuf_adds(&q, "SELECT id");
	for (size_t i = 0; i < NELEM(gwcols); i++) {
		strbuf_reset(&inner);
		render1(&inner, "ip_from_le_int", gwcols[i]);
		strbuf_adds(&q, ", coalesce((");
		render1(&q, "ip_to_le_int", inner.buf);
		strbuf_adds(&q, ")::text, 'NULL')");
	}
	strbuf_adds(&q, " FROM gw ORDER BY id");
	out = run_sql(q.buf);
	for (p = out; *p; p = end + 1, rows++) {
		const struct gwint *g = &gw_values[rows];
		char want[32];

		end = strchr(p, '\n');
		ck_assert(end != NULL);
		for (size_t i = 0; i < NELEM(gwcols); i++) {
			bool valid = !g->null && (i == 0 || fits_int(g->v)) && g->v >= 1 && g->v <= 4294967295LL;
			const char *f;
			size_t flen;

			ck_assert(om_test_field(p, end, i + 1, '|', &f, &flen));
			snprintf(want, sizeof(want), valid ? "%lld" : "NULL", g->v);
			ck_assert_msg(flen == strlen(want) && !memcmp(f, want, flen), "ip_to_le_int(ip_from_le_int(%s)) "
				      "of %lld: %.*s, not %s", gwcols[i], g->v, (int)flen, f, want);
		}
	}
	ck_assert_uint_eq(rows, NELEM(gw_values));
	free(out);
	/* The other way: the corpus columns as ip_to_le_int's argument. */
	for (size_t i = 0; i < NELEM(columns); i++) {
		if (!columns[i].present)
			continue;
		cols[ncols] = columns[i];
		strbuf_reset(&inner);
		render1(&inner, "ip_to_le_int", columns[i].name);
		cols[ncols].name = strbuf_detach(&inner);
		pcols[ncols] = &cols[ncols];
		ncols++;
	}
	check_corpus_in("ip_from_le_int", false, om_ref_ip_round_trip, NULL, pcols, ncols);
	for (size_t i = 0; i < ncols; i++)
		free((char *)cols[i].name);
	strbuf_release(&q);
}
END_TEST

/*
 * The integers of the valid quads go into 1.1's column (bigint NOT NULL
 * CHECK (ip_addr > 0)): the pre-check keeps the others out.
 */
START_TEST(quad_integers_go_into_the_1_1_column)
{
	struct strbuf q = STRBUF_INIT, want = STRBUF_INIT, bytes = STRBUF_INIT;
	const struct column *c = &columns[2];
	long long sum = 0, n = 0;
	char *out;

	ck_assert(c->bpchar);
	for (size_t r = 0; r < ncorpus; r++) {
		long long x;

		if (column_bytes(c, &corpus[r], &bytes) && !om_ip_to_le_int(bytes.buf, bytes.len, &x)) {
			sum += x;
			n++;
		}
	}
	ck_assert_int_gt(n, 10);
	strbuf_adds(&q, "CREATE TEMP TABLE gw11 (ip_addr bigint NOT NULL CHECK (ip_addr > 0));\n"
		    "INSERT INTO gw11 SELECT ");
	render1(&q, "ip_to_le_int", c->name);
	strbuf_adds(&q, " FROM corpus WHERE NOT ");
	om_pgsql_invalid(&q, (enum om_fn)fn_index("ip_to_le_int"), c->name);
	strbuf_adds(&q, ";\nSELECT count(*), sum(ip_addr), min(ip_addr), max(ip_addr) FROM gw11");
	out = run_sql(q.buf);
	strbuf_addf(&want, "%lld|%lld|1|4294967295\n", n, sum);
	ck_assert_str_eq(out, want.buf);
	free(out);
	strbuf_release(&q);
	strbuf_release(&want);
	strbuf_release(&bytes);
}
END_TEST

/*
 * standard_conforming_strings off turns a backslash in an ordinary
 * literal into an escape (and escape_string_warning into a WARNING,
 * which would break the output): the results stay the reference's.
 */
START_TEST(results_ignore_standard_conforming_strings)
{
	static const char prefix[] = "SET standard_conforming_strings = off;\nSET escape_string_warning = on;\n";

	check_corpus("uri_user", false, om_ref_uri_user, prefix);
	check_corpus("uri_host", false, om_ref_uri_host, prefix);
	check_corpus("status_code", false, om_ref_status_code, prefix);
	check_corpus("status_reason", false, om_ref_status_reason, prefix);
	check_corpus("ip_from_le_int", false, om_ref_ip_text, prefix);
	check_corpus("ip_from_le_int", true, om_ref_ip_text_invalid, prefix);
	check_corpus("uri_user", true, om_ref_uri_unparsable, prefix);
	check_corpus("ip_to_le_int", false, om_ref_ip_to_le_int, prefix);
	check_corpus("ip_to_le_int", true, om_ref_ip_to_le_int_invalid, prefix);
}
END_TEST

/*
 * Every collation the server knows for UTF-8 (libc and ICU: hundreds),
 * put on the text column with COLLATE: the results are the reference's
 * in all of them, and an explicit collation on the argument clashes with
 * nothing.
 */
START_TEST(every_collation_of_the_server_gives_the_reference)
{
	char *out = run_sql("SELECT quote_ident(collname) FROM pg_collation "
			    "WHERE collencoding IN (-1, pg_char_to_encoding('UTF8')) ORDER BY 1");
	struct column *all = NULL;
	const struct column **cols = NULL;
	size_t n = 0, alloc = 0;

	for (char *p = out, *end; *p; p = end + 1) {
		struct strbuf name = STRBUF_INIT;

		end = strchr(p, '\n');
		ck_assert(end != NULL);
		*end = '\0';
		OM_GROW(all, n + 1, alloc);
		strbuf_addf(&name, "(t COLLATE %s)", p);
		all[n].name = strbuf_detach(&name);
		all[n].decl = "text";
		all[n].collation = p;
		all[n].bpchar = false;
		all[n++].present = true;
	}
	ck_assert_uint_gt(n, 3);
	cols = om_xcalloc(n, sizeof(*cols));
	for (size_t i = 0; i < n; i++)
		cols[i] = &all[i];
	check_corpus_in("uri_user", false, om_ref_uri_user, NULL, cols, n);
	check_corpus_in("uri_host", false, om_ref_uri_host, NULL, cols, n);
	check_corpus_in("status_code", false, om_ref_status_code, NULL, cols, n);
	check_corpus_in("status_reason", false, om_ref_status_reason, NULL, cols, n);
	check_corpus_in("ip_from_le_int", false, om_ref_ip_text, NULL, cols, n);
	check_corpus_in("ip_from_le_int", true, om_ref_ip_text_invalid, NULL, cols, n);
	check_corpus_in("uri_host", true, om_ref_uri_unparsable, NULL, cols, n);
	check_corpus_in("md5", false, om_ref_md5, NULL, cols, n);
	check_corpus_in("ip_to_le_int", false, om_ref_ip_to_le_int, NULL, cols, n);
	check_corpus_in("ip_to_le_int", true, om_ref_ip_to_le_int_invalid, NULL, cols, n);
	for (size_t i = 0; i < n; i++)
		free((char *)all[i].name);
	free(all);
	free(cols);
	free(out);
}
END_TEST

/*
 * The results (collation "C", explicitly) go into columns of other
 * collations, nondeterministic included, and compare with them, without
 * a collation error.
 */
START_TEST(results_go_into_and_compare_with_columns_of_any_collation)
{
	struct strbuf q = STRBUF_INIT, e = STRBUF_INIT;
	const char *last = nd_present ? "t_nd" : "t";
	char *out;

	strbuf_addf(&q, "CREATE TEMP TABLE sink (h varchar(1000), r text COLLATE \"POSIX\", u %s);\n"
		    "INSERT INTO sink SELECT ", nd_present ? "text COLLATE nd_ci" : "text");
	render1(&q, "uri_host", "t");
	strbuf_adds(&q, ", ");
	render1(&q, "status_reason", "t_c");
	strbuf_adds(&q, ", ");
	render1(&q, "uri_user", last);
	strbuf_adds(&q, " FROM corpus;\nSELECT count(*) FROM corpus WHERE ");
	render1(&e, "uri_user", "t");
	strbuf_addf(&q, "%s = %s OR %s = v_posix", e.buf, last, e.buf);
	strbuf_adds(&q, ";\nSELECT count(*) = (SELECT count(*) FROM corpus) FROM sink");
	out = run_sql(q.buf);
	/* Values whose user is the whole value: "", "a b", "sip" (and NULLs), counted by the reference. */
	{
		struct strbuf user = STRBUF_INIT, want = STRBUF_INIT;
		size_t same = 0;

		for (size_t i = 0; i < ncorpus; i++) {
			if (!corpus[i].s)
				continue;
			strbuf_reset(&user);
			om_ref_uri_user(corpus[i].s, corpus[i].n, false, &user);
			same += user.len == corpus[i].n && !memcmp(user.buf, corpus[i].s, user.len);
		}
		strbuf_addf(&want, "%zu\nt\n", same);
		ck_assert_str_eq(out, want.buf);
		strbuf_release(&user);
		strbuf_release(&want);
	}
	free(out);
	strbuf_release(&q);
	strbuf_release(&e);
}
END_TEST

/* ---- tests: nonempty, concat, nesting ------------------------------------------------ */

/* The bytes of v as column c gives them, appended to out; false for NULL. */
static bool append_bytes(const struct column *c, const struct value *v, struct strbuf *out)
{
	struct strbuf b = STRBUF_INIT;
	bool ok;

	ok = column_bytes(c, v, &b);
	strbuf_add(out, b.buf, b.len);
	strbuf_release(&b);
	return ok;
}

/*
 * The expected result of expression k for pair p, in out; false for NULL.
 */
typedef bool pair_ref(const struct pair *p, size_t k, struct strbuf *out);

static void check_pairs(const char *what, const char *const *labels, const char *const *exprs, size_t nexprs,
			pair_ref *ref)
{
	struct strbuf q = STRBUF_INIT, want = STRBUF_INIT, in = STRBUF_INIT;
	struct om_test_report r;
	char *out;
	const char *p, *end;
	size_t rows = 0;

	om_test_report_init(&r);
	strbuf_adds(&q, "SELECT id");
	for (size_t k = 0; k < nexprs; k++) {
		strbuf_adds(&q, ", ");
		add_hex_of(&q, exprs[k]);
	}
	strbuf_adds(&q, " FROM pairs ORDER BY id");
	out = run_sql(q.buf);
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

			ck_assert(om_test_field(p, end, k + 1, '|', &f, &flen));
			strbuf_reset(&want);
			want_null = !ref(pr, k, &want);
			compare(&r, labels[k], in.buf, f, flen, want.buf, want.len, want_null, true);
		}
	}
	ck_assert_uint_eq(rows, NELEM(pairs));
	free(out);
	om_test_report_finish(&r, what);
	strbuf_release(&q);
	strbuf_release(&want);
	strbuf_release(&in);
}

/* Rendered expressions k = 0.. of fname with the given argument lists. */
struct rendered {
	struct strbuf e[8], l[8];
	const char *exprs[8], *labels[8];
	size_t n;
};

static void render_list(struct rendered *rd, const char *fname, const char *const (*args)[3],
			const size_t *nargs, size_t n)
{
	ck_assert_uint_le(n, NELEM(rd->e));
	rd->n = n;
	for (size_t k = 0; k < n; k++) {
		strbuf_init(&rd->e[k]);
		render(&rd->e[k], fname, args[k], nargs[k]);
		rd->exprs[k] = rd->e[k].buf;
		strbuf_init(&rd->l[k]);
		strbuf_addf(&rd->l[k], "%s(", fname);
		for (size_t i = 0; i < nargs[k]; i++)
			strbuf_addf(&rd->l[k], "%s%s", i ? ", " : "", args[k][i]);
		strbuf_addch(&rd->l[k], ')');
		rd->labels[k] = rd->l[k].buf;
	}
}

static void release_list(struct rendered *rd)
{
	for (size_t k = 0; k < rd->n; k++) {
		strbuf_release(&rd->e[k]);
		strbuf_release(&rd->l[k]);
	}
}

/* The pair columns of nonempty #k and concat #k: text, character(60), nondeterministic, mixed. */
static const struct column *pair_col_a(size_t k)
{
	return k == 1 ? &pair_char : k == 2 ? &pair_nd : &pair_text;
}

static const struct column *pair_col_b(size_t k)
{
	return k == 1 || k == 3 ? &pair_char : k == 2 ? &pair_nd : &pair_text;
}

static const struct value *nonempty_of(const struct column *ca, const struct pair *p)
{
	struct strbuf b = STRBUF_INIT;
	bool nonempty;

	nonempty = column_bytes(ca, &p->a, &b) && b.len > 0;
	strbuf_release(&b);
	return nonempty ? &p->a : &p->b;
}

/* #4: explicitly collated a and b, as text. */
static bool ref_nonempty(const struct pair *p, size_t k, struct strbuf *out)
{
	const struct column *ca = k == 4 ? &pair_text : pair_col_a(k), *cb = k == 4 ? &pair_text : pair_col_b(k);
	const struct value *v = nonempty_of(ca, p);

	return append_bytes(v == &p->a ? ca : cb, v, out);
}

START_TEST(nonempty_takes_a_unless_null_or_empty)
{
	static const char *const args[][3] = {
		{ "a", "b", NULL }, { "ca", "cb", NULL }, { "na", "nb", NULL }, { "a", "cb", NULL },
		{ "(a COLLATE \"POSIX\")", "(b COLLATE \"C\")", NULL },
	};
	static const size_t nargs[] = { 2, 2, 2, 2, 2 };
	struct rendered rd;

	render_list(&rd, "nonempty", args, nargs, NELEM(args));
	check_pairs("nonempty", rd.labels, rd.exprs, rd.n, ref_nonempty);
	release_list(&rd);
}
END_TEST

/* #0-#3 as nonempty's columns; #4 (a, '-', b) explicitly collated; #5 (id, ':', a); #6 (a). */
static bool ref_concat(const struct pair *p, size_t k, struct strbuf *out)
{
	if (k == 6)
		return append_bytes(&pair_text, &p->a, out);
	if (!p->a.s || (k != 5 && !p->b.s))
		return false;
	if (k == 5) {
		strbuf_addf(out, "%zu:", (size_t)(p - pairs));
		return append_bytes(&pair_text, &p->a, out);
	}
	append_bytes(k == 4 ? &pair_text : pair_col_a(k), &p->a, out);
	if (k == 4)
		strbuf_addch(out, '-');
	append_bytes(k == 4 ? &pair_text : pair_col_b(k), &p->b, out);
	return true;
}

START_TEST(concat_joins_values_and_is_null_when_one_is)
{
	static const char *const args[][3] = {
		{ "a", "b", NULL }, { "ca", "cb", NULL }, { "na", "nb", NULL }, { "a", "cb", NULL },
		{ "(a COLLATE \"POSIX\")", "'-'", "(b COLLATE \"C\")" }, { "id", "':'", "a" }, { "a", NULL, NULL },
	};
	static const size_t nargs[] = { 2, 2, 2, 2, 3, 3, 1 };
	struct rendered rd;

	render_list(&rd, "concat", args, nargs, NELEM(args));
	check_pairs("concat", rd.labels, rd.exprs, rd.n, ref_concat);
	release_list(&rd);
}
END_TEST

/* #0 uri_user(nonempty(a, b)), #1 uri_host(nonempty(ca, cb)), #2 status_reason(nonempty(na, nb)). */
static bool ref_nested(const struct pair *p, size_t k, struct strbuf *out)
{
	static om_ref_fn *const outer[] = { om_ref_uri_user, om_ref_uri_host, om_ref_status_reason };
	struct strbuf b = STRBUF_INIT;
	bool null;

	null = !ref_nonempty(p, k, &b);
	outer[k](b.buf, b.len, null, out);
	strbuf_release(&b);
	return true;
}

START_TEST(functions_of_nonempty_use_the_chosen_value)
{
	static const char *const fns[] = { "uri_user", "uri_host", "status_reason" };
	static const char *const args[][2] = { { "a", "b" }, { "ca", "cb" }, { "na", "nb" } };
	static const char *const labels[] = { "uri_user(nonempty(a, b))", "uri_host(nonempty(ca, cb))",
					      "status_reason(nonempty(na, nb))" };
	struct strbuf inner = STRBUF_INIT, e[3];
	const char *exprs[3];

	for (size_t k = 0; k < 3; k++) {
		strbuf_reset(&inner);
		render(&inner, "nonempty", args[k], 2);
		strbuf_init(&e[k]);
		render1(&e[k], fns[k], inner.buf);
		exprs[k] = e[k].buf;
	}
	check_pairs("functions of nonempty", labels, exprs, 3, ref_nested);
	strbuf_release(&inner);
	for (size_t k = 0; k < 3; k++)
		strbuf_release(&e[k]);
}
END_TEST

/* ---- tests: literal arguments, cut and length -------------------------------------------- */

/* Literals and NULL as arguments: each rendering types them itself. */
START_TEST(literal_and_null_arguments_work)
{
	static const struct {
		const char *fn, *a, *b, *want;
	} cases[] = {
		{ "uri_user", "'sip:alice:pw@example.com:5060'", NULL, "alice" },
		{ "uri_host", "'SIP:Bob@[::1]:5060'", NULL, "[::1]" },
		{ "uri_user", "NULL", NULL, "" },
		{ "uri_host", "NULL", NULL, "" },
		{ "uri_user", "'\"Bob\" <sip:bob@example.org>;tag=1'", NULL, "bob" },
		{ "uri_host", "'<tel:+4930123>'", NULL, "" },
		{ "uri_user", "'sip:+49;npdi@gw;user=phone'", NULL, "+49" },
		{ "status_code", "'486 Busy'", NULL, "486" },
		{ "status_reason", "NULL", NULL, "" },
		{ "ip_from_le_int", "16777343", NULL, "127.0.0.1" },
		{ "ip_from_le_int", "' 16777343\t'", NULL, "127.0.0.1" },
		{ "ip_from_le_int", "NULL", NULL, "0.0.0.0" },
		{ "nonempty", "NULL", "'x'", "x" },
		{ "nonempty", "''", "NULL", "NULL" },
		{ "nonempty", "NULL", "NULL", "NULL" },
		{ "concat", "'a'", "NULL", "NULL" },
		{ "concat", "1", "2", "12" },
		{ "md5", "'abc'", NULL, "900150983cd24fb0d6963f7d28e17f72" },
		{ "md5", "NULL", NULL, "NULL" },
		{ "ip_to_le_int", "'1.2.3.4'", NULL, "67305985" },
		{ "ip_to_le_int", "'255.255.255.255'::varchar(15)", NULL, "4294967295" },
		{ "ip_to_le_int", "'0.0.0.1'::char(15)", NULL, "16777216" },
		{ "ip_to_le_int", "'0.0.0.0'", NULL, "NULL" },
		{ "ip_to_le_int", "NULL", NULL, "NULL" },
	};
	struct strbuf q = STRBUF_INIT, want = STRBUF_INIT;
	char *out;

	strbuf_adds(&q, "SELECT ");
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *args[2] = { cases[i].a, cases[i].b };

		/* ::text: ip_to_le_int's bigint too. */
		strbuf_adds(&q, "coalesce((");
		render(&q, cases[i].fn, args, cases[i].b ? 2 : 1);
		strbuf_adds(&q, ")::text, 'NULL'), ");
		strbuf_addf(&want, "%s|", cases[i].want);
	}
	strbuf_adds(&q, "coalesce((");
	om_pgsql_invalid(&q, (enum om_fn)fn_index("ip_from_le_int"), "NULL");
	strbuf_adds(&q, ")::text, 'NULL'), (");
	om_pgsql_invalid(&q, (enum om_fn)fn_index("ip_from_le_int"), "'4294967295'");
	strbuf_adds(&q, ")::text, coalesce((");
	/* A NULL URI is absent, not unparsable. */
	om_pgsql_invalid(&q, (enum om_fn)fn_index("uri_user"), "NULL");
	strbuf_adds(&q, ")::text, 'NULL'), (");
	om_pgsql_invalid(&q, (enum om_fn)fn_index("uri_host"), "'<sip:@>'");
	strbuf_adds(&q, ")::text, coalesce((");
	/* A NULL quad is invalid: 1.1's column is NOT NULL. */
	om_pgsql_invalid(&q, (enum om_fn)fn_index("ip_to_le_int"), "NULL");
	strbuf_adds(&q, ")::text, 'NULL'), (");
	om_pgsql_invalid(&q, (enum om_fn)fn_index("ip_to_le_int"), "'1.2.3.4'");
	strbuf_adds(&q, ")::text");
	strbuf_adds(&want, "true|false|false|true|true|false\n");
	out = run_sql(q.buf);
	ck_assert_str_eq(out, want.buf);
	free(out);
	strbuf_release(&q);
	strbuf_release(&want);
}
END_TEST

/* Run add(col) for the mb table's text and character(20) columns; psql's output. */
static char *mb_query(void (*add)(struct strbuf *sb, const char *col))
{
	struct strbuf q = STRBUF_INIT;
	char *out;

	strbuf_adds(&q, "SELECT id, coalesce((");
	add(&q, "u");
	strbuf_adds(&q, ")::text, 'NULL'), coalesce((");
	add(&q, "ch");
	strbuf_adds(&q, ")::text, 'NULL') FROM mb ORDER BY id");
	out = run_sql(q.buf);
	strbuf_release(&q);
	return out;
}

static void add_cut2(struct strbuf *sb, const char *col)
{
	om_pgsql_cut(sb, col, 2);
}

static void add_length(struct strbuf *sb, const char *col)
{
	om_pgsql_length(sb, col);
}

START_TEST(cut_keeps_characters_not_bytes)
{
	char *out = mb_query(add_cut2);

	/* character(20) loses its padding: "a  " is "a". */
	ck_assert_str_eq(out,
			 "0|mü|mü\n"
			 "1|日本|日本\n"
			 "2|😀😀|😀😀\n"
			 "3|ab|ab\n"
			 "4||\n"
			 "5|NULL|NULL\n"
			 "6|a |a\n"
			 "7| é| é\n");
	free(out);
}
END_TEST

START_TEST(length_counts_characters_not_bytes)
{
	char *out = mb_query(add_length);

	ck_assert_str_eq(out,
			 "0|6|6\n"
			 "1|7|7\n"
			 "2|3|3\n"
			 "3|3|3\n"
			 "4|0|0\n"
			 "5|NULL|NULL\n"
			 "6|3|1\n"
			 "7|3|2\n");
	free(out);
}
END_TEST

/* ---- tests: the rendered text (no server) ------------------------------------------------ */

static const char *const three_args[] = { "ARG_A", "ARG_B", "ARG_C" };

/* Every function rendered with arguments ARG_A, ARG_B, ARG_C (as many as it takes). */
static void render_all(struct strbuf *sb, int fn)
{
	int n = om_functions[fn].max_args < 0 ? 3 : om_functions[fn].max_args;

	strbuf_reset(sb);
	om_pgsql_fn[fn](sb, three_args, (size_t)n);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * A backslash only inside E'...' (whose meaning standard_conforming_strings
 * does not change); no control characters; never the concat() function,
 * which skips NULLs.
 */
static void check_text(const char *what, const char *sql)
{
	bool in_lit = false, e_lit = false;

	for (size_t i = 0; sql[i]; i++) {
		unsigned char c = (unsigned char)sql[i];

		ck_assert_msg(c >= 0x20 && c < 0x7f, "%s: byte 0x%02x at %zu of %s", what, c, i, sql);
		if (!in_lit && c == '\'') {
			in_lit = true;
			e_lit = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
		} else if (in_lit && c == '\\') {
			ck_assert_msg(e_lit, "%s: backslash in an ordinary literal at %zu of %s", what, i, sql);
			i++;
		} else if (in_lit && c == '\'') {
			if (sql[i + 1] == '\'')
				i++;
			else
				in_lit = false;
		} else
			ck_assert_msg(in_lit || c != '\\', "%s: backslash at %zu of %s", what, i, sql);
	}
	ck_assert_msg(!in_lit, "%s: unterminated literal in %s", what, sql);
	ck_assert_msg(!strstr(sql, "concat(") && !strstr(sql, "CONCAT("), "%s uses concat(): %s", what, sql);
}

START_TEST(rendered_sql_has_backslashes_only_in_e_strings_and_no_concat_function)
{
	struct strbuf sb = STRBUF_INIT;

	for (int fn = 0; fn < OM_NFUNCTIONS; fn++) {
		render_all(&sb, fn);
		check_text(om_functions[fn].name, sb.buf);
		strbuf_reset(&sb);
		om_pgsql_invalid(&sb, (enum om_fn)fn, "ARG_A");
		check_text(om_functions[fn].name, sb.buf);
	}
	strbuf_release(&sb);
}
END_TEST

START_TEST(invalid_of_a_function_without_rejections_is_false)
{
	struct strbuf sb = STRBUF_INIT;

	om_pgsql_invalid(&sb, (enum om_fn)fn_index("status_reason"), "ARG_A");
	ck_assert_str_eq(sb.buf, "false");
	strbuf_release(&sb);
}
END_TEST

START_TEST(cut_and_length_are_left_and_char_length)
{
	struct strbuf sb = STRBUF_INIT;

	om_pgsql_cut(&sb, "ARG_A", 64);
	ck_assert_str_eq(sb.buf, "left(ARG_A, 64)");
	strbuf_reset(&sb);
	om_pgsql_length(&sb, "ARG_A");
	ck_assert_str_eq(sb.buf, "char_length(ARG_A)");
	strbuf_release(&sb);
}
END_TEST

/* How often each rendering repeats its argument: the cost of nesting. */
START_TEST(arguments_are_repeated_at_most_as_designed)
{
	static const struct {
		const char *fn;
		size_t a, b, c;
	} limits[] = {
		/* The URI functions bind the URI in a subquery: twice, to find it. */
		{ "uri_user", 2, 0, 0 }, { "uri_host", 2, 0, 0 }, { "status_code", 2, 0, 0 },
		{ "status_reason", 1, 0, 0 }, { "ip_from_le_int", 1, 0, 0 }, { "nonempty", 1, 1, 0 },
		{ "concat", 1, 1, 1 }, { "md5", 1, 0, 0 }, { "ip_to_le_int", 1, 0, 0 },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < NELEM(limits); i++) {
		render_all(&sb, fn_index(limits[i].fn));
		ck_assert_msg(count(sb.buf, "ARG_A") == limits[i].a && count(sb.buf, "ARG_B") == limits[i].b &&
				      count(sb.buf, "ARG_C") == limits[i].c,
			      "%s repeats ARG_A %zu, ARG_B %zu and ARG_C %zu times: %s", limits[i].fn,
			      count(sb.buf, "ARG_A"), count(sb.buf, "ARG_B"), count(sb.buf, "ARG_C"), sb.buf);
	}
	strbuf_reset(&sb);
	om_pgsql_invalid(&sb, (enum om_fn)fn_index("ip_from_le_int"), "ARG_A");
	ck_assert_uint_eq(count(sb.buf, "ARG_A"), 1);
	strbuf_reset(&sb);
	om_pgsql_invalid(&sb, (enum om_fn)fn_index("ip_to_le_int"), "ARG_A");
	ck_assert_uint_eq(count(sb.buf, "ARG_A"), 1);
	strbuf_reset(&sb);
	om_pgsql_invalid(&sb, (enum om_fn)fn_index("uri_user"), "ARG_A");
	ck_assert_uint_eq(count(sb.buf, "ARG_A"), 2);
	strbuf_release(&sb);
}
END_TEST

/* ---- suite ------------------------------------------------------------------------------ */

static void add_server_tests(TCase *tc)
{
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, uri_user_matches_sipfn_on_every_value);
	tcase_add_test(tc, uri_host_matches_sipfn_on_every_value);
	tcase_add_test(tc, status_code_matches_sipfn_on_every_value);
	tcase_add_test(tc, status_reason_matches_sipfn_on_every_value);
	tcase_add_test(tc, ip_from_text_matches_sipfn_on_every_value);
	tcase_add_test(tc, invalid_ip_text_is_exactly_what_sipfn_rejects);
	tcase_add_test(tc, invalid_uri_is_exactly_what_sipfn_cannot_parse);
	tcase_add_test(tc, ip_from_integer_columns_matches_sipfn);
	tcase_add_test(tc, invalid_ip_integer_is_exactly_what_sipfn_rejects);
	tcase_add_test(tc, md5_is_om_md5_hex_of_the_text_bytes);
	tcase_add_test(tc, ip_to_le_int_matches_sipfn_on_every_value);
	tcase_add_test(tc, invalid_quad_is_exactly_what_sipfn_refuses);
	tcase_add_test(tc, quads_and_integers_come_back_through_both_functions);
	tcase_add_test(tc, quad_integers_go_into_the_1_1_column);
	tcase_add_test(tc, results_ignore_standard_conforming_strings);
	tcase_add_test(tc, results_go_into_and_compare_with_columns_of_any_collation);
	tcase_add_test(tc, nonempty_takes_a_unless_null_or_empty);
	tcase_add_test(tc, concat_joins_values_and_is_null_when_one_is);
	tcase_add_test(tc, functions_of_nonempty_use_the_chosen_value);
	tcase_add_test(tc, literal_and_null_arguments_work);
	tcase_add_test(tc, cut_keeps_characters_not_bytes);
	tcase_add_test(tc, length_counts_characters_not_bytes);
}

static Suite *pgsql_fn_suite(void)
{
	Suite *s = suite_create("pgsql_fn");
	TCase *tc;

	tc = tcase_create("rendering");
	tcase_add_test(tc, rendered_sql_has_backslashes_only_in_e_strings_and_no_concat_function);
	tcase_add_test(tc, invalid_of_a_function_without_rejections_is_false);
	tcase_add_test(tc, cut_and_length_are_left_and_char_length);
	tcase_add_test(tc, arguments_are_repeated_at_most_as_designed);
	suite_add_tcase(s, tc);

	tc = tcase_create("C database");
	tcase_add_unchecked_fixture(tc, server_c, server_stop);
	add_server_tests(tc);
	suite_add_tcase(s, tc);

	tc = tcase_create("non-C database");
	tcase_add_unchecked_fixture(tc, server_non_c, server_stop);
	add_server_tests(tc);
	/*
	 * Once, in the non-C database only: every column there carries an
	 * explicit COLLATE, which wins over the database's default, so the C
	 * database would run the same statements again (37 s of this suite).
	 */
	tcase_add_test(tc, every_collation_of_the_server_gives_the_reference);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(pgsql_fn_suite());
}
