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

/* Length of scheme (lower case) when s starts with it in any case, else 0. */
static size_t match_scheme(const char *s, size_t n, const char *scheme)
{
	size_t i;

	for (i = 0; scheme[i]; i++)
		if (i >= n || lower_ascii((unsigned char)s[i]) != scheme[i])
			return 0;
	return i;
}

/* Offset just after "sip:", "sips:" or "tel:"; 0 without a known scheme. */
static size_t scheme_end(const char *s, size_t n)
{
	size_t e = match_scheme(s, n, "sip:");

	if (!e)
		e = match_scheme(s, n, "sips:");
	if (!e)
		e = match_scheme(s, n, "tel:");
	return e;
}

/* Index of the first c in s[from..to), or to; s may be NULL when from == to. */
static size_t find_byte(const char *s, size_t from, size_t to, char c)
{
	const char *p = from < to ? memchr(s + from, c, to - from) : NULL;

	return p ? (size_t)(p - s) : to;
}

void om_sip_uri_user(const char *s, size_t n, size_t *off, size_t *len)
{
	size_t start = scheme_end(s, n);
	size_t at = find_byte(s, start, n, '@');

	*off = start;
	*len = at < n ? find_byte(s, start, at, ':') - start : 0;
}

static int ends_host(char c)
{
	return c == ':' || c == ';' || c == '?' || c == '>';
}

void om_sip_uri_host(const char *s, size_t n, size_t *off, size_t *len)
{
	size_t start = scheme_end(s, n);
	size_t at = find_byte(s, start, n, '@');
	size_t h = at < n ? at + 1 : start;
	size_t e = h;

	if (h < n && s[h] == '[') {
		e = find_byte(s, h, n, ']');
		/* Keep the ']'; an unclosed '[' runs to the end. */
		if (e < n)
			e++;
	} else {
		while (e < n && !ends_host(s[e]))
			e++;
	}
	*off = h;
	*len = e - h;
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
