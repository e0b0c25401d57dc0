/*
 * url.c: parsing the -d/--db database URLs (sqlite:, mysql://,
 * postgres://) and the DBENGINE names of openserctlrc.  Every error quotes
 * the URL with its password masked, and a URL with a password is refused.
 */
#include "url.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

/* Longest piece of a URL quoted on its own in an error message. */
#define SHOW_MAX 60

#define URL_FORMS "use sqlite:PATH, mysql://USER@HOST/DB or postgres://USER@HOST/DB"

struct url_ctx {
	struct strbuf shown;	/* the URL with any password masked */
	int has_password;
	struct om_error *err;
};

void om_url_init(struct om_url *u)
{
	u->engine = OM_ENGINE_NONE;
	u->path = NULL;
	u->user = NULL;
	u->host = NULL;
	u->port = 0;
	u->db = NULL;
	u->socket = NULL;
	u->uri = NULL;
}

void om_url_release(struct om_url *u)
{
	free(u->path);
	free(u->user);
	free(u->host);
	free(u->db);
	free(u->socket);
	free(u->uri);
	om_url_init(u);
}

static int url_error(struct url_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int url_error(struct url_ctx *c, const char *fmt, ...)
{
	char msg[OM_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return om_error_set(c->err, OM_EXIT_USAGE, "invalid database URL \"%s\": %s",
			    c->shown.buf, msg);
}

static int shown(size_t len)
{
	return len > SHOW_MAX ? SHOW_MAX : (int)len;
}

static const char *more(size_t len)
{
	return len > SHOW_MAX ? "..." : "";
}

static int password_error(struct url_ctx *c)
{
	return url_error(c, "a password is not allowed in a URL (it would show in ps "
			 "and in shell history); use openserctlrc, the engine's own "
			 "configuration or the prompt");
}

static const char *last_at(const char *s, size_t n)
{
	while (n--)
		if (s[n] == '@')
			return s + n;
	return NULL;
}

/*
 * A libpq keyword string ("host=x password=secret"), which is not a URL but
 * may be given as one by mistake, or any other text without "://": copy
 * it with every password value (after "password", in any case, and '=';
 * bare up to a blank, or quoted with '...' and backslash escapes)
 * replaced by "***".
 */
static int mask_keywords(const char *s, struct strbuf *out)
{
	int masked = 0;

	while (*s) {
		size_t k = 0;

		/* Anywhere, not only at a keyword's start: masking too much is harmless. */
		if (!strncasecmp(s, "password", 8)) {
			k = 8;
			while (s[k] == ' ' || s[k] == '\t')
				k++;
		}
		if (!k || s[k] != '=') {
			strbuf_addch(out, *s++);
			continue;
		}
		k++;
		while (s[k] == ' ' || s[k] == '\t')
			k++;
		strbuf_add(out, s, k);
		strbuf_adds(out, "***");
		masked = 1;
		s += k;
		if (*s == '\'') {
			for (s++; *s && *s != '\''; s++)
				if (*s == '\\' && s[1])
					s++;
			if (*s)
				s++;
		} else {
			s += strcspn(s, " \t\n");
		}
	}
	return masked;
}

/*
 * Copy url to out with the password of "scheme://user:PASSWORD@" and the
 * value of a "password=" parameter replaced by "***".  Returns whether it
 * replaced anything, which is also how a password is detected.
 *
 * The query starts at the first '?' of the URL, even one before "://"
 * (no valid scheme then), and its items at that '?' and after each '&'.
 */
static int mask_url(const char *url, struct strbuf *out)
{
	const char *colon = strchr(url, ':'), *query = strchr(url, '?');
	const char *pw = NULL, *at = NULL, *p = url;
	int masked = 0;

	if (!strstr(url, "://"))
		return mask_keywords(url, out);

	if (colon && !strncmp(colon + 1, "//", 2)) {
		const char *auth = colon + 3;
		size_t alen = strcspn(auth, "/?");

		at = last_at(auth, alen);
		pw = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	}
	while (*p) {
		if (pw && p == pw + 1) {
			strbuf_adds(out, "***");
			masked = 1;
			p = at;
			pw = NULL;
		} else if (query && p > query && (p - 1 == query || p[-1] == '&') &&
			   !strncmp(p, "password=", 9)) {
			/* Over a user's password within it too. */
			strbuf_adds(out, "password=***");
			masked = 1;
			p += strcspn(p, "&");
		} else {
			strbuf_addch(out, *p++);
		}
	}
	return masked;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into a new string; "%00" is refused like "%zz". */
static int decode(struct url_ctx *c, const char *s, size_t n, char **out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			strbuf_addch(&sb, s[i]);
			continue;
		}
		hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			size_t bad = n - i < 3 ? n - i : 3;

			strbuf_release(&sb);
			return url_error(c, "bad percent-encoding \"%.*s\"", (int)bad, s + i);
		}
		strbuf_addch(&sb, (char)(hi * 16 + lo));
		i += 2;
	}
	*out = strbuf_detach(&sb);
	return 0;
}

