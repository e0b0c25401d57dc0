/*
 * strbuf.c: growing byte buffer and the allocation wrappers.
 */
#include "strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_slopbuf[1];

void om_out_of_memory(void)
{
	fputs("openser-migrate: out of memory\n", stderr);
	abort();
}

void *om_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		om_out_of_memory();
	return p;
}

void *om_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		om_out_of_memory();
	return q;
}

void *om_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		om_out_of_memory();
	return p;
}

char *om_xstrdup(const char *s)
{
	return om_xstrndup(s, strlen(s));
}

char *om_xstrndup(const char *s, size_t n)
{
	char *p = om_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_slopbuf;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s;

	if (!sb->alloc)
		s = om_xstrdup("");
	else
		s = sb->buf;
	strbuf_init(sb);
	return s;
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->alloc)
		return;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	if (sb->alloc) {
		sb->buf = om_xrealloc(sb->buf, n);
	} else {
		sb->buf = om_xmalloc(n);
		sb->buf[0] = '\0';
	}
	sb->alloc = n;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (!fmt)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_add_excerpt(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = 0;

	for (const char *p = s; *p; p++) {
		bool space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';

		if (n >= max) {
			strbuf_adds(sb, "...");
			return;
		}
		if (space && (p == s || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t' || p[-1] == '\r'))
			continue;
		strbuf_addch(sb, space ? ' ' : *p);
		n++;
	}
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		strbuf_init(sb);
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}
