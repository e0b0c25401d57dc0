/*
 * config.c: openserctlrc files plus -d, into a connection target.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "url.h"

void om_config_init(struct om_config *c)
{
	om_rc_init(&c->rc);
	om_strlist_init(&c->files);
	om_strlist_init(&c->searched);
	om_strlist_init(&c->warnings);
	om_dbtarget_init(&c->target);
}

void om_config_release(struct om_config *c)
{
	om_rc_release(&c->rc);
	om_strlist_release(&c->files);
	om_strlist_release(&c->searched);
	om_strlist_release(&c->warnings);
	om_dbtarget_release(&c->target);
}

void om_config_default_paths(struct om_strlist *out)
{
	const char *env = getenv("OPENSER_MIGRATE_RC_PATH");
	const char *home = getenv("HOME");

	if (env) {
		const char *p = env;

		while (*p) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);

			if (n) {
				char *s = om_xstrndup(p, n);

				om_strlist_add(out, s);
				free(s);
			}
			p += n + (colon ? 1 : 0);
		}
		return;
	}
	om_strlist_add(out, "/etc/openser/openserctlrc");
	om_strlist_add(out, "/usr/local/etc/openser/openserctlrc");
	if (home && *home)
		om_strlist_addf(out, "%s/.openserctlrc", home);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? om_xstrdup(s) : NULL;
}

static int target_from_url(struct om_dbtarget *t, const char *url, struct om_error *err)
{
	struct om_url u;

	om_url_init(&u);
	if (om_url_parse(&u, url, err)) {
		om_url_release(&u);
		return -1;
	}
	t->engine = u.engine;
	t->path = dup_or_null(u.path);
	t->user = dup_or_null(u.user);
	t->host = dup_or_null(u.host);
	t->db = dup_or_null(u.db);
	t->socket = dup_or_null(u.socket);
	t->uri = dup_or_null(u.uri);
	t->port = u.port;
	om_url_release(&u);
	return 0;
}

static int target_from_rc(struct om_config *c, struct om_error *err)
{
	const char *engine = om_rc_get(&c->rc, "DBENGINE");
	const struct om_rc_var *v = om_rc_find(&c->rc, "DBENGINE");
	struct om_dbtarget *t = &c->target;

	t->engine = om_engine_from_name(engine);
	if (t->engine == OM_ENGINE_NONE)
		return om_error_set(err, OM_EXIT_USAGE, "%s:%d: DBENGINE \"%s\" is not MYSQL, PGSQL or SQLITE",
				    v->file, v->line, engine);
	if (t->engine == OM_ENGINE_SQLITE) {
		const char *path = om_rc_get(&c->rc, "DB_PATH");

		if (!path || !*path)
			return om_error_set(err, OM_EXIT_USAGE, "%s:%d: DBENGINE=SQLITE needs DB_PATH (the database file)",
					    v->file, v->line);
		t->path = om_xstrdup(path);
		return 0;
	}
	t->host = dup_or_null(om_rc_get(&c->rc, "DBHOST"));
	/* PostgreSQL without a host: libpq's own default (PGHOST, else the local socket). */
	if (!t->host && t->engine == OM_ENGINE_MYSQL)
		t->host = om_xstrdup("localhost");
	t->db = dup_or_null(om_rc_get(&c->rc, "DBNAME"));
	if (!t->db)
		t->db = om_xstrdup("openser");
	t->user = dup_or_null(om_rc_get(&c->rc, "DBROOTUSER"));
	if (!t->user)
		t->user = om_xstrdup(t->engine == OM_ENGINE_PGSQL ? "postgres" : "root");
	return 0;
}

/*
 * Read one openserctlrc file.  One that sets DBROOTPW and that group or
 * others may read is warned of, as ssh does for a key: the password of the
 * database's superuser is in it.
 */
static int load_file(struct om_config *c, const char *path, struct om_error *err)
{
	const struct om_rc_var *pw;
	struct stat st;

	if (om_rc_load_file(&c->rc, path, err))
		return -1;
	om_strlist_add(&c->files, path);
	pw = om_rc_find(&c->rc, "DBROOTPW");
	if (pw && *pw->value && !strcmp(pw->file, path) && !stat(path, &st) && (st.st_mode & (S_IRGRP | S_IROTH)))
		om_strlist_addf(&c->warnings,
				"%s sets DBROOTPW and is readable by %s (mode %04o): anyone who can read it has the "
				"database superuser's password; chmod 600 it, or use the engine's own password file",
				path, (st.st_mode & S_IRGRP) && (st.st_mode & S_IROTH) ? "group and others"
				: (st.st_mode & S_IRGRP) ? "its group" : "others", (unsigned)(st.st_mode & 07777));
	return 0;
}

int om_config_load(struct om_config *c, const char *config_file, const char *db_url,
		   struct om_error *err)
{
	if (config_file) {
		om_strlist_add(&c->searched, config_file);
		if (load_file(c, config_file, err))
			return -1;
	} else {
		om_config_default_paths(&c->searched);
		for (size_t i = 0; i < c->searched.n; i++) {
			if (access(c->searched.v[i], F_OK) != 0)
				continue;
			if (load_file(c, c->searched.v[i], err))
				return -1;
		}
	}
	if (db_url) {
		/* -d overrides the files' database settings only. */
		if (target_from_url(&c->target, db_url, err))
			return -1;
	} else if (om_rc_get(&c->rc, "DBENGINE")) {
		if (target_from_rc(c, err))
			return -1;
	}
	c->target.rw_user = om_xstrdup(om_rc_get(&c->rc, "DBRWUSER") && *om_rc_get(&c->rc, "DBRWUSER")
				       ? om_rc_get(&c->rc, "DBRWUSER") : "openser");
	c->target.ro_user = om_xstrdup(om_rc_get(&c->rc, "DBROUSER") && *om_rc_get(&c->rc, "DBROUSER")
				       ? om_rc_get(&c->rc, "DBROUSER") : "openserro");
	{
		const char *pw = om_rc_get(&c->rc, "DBROOTPW");

		if (pw && *pw && c->target.engine != OM_ENGINE_SQLITE)
			c->target.password = om_xstrdup(pw);
	}
	return 0;
}

int om_config_require_db(const struct om_config *c, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->target.engine != OM_ENGINE_NONE)
		return 0;
	for (size_t i = 0; i < c->searched.n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", c->searched.v[i]);
	om_error_set(err, OM_EXIT_USAGE, "no database: give -d URL, or set DBENGINE in openserctlrc (%s: %s)",
		     c->files.n ? "read" : "searched", sb.buf);
	strbuf_release(&sb);
	return -1;
}

void om_dbtarget_describe(const struct om_dbtarget *t, struct strbuf *sb)
{
	switch (t->engine) {
	case OM_ENGINE_SQLITE:
		strbuf_addf(sb, "sqlite:%s", t->path ? t->path : "");
		break;
	case OM_ENGINE_PGSQL:
		if (t->uri) {
			/* A libpq URI, as given (a password in it was refused). */
			strbuf_adds(sb, t->uri);
			break;
		}
		/* fall through */
	case OM_ENGINE_MYSQL:
		strbuf_addf(sb, "%s://%s%s%s%s", t->engine == OM_ENGINE_MYSQL ? "mysql" : "postgres",
			    t->user ? t->user : "", t->user ? "@" : "", t->host ? t->host : "", "");
		if (t->port)
			strbuf_addf(sb, ":%d", t->port);
		strbuf_addf(sb, "/%s", t->db ? t->db : "");
		break;
	default:
		strbuf_adds(sb, "(no database)");
	}
}
