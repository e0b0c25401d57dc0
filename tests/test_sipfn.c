/*
 * test_sipfn.c: the plan's value mappings (sipfn.h).  Every input is
 * copied into a heap buffer of exactly its length, without a NUL, so a
 * sanitizer build catches any read past n.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipfn.h"
#include "support.h"

struct span {
	char text[128];
	size_t off;
	size_t len;
};

typedef void uri_fn(const char *s, size_t n, size_t *off, size_t *len);

static char *exact_copy(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(p);
	if (n)
		memcpy(p, s, n);
	return p;
}

static struct span run_uri(uri_fn *fn, const char *s, size_t n)
{
	struct span r;
	char *buf = exact_copy(s, n);

	r.off = r.len = (size_t)-1;
	fn(buf, n, &r.off, &r.len);
	ck_assert_msg(r.off <= n && r.len <= n - r.off,
		      "span %zu+%zu outside %zu bytes", r.off, r.len, n);
	ck_assert_uint_lt(r.len, sizeof(r.text));
	memcpy(r.text, buf + r.off, r.len);
	r.text[r.len] = '\0';
	free(buf);
	return r;
}

static struct span user_of(const char *uri)
{
	return run_uri(om_sip_uri_user, uri, strlen(uri));
}

static struct span host_of(const char *uri)
{
	return run_uri(om_sip_uri_host, uri, strlen(uri));
}

/* ---- URI user and host ---- */

START_TEST(user_is_cut_at_password)
{
	ck_assert_str_eq(user_of("sip:alice:pw@example.com:5060;transport=udp").text, "alice");
}
END_TEST

START_TEST(host_is_cut_at_port_before_parameters)
{
	ck_assert_str_eq(host_of("sip:alice:pw@example.com:5060;transport=udp").text,
			 "example.com");
}
END_TEST

START_TEST(host_is_cut_at_port)
{
	ck_assert_str_eq(user_of("sip:alice@example.com:5060").text, "alice");
	ck_assert_str_eq(host_of("sip:alice@example.com:5060").text, "example.com");
}
END_TEST

START_TEST(without_at_user_is_empty_and_host_follows_scheme)
{
	ck_assert_str_eq(user_of("sip:example.com").text, "");
	ck_assert_str_eq(host_of("sip:example.com").text, "example.com");
}
END_TEST

START_TEST(without_at_host_is_cut_at_first_colon)
{
	ck_assert_str_eq(user_of("sip:alice:pw").text, "");
	ck_assert_str_eq(host_of("sip:alice:pw").text, "alice");
}
END_TEST

START_TEST(scheme_matches_in_any_case_and_output_keeps_case)
{
	ck_assert_str_eq(user_of("SIP:Bob@Example.COM").text, "Bob");
	ck_assert_str_eq(host_of("SIP:Bob@Example.COM").text, "Example.COM");
}
END_TEST

START_TEST(sips_scheme_is_skipped_and_host_cut_at_semicolon)
{
	ck_assert_str_eq(user_of("sips:carol@host;lr").text, "carol");
	ck_assert_str_eq(host_of("sips:carol@host;lr").text, "host");
}
END_TEST

START_TEST(mixed_case_sips_scheme_is_skipped)
{
	ck_assert_str_eq(user_of("SiPs:carol@h").text, "carol");
	ck_assert_str_eq(host_of("SiPs:carol@h").text, "h");
}
END_TEST

START_TEST(value_without_scheme_is_read_from_start)
{
	ck_assert_str_eq(user_of("alice@example.com").text, "alice");
	ck_assert_str_eq(host_of("alice@example.com").text, "example.com");
}
END_TEST

START_TEST(bare_host_without_scheme_is_the_host)
{
	ck_assert_str_eq(user_of("example.com").text, "");
	ck_assert_str_eq(host_of("example.com").text, "example.com");
}
END_TEST

START_TEST(unknown_scheme_is_read_as_user_cut_at_colon)
{
	ck_assert_str_eq(user_of("mailto:x@y").text, "mailto");
	ck_assert_str_eq(host_of("mailto:x@y").text, "y");
}
END_TEST

START_TEST(scheme_without_colon_is_not_a_scheme)
{
	ck_assert_str_eq(user_of("sip").text, "");
	ck_assert_str_eq(host_of("sip").text, "sip");
	ck_assert_str_eq(user_of("sipx:a@b").text, "sipx");
}
END_TEST

