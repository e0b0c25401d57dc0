/*
 * strbuf.h: a growing, always NUL-terminated byte buffer.
 *
 * Used for every piece of SQL and text the migrator builds.  Allocation
 * failure aborts the process (there is no sane way to continue building
 * SQL without memory, and the database is never touched half-way by it).
 */
#ifndef OM_STRBUF_H
#define OM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;    /* NUL-terminated; never NULL after strbuf_init */
	size_t len;   /* bytes used, without the NUL */
	size_t alloc; /* bytes allocated */
};

/* The empty string every unallocated buffer points at; never written. */
extern char strbuf_slopbuf[1];

/* A ready empty buffer: `struct strbuf sb = STRBUF_INIT;` needs no strbuf_init. */
#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

void strbuf_init(struct strbuf *sb);
/* Free the memory; sb can be reused after strbuf_init. */
void strbuf_release(struct strbuf *sb);
/* Keep the memory, forget the contents. */
void strbuf_reset(struct strbuf *sb);
/* Hand the string to the caller (who frees it with free()); sb is reset. */
char *strbuf_detach(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * The start of s for a message, on one line: runs of white space (line
 * breaks included) become one space; cut after max bytes with "...".
 */
void strbuf_add_excerpt(struct strbuf *sb, const char *s, size_t max);
/* Shorten to len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);

/*
 * Out of memory: the one place outside main.c that prints and ends the
 * process (there is no sane way to go on building SQL without memory; the
 * database is never touched half-way by it).  Drivers call it when their
 * engine's allocating functions fail.
 */
void om_out_of_memory(void) __attribute__((noreturn));

/* Allocation wrappers: never NULL, om_out_of_memory() instead. */
void *om_xmalloc(size_t n);
void *om_xrealloc(void *p, size_t n);
void *om_xcalloc(size_t nmemb, size_t size);
char *om_xstrdup(const char *s);
char *om_xstrndup(const char *s, size_t n);

/* Grow an array of elem_size-byte items so that at least `need` fit. */
#define OM_GROW(ptr, count_need, cap) \
	do { \
		if ((size_t)(count_need) > (size_t)(cap)) { \
			size_t om_grow_n = (cap) ? (size_t)(cap) * 2 : 8; \
			while (om_grow_n < (size_t)(count_need)) \
				om_grow_n *= 2; \
			(ptr) = om_xrealloc((ptr), om_grow_n * sizeof(*(ptr))); \
			(cap) = om_grow_n; \
		} \
	} while (0)

#endif