/* Like decode, but an empty s gives NULL (not given). */
static int decode_opt(struct url_ctx *c, const char *s, size_t n, char **out)
{
	free(*out);
	*out = NULL;
	return n ? decode(c, s, n, out) : 0;
}

static int parse_port(struct url_ctx *c, const char *s, size_t n, int *port)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v <= 65535; i++)
		v = v * 10 + (s[i] - '0');
	if (!n || i < n || v < 1 || v > 65535)
		return url_error(c, "bad port \"%.*s%s\" (expected 1 to 65535)",
				 shown(n), s, more(n));
	*port = (int)v;
	return 0;
}

/*
 * USER@HOST:PORT, each part optional; HOST may be an [IPv6] literal.
 * With multi_host (libpq), "h1:p1,h2:p2" is kept whole as the host.
 */
static int parse_authority(struct url_ctx *c, const char *a, size_t n, int multi_host,
			   struct om_url *u)
{
	const char *at = last_at(a, n), *host, *colon;
	size_t hlen;

	if (at) {
		if (memchr(a, ':', (size_t)(at - a)))
			return password_error(c);
		if (decode_opt(c, a, (size_t)(at - a), &u->user))
			return -1;
		n -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	if (multi_host && memchr(a, ',', n))
		return decode_opt(c, a, n, &u->host);
	if (n && a[0] == '[') {
		const char *close = memchr(a, ']', n);

		if (!close)
			return url_error(c, "\"]\" missing after the IPv6 address");
		host = a + 1;
		hlen = (size_t)(close - host);
		colon = close + 1 < a + n ? close + 1 : NULL;
		if (colon && *colon != ':')
			return url_error(c, "unexpected \"%c\" after the IPv6 address", *colon);
	} else {
		host = a;
		colon = memchr(a, ':', n);
		hlen = colon ? (size_t)(colon - a) : n;
	}
	if (decode_opt(c, host, hlen, &u->host))
		return -1;
	if (colon && parse_port(c, colon + 1, (size_t)(a + n - colon - 1), &u->port))
		return -1;
	return 0;
}

/* Calls fn for each KEY=VALUE of the query q; empty items are skipped. */
static int each_param(struct url_ctx *c, const char *q, struct om_url *u,
		      int (*fn)(struct url_ctx *, const char *, size_t,
				const char *, size_t, struct om_url *))
{
	while (*q) {
		size_t n = strcspn(q, "&");
		const char *eq = memchr(q, '=', n);
		size_t klen = eq ? (size_t)(eq - q) : n;

		if (n && fn(c, q, klen, eq ? eq + 1 : q + n,
			    eq ? (size_t)(q + n - eq - 1) : 0, u))
			return -1;
		q += n;
		if (*q == '&')
			q++;
	}
	return 0;
}

static int key_is(const char *k, size_t klen, const char *name)
{
	return klen == strlen(name) && !memcmp(k, name, klen);
}

static int mysql_param(struct url_ctx *c, const char *k, size_t klen,
		       const char *v, size_t vlen, struct om_url *u)
{
	if (!key_is(k, klen, "socket"))
		return url_error(c, "unknown parameter \"%.*s%s\" (the only mysql "
				 "parameter is socket=PATH)", shown(klen), k, more(klen));
	if (u->socket)
		return url_error(c, "\"socket\" is given twice");
	if (!vlen)
		return url_error(c, "the socket path is empty");
	return decode(c, v, vlen, &u->socket);
}

/* libpq lets these parameters override the URI's parts; so do we. */
static int pgsql_param(struct url_ctx *c, const char *k, size_t klen,
		       const char *v, size_t vlen, struct om_url *u)
{
	if (key_is(k, klen, "host"))
		return decode_opt(c, v, vlen, &u->host);
	if (key_is(k, klen, "user"))
		return decode_opt(c, v, vlen, &u->user);
	if (key_is(k, klen, "dbname"))
		return decode_opt(c, v, vlen, &u->db);
	if (key_is(k, klen, "port") && !memchr(v, ',', vlen)) {
		u->port = 0;
		return vlen ? parse_port(c, v, vlen, &u->port) : 0;
	}
	return 0;
}

static int parse_sqlite(struct url_ctx *c, const char *rest, struct om_url *u)
{
	if (!strncmp(rest, "//", 2))
		rest += 2;
	if (!*rest)
		return url_error(c, "the path is empty");
	u->engine = OM_ENGINE_SQLITE;
	u->path = om_xstrdup(rest);
	return 0;
}

static int parse_mysql(struct url_ctx *c, const char *rest, struct om_url *u)
{
	size_t alen = strcspn(rest, "/?"), dlen;
	const char *p = rest + alen;

	u->engine = OM_ENGINE_MYSQL;
	if (parse_authority(c, rest, alen, 0, u))
		return -1;
	dlen = *p == '/' ? strcspn(p + 1, "?") : 0;
	if (!dlen)
		return url_error(c, "the database name is missing (mysql://USER@HOST/DB)");
	p++;
	if (memchr(p, '/', dlen))
		return url_error(c, "unexpected \"/\" after the database name");
	if (decode(c, p, dlen, &u->db))
		return -1;
	p += dlen;
	return *p == '?' ? each_param(c, p + 1, u, mysql_param) : 0;
}

static int parse_pgsql(struct url_ctx *c, const char *url, const char *rest,
		       struct om_url *u)
{
	size_t alen = strcspn(rest, "/?");
	const char *p = rest + alen;