START_TEST(only_the_first_at_separates_user_and_host)
{
	ck_assert_str_eq(user_of("sip:a@b@c").text, "a");
	ck_assert_str_eq(host_of("sip:a@b@c").text, "b@c");
}
END_TEST

START_TEST(host_is_cut_at_question_mark)
{
	ck_assert_str_eq(user_of("sip:alice@host?subject=x").text, "alice");
	ck_assert_str_eq(host_of("sip:alice@host?subject=x").text, "host");
}
END_TEST

START_TEST(host_is_cut_at_closing_angle_bracket)
{
	ck_assert_str_eq(host_of("sip:alice@host>").text, "host");
}
END_TEST

START_TEST(empty_user_before_at_is_empty)
{
	ck_assert_str_eq(user_of("sip:@host").text, "");
	ck_assert_str_eq(host_of("sip:@host").text, "host");
}
END_TEST

START_TEST(scheme_alone_gives_empty_user_and_host)
{
	ck_assert_str_eq(user_of("sip:").text, "");
	ck_assert_str_eq(host_of("sip:").text, "");
}
END_TEST

START_TEST(empty_value_gives_empty_user_and_host)
{
	ck_assert_str_eq(user_of("").text, "");
	ck_assert_str_eq(host_of("").text, "");
}
END_TEST

