/*
 * error.c: filling struct om_error.  Messages are truncated, never
 * overflowed.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	return -1;
}
