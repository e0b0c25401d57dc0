/*
 * mysql_fn.c: the plan's mapping functions rendered as MySQL/MariaDB SQL
 * (mysql_fn.h), rule for rule the same as migrator/sipfn.c.  It only
 * builds strings (no libmariadb).  Every expression must give the same
 * bytes whatever the column's character set and collation, and must raise
 * no warning: in strict mode a warning inside INSERT ... SELECT is an error.
 */
#include "mysql_fn.h"

#include <string.h>

#include "plan.h"

/*
 * Building blocks, and why:
 *
 * - SUBSTRING_INDEX(s, ':', 1) finds its delimiter byte for byte, in any
 *   collation.  LOCATE and '=' compare through the collation: in
 *   latin1_swedish_ci (latin1's default) ']' equals 'Ö' and '[' equals 'Å',
 *   in PAD SPACE collations 'a ' = 'a', in accent-insensitive ones
 *   'síp' = 'sip'.  So cuts use SUBSTRING_INDEX, and tests on a column's
 *   text go through bytes: HEX(), ASCII(), LENGTH(), CAST(... AS BINARY).
 * - Positions from SUBSTRING_INDEX are in characters (CHAR_LENGTH of the
 *   part before the delimiter), so SUBSTRING and LEFT, which count
 *   characters, cut the original value: the result keeps its character
 *   set and collation.  The delimiters are all ASCII, and an ASCII byte is
 *   never part of a multi-byte UTF-8 character, so finding them in
 *   characters or in bytes is the same as sipfn's memchr.
 * - No LOWER()/UPPER() on the column's text: a Turkish collation lowers 'I'
 *   to dotless 'ı', utf8mb4_general_ci lowers 'İ' to 'i'.  sipfn folds ASCII
 *   letters only; see add_scheme.
 * - No REGEXP on the column's text ('$' matches before a final newline,
 *   MariaDB's default_regex_flags may add EXTENDED or MULTILINE): the
 *   regular expressions used (a status, user=phone) read HEX() digits,
 *   which have no newline, blank or letter case to be misread; they read
 *   them in pairs from the start, so that a match is always on bytes.
 * - No implicit string-to-number conversion of the column's text ('12a'
 *   + 0 warns, so the INSERT fails in strict mode): CONV() reads digits
 *   without warnings.
 * - The argument text is repeated where SQL has no way to bind it once
 *   (no stored functions, no variables, and MariaDB's derived tables
 *   cannot see the outer row); the expressions are arranged so that it
 *   appears as few times as possible.  The URI functions first find the
 *   URI with three SUBSTRING_INDEX that read the value once, then repeat
 *   that expression (some 0.35 us a row each time it is evaluated): with
 *   the amended rules uri_user takes some 2.5 us a row, uri_host 2.8
 *   (0.4 and 1 before), most of it on those repeats.
 */

/*
 * The URI of x (sipfn's uri_of), reading x once: the text after its first
 * '<' (SUBSTRING_INDEX(x, '<', 2) keeps what lies before the second '<',
 * and -1 takes what follows the last '<' in it, all of it when there is
 * none) up to the next '>'.
 */
static void add_uri_of(struct strbuf *sb, const char *x)
{
	strbuf_addf(sb, "SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(%s, '<', 2), '<', -1), '>', 1)", x);
}

/*
 * The scheme of the URI u: 1 sip:, 2 sips:, 3 tel:, 4 tels: (any ASCII
 * letter case), else 0 (NULL too).  The candidate is the text before the
 * first ':' of the first five characters; the '.' appended first makes a
 * value without a ':' there (such as "sip") never match.  ASCII-only case
 * folding that no collation can alter: the candidate's bytes are read as
 * latin1 (binary to latin1 reinterprets, every byte is valid, no warning),
 * latin1's LOWER() changes only A-Z among ASCII and never maps another
 * byte into ASCII, and HEX() compares exact bytes.
 */
static void add_scheme(struct strbuf *sb, const char *u)
{
	strbuf_addf(sb, "FIELD(HEX(LOWER(CONVERT(CAST(SUBSTRING_INDEX(CONCAT(LEFT(%s, 5), '.'), ':', 1) AS BINARY) "
		    "USING latin1))), '736970', '73697073', '74656C', '74656C73')",
		    u);
}

/*
 * True when u holds an '@'.  Searched in u's bytes: LOCATE on the text
 * would compare through the collation.
 */
static void add_has_at(struct strbuf *sb, const char *u)
{
	strbuf_addf(sb, "LOCATE('@', CAST(%s AS BINARY))", u);
}

