/*
 * url.c: libFuzzer target of the database URL parser (om_url_parse, on
 * the input as a NUL-terminated string) and of om_engine_from_name.
 * Besides the sanitizers, it checks what url.h promises:
 *
 *   - success: the fields the engine has are set, the others NULL; a
 *     sqlite path is the text after "sqlite:" (and "//"); a pgsql URI is
 *     the input whole; the port is 0 to 65535;
 *   - a URL with a password ("user:pw@" or a "password=" parameter) is
 *     refused, and the error does not show it;
 *   - failure: code OM_EXIT_USAGE, and the url released (all NULL);
 *   - parsing into a url that holds an earlier result gives the same;
 *   - om_engine_from_name agrees with the names url.h lists, and
 *     om_engine_name's names map back.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <strings.h>

#include "error.h"
#include "url.h"

static int streq_opt(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_url(const struct om_url *a, const struct om_url *b)
{
	return a->engine == b->engine && a->port == b->port && streq_opt(a->path, b->path) &&
		streq_opt(a->user, b->user) && streq_opt(a->host, b->host) &&
		streq_opt(a->db, b->db) && streq_opt(a->socket, b->socket) &&
		streq_opt(a->uri, b->uri);
}

static int is_released(const struct om_url *u)
{
	return u->engine == OM_ENGINE_NONE && !u->path && !u->user && !u->host && !u->port &&
		!u->db && !u->socket && !u->uri;
}

static size_t count(const char *s, const char *sub)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, sub)); p++)
		n++;
	return n;
}

/*
 * How often s can occur in the URL as an error message shows it: there,
 * tabs and line breaks are blanks and control bytes and bytes that are
 * not UTF-8 are written \xNN, so escapes can make text that was not in
 * the URL ("\xF5:pw@" holds "5:pw@").  The count is taken on the URL
 * with every byte outside printable ASCII written \xNN, which shows at
 * least every occurrence the message can hold.  A string that is not
 * printable ASCII is counted as "many": the message cannot hold it as it
 * is written, and it is not checked.
 */
static size_t shown_count(const char *url, const char *s)
{
	size_t n, len = strlen(url);
	char *esc;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return (size_t)-1;
	esc = malloc(4 * len + 1);
	if (!esc)
		abort();
	n = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			esc[n++] = ' ';
		else if (*p < 0x20 || *p > 0x7e)
			n += (size_t)sprintf(esc + n, "\\x%02X", *p);
		else
			esc[n++] = (char)*p;
	}
	esc[n] = '\0';
	n = count(esc, s);
	free(esc);
	return n;
}

/*
 * The credential of a URL that is not sqlite: ("user:pw@" of the
 * authority after "SCHEME://", and each "password=VALUE" item of the
 * query) must not be in msg.  A credential that occurs elsewhere in the
 * URL too (as the message shows the URL: shown_count), or that its mask
 * ("***") hides in plain sight, is not checked.
 * Returns whether the URL has a password.
 */
static int check_password(const char *url, const char *msg)
{
	const char *auth = strchr(url, ':'), *q;
	size_t alen;
	int has = 0;

	if (fuzz_starts_with(url, "sqlite:"))
		return 0;
	auth = auth && !strncmp(auth + 1, "//", 2) ? auth + 3 : "";
	alen = strcspn(auth, "/?");
	for (size_t at = alen; at-- > 0;) {
		const char *colon;

		if (auth[at] != '@')
			continue;
		colon = memchr(auth, ':', at);
		if (colon) {
			size_t pwlen = at - (size_t)(colon + 1 - auth);
			char *cred = fuzz_strndup((const uint8_t *)auth, at + 1);

			has = 1;
			if (msg && pwlen && strspn(colon + 1, "*") < pwlen &&
			    shown_count(url, cred) == 1)
				FUZZ_CHECK(!strstr(msg, cred));
			free(cred);
		}
		break;
	}
	q = strchr(url, '?');
	while (q) {
		size_t n;

		q++;
		n = strcspn(q, "&");
		if (n >= 9 && !strncmp(q, "password=", 9)) {
			char *item = fuzz_strndup((const uint8_t *)q, n);

			has = 1;
			/*
			 * Text without "://" is read as libpq keywords, where blanks after '='
			 * come before the value (masked from its first other character on).
			 */
			bool keywords = !strstr(url, "://") && n > 9 && (q[9] == ' ' || q[9] == '\t');

			if (msg && n > 9 && !keywords && strspn(q + 9, "*") < n - 9 &&
			    shown_count(url, item) == 1)
				FUZZ_CHECK(!strstr(msg, item));
			free(item);
		}
		q = q[n] ? q + n : NULL;
	}
	return has;
}

