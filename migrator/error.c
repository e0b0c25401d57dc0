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
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return -1;
}
