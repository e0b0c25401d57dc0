/*
 * sipfn.c: libFuzzer target of the plan's mapping functions in C
 * (sipfn.h) and of the MD5 the SQLite driver registers (hash.h).  Each
 * function gets the whole input, and its result is checked against the
 * rules sipfn.h and hash.h document:
 *
 *   - om_sip_uri_user, om_sip_uri_host, om_sip_uri_unparsable: the spans
 *     lie inside the input and are those of a second reading of sipfn.h's
 *     SIP URI rules (model_uri): the URI after the first '<' up to the
 *     next '<' or '>', the scheme in any case, a tel: number up to ';',
 *     the first '@', the password's ':', user=phone from the last "user="
 *     parameter, the host's ':', ';' or '?' or its IPv6 brackets; the
 *     value is unparsable exactly when both spans are empty;
 *   - om_sip_status_split: 1 exactly for "DDD" and "DDD text", with the
 *     reason after the one space, else 0 and the whole value;
 *   - om_ip_from_le_text, om_ip_from_le_int: 0 with the dotted quad of the
 *     value (low byte first) for 1 to 4294967295 written as the rules
 *     allow, else -1 and "0.0.0.0"; never more than 16 bytes;
 *   - om_ip_to_le_int: 0 with the integer (first octet the low byte)
 *     exactly for four '.'-separated fields of 1 to 3 digits, no leading
 *     zero, each at most 255, not all 0; else -1 and 0; a valid quad is
 *     om_ip_from_le_int's text of its integer, and every quad
 *     om_ip_from_le_int writes comes back as its integer;
 *   - om_md5_hex (and om_sha256_hex): lower-case hex of the digest, the
 *     same whatever pieces the bytes are given to update in.
 * The input sits in a buffer of exactly its size (libFuzzer's), so any
 * read past n is a sanitizer report.
 */
#include "fuzz.h"

#include "hash.h"
#include "sipfn.h"

/*
 * The model of the SIP URI rules, written from sipfn.h, not from sipfn.c:
 * one step per rule, each on the whole value's indexes.
 */

enum scheme_kind { NO_SCHEME, SIP_SCHEME, TEL_SCHEME };

static const struct {
	const char *name;
	enum scheme_kind kind;
} uri_schemes[] = {
	{ "sip:", SIP_SCHEME },
	{ "sips:", SIP_SCHEME },
	{ "tel:", TEL_SCHEME },
	{ "tels:", TEL_SCHEME },
};

/* What sipfn.h's rules make of a value. */
struct uri_model {
	size_t uri, uri_end;       /* the URI: s[uri..uri_end) */
	enum scheme_kind kind;
	size_t rest;               /* the URI after its scheme */
	size_t user, user_len;
	size_t host, host_len;
};

/* Does s[i..end) start with word (lower case), in any ASCII letter case? */
static int starts_icase(const char *s, size_t i, size_t end, const char *word)
{
	for (; *word; word++, i++) {
		char w = *word, upper = w >= 'a' && w <= 'z' ? (char)(w - 'a' + 'A') : w;

		if (i == end || (s[i] != w && s[i] != upper))
			return 0;
	}
	return 1;
}

/* Index of the first c in s[from..to), else to. */
static size_t index_of(const char *s, size_t from, size_t to, char c)
{
	while (from < to && s[from] != c)
		from++;
	return from;
}

/* What ends a host that is no IPv6 reference ('>' ended the URI). */
static int ends_host_part(char c)
{
	switch (c) {
	case ':':
	case ';':
	case '?':
		return 1;
	default:
		return 0;
	}
}

/*
 * user=phone among the parameters of s[from..to), the URI after its first
 * '@', which stop at the first '?'.  A parameter runs from a ';' to the
 * next ';' (or that end).  The last "user=" parameter decides, so they are
 * read backwards and the first "user=" met answers.
 */
static int model_user_phone(const char *s, size_t from, size_t to)
{
	size_t end = index_of(s, from, to, '?');

	for (size_t i = end; i-- > from;) {
		if (s[i] != ';')
			continue;
		if (starts_icase(s, i + 1, end, "user="))
			return end - (i + 6) == 5 && !memcmp(s + i + 6, "phone", 5);
		end = i;
	}
	return 0;
}