static void check_success(const struct om_url *u, const char *url)
{
	FUZZ_CHECK(u->port >= 0 && u->port <= 65535);
	switch (u->engine) {
	case OM_ENGINE_SQLITE: {
		const char *path = url + 7;

		FUZZ_CHECK(fuzz_starts_with(url, "sqlite:"));
		if (fuzz_starts_with(path, "//"))
			path += 2;
		FUZZ_CHECK(u->path && *u->path && !strcmp(u->path, path));
		FUZZ_CHECK(!u->user && !u->host && !u->port && !u->db && !u->socket && !u->uri);
		break;
	}
	case OM_ENGINE_MYSQL:
		FUZZ_CHECK(fuzz_starts_with(url, "mysql://"));
		FUZZ_CHECK(u->db && *u->db);
		FUZZ_CHECK(!u->path && !u->uri);
		FUZZ_CHECK(!u->socket || *u->socket);
		FUZZ_CHECK(!check_password(url, NULL));
		break;
	case OM_ENGINE_PGSQL:
		FUZZ_CHECK(fuzz_starts_with(url, "postgres://") || fuzz_starts_with(url, "postgresql://"));
		FUZZ_CHECK(u->uri && !strcmp(u->uri, url));
		FUZZ_CHECK(!u->path && !u->socket);
		FUZZ_CHECK(!check_password(url, NULL));
		break;
	case OM_ENGINE_NONE:
		FUZZ_CHECK(!"success without an engine");
	}
}

static void check_engine_names(const char *name)
{
	enum om_engine e = om_engine_from_name(name), want = OM_ENGINE_NONE;

	if (!strcasecmp(name, "mysql"))
		want = OM_ENGINE_MYSQL;
	else if (!strcasecmp(name, "pgsql") || !strcasecmp(name, "postgres") ||
		 !strcasecmp(name, "postgresql"))
		want = OM_ENGINE_PGSQL;
	else if (!strcasecmp(name, "sqlite"))
		want = OM_ENGINE_SQLITE;
	FUZZ_CHECK(e == want);
	FUZZ_CHECK(e == OM_ENGINE_NONE || om_engine_from_name(om_engine_name(e)) == e);
	FUZZ_CHECK(om_engine_from_name(NULL) == OM_ENGINE_NONE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = fuzz_strndup(data, size);
	struct om_url u, again;
	struct om_error err;
	int ret;

	om_url_init(&u);
	om_error_clear(&err);
	ret = om_url_parse(&u, url, &err);
	FUZZ_CHECK(ret == 0 || ret == -1);
	if (ret == 0) {
		check_success(&u, url);
	} else {
		FUZZ_CHECK(is_released(&u));
		FUZZ_CHECK(err.code == OM_EXIT_USAGE);
		FUZZ_CHECK(fuzz_starts_with(err.msg, "invalid database URL \"") ||
			   (!*url && !strcmp(err.msg, "empty database URL")));
		check_password(url, err.msg);
	}

	/* Into a url that holds a result: the old one is released first. */
	om_url_init(&again);
	FUZZ_CHECK(om_url_parse(&again, "mysql://u@h:1/d?socket=/s", NULL) == 0);
	FUZZ_CHECK(om_url_parse(&again, url, NULL) == ret);
	FUZZ_CHECK(same_url(&u, &again));
	om_url_release(&again);
	om_url_release(&u);

	check_engine_names(url);
	free(url);
	return 0;
}