START_TEST(null_value_of_length_zero_gives_empty_spans)
{
	size_t off = 99, len = 99;

	om_sip_uri_user(NULL, 0, &off, &len);
	ck_assert_uint_eq(off, 0);
	ck_assert_uint_eq(len, 0);
	off = len = 99;
	om_sip_uri_host(NULL, 0, &off, &len);
	ck_assert_uint_eq(off, 0);
	ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(ipv6_host_is_kept_with_brackets_and_port_cut)
{
	ck_assert_str_eq(user_of("sip:a@[2001:db8::1]:5060").text, "a");
	ck_assert_str_eq(host_of("sip:a@[2001:db8::1]:5060").text, "[2001:db8::1]");
}
END_TEST

START_TEST(ipv6_loopback_host_is_kept_with_brackets)
{
	ck_assert_str_eq(host_of("sip:a@[::1]").text, "[::1]");
}
END_TEST

START_TEST(ipv6_host_without_user_is_kept_with_brackets)
{
	ck_assert_str_eq(user_of("sip:[::1]:5060").text, "");
	ck_assert_str_eq(host_of("sip:[::1]:5060").text, "[::1]");
}
END_TEST

START_TEST(unclosed_ipv6_bracket_runs_to_end)
{
	ck_assert_str_eq(host_of("sip:a@[2001:db8::1").text, "[2001:db8::1");
}
END_TEST

START_TEST(spans_are_offsets_into_the_value)
{
	struct span u = user_of("sip:alice:pw@example.com;lr");
	struct span h = host_of("sip:alice:pw@example.com;lr");

	ck_assert_uint_eq(u.off, 4);
	ck_assert_uint_eq(u.len, 5);
	ck_assert_uint_eq(h.off, 13);
	ck_assert_uint_eq(h.len, 11);
}
END_TEST

START_TEST(empty_user_points_after_scheme)
{
	ck_assert_uint_eq(user_of("sips:example.com").off, 5);
	ck_assert_uint_eq(user_of("example.com").off, 0);
}
END_TEST

START_TEST(uri_bytes_beyond_n_are_not_read)
{
	static const char v[] = "sip:bob@hostXYZ";

	ck_assert_str_eq(run_uri(om_sip_uri_host, v, 12).text, "host");
	/* The '@' lies beyond n: no user, the host follows the scheme. */
	ck_assert_str_eq(run_uri(om_sip_uri_user, v, 7).text, "");
	ck_assert_str_eq(run_uri(om_sip_uri_host, v, 7).text, "bob");
}
END_TEST

/* ---- the amended rules: tel:, user=phone, name-addr, unparsable values ---- */

/* Both parts of uri, as "user|host", for tables of cases. */
static char *parts(const char *uri)
{
	static char out[300];
	struct span u = user_of(uri), h = host_of(uri);

	snprintf(out, sizeof(out), "%s|%s", u.text, h.text);
	return out;
}

struct parts_case {
	const char *uri;
	const char *parts;   /* "user|host" */
};

static void check_parts(const struct parts_case *c)
{
	char got[300];

	snprintf(got, sizeof(got), "%s", parts(c->uri));
	ck_assert_msg(!strcmp(got, c->parts), "%s gives \"%s\", not \"%s\"", c->uri, got, c->parts);
}

/* tel: and tels: the number is the user, the host is empty. */
static const struct parts_case tel_cases[] = {
	{ "tel:+4930123;phone-context=x", "+4930123|" },
	{ "tel:+4930123", "+4930123|" },
	{ "tels:+4930123;x=y", "+4930123|" },
	{ "tels:+49", "+49|" },
	/* the scheme in any letter case */
	{ "TEL:+49;x", "+49|" },
	{ "TeLs:+49", "+49|" },
	/* Decided: only ';' ends the number; '@', ':' and '?' stay in it. */
	{ "tel:+4930123@gw", "+4930123@gw|" },
	{ "tel:+49:30?x;y", "+49:30?x|" },
	{ "tel:+49;a;b", "+49|" },
	/* no number */
	{ "tel:", "|" },
	{ "tel:;phone-context=x", "|" },
	/* not a tel: scheme */
	{ "tel", "|tel" },
	{ "telx:+49@gw", "telx|gw" },
	{ "tels", "|tels" },
	{ " tel:+49", "| tel" },
};

START_TEST(tel_number_is_the_user_and_the_host_is_empty)
{
	check_parts(&tel_cases[_i]);
}
END_TEST

/* user=phone cuts a sip:/sips: user at its first ';'. */
static const struct parts_case phone_cases[] = {
	{ "sip:+4930123;npdi@gw.example.com;user=phone", "+4930123|gw.example.com" },
	{ "sips:+49;rn=+4930;npdi@gw;user=phone", "+49|gw" },
	/* no ';' in the user: nothing to cut */
	{ "sip:+4930123@gw.example.com;user=phone", "+4930123|gw.example.com" },
	/* without user=phone the ';' stays in the user */
	{ "sip:+4930123;npdi@gw.example.com", "+4930123;npdi|gw.example.com" },
	{ "sip:+49;npdi@gw;user=ip", "+49;npdi|gw" },
	/* the name in any letter case, the value as written (parse_uri's strncmp) */
	{ "sip:+49;npdi@gw;USER=phone", "+49|gw" },
	{ "SIP:+49;npdi@gw;User=phone", "+49|gw" },
	{ "sip:+49;npdi@gw;user=PHONE", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;user=Phone", "+49;npdi|gw" },
	/* the whole parameter */
	{ "sip:+49;npdi@gw;user=phonex", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;xuser=phone", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;user=phon", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;user =phone", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;user", "+49;npdi|gw" },
	/* followed by parameters or headers, after a port */
	{ "sip:+49;npdi@gw;user=phone;transport=udp", "+49|gw" },
	{ "sip:+49;npdi@gw;lr;user=phone?subject=x", "+49|gw" },
	{ "sip:+49;npdi@gw:5060;user=phone", "+49|gw" },
	/* among the headers, or in the user part, it is no parameter */
	{ "sip:+49;npdi@gw?x=1;user=phone", "+49;npdi|gw" },
	{ "sip:+49;user=phone@gw", "+49;user=phone|gw" },
	/* Decided, as parse_uri: the last user= parameter decides. */
	{ "sip:+49;npdi@gw;user=phone;user=ip", "+49;npdi|gw" },
	{ "sip:+49;npdi@gw;user=ip;user=phone", "+49|gw" },
	/* the user is cut at a password's ':' too */
	{ "sip:+49;npdi:pw@gw;user=phone", "+49|gw" },
	{ "sip:+49:pw;x@gw;user=phone", "+49|gw" },
	/* only for sip: and sips: */
	{ "+49;npdi@gw;user=phone", "+49;npdi|gw" },
	{ "tel:+49@gw;user=phone", "+49@gw|" },
	{ "tel:+49;user=phone", "+49|" },
};

START_TEST(user_phone_cuts_the_user_at_its_first_semicolon)
{
	check_parts(&phone_cases[_i]);
}
END_TEST

/* name-addr: the URI between the first '<' and the next '>'. */
static const struct parts_case name_addr_cases[] = {
	{ "<sip:alice@example.com>", "alice|example.com" },
	{ "\"Bob\" <sip:bob@example.org>;tag=1", "bob|example.org" },
	{ "Bob <sips:bob:pw@example.org:5061;lr>", "bob|example.org" },
	/* everything outside is ignored */
	{ "<sip:bob@example.org>junk@other.example;x", "bob|example.org" },
	{ "a@b <sip:example.org>", "|example.org" },
	{ "<sip:+49;npdi@gw>;user=phone", "+49;npdi|gw" },
	/* an unclosed '<' runs to the end */
	{ "Bob <sip:bob@example.org;lr", "bob|example.org" },
	{ "<sip:bob@", "bob|" },
	/* Decided: quotes are not read; here the URI is `b" `, up to the next '<'. */
	{ "\"a<b\" <sip:x@y>", "|b\" " },
	{ "a<b <sip:x@y>", "|b " },
	/* Decided: a second '<' ends the URI like a '>' */
	{ "<sip:a@b<c>", "a|b" },
	{ "<sip:a@b<", "a|b" },
	{ "<<sip:a@b>", "|" },
	/* the scheme rules inside the brackets */
	{ "<SIPS:Carol@Host>", "Carol|Host" },
	{ "\"Num\" <tel:+4930123;phone-context=x>", "+4930123|" },
	{ "<sip:+49;npdi@gw;user=phone>;tag=x", "+49|gw" },
	{ "< sip:a@b>", " sip|b" },
	{ "<alice@example.com>", "alice|example.com" },
	/* IPv6 inside: an unclosed '[' runs to the URI's end, the '>' */
	{ "<sip:a@[2001:db8::1]:5060>", "a|[2001:db8::1]" },
	{ "\"x\" <sip:[::1]>;tag=2", "|[::1]" },
	{ "<sip:a@[::1>x]", "a|[::1" },
	/* Decided: a '>' ends a bare URI too */
	{ "sip:a>b@c", "|a" },
	{ "sip:alice@host>;x", "alice|host" },
	{ "sip:+49;x@gw>;user=phone", "+49;x|gw" },
	{ ">sip:a@b", "|" },
};

START_TEST(name_addr_uri_is_read_between_the_brackets)
{
	check_parts(&name_addr_cases[_i]);
}
END_TEST

START_TEST(spans_after_a_scheme_or_a_bracket_are_offsets_into_the_value)
{
	struct span u = user_of("\"B\" <sip:b@h>"), h = host_of("\"B\" <sip:b@h>");

	ck_assert_uint_eq(u.off, 9);
	ck_assert_uint_eq(u.len, 1);
	ck_assert_uint_eq(h.off, 11);
	ck_assert_uint_eq(h.len, 1);
	ck_assert_uint_eq(user_of("Tel:+49").off, 4);
	ck_assert_uint_eq(user_of("tELS:+49").off, 5);
}
END_TEST

/* The bytes of the span, NULs included, as a string for comparison. */
static int span_is(struct span r, const char *want, size_t want_n)
{
	return r.len == want_n && !memcmp(r.text, want, want_n);
}

START_TEST(nul_bytes_are_ordinary_bytes)
{
	static const char v1[] = "sip:al\0ice@exa\0mple.com;x", v2[] = "<sip:a\0b@c>", v3[] = "sip:+49\0;x@gw;user=phone";

	ck_assert(span_is(run_uri(om_sip_uri_user, v1, sizeof(v1) - 1), "al\0ice", 6));
	ck_assert(span_is(run_uri(om_sip_uri_host, v1, sizeof(v1) - 1), "exa\0mple.com", 12));
	ck_assert(span_is(run_uri(om_sip_uri_user, v2, sizeof(v2) - 1), "a\0b", 3));
	ck_assert(span_is(run_uri(om_sip_uri_user, v3, sizeof(v3) - 1), "+49\0", 4));
}
END_TEST

static int unparsable(const char *s, size_t n)
{
	char *buf = exact_copy(s, n);
	int rc = om_sip_uri_unparsable(buf, n);

	free(buf);
	return rc;
}

static const char *const unparsable_values[] = {
	"", "sip:", "SIPS:", "tel:", "tels:", "<sip:@>", "<>", "<", "@", "sip:@", "sip:@;x", ";", "<tel:;x>",
	"tel:;phone-context=x", "sip:@:5060", "\"Bob\" <>", "sip:@?x", ">", "<<sip:a@b>",
};

START_TEST(unparsable_values_give_empty_user_and_host)
{
	const char *v = unparsable_values[_i];

	ck_assert_msg(unparsable(v, strlen(v)) == 1, "\"%s\" parsed", v);
	ck_assert_str_eq(parts(v), "|");
}
END_TEST

static const char *const parsable_values[] = {
	"sip:example.com", "alice@x", "tel:+49", "sip:a@", "x", "<sip:b@>", "sip:@h", "<x>", "mailto:",
};

START_TEST(a_value_with_a_user_or_a_host_is_parsable)
{
	const char *v = parsable_values[_i];

	ck_assert_msg(unparsable(v, strlen(v)) == 0, "\"%s\" unparsable", v);
}
END_TEST

START_TEST(unparsable_reads_no_byte_beyond_n)
{
	ck_assert_int_eq(unparsable("sip:x", 4), 1);
	ck_assert_int_eq(unparsable("<>sip:a@b", 2), 1);
	ck_assert_int_eq(om_sip_uri_unparsable(NULL, 0), 1);
}
END_TEST

/* ---- sip_status split ---- */

struct split {
	int rc;
	size_t off;
	size_t len;
	char reason[64];
};

static struct split split_n(const char *s, size_t n)
{
	struct split r;
	char *buf = exact_copy(s, n);

	r.off = r.len = (size_t)-1;
	r.rc = om_sip_status_split(buf, n, &r.off, &r.len);
	ck_assert_msg(r.off <= n && r.len <= n - r.off,
		      "span %zu+%zu outside %zu bytes", r.off, r.len, n);
	ck_assert_uint_lt(r.len, sizeof(r.reason));
	memcpy(r.reason, buf + r.off, r.len);
	r.reason[r.len] = '\0';
	free(buf);
	return r;
}

static struct split split(const char *s)
{
	return split_n(s, strlen(s));
}

START_TEST(code_and_reason_are_split_at_the_space)
{
	struct split r = split("486 Busy Here");

	ck_assert_int_eq(r.rc, 1);
	ck_assert_uint_eq(r.off, 4);
	ck_assert_str_eq(r.reason, "Busy Here");
}
END_TEST

START_TEST(bare_code_is_a_status_with_empty_reason)
{
	struct split r = split("200");

	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.reason, "");
}
END_TEST

START_TEST(code_and_space_alone_is_a_status_with_empty_reason)
{
	struct split r = split("486 ");

	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.reason, "");
}
END_TEST

