/*
 * sipfn.c: libFuzzer target of the plan's mapping functions in C
 * (sipfn.h) and of the MD5 the SQLite driver registers (hash.h).  Each
 * function gets the whole input, and its result is checked against the
 * rules sipfn.h and hash.h document:
 *
 *   - om_sip_uri_user, om_sip_uri_host: the span is inside the input and
 *     is the one the rules name (scheme, first '@', ':' or ';?>' or the
 *     IPv6 brackets);
 *   - om_sip_status_split: 1 exactly for "DDD" and "DDD text", with the
 *     reason after the one space, else 0 and the whole value;
 *   - om_ip_from_le_text, om_ip_from_le_int: 0 with the dotted quad of the
 *     value (low byte first) for 1 to 4294967295 written as the rules
 *     allow, else -1 and "0.0.0.0"; never more than 16 bytes;
 *   - om_md5_hex (and om_sha256_hex): lower-case hex of the digest, the
 *     same whatever pieces the bytes are given to update in.
 * The input sits in a buffer of exactly its size (libFuzzer's), so any
 * read past n is a sanitizer report.
 */
#include "fuzz.h"

#include "hash.h"
#include "sipfn.h"

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The length of a "sip:", "sips:" or "tel:" prefix in any case, else 0. */
static size_t scheme_len(const char *s, size_t n)
{
	static const char *const schemes[] = { "sip:", "sips:", "tel:" };

	for (size_t k = 0; k < 3; k++) {
		size_t m = strlen(schemes[k]), i;

		for (i = 0; i < m && i < n && lower((unsigned char)s[i]) == (unsigned char)schemes[k][i]; i++)
			;
		if (i == m)
			return m;
	}
	return 0;
}

/* Index of the first byte of set in s[from..to), or to. */
static size_t first_of(const char *s, size_t from, size_t to, const char *set)
{
	for (size_t i = from; i < to; i++)
		if (memchr(set, s[i], strlen(set)))
			return i;
	return to;
}

static void check_uri(const char *s, size_t n)
{
	size_t start = scheme_len(s, n), at = first_of(s, start, n, "@");
	size_t off = (size_t)-1, len = (size_t)-1, h, end;

	om_sip_uri_user(s, n, &off, &len);
	FUZZ_CHECK(off <= n && len <= n - off);
	FUZZ_CHECK(off == start);
	FUZZ_CHECK(len == (at < n ? first_of(s, start, at, ":") - start : 0));

	off = len = (size_t)-1;
	om_sip_uri_host(s, n, &off, &len);
	FUZZ_CHECK(off <= n && len <= n - off);
	h = at < n ? at + 1 : start;
	if (h < n && s[h] == '[') {
		end = first_of(s, h, n, "]");
		end += end < n;
	} else {
		end = first_of(s, h, n, ":;?>");
	}
	FUZZ_CHECK(off == h);
	FUZZ_CHECK(len == end - h);
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
	}
	return 0;
}
