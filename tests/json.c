/*
 * json.c: a recursive-descent reader of RFC 8259 JSON for the tests.
 * Strict on purpose: what it accepts, any JSON client accepts.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

struct reader {
	const char *p;
	char *err;
	size_t errlen;
	int depth;
};

static struct om_test_json *value(struct reader *r);

static void *fail(struct reader *r, const char *what)
{
	if (!r->err[0])
		snprintf(r->err, r->errlen, "%s at \"%.20s\"", what, r->p);
	return NULL;
}

static void blanks(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static struct om_test_json *node(enum om_test_json_type t)
{
	struct om_test_json *j = om_xcalloc(1, sizeof(*j));

	j->type = t;
	return j;
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | cp >> 6));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | cp >> 12));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | cp >> 18));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A valid UTF-8 sequence at p: its length, 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;

	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static int escape(struct reader *r, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit = r->p[0] ? strchr(from, r->p[0]) : NULL;
	int cp, lo;

	if (hit) {
		strbuf_addch(sb, to[hit - from]);
		r->p++;
		return 0;
	}
	if (r->p[0] != 'u' || (cp = hex4(r->p + 1)) < 0)
		return -1;
	r->p += 5;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->p[0] != '\\' || r->p[1] != 'u' || (lo = hex4(r->p + 2)) < 0xdc00 || lo > 0xdfff)
			return -1;
		r->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	add_utf8(sb, (unsigned)cp);
	return 0;
}

static char *string(struct reader *r)
{
	struct strbuf sb = STRBUF_INIT;

	r->p++;
	while (*r->p != '"') {
		const unsigned char c = (unsigned char)*r->p;
		size_t n;

		if (!c || c < 0x20) {
			strbuf_release(&sb);
			return fail(r, "unterminated string or control byte");
		}
		if (c == '\\') {
			r->p++;
			if (escape(r, &sb)) {
				strbuf_release(&sb);
				return fail(r, "bad escape");
			}
			continue;
		}
		n = c < 0x80 ? 1 : utf8_seq((const unsigned char *)r->p);
		if (!n) {
			strbuf_release(&sb);
			return fail(r, "invalid UTF-8");
		}
		strbuf_add(&sb, r->p, n);
		r->p += n;
	}
	r->p++;
	return strbuf_detach(&sb);
}

static struct om_test_json *number(struct reader *r)
{
	const char *start = r->p;
	struct om_test_json *j;

	if (*r->p == '-')
		r->p++;
	if (*r->p == '0')
		r->p++;
	else if (*r->p >= '1' && *r->p <= '9')
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	else
		return fail(r, "bad number");
	if (*r->p == '.') {
		r->p++;
		if (!(*r->p >= '0' && *r->p <= '9'))
			return fail(r, "bad fraction");
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (*r->p == 'e' || *r->p == 'E') {
		r->p++;
		if (*r->p == '+' || *r->p == '-')
			r->p++;
		if (!(*r->p >= '0' && *r->p <= '9'))
			return fail(r, "bad exponent");
		while (*r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	j = node(OM_TEST_JSON_NUMBER);
	j->num = strtod(start, NULL);
	return j;
}

/* The members of an array or object, from its opening bracket. */
static struct om_test_json *container(struct reader *r, bool object)
{
	struct om_test_json *j = node(object ? OM_TEST_JSON_OBJECT : OM_TEST_JSON_ARRAY);
	char close = object ? '}' : ']';

	r->p++;
	blanks(r);
	if (*r->p == close) {
		r->p++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct om_test_json *v;

		blanks(r);
		if (object) {
			if (*r->p != '"' || !(key = string(r)))
				goto bad;
			blanks(r);
			if (*r->p++ != ':') {
				free(key);
				goto bad;
			}
		}
		if (!(v = value(r))) {
			free(key);
			goto bad;
		}
		j->items = om_xrealloc(j->items, (j->n + 1) * sizeof(*j->items));
		j->keys = om_xrealloc(j->keys, (j->n + 1) * sizeof(*j->keys));
		j->items[j->n] = v;
		j->keys[j->n++] = key;
		blanks(r);
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p++ == close)
			return j;
		goto bad;
	}
bad:
	om_test_json_free(j);
	return fail(r, object ? "bad object" : "bad array");
}

static struct om_test_json *value(struct reader *r)
{
	struct om_test_json *j;

	blanks(r);
	if (++r->depth > 100)
		return fail(r, "too deep");
	if (*r->p == '{' || *r->p == '[') {
		j = container(r, *r->p == '{');
	} else if (*r->p == '"') {
		char *s = string(r);

		j = s ? node(OM_TEST_JSON_STRING) : NULL;
		if (j)
			j->str = s;
	} else if (!strncmp(r->p, "true", 4) || !strncmp(r->p, "false", 5)) {
		j = node(OM_TEST_JSON_BOOL);
		j->b = *r->p == 't';
		r->p += j->b ? 4 : 5;
	} else if (!strncmp(r->p, "null", 4)) {
		j = node(OM_TEST_JSON_NULL);
		r->p += 4;
	} else {
		j = number(r);
	}
	r->depth--;
	return j;
}

struct om_test_json *om_test_json_parse(const char *text, char *err, size_t errlen)
{
	struct reader r = { text, err, errlen, 0 };
	struct om_test_json *j;

	err[0] = '\0';
	j = value(&r);
	if (!j)
		return NULL;
	blanks(&r);
	if (*r.p) {
		om_test_json_free(j);
		return fail(&r, "text after the value");
	}
	return j;
}

void om_test_json_free(struct om_test_json *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++) {
		om_test_json_free(j->items[i]);
		free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

const struct om_test_json *om_test_json_get(const struct om_test_json *j, const char *key)
{
	if (!j || j->type != OM_TEST_JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], key))
			return j->items[i];
	return NULL;
}
