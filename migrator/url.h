/*
 * url.h: database URLs of the -d/--db option, and DBENGINE names.
 *
 *   sqlite:PATH                              (relative or absolute)
 *   mysql://USER@HOST[:PORT]/DB[?socket=PATH]
 *   postgres://...  postgresql://...         a libpq URI, kept whole
 *
 * A password in a URL is refused: it would be visible in ps and in shell
 * history.  Passwords come from openserctlrc, the engine's own files and
 * environment, or a prompt.
 */
#ifndef OM_URL_H
#define OM_URL_H

#include "error.h"

enum om_engine {
	OM_ENGINE_NONE = 0,
	OM_ENGINE_SQLITE,
	OM_ENGINE_MYSQL,
	OM_ENGINE_PGSQL
};

struct om_url {
	enum om_engine engine;
	char *path;     /* sqlite: the file path; NULL otherwise */
	char *user;     /* mysql, pgsql: may be NULL (not given) */
	char *host;     /* mysql, pgsql: may be NULL */
	int port;       /* 0 = not given */
	char *db;       /* mysql, pgsql: database name; may be NULL for pgsql */
	char *socket;   /* mysql: ?socket=PATH; NULL otherwise */
	char *uri;      /* pgsql: the whole URI as given, for libpq */
};

/* All pointers NULL, engine NONE. */
void om_url_init(struct om_url *u);
void om_url_release(struct om_url *u);

/*
 * Parse url into u (which must be om_url_init'ed; its old contents are
 * released).  Errors (OM_EXIT_USAGE) quote the URL with any password part
 * masked, and say what is wrong: unknown scheme, empty path, missing
 * database name, a bad port, an unknown mysql parameter, a password.
 *
 * Schemes are lower case, as libpq wants them.  On error u is left
 * released (all NULL, engine NONE).
 *
 * sqlite: "sqlite:PATH"; "sqlite://PATH" is also accepted with the "//"
 * removed, so "sqlite:///var/lib/x.db" is the absolute path /var/lib/x.db.
 * The path is taken literally (no percent-decoding, no parameters).
 * mysql: user, host, database and socket path are percent-decoded ("%00"
 * is refused); user and host may be left out; HOST may be an [IPv6]
 * literal; PORT is 1 to 65535; the only parameter is socket=PATH.
 * pgsql: the user, host, port and dbname are extracted for messages, the
 * URI is kept whole for libpq; as in libpq, host=, port=, user= and
 * dbname= parameters override the parts before the "?", other parameters
 * are left to libpq, and a multi-host list ("h1:5432,h2") is kept whole
 * in host with port 0.  A password is refused both as "user:pw@" and as a
 * "password=" parameter, before any other check.
 */
int om_url_parse(struct om_url *u, const char *url, struct om_error *err);

/*
 * The engine named by an openserctlrc DBENGINE value: MYSQL/mysql/MySQL,
 * PGSQL/pgsql/postgres/postgresql (any letter case), SQLITE/sqlite.
 * OM_ENGINE_NONE if unknown.
 */
enum om_engine om_engine_from_name(const char *name);

/* "sqlite", "mysql" or "pgsql"; "none" for OM_ENGINE_NONE. */
const char *om_engine_name(enum om_engine e);

#endif
