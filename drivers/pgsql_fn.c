/*
 * pgsql_fn.c: the plan's mapping functions rendered as PostgreSQL SQL
 * (pgsql_fn.h), rule for rule the same as migrator/sipfn.c.  It only
 * builds strings (no libpq).  Built-in functions of PostgreSQL 11+ only;
 * the results do not depend on collations, locale or string-literal mode.
 */
#include "pgsql_fn.h"

#include <stdbool.h>
#include <string.h>

#include "plan.h"

/*
 * Building blocks, and why:
 *
 * - Speed first, then size: a million rows go through each expression.
 *   Delimiters are found with strpos() and split_part(), which search
 *   bytes (in a deterministic collation) and count characters, like
 *   substr() and left(); the delimiters are ASCII, and an ASCII byte is
 *   never part of a multi-byte UTF-8 character, so this is sipfn's memchr.
 *   Regular expressions only where they need no capturing group: to
 *   locate a group, PostgreSQL's engine runs several times slower (a
 *   single-regex uri_user took 2.6 us a row, a split_part one 0.4 us).
 *   An argument appears at most twice (status_code, and the URI
 *   functions), so a nested call costs little more.
 * - The URI functions bind the URI once, in a scalar subquery whose
 *   derived table is fenced with OFFSET 0: without the fence PostgreSQL
 *   pulls the derived table up and copies the URI's expression into every
 *   use (measured: 4 us a row instead of 1).  The fenced subquery costs
 *   some 0.2 us a row, less than the half dozen times the amended rules
 *   (name-addr, tel:, user=phone) would otherwise evaluate the URI; with
 *   it uri_user and uri_host take some 1 us a row each.
 * - (x)::text: the functions take any character type, and an integer for
 *   ip_from_le_int.  A character(n) value becomes its text without the
 *   trailing spaces, which PostgreSQL treats as padding (its own cast to
 *   the 1.2 varchar column drops them the same way); the results are
 *   sipfn's on that text.
 * - COLLATE "C" on every text argument (add_c_text): with a
 *   nondeterministic collation (PostgreSQL 12+) strpos(), split_part() and
 *   regular expressions are errors, and '=' may find an ignorable
 *   character (U+200B) equal to ''; in "C" all go by bytes.  COLLATE also
 *   replaces an explicit collation the argument may carry, so that two
 *   arguments never clash.  The results therefore carry "C" explicitly,
 *   which only matters to a comparison with an explicitly different one.
 * - Nothing asks a locale anything: lower() in "C" folds A-Z only (sipfn
 *   folds ASCII only; a Turkish locale lowers 'I' to 'ı'); in patterns,
 *   digits are [0-9], a range of code points (\d and [[:digit:]] may take
 *   other scripts' digits), and [[:blank:]] is hard-wired to space and
 *   tab in PostgreSQL's regex engine, whatever the locale.
 * - Patterns are POSIX AREs, in which ^ and $ are the ends of the whole
 *   value (no newline-sensitive mode unless asked for) and [^...] matches
 *   a newline: a value with newlines is read as one string, like sipfn.
 * - Literals with a backslash are E'...' strings, which mean the same
 *   whether standard_conforming_strings is on or off; the other literals
 *   hold no backslash.
 * - When a pattern can match in more than one way, an ARE takes the
 *   longest overall match.  The patterns below are written so that the
 *   match that gives the reference's answer is the only one.
 */

/*
 * x as text in the collation "C": what every regular expression and
 * comparison reads.  ::text binds tighter than COLLATE, and COLLATE
 * tighter than ||.
 */
static void add_c_text(struct strbuf *sb, const char *x)
{
	strbuf_addf(sb, "(%s)::text COLLATE \"C\"", x);
}

/*
 * The URI of x (sipfn's uri_of): the text after its first '<' (field 2
 * when it has one, else field 1, the whole value) up to the next '<' or
 * '>'.  split_part searches bytes and reads x twice, where substr() would
 * count characters.
 */
