/*
 * sipfn.c: the plan's value mappings (SIP URI user and host, sip_status
 * split, gateway address).  One pass over the bytes, no allocation: the
 * SQLite driver calls these once per row.
 */
#include "sipfn.h"

#include <string.h>

static int lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Length of word (ASCII, lower case) when s[from..to) starts with it in
 * any letter case, else 0.
 */
static size_t match_icase(const char *s, size_t from, size_t to, const char *word)
{
	size_t i;

	for (i = 0; word[i]; i++)
		if (from + i >= to || lower_ascii((unsigned char)s[from + i]) != word[i])
			return 0;
	return i;
}

/* Index of the first c in s[from..to), or to; s may be NULL when from == to. */
static size_t find_byte(const char *s, size_t from, size_t to, char c)
{
	const char *p = from < to ? memchr(s + from, c, to - from) : NULL;

	return p ? (size_t)(p - s) : to;
}

enum uri_kind { URI_PLAIN, URI_SIP, URI_TEL };

/* Where the rules read a value: its URI s[start..end) after the scheme. */
struct uri {
	enum uri_kind kind;
	size_t start, end;
};

/*
 * The URI of a value: the text after its first '<' (from its start when
 * there is none) up to the next '<' or '>' (to its end when there is
 * none); then its scheme.
 */
static void uri_of(const char *s, size_t n, struct uri *u)
{
	size_t b = find_byte(s, 0, n, '<'), e, gt, k;

	b = b < n ? b + 1 : 0;
	e = find_byte(s, b, n, '<');
	gt = find_byte(s, b, e, '>');
	e = gt < e ? gt : e;
	u->kind = URI_SIP;
	if (!(k = match_icase(s, b, e, "sip:")) && !(k = match_icase(s, b, e, "sips:"))) {
		u->kind = URI_TEL;
		if (!(k = match_icase(s, b, e, "tel:")) && !(k = match_icase(s, b, e, "tels:")))
			u->kind = URI_PLAIN;
	}
	u->start = b + k;
	u->end = e;
}

/*
 * Is the last "user=" parameter among the parameters in s[from..to) (the
 * URI after its '@') "phone"?  Each parameter starts at a ';'; they end at
 * the first '?' (the headers).  The name in any letter case, the value as
 * written: parse_uri compares it with strncmp.
 */
static int user_is_phone(const char *s, size_t from, size_t to)
{
	size_t end = find_byte(s, from, to, '?');
	int phone = 0;

	for (size_t i = find_byte(s, from, end, ';'); i < end; i = find_byte(s, i + 1, end, ';')) {
		/* The value starts after the 6 bytes of ";user=". */
		if (match_icase(s, i + 1, end, "user=")) {
			size_t v = i + 6, ve = find_byte(s, v, end, ';');

			phone = ve - v == 5 && !memcmp(s + v, "phone", 5);
		}
	}
	return phone;
}

void om_sip_uri_user(const char *s, size_t n, size_t *off, size_t *len)
{
	struct uri u;
	size_t at, cut;

	uri_of(s, n, &u);
	*off = u.start;
	if (u.kind == URI_TEL) {
		*len = find_byte(s, u.start, u.end, ';') - u.start;
		return;
	}
	at = find_byte(s, u.start, u.end, '@');
	if (at == u.end) {
		*len = 0;
		return;
	}
	cut = find_byte(s, u.start, at, ':');
	if (u.kind == URI_SIP && user_is_phone(s, at + 1, u.end))
		cut = find_byte(s, u.start, cut, ';');
	*len = cut - u.start;
}

/* A '>' ends the whole URI already (uri_of). */
static int ends_host(char c)
{
	return c == ':' || c == ';' || c == '?';
}

void om_sip_uri_host(const char *s, size_t n, size_t *off, size_t *len)
{
	struct uri u;
	size_t at, h, e;

	uri_of(s, n, &u);
	if (u.kind == URI_TEL) {
		*off = u.start;
		*len = 0;
		return;
	}
	at = find_byte(s, u.start, u.end, '@');
	h = at < u.end ? at + 1 : u.start;
	e = h;
	if (h < u.end && s[h] == '[') {
		e = find_byte(s, h, u.end, ']');
		/* Keep the ']'; an unclosed '[' runs to the end of the URI. */
		if (e < u.end)
			e++;
	} else {
		while (e < u.end && !ends_host(s[e]))
			e++;
	}
	*off = h;
	*len = e - h;
}

int om_sip_uri_unparsable(const char *s, size_t n)
{
	size_t off, user, host;

	om_sip_uri_user(s, n, &off, &user);
	om_sip_uri_host(s, n, &off, &host);
	return !user && !host;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int om_sip_status_split(const char *s, size_t n, size_t *reason_off, size_t *reason_len)
{
	if ((n == 3 || (n >= 4 && s[3] == ' ')) &&
	    is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2])) {
		*reason_off = n == 3 ? 3 : 4;
		*reason_len = n - *reason_off;
		return 1;
	}
	*reason_off = 0;
	*reason_len = n;
	return 0;
}

/* Writes the decimal octet v at p; returns the byte after it. */
static char *put_octet(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static int ip_invalid(char out[16])
{
	memcpy(out, "0.0.0.0", 8);
	return -1;
}

int om_ip_from_le_int(long long v, char out[16])
{
	char *p = out;
	unsigned long u;

	if (v < 1 || v > 4294967295LL)
		return ip_invalid(out);
	/* The low byte is the first octet. */
	u = (unsigned long)v;
	for (int i = 0; i < 4; i++, u >>= 8) {
		if (i)
			*p++ = '.';
		p = put_octet(p, (unsigned)(u & 0xff));
	}
	*p = '\0';
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int om_ip_from_le_text(const char *s, size_t n, char out[16])
{
	size_t i = 0, digits = 0;
	long long v = 0;

	while (i < n && is_blank(s[i]))
		i++;
	for (; i < n && is_digit(s[i]); i++, digits++) {
		v = v * 10 + (s[i] - '0');
		/* Checked per digit, so no overflow. */
		if (v > 4294967295LL)
			return ip_invalid(out);
	}
	while (i < n && is_blank(s[i]))
		i++;
	if (!digits || i != n)
		return ip_invalid(out);
	return om_ip_from_le_int(v, out);
}