/* Hex pairs other than '@' (40) and other than '?' (3F). */
#define NOT_AT "(?:[0-35-9A-F][0-9A-F]|4[1-9A-F])"
#define NOT_QM "(?:[0-24-9A-F][0-9A-F]|3[0-9A-E])"
/* ";user=" with the name in any ASCII letter case. */
#define USER_EQ "3B(?:55|75)(?:53|73)(?:45|65)(?:52|72)3D"

/*
 * The delimiter that cuts a sip: user with user=phone (';'), else ':'
 * (the user is cut there already): after the first '@' and before any
 * '?', a ";user=phone" (the value exact) followed by ';', '?' or the end,
 * with no other "user=" parameter after it (the last one decides).  The
 * regular expression reads u's HEX() digits pair by pair from the start,
 * so a match is always on a byte; it needs no capturing group, and runs
 * only on values whose bytes hold "=phone".
 */
static void add_phone_cut(struct strbuf *sb, const char *u)
{
	strbuf_addf(sb, "IF(LOCATE('=phone', CAST(%s AS BINARY)) = 0, ':', IF(HEX(%s) REGEXP '^" NOT_AT "*40" NOT_QM
		    "*" USER_EQ "70686F6E65(?=3B|3F|$)(?!" NOT_QM "*" USER_EQ ")', ';', ':'))",
		    u, u);
}

/*
 * uri_user, by the scheme of the URI u:
 * - sip:/sips: the text between the scheme's ':' and the next ':' (the
 *   second field, whatever the scheme's length), cut at the first '@',
 *   and at the first ';' with user=phone; '' without an '@';
 * - tel:/tels: after the scheme's ':' up to the first ';' (LOCATE's byte
 *   position is a character position here: the scheme is ASCII);
 * - any other value: the text before the first '@', cut at the first
 *   ':'; '' without an '@', and for NULL (LOCATE is NULL, IF takes else).
 */
static void fn_uri_user(struct strbuf *sb, const char *const *args, size_t nargs)
{
	struct strbuf u = STRBUF_INIT;

	(void)nargs;
	add_uri_of(&u, args[0]);
	strbuf_adds(sb, "CASE (");
	add_scheme(sb, u.buf);
	strbuf_adds(sb, " + 1) DIV 2 WHEN 1 THEN IF(");
	add_has_at(sb, u.buf);
	strbuf_addf(sb, ", SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(%s, ':', 2), ':', -1), '@', 1), ",
		    u.buf);
	add_phone_cut(sb, u.buf);
	strbuf_addf(sb, ", 1), '') WHEN 2 THEN SUBSTRING_INDEX(SUBSTRING(%s, LOCATE(':', CAST(%s AS BINARY)) + 1), ';', 1) "
		    "ELSE IF(", u.buf, u.buf);
	add_has_at(sb, u.buf);
	strbuf_addf(sb, ", SUBSTRING_INDEX(SUBSTRING_INDEX(%s, '@', 1), ':', 1), '') END", u.buf);
	strbuf_release(&u);
}

/*
 * Where uri_host looks in the URI u: the text after the first '@' (its
 * position is the length in characters of the part before it, plus one),
 * or after the scheme when there is none (tel: is dealt with before).
 */
static void add_host_part(struct strbuf *sb, const char *u)
{
	strbuf_addf(sb, "SUBSTRING(%s, IF(", u);
	add_has_at(sb, u);
	strbuf_addf(sb, ", CHAR_LENGTH(SUBSTRING_INDEX(%s, '@', 1)) + 1, CASE ", u);
	add_scheme(sb, u);
	strbuf_adds(sb, " WHEN 1 THEN 4 WHEN 2 THEN 5 ELSE 0 END) + 1)");
}

/*
 * uri_host: '' for tel:/tels:; else the host part h cut at the first ':',
 * ';' or '?' (a '>' ended the URI already); when h starts with '[' (ASCII
 * 91: a byte test, no collation), up to and including the first ']':
 * LEFT(h, characters before the ']' + 1), which is all of h when there is
 * no ']' (an unclosed '[' runs to the end).
 */