static void model_uri(const char *s, size_t n, struct uri_model *m)
{
	size_t lt = index_of(s, 0, n, '<'), at, colon;

	/* A value with a '<' is read after its first one, any other whole;
	 * either way the URI ends at the next '<' or '>'. */
	m->uri = lt < n ? lt + 1 : 0;
	m->uri_end = m->uri;
	while (m->uri_end < n && s[m->uri_end] != '<' && s[m->uri_end] != '>')
		m->uri_end++;

	m->kind = NO_SCHEME;
	m->rest = m->uri;
	for (size_t k = 0; k < sizeof(uri_schemes) / sizeof(uri_schemes[0]); k++) {
		if (starts_icase(s, m->uri, m->uri_end, uri_schemes[k].name)) {
			m->kind = uri_schemes[k].kind;
			m->rest = m->uri + strlen(uri_schemes[k].name);
			break;
		}
	}

	/* A user, empty or not, starts after the scheme. */
	m->user = m->rest;
	if (m->kind == TEL_SCHEME) {
		/* The number, up to the parameters; an empty host there too. */
		m->user_len = index_of(s, m->rest, m->uri_end, ';') - m->rest;
		m->host = m->rest;
		m->host_len = 0;
		return;
	}

	at = index_of(s, m->rest, m->uri_end, '@');
	if (at == m->uri_end) {
		m->user_len = 0;
		m->host = m->rest;
	} else {
		colon = index_of(s, m->rest, at, ':');
		m->user_len = colon - m->rest;
		if (m->kind == SIP_SCHEME && model_user_phone(s, at + 1, m->uri_end))
			m->user_len = index_of(s, m->rest, colon, ';') - m->rest;
		m->host = at + 1;
	}

	m->host_len = 0;
	if (m->host < m->uri_end && s[m->host] == '[') {
		/* Up to and including the first ']', else to the URI's end. */
		size_t close = index_of(s, m->host, m->uri_end, ']');

		m->host_len = (close < m->uri_end ? close + 1 : m->uri_end) - m->host;
	} else {
		while (m->host + m->host_len < m->uri_end && !ends_host_part(s[m->host + m->host_len]))
			m->host_len++;
	}
}

static void check_uri(const char *s, size_t n)
{
	struct uri_model m;
	size_t off = (size_t)-1, len = (size_t)-1;

	model_uri(s, n, &m);
	FUZZ_CHECK(m.uri <= m.uri_end && m.uri_end <= n && m.rest <= m.uri_end);

	om_sip_uri_user(s, n, &off, &len);
	FUZZ_CHECK(off <= n && len <= n - off);
	FUZZ_CHECK(off == m.user);
	FUZZ_CHECK(len == m.user_len);

	off = len = (size_t)-1;
	om_sip_uri_host(s, n, &off, &len);
	FUZZ_CHECK(off <= n && len <= n - off);
	FUZZ_CHECK(off == m.host);
	FUZZ_CHECK(len == m.host_len);

	FUZZ_CHECK(om_sip_uri_unparsable(s, n) == (!m.user_len && !m.host_len));
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void check_status(const char *s, size_t n)
{
	size_t off = (size_t)-1, len = (size_t)-1;
	int status = (n == 3 || (n > 3 && s[3] == ' ')) && is_digit(s[0]) && is_digit(s[1]) &&
		is_digit(s[2]);
	int ret = om_sip_status_split(s, n, &off, &len);

	FUZZ_CHECK(off <= n && len <= n - off);
	FUZZ_CHECK(ret == status);
	if (status)
		FUZZ_CHECK(off == (n == 3 ? 3 : 4) && off + len == n);
	else
		FUZZ_CHECK(off == 0 && len == n);
}

/*
 * The model of ip_to_le_int's rule, from sipfn.h: the input cut at every
 * '.' into fields; valid with exactly four fields, each 1 to 3 ASCII
 * digits, "0" or without a leading '0', at most 255, and not all zero.
 * Returns 1 and the integer (field i times 256^i), else 0.
 */
static int model_quad(const char *s, size_t n, unsigned long long *v)
{
	size_t start = 0, fields = 0;

	*v = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t len = i - start;
		unsigned octet = 0;

		if (i < n && s[i] != '.')
			continue;
		if (++fields > 4 || len < 1 || len > 3 || (len > 1 && s[start] == '0'))
			return 0;
		for (size_t k = start; k < i; k++) {
			if (!is_digit(s[k]))
				return 0;
			octet = octet * 10 + (unsigned)(s[k] - '0');
		}
		if (octet > 255)
			return 0;
		*v |= (unsigned long long)octet << (8 * (fields - 1));
		start = i + 1;
	}
	return fields == 4 && *v != 0;
}

