/*
 * pgsql_fn.c: the plan's mapping functions rendered as PostgreSQL SQL
 * (pgsql_fn.h), rule for rule the same as migrator/sipfn.c.  It only
 * builds strings (no libpq).  Built-in functions of PostgreSQL 11+ only;
 * the results do not depend on collations, locale or string-literal mode.
 */
#include "pgsql_fn.h"

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
 *   single-regex uri_user took 2.6 us a row, this one 0.4 us).  An
 *   argument appears at most three times (uri_user, uri_host), so a
 *   nested call costs little more.
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
 * The length of x's scheme ("sip:" 4, "sips:" 5, "tel:" 4, any ASCII
 * letter case), or 0: sipfn's scheme_end.  The candidate is the text
 * before the first ':' of the first five characters; the '.' appended
 * first makes a value without a ':' there (such as "sip") never match.
 * lower() in the collation "C" folds A-Z only, whatever the database's
 * locale (a Turkish one would lower 'I' to dotless 'ı'), and the CASE
 * compares in "C", byte for byte.
 */
static void add_scheme_len(struct strbuf *sb, const char *x)
{
	strbuf_adds(sb, "CASE lower(split_part(left(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", 5) || '.', ':', 1)) WHEN 'sip' THEN 4 WHEN 'tel' THEN 4 WHEN 'sips' THEN 5 ELSE 0 END");
}

/*
 * uri_user: the text before the first '@' (split_part), without the
 * scheme (substr from the scheme's length + 1: the scheme holds no '@',
 * so it is inside that text), cut at the first ':'; '' when there is no
 * '@', and for NULL (strpos is NULL, so the CASE takes ELSE).
 */
static void fn_uri_user(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "CASE WHEN strpos(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", '@') > 0 THEN split_part(substr(split_part(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", '@', 1), ");
	add_scheme_len(sb, x);
	strbuf_adds(sb, " + 1), ':', 1) ELSE '' END");
}

/*
 * uri_host: the host part h is the text after the first '@', or after
 * the scheme when there is none (coalesce evaluates the scheme only
 * then).  The host is the longest match at h's start of one of two
 * alternatives that cannot start with the same character: '[' up to and
 * including the first ']' (to the end when unclosed), or a character
 * other than '[' and the delimiters followed by non-delimiters.  Neither
 * matches an empty h or one that starts with a delimiter: NULL, so ''.
 * No capturing group: PostgreSQL then only runs the automaton, several
 * times faster than when it must locate a group.
 * Brackets: in "[[]" and "[]]" a '[' or ']' first in the list is itself;
 * in "[^:;?>[]" the '[' comes last, since "[:" would open a class name.
 */
static void fn_uri_host(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "coalesce(substring(substr(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", coalesce(nullif(strpos(");
	add_c_text(sb, x);
	strbuf_adds(sb, ", '@'), 0), ");
	add_scheme_len(sb, x);
	strbuf_adds(sb, ") + 1) from '^(?:[[][^]]*[]]?|[^:;?>[][^:;?>]*)'), '')");
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
 * IS NULL is never NULL: a NULL value is invalid too.  Functions without
 * invalid inputs are never invalid.
 */
void om_pgsql_invalid(struct strbuf *sb, enum om_fn fn, const char *arg)
{
	if (fn != OM_FN_ip_from_le_int) {
		strbuf_adds(sb, "false");
		return;
	}
	strbuf_addch(sb, '(');
	add_gw_value(sb, arg);
	strbuf_adds(sb, " IS NULL)");
}