static void fn_uri_host(struct strbuf *sb, const char *const *args, size_t nargs)
{
	struct strbuf u = STRBUF_INIT, h = STRBUF_INIT;

	(void)nargs;
	add_uri_of(&u, args[0]);
	add_host_part(&h, u.buf);
	strbuf_adds(sb, "IF(");
	add_scheme(sb, u.buf);
	strbuf_addf(sb, " > 2, '', IFNULL(IF(ASCII(%s) = 91, LEFT(%s, CHAR_LENGTH(SUBSTRING_INDEX(%s, ']', 1)) + 1), "
		    "SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(%s, ':', 1), ';', 1), '?', 1)), ''))",
		    h.buf, h.buf, h.buf, h.buf);
	strbuf_release(&u);
	strbuf_release(&h);
}

/*
 * True when x is a status: 3 ASCII digits, alone or followed by a space.
 * Read as the hex of the first four bytes ("3D3D3D" or "3D3D3D20"), so
 * the regular expression sees only hex digits: no collation, no newline
 * before which '$' could match, nothing default_regex_flags could change.
 * A NUL fourth byte or a tab is not a space here either.
 */
static void add_is_status(struct strbuf *sb, const char *x)
{
	strbuf_addf(sb, "HEX(LEFT(%s, 4)) REGEXP '^3[0-9]3[0-9]3[0-9](20)?$'", x);
}

static void fn_status_code(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "IF(");
	add_is_status(sb, x);
	strbuf_addf(sb, ", LEFT(%s, 3), '')", x);
}

/* After "DDD " (empty for "DDD" and "DDD "), else the whole value; NULL gives ''. */
static void fn_status_reason(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "IF(");
	add_is_status(sb, x);
	strbuf_addf(sb, ", SUBSTRING(%s, 5), IFNULL(%s, ''))", x, x);
}

/*
 * The gateway integer's digits: the bytes of x (an integer column gives
 * its decimal text), tabs made spaces, blanks trimmed, leading zeros
 * dropped.  Binary, so that the comparison in add_gw_valid is byte for
 * byte and mixes no collations.  X'09' is a tab that needs no backslash
 * (NO_BACKSLASH_ESCAPES changes what '\t' means).
 */
static void add_gw_digits(struct strbuf *sb, const char *x)
{
	strbuf_addf(sb, "TRIM(LEADING '0' FROM TRIM(REPLACE(CAST(%s AS BINARY), X'09', ' ')))", x);
}

/* The gateway integer as 8 hex digits (truncated to 8 when larger). */
static void add_gw_hex8(struct strbuf *sb, const char *x)
{
	strbuf_adds(sb, "LPAD(CONV(");
	add_gw_digits(sb, x);
	strbuf_adds(sb, ", 10, 16), 8, '0')");
}

/*
 * True (1) when x is an integer from 1 to 4294967295, written with
 * optional blanks, digits and optional blanks; NULL for NULL.  CONV reads
 * the leading digits and ignores the rest without a warning, so the value
 * is valid exactly when its digits survive the round trip through 8 hex
 * digits: not for a stray character ('12a', '1 2', '+5', '-5', '1e3'),
 * nor for '' and all zeros (CONV('') is NULL), nor beyond 4294967295
 * (more than 8 hex digits, cut by LPAD).
 */
static void add_gw_valid(struct strbuf *sb, const char *x)
{
	strbuf_adds(sb, "CONV(");
	add_gw_hex8(sb, x);
	strbuf_adds(sb, ", 16, 10) = ");
	add_gw_digits(sb, x);
}

/*
 * ip_from_le_int: the low byte is the first octet.  INET6_NTOA prints 4
 * bytes as a dotted quad, high byte first; REVERSE of the 4 binary bytes
 * puts the low byte first.  One conversion instead of four octet
 * expressions that would each repeat x.
 */
static void fn_ip_from_le_int(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "IF(");
	add_gw_valid(sb, x);
	strbuf_adds(sb, ", INET6_NTOA(REVERSE(UNHEX(");
	add_gw_hex8(sb, x);
	strbuf_adds(sb, "))), '0.0.0.0')");
}

/*
 * The hex of one octet of a dotted quad, from 0 to 255 without a leading
 * zero: '0' (30), '1'-'9' with an optional second digit, 1DD, 2[0-4]D,
 * 25[0-5] (digit D is 3[0-9]).
 */
#define QUAD_OCTET "(?:30|3[1-9](?:3[0-9])?|313[0-9]3[0-9]|323[0-4]3[0-9]|32353[0-5])"

/*
 * True (1) when x is a dotted quad of ip_to_le_int (sipfn.h): four octets
 * joined by '.' (2E), and not "0.0.0.0" (the lookahead); NULL for NULL.
 * Read in x's HEX() digits pair by pair from the start, like
 * add_is_status, so no collation, blank, newline or letter case can be
 * misread, and a digit is an ASCII digit only.
 */