START_TEST(only_one_space_is_consumed)
{
	struct split r = split("486  Busy");

	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.reason, " Busy");
}
END_TEST

START_TEST(four_digits_are_not_a_status)
{
	struct split r = split("2000");

	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.off, 0);
	ck_assert_str_eq(r.reason, "2000");
}
END_TEST

START_TEST(empty_value_is_not_a_status)
{
	struct split r = split("");

	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(r.reason, "");
}
END_TEST

START_TEST(letters_in_code_are_not_a_status)
{
	ck_assert_int_eq(split("ab1").rc, 0);
	ck_assert_int_eq(split("4a6 Busy").rc, 0);
}
END_TEST

START_TEST(two_digits_are_not_a_status)
{
	ck_assert_int_eq(split("48 x").rc, 0);
	ck_assert_int_eq(split("48").rc, 0);
}
END_TEST

START_TEST(code_without_space_before_text_is_not_a_status)
{
	ck_assert_int_eq(split("486Busy").rc, 0);
}
END_TEST

START_TEST(tab_instead_of_space_is_not_a_status)
{
	ck_assert_int_eq(split("486\tBusy").rc, 0);
}
END_TEST

START_TEST(leading_space_is_not_a_status)
{
	ck_assert_int_eq(split(" 486 Busy").rc, 0);
}
END_TEST