	u->engine = OM_ENGINE_PGSQL;
	u->uri = om_xstrdup(url);
	if (parse_authority(c, rest, alen, 1, u))
		return -1;
	if (*p == '/') {
		size_t dlen = strcspn(p + 1, "?");

		if (decode_opt(c, p + 1, dlen, &u->db))
			return -1;
		p += 1 + dlen;
	}
	return *p == '?' ? each_param(c, p + 1, u, pgsql_param) : 0;
}

static int is_scheme(const char *s, size_t n)
{
	if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("+-.", s[i])))
			return 0;
	return 1;
}

static int parse(struct url_ctx *c, const char *url, struct om_url *u)
{
	size_t slen = strcspn(url, ":");

	/* A line break or other control byte is a pasting accident, never part of a name. */
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return url_error(c, "it holds a control character (byte 0x%02X at %zu)", *p,
					 (size_t)(p - (const unsigned char *)url) + 1);

	if (!strncmp(url, "sqlite:", 7))
		return parse_sqlite(c, url + 7, u);
	/* Before any other check, so that no message can come first. */
	if (c->has_password)
		return password_error(c);
	if (!strncmp(url, "mysql://", 8))
		return parse_mysql(c, url + 8, u);
	if (!strncmp(url, "postgres://", 11))
		return parse_pgsql(c, url, url + 11, u);
	if (!strncmp(url, "postgresql://", 13))
		return parse_pgsql(c, url, url + 13, u);
	if (!url[slen] || !is_scheme(url, slen))
		return url_error(c, "no scheme (" URL_FORMS ")");
	return url_error(c, "unknown scheme \"%.*s%s\" (" URL_FORMS ")",
			 shown(slen), url, more(slen));
}

int om_url_parse(struct om_url *u, const char *url, struct om_error *err)
{
	struct url_ctx c;
	struct om_url tmp;
	int ret;

	om_url_release(u);
	if (!url || !*url)
		return om_error_set(err, OM_EXIT_USAGE, "empty database URL");
	strbuf_init(&c.shown);
	c.err = err;
	/* A sqlite path is a file name, taken as it is, never masked. */
	if (!strncmp(url, "sqlite:", 7)) {
		strbuf_adds(&c.shown, url);
		c.has_password = 0;
	} else {
		c.has_password = mask_url(url, &c.shown);
	}
	om_url_init(&tmp);
	ret = parse(&c, url, &tmp);
	if (ret)
		om_url_release(&tmp);
	else
		*u = tmp;
	strbuf_release(&c.shown);
	return ret;
}

enum om_engine om_engine_from_name(const char *name)
{
	if (!name)
		return OM_ENGINE_NONE;
	if (!strcasecmp(name, "mysql"))
		return OM_ENGINE_MYSQL;
	if (!strcasecmp(name, "pgsql") || !strcasecmp(name, "postgres") ||
	    !strcasecmp(name, "postgresql"))
		return OM_ENGINE_PGSQL;
	if (!strcasecmp(name, "sqlite"))
		return OM_ENGINE_SQLITE;
	return OM_ENGINE_NONE;
}

const char *om_engine_name(enum om_engine e)
{
	switch (e) {
	case OM_ENGINE_SQLITE:
		return "sqlite";
	case OM_ENGINE_MYSQL:
		return "mysql";
	case OM_ENGINE_PGSQL:
		return "pgsql";
	case OM_ENGINE_NONE:
		break;
	}
	return "none";
}
