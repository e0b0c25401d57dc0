/*
 * strlist.h: a growing list of owned strings.
 */
#ifndef OM_STRLIST_H
#define OM_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

struct om_strlist {
	char **v;
	size_t n, alloc;
};

void om_strlist_init(struct om_strlist *l);
void om_strlist_release(struct om_strlist *l);
/* Append a copy of s. */
void om_strlist_add(struct om_strlist *l, const char *s);
void om_strlist_addf(struct om_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append a copy unless an equal string is already there. */
void om_strlist_add_unique(struct om_strlist *l, const char *s);
bool om_strlist_has(const struct om_strlist *l, const char *s);
/* Sort the strings bytewise (strcmp). */
void om_strlist_sort(struct om_strlist *l);

#endif
