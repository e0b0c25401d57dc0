/*
 * error.c: filling struct om_error.  Messages are truncated, never
 * overflowed.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;

	if (!len || len > n || p[0] >= 0xf5)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/*
 * Make msg printable: a message quotes what the user gave (a URL, a line
 * of a file, an SQL statement, the engine's text), which may hold line
 * breaks, control bytes or bytes that are not UTF-8.  Line breaks and tabs
 * become spaces, other control bytes and invalid bytes \xNN.  The one
 * exception is our own lists, whose items start on a new line with two
 * spaces ("refused ...:\n  item").
 */
static void tidy(char *msg, size_t cap)
{
	char out[OM_ERROR_MSG_MAX];
	size_t o = 0, n = strlen(msg);
	const unsigned char *p = (const unsigned char *)msg;

	for (size_t i = 0; i < n && o + 5 < sizeof(out);) {
		size_t u = p[i] >= 0x80 ? utf8_len(p + i, n - i) : 0;

		if (p[i] == '\n' && i + 2 < n && p[i + 1] == ' ' && p[i + 2] == ' ') {
			out[o++] = '\n';
			i++;
		} else if (p[i] == '\n' || p[i] == '\r' || p[i] == '\t') {
			out[o++] = ' ';
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f || (p[i] >= 0x80 && !u)) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\x%02X", p[i]);
			i++;
		} else if (u) {
			if (o + u >= sizeof(out) - 1)
				break;
			memcpy(out + o, p + i, u);
			o += u;
			i += u;
		} else {
			out[o++] = (char)p[i++];
		}
	}
	out[o] = '\0';
	snprintf(msg, cap, "%s", out);
}

void om_error_clear(struct om_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

int om_error_set(struct om_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	tidy(err->msg, sizeof(err->msg));
	return -1;
}

int om_error_prefix(struct om_error *err, const char *fmt, ...)
{
	char prefix[512];
	char old[OM_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Built by hand: snprintf("%s: %s") would warn about truncation. */
	{
		size_t p = strlen(prefix), o = strlen(old), cap = sizeof(err->msg) - 1;
		size_t n = 0;

		memcpy(err->msg, prefix, p < cap ? p : cap);
		n = p < cap ? p : cap;
		if (n + 2 <= cap) {
			memcpy(err->msg + n, ": ", 2);
			n += 2;
		}
		if (o > cap - n)
			o = cap - n;
		memcpy(err->msg + n, old, o);
		n += o;
		err->msg[n] = '\0';
	}
	tidy(err->msg, sizeof(err->msg));
	return -1;
}
