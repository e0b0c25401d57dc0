/*
 * sipfn.h: the value mappings of the 1.1 -> 1.2 plan, in C.
 *
 * These are the reference definitions of the plan's mapping functions
 * (plans/README.md, "Functions").  The SQLite driver registers them as SQL
 * functions; the MySQL and PostgreSQL drivers render the same rules as
 * SQL, and the tests compare both against these.
 *
 * All functions work on bytes (s, n), need no NUL terminator, never
 * allocate, and return spans into s (off + len <= n; an empty span may
 * sit at off == n).  s may be NULL when n is 0.
 */
#ifndef OM_SIPFN_H
#define OM_SIPFN_H

#include <stddef.h>

/*
 * The SIP URI rules (1.1 acc/missed_calls from_uri, to_uri, i_uri into the
 * 1.2 src_user/src_domain/dst_user/dst_domain), corrected against OpenSER
 * 1.2.0's own parse_uri.  Where the rules leave a detail open, the choice
 * made is marked "Decided:".
 *
 * The URI.  A value in name-addr form ("Bob" <sip:bob@example.org>;tag=1)
 * is read as the text after its first '<' up to the next '>'; an unclosed
 * '<' runs to the end of the value; everything outside is ignored.  Any
 * other value is the URI as a whole.
 *   Decided: the first '<' counts even inside a quoted display name
 *   ("a<b" <sip:x@y> reads `b" `), where 1.2's parse_nameaddr would skip
 *   the quoted one: 1.1 columns hold bare URIs, and finding an unquoted
 *   '<' is beyond collation-proof MySQL SQL.
 *   Decided: a URI ends at any '<' or '>' (neither can be part of one,
 *   RFC 3261), in a bare value too: "sip:a>b@c" is read as "sip:a", and a
 *   second '<' ends a name-addr's URI like its '>'.  (The host was cut at
 *   '>' before; a bare value's user now is too.)  So MySQL and PostgreSQL
 *   find the URI with two cuts of the value, reading it once.
 *
 * The scheme: "sip:", "sips:", "tel:" or "tels:" at the start of the URI,
 * in any ASCII letter case.  A URI without one of these is read from its
 * start ("mailto:x@y" has the user "mailto").
 *
 * tel: and tels: (1.2's parse_uri moves the number into the user): the
 * user is the text after the scheme up to the first ';' (the parameters)
 * or the end of the URI; the host is always ''.
 *   Decided: only ';' ends the number; an '@', ':' or '?' stays in it
 *   (none belongs in a tel: URI, RFC 3966; 1.2 would read "tel:+49@gw" as
 *   a SIP URI and take "gw" for the number).
 *
 * sip:, sips: and scheme-less URIs:
 * - user: the text after the scheme and before the first '@', cut at the
 *   first ':' (a password); '' when there is no '@'.  With user=phone (only
 *   sip: and sips:) it is also cut at its first ';'
 *   ("sip:+4930123;npdi@gw.example.com;user=phone" -> "+4930123").
 * - user=phone: a parameter of the URI, after its first '@': the text
 *   there up to the first '?' (the headers) holds ";user=phone" followed by
 *   ';', '?' or the end of the URI.  The name "user" in any ASCII letter
 *   case, the value "phone" exactly (parse_uri compares it with strncmp).
 *   Decided: as in parse_uri, the last "user=" parameter decides
 *   (";user=phone;user=ip" is not phone).
 * - host: the text after the first '@' (after the scheme when there is
 *   none), cut at the first ':', ';' or '?' (or '>', where the URI ends);
 *   an IPv6 reference in brackets is kept whole with its brackets
 *   ("sip:a@[2001:db8::1]:5060" -> "[2001:db8::1]"; an unclosed '[' runs
 *   to the end of the URI).  Only the first '@' counts: "sip:a@b@c" ->
 *   "b@c".
 *
 * A value the rules cannot parse gives '' and '' (om_sip_uri_unparsable).
 * The rules read bytes: a NUL is an ordinary byte, no delimiter.
 */

/*
 * User part:
 *   "sip:alice:pw@example.com:5060;transport=udp" -> "alice"
 *   "sip:example.com" -> ""
 *   "tel:+4930123;phone-context=x" -> "+4930123"
 *   "\"Bob\" <sip:bob@example.org>;tag=1" -> "bob"
 * An empty user has *off at the end of the scheme.
 */
void om_sip_uri_user(const char *s, size_t n, size_t *off, size_t *len);

/*
 * Host part:
 *   "sip:alice:pw@example.com:5060;transport=udp" -> "example.com"
 *   "sip:example.com" -> "example.com"
 *   "tel:+4930123" -> ""
 */
void om_sip_uri_host(const char *s, size_t n, size_t *off, size_t *len);

/*
 * 1 when the value cannot be parsed: user and host both come out empty
 * ("", "sip:", "tel:", "<sip:@>", "<>"), else 0.  The caller counts these
 * (the upgrade reports them); a SQL NULL is not passed here, it is a
 * normal absent URI (an empty i_uri gives way to to_uri).
 */
int om_sip_uri_unparsable(const char *s, size_t n);

/*
 * A 1.1 sip_status value is a status when it is exactly 3 ASCII digits,
 * or 3 digits, one space, and text ("486 Busy Here").  Then returns 1,
 * the code is s[0..3) and the reason is the span after the space (empty
 * for a bare code).  Anything else ("2000", "", a comment text) returns 0:
 * the plan then stores sip_code '' and the whole value as sip_reason, and
 * the reason span is set to that whole value (0, n).
 * Digits are ASCII '0'-'9'.  Exactly one space is consumed and the text is
 * kept as is: "486  Busy" -> reason " Busy"; "486 " is a status with an
 * empty reason; "486Busy" and "486\tBusy" are not statuses.
 */
int om_sip_status_split(const char *s, size_t n, size_t *reason_off, size_t *reason_len);

/*
 * The 1.1 gw.ip_addr integer, whose low byte is the first octet
 * (a + b*256 + c*65536 + d*16777216), as the dotted quad "a.b.c.d".
 * Valid input is an integer from 1 to 4294967295; returns 0 and writes
 * the NUL-terminated quad into out, or -1 (out = "0.0.0.0") otherwise.
 */
int om_ip_from_le_int(long long v, char out[16]);

/*
 * The same for a textual value (SQLite may hold the integer as text):
 * optional blanks (space, tab), decimal digits only (leading zeros allowed,
 * no sign), optional blanks.  Returns -1 for anything else, including
 * values out of range however many digits (out = "0.0.0.0").
 */
int om_ip_from_le_text(const char *s, size_t n, char out[16]);

#endif