START_TEST(comment_text_is_kept_whole_as_reason)
{
	struct split r = split("call to voicemail");

	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.off, 0);
	ck_assert_str_eq(r.reason, "call to voicemail");
}
END_TEST

START_TEST(status_bytes_beyond_n_are_not_read)
{
	struct split r = split_n("486Busy", 3);

	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.reason, "");
	r = split_n("486 Busy", 6);
	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.reason, "Bu");
}
END_TEST

/* ---- gateway address ---- */

/* Fills out with junk first so the test sees what the call wrote. */
static int ip_int(long long v, char out[16])
{
	memset(out, 'x', 16);
	return om_ip_from_le_int(v, out);
}

static int ip_text_n(const char *s, size_t n, char out[16])
{
	char *buf = exact_copy(s, n);
	int rc;

	memset(out, 'x', 16);
	rc = om_ip_from_le_text(buf, n, out);
	free(buf);
	return rc;
}

static int ip_text(const char *s, char out[16])
{
	return ip_text_n(s, strlen(s), out);
}

START_TEST(int_low_byte_is_first_octet)
{
	char out[16];

	ck_assert_int_eq(ip_int(16777343, out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(int_with_three_digit_octets)
{
	char out[16];

	ck_assert_int_eq(ip_int(167880896, out), 0);
	ck_assert_str_eq(out, "192.168.1.10");
}
END_TEST

START_TEST(int_maximum_is_all_255)
{
	char out[16];

	ck_assert_int_eq(ip_int(4294967295LL, out), 0);
	ck_assert_str_eq(out, "255.255.255.255");
}
END_TEST

START_TEST(int_one_is_1_0_0_0)
{
	char out[16];

	ck_assert_int_eq(ip_int(1, out), 0);
	ck_assert_str_eq(out, "1.0.0.0");
}
END_TEST

static const long long bad_ints[] = {
	0, -1, -16777343, 4294967296LL, LLONG_MAX, LLONG_MIN,
};

START_TEST(int_out_of_range_is_rejected_as_0_0_0_0)
{
	char out[16];

	ck_assert_msg(ip_int(bad_ints[_i], out) == -1, "%lld accepted", bad_ints[_i]);
	ck_assert_str_eq(out, "0.0.0.0");
}
END_TEST

START_TEST(text_digits_are_converted)
{
	char out[16];

	ck_assert_int_eq(ip_text("16777343", out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(text_surrounding_spaces_are_ignored)
{
	char out[16];

	ck_assert_int_eq(ip_text(" 16777343 ", out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(text_surrounding_tabs_are_ignored)
{
	char out[16];

	ck_assert_int_eq(ip_text("\t16777343\t", out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(text_leading_zeros_are_accepted)
{
	char out[16];

	ck_assert_int_eq(ip_text("0000000000016777343", out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(text_maximum_is_accepted)
{
	char out[16];

	ck_assert_int_eq(ip_text("4294967295", out), 0);
	ck_assert_str_eq(out, "255.255.255.255");
}
END_TEST

static const char *const bad_texts[] = {
	"12a", "", "-5", "+5", "1e3", "99999999999999999999", "4294967296",
	"0", "000", "   ", "1 2", "0x10", "16777343\n", "1.2", "a16777343",
};

START_TEST(text_not_a_decimal_in_range_is_rejected_as_0_0_0_0)
{
	char out[16];

	ck_assert_msg(ip_text(bad_texts[_i], out) == -1, "\"%s\" accepted", bad_texts[_i]);
	ck_assert_str_eq(out, "0.0.0.0");
}
END_TEST

START_TEST(text_bytes_beyond_n_are_not_read)
{
	char out[16];

	ck_assert_int_eq(ip_text_n("16777343junk", 8, out), 0);
	ck_assert_str_eq(out, "127.0.0.1");
}
END_TEST

START_TEST(text_null_of_length_zero_is_rejected)
{
	char out[16];

	ck_assert_int_eq(om_ip_from_le_text(NULL, 0, out), -1);
	ck_assert_str_eq(out, "0.0.0.0");
}
END_TEST

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static Suite *sipfn_suite(void)
{
	Suite *s = suite_create("sipfn");
	TCase *uri = tcase_create("uri_user_host");
	TCase *amended = tcase_create("uri_amended_rules");
	TCase *status = tcase_create("status_split");
	TCase *ip = tcase_create("gateway_ip");

	tcase_add_test(uri, user_is_cut_at_password);
	tcase_add_test(uri, host_is_cut_at_port_before_parameters);
	tcase_add_test(uri, host_is_cut_at_port);
	tcase_add_test(uri, without_at_user_is_empty_and_host_follows_scheme);
	tcase_add_test(uri, without_at_host_is_cut_at_first_colon);
	tcase_add_test(uri, scheme_matches_in_any_case_and_output_keeps_case);
	tcase_add_test(uri, sips_scheme_is_skipped_and_host_cut_at_semicolon);
	tcase_add_test(uri, mixed_case_sips_scheme_is_skipped);
	tcase_add_test(uri, value_without_scheme_is_read_from_start);
	tcase_add_test(uri, bare_host_without_scheme_is_the_host);
	tcase_add_test(uri, unknown_scheme_is_read_as_user_cut_at_colon);
	tcase_add_test(uri, scheme_without_colon_is_not_a_scheme);
	tcase_add_test(uri, only_the_first_at_separates_user_and_host);
	tcase_add_test(uri, host_is_cut_at_question_mark);
	tcase_add_test(uri, host_is_cut_at_closing_angle_bracket);
	tcase_add_test(uri, empty_user_before_at_is_empty);
	tcase_add_test(uri, scheme_alone_gives_empty_user_and_host);
	tcase_add_test(uri, empty_value_gives_empty_user_and_host);
	tcase_add_test(uri, null_value_of_length_zero_gives_empty_spans);
	tcase_add_test(uri, ipv6_host_is_kept_with_brackets_and_port_cut);
	tcase_add_test(uri, ipv6_loopback_host_is_kept_with_brackets);
	tcase_add_test(uri, ipv6_host_without_user_is_kept_with_brackets);
	tcase_add_test(uri, unclosed_ipv6_bracket_runs_to_end);
	tcase_add_test(uri, spans_are_offsets_into_the_value);
	tcase_add_test(uri, empty_user_points_after_scheme);
	tcase_add_test(uri, uri_bytes_beyond_n_are_not_read);
	suite_add_tcase(s, uri);

	tcase_add_loop_test(amended, tel_number_is_the_user_and_the_host_is_empty, 0, (int)NELEM(tel_cases));
	tcase_add_loop_test(amended, user_phone_cuts_the_user_at_its_first_semicolon, 0, (int)NELEM(phone_cases));
	tcase_add_loop_test(amended, name_addr_uri_is_read_between_the_brackets, 0, (int)NELEM(name_addr_cases));
	tcase_add_test(amended, spans_after_a_scheme_or_a_bracket_are_offsets_into_the_value);
	tcase_add_test(amended, nul_bytes_are_ordinary_bytes);
	tcase_add_loop_test(amended, unparsable_values_give_empty_user_and_host, 0, (int)NELEM(unparsable_values));
	tcase_add_loop_test(amended, a_value_with_a_user_or_a_host_is_parsable, 0, (int)NELEM(parsable_values));
	tcase_add_test(amended, unparsable_reads_no_byte_beyond_n);
	suite_add_tcase(s, amended);

	tcase_add_test(status, code_and_reason_are_split_at_the_space);
	tcase_add_test(status, bare_code_is_a_status_with_empty_reason);
	tcase_add_test(status, code_and_space_alone_is_a_status_with_empty_reason);
	tcase_add_test(status, only_one_space_is_consumed);
	tcase_add_test(status, four_digits_are_not_a_status);
	tcase_add_test(status, empty_value_is_not_a_status);
	tcase_add_test(status, letters_in_code_are_not_a_status);
	tcase_add_test(status, two_digits_are_not_a_status);
	tcase_add_test(status, code_without_space_before_text_is_not_a_status);
	tcase_add_test(status, tab_instead_of_space_is_not_a_status);
	tcase_add_test(status, leading_space_is_not_a_status);
	tcase_add_test(status, comment_text_is_kept_whole_as_reason);
	tcase_add_test(status, status_bytes_beyond_n_are_not_read);
	suite_add_tcase(s, status);

	tcase_add_test(ip, int_low_byte_is_first_octet);
	tcase_add_test(ip, int_with_three_digit_octets);
	tcase_add_test(ip, int_maximum_is_all_255);
	tcase_add_test(ip, int_one_is_1_0_0_0);
	tcase_add_loop_test(ip, int_out_of_range_is_rejected_as_0_0_0_0, 0,
			    (int)NELEM(bad_ints));
	tcase_add_test(ip, text_digits_are_converted);
	tcase_add_test(ip, text_surrounding_spaces_are_ignored);
	tcase_add_test(ip, text_surrounding_tabs_are_ignored);
	tcase_add_test(ip, text_leading_zeros_are_accepted);
	tcase_add_test(ip, text_maximum_is_accepted);
	tcase_add_loop_test(ip, text_not_a_decimal_in_range_is_rejected_as_0_0_0_0, 0,
			    (int)NELEM(bad_texts));
	tcase_add_test(ip, text_bytes_beyond_n_are_not_read);
	tcase_add_test(ip, text_null_of_length_zero_is_rejected);
	suite_add_tcase(s, ip);
	return s;
}

int main(void)
{
	return om_test_main(sipfn_suite());
}
