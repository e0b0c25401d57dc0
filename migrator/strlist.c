/*
 * strlist.c: a growing list of owned strings.
 */
#include "strlist.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void om_strlist_init(struct om_strlist *l)
{
	memset(l, 0, sizeof(*l));
}

void om_strlist_release(struct om_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	om_strlist_init(l);
}

void om_strlist_add(struct om_strlist *l, const char *s)
{
	OM_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = om_xstrdup(s);
}

void om_strlist_addf(struct om_strlist *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	OM_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = strbuf_detach(&sb);
}

void om_strlist_add_unique(struct om_strlist *l, const char *s)
{
	if (!om_strlist_has(l, s))
		om_strlist_add(l, s);
}

bool om_strlist_has(const struct om_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void om_strlist_sort(struct om_strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}
