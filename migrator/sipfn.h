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
 * User part of a SIP URI: the text after the scheme's ':' ("sip:",
 * "sips:", "tel:", any letter case; a value without one of these schemes
 * is read from its start) and before the first '@', cut at the first ':'
 * (a password).  Empty when there is no '@' after the scheme.
 *   "sip:alice:pw@example.com:5060;transport=udp" -> "alice"
 *   "sip:example.com" -> ""
 *   "mailto:x@y" -> "mailto" (unknown scheme: read from the start)
 * An empty user has *off at the end of the scheme.
 */
void om_sip_uri_user(const char *s, size_t n, size_t *off, size_t *len);

/*
 * Host part of a SIP URI: the text after the first '@' (after the
 * scheme's ':' when there is no '@'), cut at the first ':', ';', '?' or
 * '>'; an IPv6 reference in brackets is kept whole with its brackets
 * ("sip:a@[2001:db8::1]:5060" -> "[2001:db8::1]"; an unclosed '[' runs to
 * the end of the value).  Only the first '@' counts: "sip:a@b@c" -> "b@c".
 */
void om_sip_uri_host(const char *s, size_t n, size_t *off, size_t *len);

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