static void add_quad_valid(struct strbuf *sb, const char *x)
{
	strbuf_addf(sb, "HEX(%s) REGEXP '^(?!302E302E302E30$)" QUAD_OCTET "2E" QUAD_OCTET "2E" QUAD_OCTET
		    "2E" QUAD_OCTET "$'", x);
}

/*
 * ip_to_le_int: INET6_ATON gives the 4 bytes of a valid quad, first octet
 * first; REVERSE makes the first octet the low byte, and CONV reads the
 * 8 hex digits as an integer below 2^32 (no arithmetic, so none
 * overflows), which CAST makes a number: a BIGINT UNSIGNED.  x is read
 * once for the test and once for the value; an invalid value or NULL
 * gives NULL (IF without an ELSE value of its own), and INET6_ATON and
 * CAST only ever see a valid quad, so nothing warns.
 */
static void fn_ip_to_le_int(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *x = args[0];

	(void)nargs;
	strbuf_adds(sb, "IF(");
	add_quad_valid(sb, x);
	strbuf_addf(sb, ", CAST(CONV(HEX(REVERSE(INET6_ATON(%s))), 16, 10) AS UNSIGNED), NULL)", x);
}

/* LENGTH in bytes: a <> '' would call '  ' empty in a PAD SPACE collation. */
static void fn_nonempty(struct strbuf *sb, const char *const *args, size_t nargs)
{
	const char *a = args[0], *b = args[1];

	(void)nargs;
	strbuf_addf(sb, "IF(LENGTH(%s) > 0, %s, %s)", a, a, b);
}

/* CONCAT is NULL when any argument is NULL, like SQLite's ||. */
static void fn_concat(struct strbuf *sb, const char *const *args, size_t nargs)
{
	strbuf_adds(sb, "CONCAT(");
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, args[i]);
	}
	strbuf_addch(sb, ')');
}

static void fn_md5(struct strbuf *sb, const char *const *args, size_t nargs)
{
	/*
	 * Lower-case hex of the bytes of x in its own character set: for a
	 * 1.1 latin1 column, the bytes as stored, which is what OpenSER 1.2's
	 * client (latin1, as the table) reads and hashes.
	 */
	(void)nargs;
	/*
	 * Hex digits, said to be ASCII: MD5() answers in the connection's
	 * character set, which would not mix with a latin1 column's value
	 * (prefer(ha1, ...)) on a utf8mb4 server.
	 */
	strbuf_addf(sb, "CONVERT(MD5(%s) USING ascii)", args[0]);
}

#define FN_ENTRY(name, ...) [OM_FN_##name] = fn_##name,
const om_fn_render om_mysql_fn[OM_NFUNCTIONS] = { OM_FUNCTIONS(FN_ENTRY) };

/* LEFT and CHAR_LENGTH count characters, as the target's varchar(n) does. */
void om_mysql_cut(struct strbuf *sb, const char *expr, int n)
{
	strbuf_addf(sb, "LEFT(%s, %d)", expr, n);
}

void om_mysql_length(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "CHAR_LENGTH(%s)", expr);
}

/*
 * ip_from_le_int, ip_to_le_int: IS NOT TRUE turns the validity test's
 * NULL (a NULL value) into 1 as well.  uri_user, uri_host: a value (not
 * NULL) whose user and host are both '' (never NULL themselves), measured
 * in bytes: a PAD SPACE comparison would call ' ' empty.  Functions
 * without invalid inputs are never invalid.
 */
void om_mysql_invalid(struct strbuf *sb, enum om_fn fn, const char *arg)
{
	if (fn == OM_FN_uri_user || fn == OM_FN_uri_host) {
		/* AND stops at its first false term: most values have a host, and their user is never parsed. */
		strbuf_addf(sb, "((%s) IS NOT NULL AND LENGTH(", arg);
		fn_uri_host(sb, &arg, 1);
		strbuf_adds(sb, ") = 0 AND LENGTH(");
		fn_uri_user(sb, &arg, 1);
		strbuf_adds(sb, ") = 0)");
		return;
	}
	if (fn != OM_FN_ip_from_le_int && fn != OM_FN_ip_to_le_int) {
		strbuf_adds(sb, "0");
		return;
	}
	strbuf_adds(sb, "((");
	if (fn == OM_FN_ip_from_le_int)
		add_gw_valid(sb, arg);
	else
		add_quad_valid(sb, arg);
	strbuf_adds(sb, ") IS NOT TRUE)");
}