static void add_uri_of(struct strbuf *sb, const char *x)
{
	strbuf_adds(sb, "split_part(split_part(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", '<', (strpos(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", '<') > 0)::int + 1), '>', 1)");
}

/*
 * body evaluated on om_u, the URI of x bound once (see "Building blocks"):
 * a NULL x gives a NULL om_u.  A text result keeps the collation "C"
 * explicitly, which the subquery's column only has implicitly.
 */
static void add_uri_query(struct strbuf *sb, const char *x, const char *body, bool text)
{
	strbuf_addf(sb, "%s(SELECT %s FROM (SELECT ", text ? "(" : "", body);
	add_uri_of(sb, x);
	strbuf_addf(sb, " AS om_u OFFSET 0) AS om_uri)%s", text ? " COLLATE \"C\")" : "");
}

/*
 * The kind of om_u's scheme, as a simple CASE's operand: 'sip' (sip: or
 * sips:), 'tel' (tel: or tels:), else no match.  The candidate is the text
 * before the first ':' of the first five characters; the '.' appended
 * first makes a value without a ':' there (such as "sip") never match, and
 * rtrim folds the s of sips and tels.  lower() in the collation "C" folds
 * A-Z only, whatever the database's locale (a Turkish one would lower 'I'
 * to dotless 'ı'), and the CASE compares in "C", byte for byte.
 */
#define URI_KIND "CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') "

/*
 * user=phone: after the first '@' and before any '?', a ";user=phone"
 * (the name in any letter case, the value exact) followed by ';', '?' or
 * the end (the first lookahead), and no other "user=" parameter after it
 * (the second: the last one decides).  Lookaheads but no capturing group,
 * and run only on values that hold "=phone" (strpos is much cheaper).
 */
#define USER_PHONE "'^[^@]*@[^?]*;[uU][sS][eE][rR]=phone(?![^;?])(?![^?]*;[uU][sS][eE][rR]=)'"

/*
 * uri_user on om_u, by its scheme:
 * - sip:/sips: the text between the scheme's ':' and the next ':' (field
 *   2, whatever the scheme's length), cut at the first '@', and at the
 *   first ';' with user=phone (a second cut at ':' changes nothing);
 * - tel:/tels: after the scheme's ':' (the first one) up to the first ';';
 * - any other value (or NULL): before the first '@', cut at the first ':'.
 * '' without an '@' (but for tel:).
 */
#define URI_USER_BODY \
	URI_KIND "WHEN 'sip' THEN CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(split_part(om_u, " \
	"':', 2), '@', 1), CASE WHEN strpos(om_u, '=phone') = 0 THEN ':' WHEN om_u ~ " USER_PHONE \
	" THEN ';' ELSE ':' END, 1) ELSE '' END " \
	"WHEN 'tel' THEN split_part(substr(om_u, strpos(om_u, ':') + 1), ';', 1) " \
	"ELSE CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(om_u, '@', 1), ':', 1) ELSE '' END END"

static void fn_uri_user(struct strbuf *sb, const char *const *args, size_t nargs)
{
	(void)nargs;
	add_uri_query(sb, args[0], URI_USER_BODY, true);
}

/*
 * uri_host on om_u: '' for tel:/tels:; else h, the text after the first
 * '@', or after the scheme's ':' when there is none (after nothing for a
 * value without a scheme), and the host is the longest match at h's start
 * of one of two alternatives that cannot start with the same character:
 * '[' up to and including the first ']' (to the end when unclosed), or a
 * character other than '[' and the delimiters followed by non-delimiters.
 * Neither matches an empty h or one that starts with a delimiter: NULL,
 * so ''.  No capturing group: PostgreSQL then only runs the automaton,
 * several times faster than when it must locate a group.  Brackets: in
 * "[[]" and "[]]" a '[' or ']' first in the list is itself; in "[^:;?[]"
 * the '[' comes last, since "[:" would open a class name.
 */
#define URI_HOST(start) \
	"coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), " start ") + 1) " \
	"from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '')"

#define URI_HOST_BODY \
	URI_KIND "WHEN 'sip' THEN " URI_HOST("strpos(om_u, ':')") " WHEN 'tel' THEN '' ELSE " URI_HOST("0") " END"

static void fn_uri_host(struct strbuf *sb, const char *const *args, size_t nargs)
{
	(void)nargs;
	add_uri_query(sb, args[0], URI_HOST_BODY, true);
}

/* A status: 3 ASCII digits, then a space or the end of the value. */
#define STATUS "'^[0-9]{3}(?: |$)'"

/* The three digits of a status, else '' (NULL too: the CASE takes ELSE). */
static void fn_status_code(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "CASE WHEN ");
	add_c_text(sb, x);
	strbuf_adds(sb, " ~ " STATUS " THEN left(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", 3) ELSE '' END");
}

/*
 * The reason: a status loses "DDD " (or all of "DDD"); any other value
 * has no match and stays whole.  regexp_replace without 'g' replaces the
 * one anchored match; NULL gives ''.
 */
static void fn_status_reason(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "coalesce(regexp_replace(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", " STATUS ", ''), '')");
}