static void check_quad_to_int(const char *s, size_t n, long long iv)
{
	unsigned long long want;
	long long got = -7;
	int valid = model_quad(s, n, &want), ret = om_ip_to_le_int(s, n, &got);
	char out[16];

	FUZZ_CHECK(ret == (valid ? 0 : -1));
	FUZZ_CHECK(valid ? (unsigned long long)got == want : got == 0);
	if (valid) {
		/* The canonical text: what ip_from_le_int writes for it. */
		FUZZ_CHECK(om_ip_from_le_int(got, out) == 0);
		FUZZ_CHECK(strlen(out) == n && !memcmp(out, s, n));
	}
	/* The other way: any quad ip_from_le_int writes comes back. */
	if (om_ip_from_le_int(iv, out) == 0) {
		FUZZ_CHECK(om_ip_to_le_int(out, strlen(out), &got) == 0);
		FUZZ_CHECK(got == iv);
	}
}

/* out is "a.b.c.d" of v's bytes, low byte first, octets without leading zeros. */
static void check_quad(const char out[16], unsigned long long v)
{
	char want[16];

	snprintf(want, sizeof(want), "%llu.%llu.%llu.%llu", v & 0xff, (v >> 8) & 0xff,
		 (v >> 16) & 0xff, (v >> 24) & 0xff);
	FUZZ_CHECK(!strcmp(out, want));
}

static void check_ip_result(int ret, const char out[16], int valid, unsigned long long v)
{
	FUZZ_CHECK(memchr(out, '\0', 16));
	if (valid) {
		FUZZ_CHECK(ret == 0);
		check_quad(out, v);
	} else {
		FUZZ_CHECK(ret == -1);
		FUZZ_CHECK(!strcmp(out, "0.0.0.0"));
	}
}

static void check_ip(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	unsigned long long v = 0;
	long long iv = 0;
	char out[16];
	int ret;

	/* Blanks, digits (the value saturated past the range), blanks. */
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && is_digit(s[i]); i++, digits++)
		v = v > 4294967295ULL ? v : v * 10 + (unsigned)(s[i] - '0');
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	memset(out, 'x', sizeof(out));
	ret = om_ip_from_le_text(s, n, out);
	check_ip_result(ret, out, digits && i == n && v >= 1 && v <= 4294967295ULL, v);

	/* The first bytes as an integer. */
	if (n)
		memcpy(&iv, s, n < sizeof(iv) ? n : sizeof(iv));
	memset(out, 'x', sizeof(out));
	ret = om_ip_from_le_int(iv, out);
	check_ip_result(ret, out, iv >= 1 && iv <= 4294967295LL, (unsigned long long)iv);

	check_quad_to_int(s, n, iv);
}

/* hex is the lower-case hex of the n-byte digest d. */
static void check_digest(const char *hex, const unsigned char *d, size_t n)
{
	char again[65];

	FUZZ_CHECK(strlen(hex) == 2 * n && strspn(hex, "0123456789abcdef") == 2 * n);
	om_hex(d, n, again);
	FUZZ_CHECK(!strcmp(hex, again));
}

/* The digest of the whole bytes and of the bytes given in pieces. */
static void check_hashes(const char *s, size_t n)
{
	size_t a = n / 3, b = n - n / 5;
	char hex[65];
	unsigned char d[32];
	struct om_md5 md5;
	struct om_sha256 sha;

	memset(hex, 'x', sizeof(hex));
	om_md5_hex(s, n, hex);
	om_md5_init(&md5);
	om_md5_update(&md5, s, a);
	om_md5_update(&md5, NULL, 0);
	om_md5_update(&md5, s + a, b - a);
	om_md5_update(&md5, s + b, n - b);
	om_md5_final(&md5, d);
	check_digest(hex, d, 16);

	memset(hex, 'x', sizeof(hex));
	om_sha256_hex(s, n, hex);
	om_sha256_init(&sha);
	om_sha256_update(&sha, s, b);
	om_sha256_update(&sha, NULL, 0);
	om_sha256_update(&sha, s + b, n - b);
	om_sha256_final(&sha, d);
	check_digest(hex, d, 32);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An empty input may come as NULL; the offsets below need a pointer. */
	const char *s = data ? (const char *)data : "";

	check_uri(s, size);
	check_status(s, size);
	check_ip(s, size);
	check_hashes(s, size);
	if (!size) {
		/* s may be NULL when n is 0. */
		check_uri(NULL, 0);
		check_status(NULL, 0);
		check_quad_to_int(NULL, 0, 0);
	}
	return 0;
}