/*
 * The gateway integer when valid (1 to 4294967295), else NULL, with x
 * read once.  Its text (an integer column gives its decimal digits, '-'
 * for a negative) must be blanks, digits, blanks; the group holds the
 * digits without leading zeros, at most 10 of them, so the bigint cast
 * cannot fail (a cast of '12a' or of 20 digits would be an error, not a
 * rejection).  Zero does not match ([1-9] first).  Beyond 4294967295:
 * least() makes it 4294967296, which nullif() turns into NULL; least()
 * ignores a NULL and so turns a non-match into NULL as well.
 */
static void add_gw_value(struct strbuf *sb, const char *x)
{
	strbuf_adds(sb, "nullif(least(substring(");
	add_c_text(sb, x);
	strbuf_adds(sb, " from '^[[:blank:]]*0*([1-9][0-9]{0,9})[[:blank:]]*$')::bigint, 4294967296), 4294967296)");
}

/*
 * ip_from_le_int: inet + integer writes the integer as a dotted quad high
 * byte first ("d.c.b.a"; host() prints it without a netmask), so the four
 * octets are swapped back by one regexp_replace: one conversion reading x
 * once, where four octet expressions would each repeat it.  An invalid
 * value adds 0: '0.0.0.0', the same backwards.  With its capturing
 * groups this is the slowest rendering (some 6 us a row), which the
 * gateway table, a handful of rows, does not feel.
 */
static void fn_ip_from_le_int(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "regexp_replace(host('0.0.0.0'::inet + coalesce(");
	add_gw_value(sb, x);
	strbuf_adds(sb, ", 0)), '^([0-9]+)[.]([0-9]+)[.]([0-9]+)[.]([0-9]+)$', E'\\\\4.\\\\3.\\\\2.\\\\1')");
}

/*
 * a unless it is NULL or '': nullif reads a once.  The comparison is made
 * in the collation "C", byte for byte: a nondeterministic collation could
 * find an ignorable character (U+200B) equal to ''.  A character(n) value
 * of spaces only is '' (its padding), as its text is.
 */
static void fn_nonempty(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *a = args[0], *b = args[1];

	(void)nargs;
	strbuf_adds(sb, "coalesce(nullif(");
	add_c_text(sb, a);
	strbuf_adds(sb, ", ''), ");
	add_c_text(sb, b);
	strbuf_addch(sb, ')');
}

/*
 * The || operator is NULL when any operand is, like SQLite's (the
 * concat() function would skip NULLs).  Each operand is cast to text so
 * that any type joins (integer || integer has no operator), in the
 * collation "C" so that operands with different explicit collations join
 * too (COLLATE binds tighter than ||).
 */
static void fn_concat(struct strbuf *sb, const char *const *args, size_t nargs)
{
	strbuf_addch(sb, '(');
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			strbuf_adds(sb, " || ");
		add_c_text(sb, args[i]);
	}
	strbuf_addch(sb, ')');
}

static void fn_md5(struct strbuf *sb, const char *const *args, size_t nargs)
{
	/*
	 * Lower-case hex of the text's bytes in the database encoding
	 * (UTF-8 in a UTF8 database); a character(n) without padding.
	 */
	(void)nargs;
	strbuf_addf(sb, "md5((%s)::text)", args[0]);
}

#define FN_ENTRY(name, ...) [OM_FN_##name] = fn_##name,
const om_fn_render om_pgsql_fn[OM_NFUNCTIONS] = { OM_FUNCTIONS(FN_ENTRY) };

/* left() and char_length() count characters, as the target's varchar(n) does. */
void om_pgsql_cut(struct strbuf *sb, const char *expr, int n)
{
	strbuf_addf(sb, "left(%s, %d)", expr, n);
}

void om_pgsql_length(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "char_length(%s)", expr);
}

/*
 * ip_from_le_int: IS NULL is never NULL, a NULL value is invalid too.
 * uri_user, uri_host: a value (not NULL) whose user and host are both ''
 * (sipfn's om_sip_uri_unparsable), on the URI bound once.  Functions
 * without invalid inputs are never invalid.
 */
void om_pgsql_invalid(struct strbuf *sb, enum om_fn fn, const char *arg)
{
	if (fn == OM_FN_uri_user || fn == OM_FN_uri_host) {
		add_uri_query(sb, arg, "om_u IS NOT NULL AND " URI_USER_BODY " = '' AND " URI_HOST_BODY " = ''", false);
		return;
	}
	if (fn != OM_FN_ip_from_le_int) {
		strbuf_adds(sb, "false");
		return;
	}
	strbuf_addch(sb, '(');
	add_gw_value(sb, arg);
	strbuf_adds(sb, " IS NULL)");
}
