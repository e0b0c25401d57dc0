/*
 * mysql.c: the MySQL/MariaDB driver (MariaDB Connector/C, or libmysqlclient).
 *
 * MySQL commits DDL implicitly, so an upgrade cannot be one transaction.
 * Instead every changed table, every new table and a new `version` table
 * are built as shadows (one INSERT ... SELECT each, indexes built in one
 * pass after the load), and ONE `RENAME TABLE` switches the whole database
 * from 1.1 to 1.2: before it the database is entirely 1.1, after it
 * entirely 1.2.  A killed run leaves shadow tables that the journal lets
 * the rerun reuse.  Real 1.1 databases are MyISAM and latin1, with zero
 * dates: the session's sql_mode accepts them, and every table written
 * keeps (or takes) the engine and charset of the existing OpenSER tables,
 * explicitly, so that the server's defaults never change the result.
 */
#include "driver.h"
#include "names.h"
#include "driver_replica.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "clientlib.h"

#include "mysql_fn.h"

/*
 * Strict (a value that does not fit is an error, never silently changed:
 * our cuts are explicit), zero dates allowed (1.1 defaults), an explicit
 * id 0 kept as 0.
 */
#define SESSION_SQL_MODE "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO"

struct om_conn {
	MYSQL *my;
	char *db;            /* the database worked on (migrate: NEW) */
	char *host_desc;
	bool mariadb;
	char lock_name[128];
	bool locked;
	long long last_rows;  /* of the last exec's first statement; -1 not known */
	/* Engine and collation of the existing OpenSER tables, for new ones. */
	char *engine;
	char *collation;
	/* The crash-safe engine of our own tables (InnoDB, else Aria); NULL: the server has neither. */
	char *own_engine;
	bool own_engine_known;
	/* Per table of the source database: engine, collation, and its columns as digest() reads them. */
	struct om_strlist tab_names, tab_engines, tab_collations, tab_rows;
	char *rw, *ro;       /* OpenSER's users */
	bool binlog_mixed;   /* the session logs in MIXED format (mysql_replica.c) */
};

int om_mysql_fail(struct om_conn *c, const char *what, struct om_error *err)
{
	unsigned int no = mysql_errno(c->my);
	int code = OM_EXIT_FAILED;

	if (no == ER_LOCK_WAIT_TIMEOUT || no == ER_LOCK_DEADLOCK)
		code = OM_EXIT_LOCKED;
	/* The server went away: the statement may or may not have run; a rerun finds out and resumes. */
	else if (no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST)
		code = OM_EXIT_INTERRUPTED;
	return om_error_set(err, code, "%s: %s (MySQL error %u)", what, mysql_error(c->my), no);
}

/* ---- quoting ------------------------------------------------------------------ */

static void my_quote_ident(struct strbuf *sb, const char *id)
{
	strbuf_addch(sb, '`');
	for (const char *p = id; *p; p++) {
		if (*p == '`')
			strbuf_addch(sb, '`');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '`');
}

static void my_quote_string(struct om_conn *c, struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	char *buf = om_xmalloc(2 * n + 1);
	unsigned long len;

	/* The engine's own escaping, for the connection's character set. */
	len = mysql_real_escape_string(c->my, buf, s, (unsigned long)n);
	strbuf_addch(sb, '\'');
	strbuf_add(sb, buf, len);
	strbuf_addch(sb, '\'');
	free(buf);
}

/* ---- connection ----------------------------------------------------------------- */

static const char *const session_setup_sql[] = {
	"SET NAMES utf8mb4",
	"SET SESSION sql_mode = '" SESSION_SQL_MODE "'",
	/* Our CREATE TABLEs spell every default: no implicit timestamp magic. */
	"SET SESSION explicit_defaults_for_timestamp = ON",
	/*
	 * A copy's ORDER BY sorts whole rows: with the rows in the sort, not
	 * only their positions, the sorted rows are not read back one by one
	 * (1.1 acc is wider than the default 1024 bytes; BENCHMARKS.md).
	 */
	"SET SESSION max_length_for_sort_data = 65536",
	NULL
};

static int session_setup(struct om_conn *c, struct om_error *err)
{
	for (int i = 0; session_setup_sql[i]; i++)
		if (mysql_query(c->my, session_setup_sql[i]))
			return om_mysql_fail(c, "cannot set up the session", err);
	return 0;
}

static void conn_free(struct om_conn *c)
{
	if (!c)
		return;
	if (c->my)
		mysql_close(c->my);
	free(c->db);
	free(c->host_desc);
	free(c->engine);
	free(c->collation);
	free(c->own_engine);
	om_strlist_release(&c->tab_names);
	om_strlist_release(&c->tab_engines);
	om_strlist_release(&c->tab_collations);
	om_strlist_release(&c->tab_rows);
	free(c->rw);
	free(c->ro);
	free(c);
}

static int my_open(struct om_conn **out, const struct om_dbtarget *t, unsigned flags,
		   struct om_error *err)
{
	struct om_conn *c;
	const char *pw = t->password;
	char *asked = NULL;
	const char *host = t->host && *t->host ? t->host : "localhost";
	const char *socket_path = t->socket;
	bool ok;

	*out = NULL;
	if (!t->db || !*t->db)
		return om_error_set(err, OM_EXIT_USAGE, "no MySQL database name given");
	if (om_mysql_load(err))
		return -1;
	c = om_xcalloc(1, sizeof(*c));
	om_strlist_init(&c->tab_names);
	om_strlist_init(&c->tab_engines);
	om_strlist_init(&c->tab_collations);
	om_strlist_init(&c->tab_rows);
	c->db = om_xstrdup(t->db);
	c->rw = om_xstrdup(t->rw_user ? t->rw_user : "openser");
	c->ro = om_xstrdup(t->ro_user ? t->ro_user : "openserro");
	if (!pw || !*pw)
		pw = getenv("MYSQL_PWD");
	/* The MySQL clients' own variable for the socket, which Connector/C leaves to us. */
	if (!socket_path && !strcmp(host, "localhost") && getenv("MYSQL_UNIX_PORT") && *getenv("MYSQL_UNIX_PORT"))
		socket_path = getenv("MYSQL_UNIX_PORT");
	for (int attempt = 0; attempt < 2; attempt++) {
		c->my = mysql_init(NULL);
		if (!c->my) {
			conn_free(c);
			return om_error_set(err, OM_EXIT_FAILED, "cannot initialise the MySQL client library");
		}
		/* ~/.my.cnf and the system's option files, group [client]. */
		mysql_options(c->my, MYSQL_READ_DEFAULT_GROUP, "client");
		/* migrate's NEW does not exist yet: its script creates it and makes it current. */
		ok = mysql_real_connect(c->my, host, t->user ? t->user : "root", pw && *pw ? pw : NULL,
					(flags & OM_OPEN_CREATE) ? NULL : t->db, (unsigned int)t->port, socket_path,
					0) != NULL;
		if (ok)
			break;
		if (attempt == 0 && mysql_errno(c->my) == ER_ACCESS_DENIED_ERROR && !(pw && *pw) &&
		    t->ask_password) {
			char prompt[300];

			snprintf(prompt, sizeof(prompt), "MySQL password of %s@%s: ", t->user ? t->user : "root", host);
			mysql_close(c->my);
			c->my = NULL;
			asked = t->ask_password(prompt, t->ask_ud);
			if (!asked)
				break;
			pw = asked;
			continue;
		}
		break;
	}
	if (asked) {
		memset(asked, 0, strlen(asked));
		free(asked);
	}
	if (!c->my || !ok) {
		/* Whatever the reason (host, port, socket, name, credentials), the configured database cannot be reached. */
		om_error_set(err, OM_EXIT_USAGE, "cannot connect to MySQL as %s@%s%s%s: %s", t->user ? t->user : "root", host,
			     socket_path ? " socket " : "", socket_path ? socket_path : "",
			     c->my ? mysql_error(c->my) : "out of memory");
		conn_free(c);
		return -1;
	}
	/* migrate's NEW, when it exists already (a run to resume): work in it. */
	if ((flags & OM_OPEN_CREATE) && mysql_select_db(c->my, t->db))
		mysql_error(c->my);
	c->mariadb = strstr(mysql_get_server_info(c->my), "MariaDB") != NULL;
	if (session_setup(c, err) ||
	    (om_mysql_binlog_setup(c, &c->binlog_mixed, err) && !(flags & OM_OPEN_READONLY))) {
		conn_free(c);
		return -1;
	}
	om_error_clear(err);
	*out = c;
	return 0;
}

static void my_close(struct om_conn *c)
{
	conn_free(c);
}

static int drain_results(struct om_conn *c)
{
	int status;

	do {
		MYSQL_RES *res = mysql_store_result(c->my);

		if (res)
			mysql_free_result(res);
		status = mysql_next_result(c->my);
	} while (status == 0);
	return status > 0 ? -1 : 0;
}

static int my_exec(struct om_conn *c, const char *sql, struct om_error *err)
{
	int failed = mysql_real_query(c->my, sql, (unsigned long)strlen(sql));
	my_ulonglong n = failed ? (my_ulonglong)-1 : mysql_affected_rows(c->my);

	c->last_rows = n == (my_ulonglong)-1 ? -1 : (long long)n;
	if (failed || drain_results(c)) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "statement failed (");
		strbuf_add_excerpt(&what, sql, 120);
		strbuf_addch(&what, ')');
		om_mysql_fail(c, what.buf, err);
		strbuf_release(&what);
		return -1;
	}
	return 0;
}

static int my_query(struct om_conn *c, const char *sql, om_row_fn fn, void *ud, struct om_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc = 0;

	if (mysql_real_query(c->my, sql, (unsigned long)strlen(sql)))
		return om_mysql_fail(c, "query failed", err);
	res = mysql_use_result(c->my);
	if (!res) {
		if (mysql_field_count(c->my))
			return om_mysql_fail(c, "query failed", err);
		return 0;
	}
	while ((row = mysql_fetch_row(res))) {
		int n = (int)mysql_num_fields(res);

		if (!rc && fn(ud, n, (const char *const *)row))
			rc = 1; /* keep fetching: the result must be read to its end */
	}
	if (mysql_errno(c->my)) {
		om_mysql_fail(c, "query failed", err);
		mysql_free_result(res);
		return -1;
	}
	mysql_free_result(res);
	return 0;
}

/* ---- introspection ----------------------------------------------------------------- */

struct intro {
	struct om_conn *c;
	struct om_catalog *out;
};

static int intro_table(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;

	(void)n;
	/*
	 * A shadow of ours the server cannot open (no engine: a MyISAM table
	 * marked crashed by a server killed while it was being filled) is not
	 * there for the run: it is dropped and built again.
	 */
	if (!v[1] && !strncmp(v[0], OM_SHADOW_PREFIX, strlen(OM_SHADOW_PREFIX)))
		return 0;
	t = om_catalog_add_table(in->out, v[0]);
	t->engine = v[1] ? om_xstrdup(v[1]) : NULL;
	t->collation = v[2] ? om_xstrdup(v[2]) : NULL;
	return 0;
}

/* MySQL 8 shows defaults unquoted; MariaDB as SQL literals.  Ours are MariaDB's. */
static char *normalise_default(struct om_conn *c, const char *type, const char *def, bool nullable)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->mariadb || !def) {
		if (!def && nullable)
			return om_xstrdup("NULL");
		return def ? om_xstrdup(def) : NULL;
	}
	if (!strcasecmp(def, "CURRENT_TIMESTAMP")) {
		strbuf_adds(&sb, "current_timestamp()");
	} else if (strstr(type, "char") || strstr(type, "text") || strstr(type, "blob") || strstr(type, "date") ||
		   strstr(type, "time") || strstr(type, "enum")) {
		strbuf_addch(&sb, '\'');
		for (const char *p = def; *p; p++) {
			if (*p == '\'')
				strbuf_addch(&sb, '\'');
			strbuf_addch(&sb, *p);
		}
		strbuf_addch(&sb, '\'');
	} else {
		strbuf_adds(&sb, def);
	}
	return strbuf_detach(&sb);
}

static int intro_col(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;
	struct om_ccol *col;
	char *def;
	bool nullable;

	/* TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA */
	(void)n;
	t = om_catalog_table(in->out, v[0]);
	if (!t)
		return 0;
	nullable = v[3] && !strcmp(v[3], "YES");
	def = normalise_default(in->c, v[2] ? v[2] : "", v[4], nullable);
	col = om_ctable_add_col(t, v[1], v[2] ? v[2] : "", !nullable, def, v[5] && strstr(v[5], "auto_increment"));
	col->on_update = v[5] && (strstr(v[5], "on update") || strstr(v[5], "ON UPDATE"));
	free(def);
	return 0;
}

static int intro_index(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;
	struct om_cindex *ix = NULL;

	/* TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME (in SEQ_IN_INDEX order) */
	(void)n;
	t = om_catalog_table(in->out, v[0]);
	if (!t)
		return 0;
	for (size_t i = 0; i < t->nidx; i++)
		if (!strcmp(t->idx[i].name, v[1]))
			ix = &t->idx[i];
	if (!ix)
		ix = om_ctable_add_index(t, v[1],
					 !strcmp(v[1], "PRIMARY") ? OM_KEY_PRIMARY
								  : (v[2] && !strcmp(v[2], "0") ? OM_KEY_UNIQUE : OM_KEY_INDEX));
	om_cindex_add_col(ix, v[3] ? v[3] : "");
	return 0;
}

static int intro_vrow(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;

	(void)n;
	if (v[0])
		om_catalog_add_vrow(in->out, v[0], v[1] ? (int)strtol(v[1], NULL, 10) : 0);
	return 0;
}

/*
 * A row of t as one unambiguous byte string for digest(): every column's
 * bytes (CAST AS BINARY: no character set conversion, no collation mix),
 * quoted by QUOTE(), which writes NULL as the bare word NULL; into sb
 * (reset first).
 */
static void row_text(const struct om_ctable *t, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_adds(sb, "CONCAT_WS(','");
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_adds(sb, ", QUOTE(CAST(");
		my_quote_ident(sb, t->cols[i].name);
		strbuf_adds(sb, " AS BINARY))");
	}
	strbuf_addch(sb, ')');
}

static int own_engine_row(void *ud, int n, const char *const *v)
{
	struct om_conn *c = ud;

	if (n >= 1 && v[0] && !c->own_engine)
		c->own_engine = om_xstrdup(v[0]);
	return 0;
}

/*
 * The engine of the migrator's own tables: InnoDB, else Aria (its default
 * TRANSACTIONAL tables recover from a crash).  Never MyISAM: a server
 * killed after an INSERT leaves a MyISAM table whose index lacks the row
 * (the key cache was not written), and the journal would then take a
 * second row of the same key.
 */
static int find_own_engine(struct om_conn *c, struct om_error *err)
{
	if (c->own_engine_known)
		return 0;
	if (my_query(c, "SELECT ENGINE FROM information_schema.ENGINES WHERE ENGINE IN ('InnoDB', 'Aria') "
		     "AND SUPPORT IN ('YES', 'DEFAULT') ORDER BY ENGINE = 'InnoDB' DESC", own_engine_row, c, err))
		return -1;
	c->own_engine_known = true;
	return 0;
}

static int my_introspect(struct om_conn *c, const char *db, struct om_catalog *out, struct om_error *err)
{
	struct intro in = { c, out };
	struct strbuf q = STRBUF_INIT, lit = STRBUF_INIT;
	const char *name = db ? db : c->db;
	int rc = -1;

	my_quote_string(c, &lit, name);
	strbuf_addf(&q, "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
		    "WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", lit.buf);
	if (my_query(c, q.buf, intro_table, &in, err))
		goto out;
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
		    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, ORDINAL_POSITION",
		    lit.buf);
	if (my_query(c, q.buf, intro_col, &in, err))
		goto out;
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS "
		    "WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX", lit.buf);
	if (my_query(c, q.buf, intro_index, &in, err))
		goto out;
	if (om_catalog_table(out, "version")) {
		out->has_version_table = true;
		strbuf_reset(&q);
		strbuf_adds(&q, "SELECT table_name, table_version FROM ");
		my_quote_ident(&q, name);
		strbuf_adds(&q, ".`version`");
		/* A version table of another shape is drift, which the comparison reports; a lost server is not. */
		if (my_query(c, q.buf, intro_vrow, &in, err)) {
			if (err->code != OM_EXIT_FAILED)
				goto out;
			om_error_clear(err);
		}
	}
	if (find_own_engine(c, err))
		goto out;
	/* The engine and collation new tables take: those of the OpenSER tables. */
	if (!db || !strcmp(name, c->db) || !c->engine) {
		const struct om_ctable *ref = om_catalog_table(out, "subscriber");

		if (!ref)
			ref = om_catalog_table(out, "version");
		if (ref && ref->engine && ref->collation) {
			free(c->engine);
			free(c->collation);
			c->engine = om_xstrdup(ref->engine);
			c->collation = om_xstrdup(ref->collation);
		}
	}
	for (size_t i = 0; i < out->ntables; i++) {
		if (!out->tables[i].engine || om_strlist_has(&c->tab_names, out->tables[i].name))
			continue;
		om_strlist_add(&c->tab_names, out->tables[i].name);
		om_strlist_add(&c->tab_engines, out->tables[i].engine);
		om_strlist_add(&c->tab_collations, out->tables[i].collation ? out->tables[i].collation : "");
		row_text(&out->tables[i], &q);
		om_strlist_add(&c->tab_rows, q.buf);
	}
	rc = 0;
out:
	strbuf_release(&q);
	strbuf_release(&lit);
	return rc;
}

/* ---- lock and sessions --------------------------------------------------------------- */

struct one {
	char *v;
	bool null;
	bool got;
};

static int one_row(void *ud, int n, const char *const *v)
{
	struct one *o = ud;

	(void)n;
	if (o->got)
		return 1;
	o->got = true;
	o->null = !v[0];
	o->v = v[0] ? om_xstrdup(v[0]) : NULL;
	return 1;
}

/* The lock is named after the database: one run per database, server-wide. */
static void lock_name(struct om_conn *c)
{
	snprintf(c->lock_name, sizeof(c->lock_name), "openser-migrate.%.100s", c->db);
}

static int my_lock(struct om_conn *c, int timeout, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct one o = { NULL, false, false };
	int rc;

	lock_name(c);
	strbuf_adds(&q, "SELECT GET_LOCK(");
	my_quote_string(c, &q, c->lock_name);
	strbuf_addf(&q, ", %d)", timeout);
	rc = my_query(c, q.buf, one_row, &o, err);
	strbuf_release(&q);
	if (rc)
		return -1;
	if (!o.v || strcmp(o.v, "1")) {
		free(o.v);
		return om_error_set(err, OM_EXIT_LOCKED,
				    "database \"%s\" is locked by another openser-migrate run (waited %d s; see --lock-timeout)",
				    c->db, timeout);
	}
	free(o.v);
	c->locked = true;
	return 0;
}

/*
 * status, plan, verify: information_schema is no snapshot (a RENAME TABLE
 * of many tables shows half done in it, and a SELECT after it sees the
 * other half), so they wait for the run lock as a run would and hold it
 * while they read: no upgrade changes the database meanwhile.  GET_LOCK has
 * no shared mode: two of them wait for each other, for the few reads they
 * make.
 */
static int my_begin_read(struct om_conn *c, int timeout, struct om_error *err)
{
	return my_lock(c, timeout, err);
}

static void my_unlock(struct om_conn *c)
{
	struct strbuf q = STRBUF_INIT;
	struct om_error err;

	if (!c || !c->locked)
		return;
	strbuf_adds(&q, "DO RELEASE_LOCK(");
	my_quote_string(c, &q, c->lock_name);
	strbuf_addch(&q, ')');
	my_exec(c, q.buf, &err);
	strbuf_release(&q);
	c->locked = false;
}

static void my_rollback(struct om_conn *c)
{
	/* DDL cannot be rolled back: shadows stay for the journal to reuse. */
	(void)c;
}

static long long my_last_rows(struct om_conn *c)
{
	return c->last_rows;
}

static void my_interrupt(struct om_conn *c)
{
	/* Statements are not cut short: the run stops at the next one. */
	(void)c;
}

struct sess {
	struct om_strlist *out;
};

static int sess_row(void *ud, int n, const char *const *v)
{
	struct sess *s = ud;

	(void)n;
	om_strlist_addf(s->out, "session %s: %s@%s%s%s", v[0] ? v[0] : "?", v[1] ? v[1] : "?", v[2] ? v[2] : "?",
			v[3] ? " on " : "", v[3] ? v[3] : "");
	return 0;
}

static int my_sessions(struct om_conn *c, const char *const *users, struct om_strlist *out,
		       struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct sess s = { out };
	int rc;
	bool any = false;

	strbuf_adds(&q, "SELECT ID, USER, HOST, DB FROM information_schema.PROCESSLIST "
			"WHERE ID <> CONNECTION_ID() AND USER IN (");
	for (size_t i = 0; users[i]; i++) {
		if (!*users[i])
			continue;
		if (any)
			strbuf_adds(&q, ", ");
		my_quote_string(c, &q, users[i]);
		any = true;
	}
	if (!any) {
		strbuf_release(&q);
		return 0;
	}
	strbuf_adds(&q, ") ORDER BY ID");
	rc = my_query(c, q.buf, sess_row, &s, err);
	strbuf_release(&q);
	return rc;
}

/* ---- schema rendering -------------------------------------------------------------- */

struct coldef {
	char type[160];
	bool notnull;
	char *def;      /* as the catalog shows it; NULL: none */
	bool autoinc;
};

static void default_literal(struct strbuf *sb, const struct om_default *d)
{
	switch (d->kind) {
	case OM_DEF_STRING:
		strbuf_addch(sb, '\'');
		for (const char *p = d->text; *p; p++) {
			/* MariaDB shows a quote doubled; a backslash is shown as is. */
			if (*p == '\'')
				strbuf_addch(sb, '\'');
			strbuf_addch(sb, *p);
		}
		strbuf_addch(sb, '\'');
		break;
	case OM_DEF_NUMBER:
		strbuf_adds(sb, d->text);
		break;
	case OM_DEF_CURRENT_TIMESTAMP:
		strbuf_adds(sb, "current_timestamp()");
		break;
	case OM_DEF_NULL:
		strbuf_adds(sb, "NULL");
		break;
	case OM_DEF_NONE:
		break;
	}
}

static bool my_coldef(const struct om_column *c, bool (*has_class)(const char *, void *), void *ud,
		      struct coldef *out)
{
	struct om_type type;
	struct om_default def;
	struct strbuf sb = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	if (!om_column_effective(c, OM_ENGINE_MYSQL, &type, &out->notnull, &def))
		return false;
	if (!om_part_selected(c->cls, has_class, ud))
		return false;
	om_type_format(&sb, &type);
	snprintf(out->type, sizeof(out->type), "%s", sb.buf);
	strbuf_reset(&sb);
	out->autoinc = c->autoinc;
	/* A column kept from the live database: its default as MariaDB showed it is an SQL literal. */
	if (c->raw && !c->autoinc) {
		out->def = def.kind != OM_DEF_NONE ? om_xstrdup(def.text) : out->notnull ? NULL : om_xstrdup("NULL");
	} else if (c->autoinc) {
		out->notnull = true;
	} else if (def.kind != OM_DEF_NONE) {
		default_literal(&sb, &def);
		out->def = strbuf_detach(&sb);
	} else if (!out->notnull) {
		/* A nullable column without a default defaults to NULL, and says so. */
		out->def = om_xstrdup("NULL");
	}
	strbuf_release(&sb);
	return true;
}

static const char *key_name(const struct om_key *k)
{
	return k->ename[OM_ENGINE_MYSQL] ? k->ename[OM_ENGINE_MYSQL] : k->name;
}

static void my_expected_table(const struct om_table *t, om_class_fn has_class, void *ud, struct om_catalog *out)
{
	struct om_ctable *ct = om_catalog_add_table(out, t->name);
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_MYSQL, cols);

	for (size_t i = 0; i < n; i++) {
		struct coldef cd;
		struct om_ccol *cc;

		if (!my_coldef(cols[i], has_class, ud, &cd))
			continue;
		cc = om_ctable_add_col(ct, cols[i]->name, cd.type, cd.notnull, cd.def, cd.autoinc);
		cc->on_update = cols[i]->on_update_ts;
		free(cd.def);
	}
	free(cols);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];
		struct om_cindex *ci;

		if (!om_part_selected(k->cls, has_class, ud))
			continue;
		ci = om_ctable_add_index(ct, k->kind == OM_KEY_PRIMARY ? "PRIMARY" : key_name(k), k->kind);
		for (size_t j = 0; j < k->ncols; j++)
			om_cindex_add_col(ci, k->cols[j]);
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_MYSQL)
			om_ctable_add_check(ct, t->checks[i].name, t->checks[i].sql);
}

/* "latin1" of "latin1_swedish_ci". */
static void charset_of(const char *collation, char *out, size_t n)
{
	const char *u = strchr(collation, '_');
	size_t len = u ? (size_t)(u - collation) : strlen(collation);

	if (len >= n)
		len = n - 1;
	memcpy(out, collation, len);
	out[len] = '\0';
}

/* The engine and collation a table of that name keeps, or the default for new ones. */
static void table_options(const struct om_conn *c, const char *source, const char **engine,
			  const char **collation)
{
	*engine = c->engine;
	*collation = c->collation;
	for (size_t i = 0; source && i < c->tab_names.n; i++)
		if (!strcmp(c->tab_names.v[i], source)) {
			*engine = c->tab_engines.v[i];
			*collation = c->tab_collations.v[i][0] ? c->tab_collations.v[i] : c->collation;
		}
}

/* CREATE TABLE `name` (...) ENGINE=... DEFAULT CHARSET=... COLLATE=... with every key inline. */
static void render_create_sql(struct strbuf *sb, const struct om_table *t, const char *name,
			      om_class_fn has_class, void *ud, const char *engine, const char *collation,
			      bool if_not_exists)
{
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_MYSQL, cols);
	bool first = true;

	strbuf_addf(sb, "CREATE TABLE %s", if_not_exists ? "IF NOT EXISTS " : "");
	my_quote_ident(sb, name);
	strbuf_adds(sb, " (");
	for (size_t i = 0; i < n; i++) {
		struct coldef cd;

		if (!my_coldef(cols[i], has_class, ud, &cd))
			continue;
		strbuf_adds(sb, first ? "\n  " : ",\n  ");
		first = false;
		my_quote_ident(sb, cols[i]->name);
		strbuf_addf(sb, " %s %s", cd.type, cd.notnull ? "NOT NULL" : "NULL");
		if (cd.autoinc)
			strbuf_adds(sb, " AUTO_INCREMENT");
		else if (cd.def)
			strbuf_addf(sb, " DEFAULT %s", cd.def);
		if (cols[i]->on_update_ts)
			strbuf_adds(sb, " ON UPDATE current_timestamp()");
		free(cd.def);
	}
	free(cols);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (!om_part_selected(k->cls, has_class, ud))
			continue;
		if (k->kind == OM_KEY_PRIMARY) {
			strbuf_adds(sb, ",\n  PRIMARY KEY (");
		} else {
			strbuf_adds(sb, k->kind == OM_KEY_UNIQUE ? ",\n  UNIQUE KEY " : ",\n  KEY ");
			my_quote_ident(sb, key_name(k));
			strbuf_adds(sb, " (");
		}
		for (size_t j = 0; j < k->ncols; j++) {
			if (j)
				strbuf_adds(sb, ", ");
			my_quote_ident(sb, k->cols[j]);
		}
		strbuf_addch(sb, ')');
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_MYSQL) {
			strbuf_adds(sb, ",\n  CONSTRAINT ");
			my_quote_ident(sb, t->checks[i].name);
			strbuf_addf(sb, " CHECK %s", t->checks[i].sql);
		}
	strbuf_adds(sb, "\n)");
	if (engine)
		strbuf_addf(sb, " ENGINE=%s", engine);
	if (collation && *collation) {
		char cs[64];

		charset_of(collation, cs, sizeof(cs));
		strbuf_addf(sb, " DEFAULT CHARSET=%s COLLATE=%s", cs, collation);
	}
}

static void my_now(struct strbuf *sb)
{
	/* UTC, as the history's `started` (computed by the client in UTC). */
	strbuf_adds(sb, "DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s')");
}

/* ---- type equivalences ------------------------------------------------------------------ */

struct mytype {
	char base[32];
	long len;        /* the first argument, -1 without */
	bool is_unsigned;
};

static void parse_mytype(const char *text, struct mytype *t)
{
	size_t n = 0;
	const char *p = text;

	memset(t, 0, sizeof(*t));
	t->len = -1;
	while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && n + 1 < sizeof(t->base))
		t->base[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p), p++;
	t->base[n] = '\0';
	if (*p == '(')
		t->len = strtol(p + 1, NULL, 10);
	t->is_unsigned = strstr(text, "unsigned") != NULL || strstr(text, "UNSIGNED") != NULL;
}

/* The rank of a type in its family (0: not in it). */
static int rank_in(const char *base, const char *const *family)
{
	for (int i = 0; family[i]; i++)
		if (!strcmp(base, family[i]))
			return i + 1;
	return 0;
}

static enum om_type_order by_rank(int live, int expected)
{
	return live == expected ? OM_TYPE_SAME : live > expected ? OM_TYPE_WIDER : OM_TYPE_NARROWER;
}

/*
 * What MySQL stores: an integer's display width is no storage (int(10),
 * int(11)); a wider integer, a longer varchar or char, a bigger text or
 * blob (CONVERT TO CHARACTER SET utf8mb4 turns TEXT into MEDIUMTEXT) holds
 * every value of the narrower one.
 */
static enum om_type_order my_compare_types(const char *live, const char *expected)
{
	static const char *const ints[] = { "tinyint", "smallint", "mediumint", "int", "bigint", NULL };
	static const char *const texts[] = { "varchar", "tinytext", "text", "mediumtext", "longtext", NULL };
	static const char *const blobs[] = { "varbinary", "tinyblob", "blob", "mediumblob", "longblob", NULL };
	static const char *const floats[] = { "float", "double", NULL };
	struct mytype l, e;
	int lr, er;

	parse_mytype(live, &l);
	parse_mytype(expected, &e);
	if (!strcmp(l.base, "integer"))
		snprintf(l.base, sizeof(l.base), "int");
	if (!strcmp(e.base, "integer"))
		snprintf(e.base, sizeof(e.base), "int");
	if ((lr = rank_in(l.base, ints)) && (er = rank_in(e.base, ints))) {
		if (l.is_unsigned == e.is_unsigned)
			return by_rank(lr, er);
		/* A signed type holds an unsigned one's values only when it is bigger. */
		return !l.is_unsigned && lr > er ? OM_TYPE_WIDER : OM_TYPE_OTHER;
	}
	if ((!strcmp(l.base, "varchar") && !strcmp(e.base, "varchar")) || (!strcmp(l.base, "char") && !strcmp(e.base, "char")) ||
	    (!strcmp(l.base, "varbinary") && !strcmp(e.base, "varbinary")))
		return by_rank((int)l.len, (int)e.len);
	if (((lr = rank_in(l.base, texts)) && (er = rank_in(e.base, texts))) ||
	    ((lr = rank_in(l.base, blobs)) && (er = rank_in(e.base, blobs))))
		return by_rank(lr, er);
	if ((lr = rank_in(l.base, floats)) && (er = rank_in(e.base, floats)) && (lr != er || l.len == e.len))
		return by_rank(lr, er);
	return strcasecmp(live, expected) ? OM_TYPE_OTHER : OM_TYPE_SAME;
}

/* ---- what the renderer asks ---------------------------------------------------------- */

static bool keys_off(const char *engine)
{
	/* DISABLE KEYS builds MyISAM/Aria secondary indexes in one pass after the load. */
	return engine && (!strcasecmp(engine, "MyISAM") || !strcasecmp(engine, "Aria"));
}

/*
 * CREATE TABLE with every key inline and the engine and charset written
 * out; around a load into a MyISAM/Aria table with secondary indexes,
 * DISABLE KEYS / ENABLE KEYS (an ALTER TABLE ... ADD INDEX after the load
 * would copy the table once more).
 */
static void my_create_table(struct om_conn *c, const struct om_tabledef *d, struct om_strlist *before,
			    struct om_strlist *after)
{
	struct strbuf sb = STRBUF_INIT;
	const char *engine, *collation;
	bool secondary = false;

	table_options(c, d->like, &engine, &collation);
	if (d->own && c->own_engine)
		engine = c->own_engine;
	render_create_sql(&sb, d->t, d->name, d->has_class, d->ud, engine, collation, d->if_not_exists);
	om_strlist_add(before, sb.buf);
	/* Our table from an earlier run on another engine (MyISAM, as the OpenSER tables) moves to it. */
	for (size_t i = 0; d->own && c->own_engine && i < c->tab_names.n; i++)
		if (!strcmp(c->tab_names.v[i], d->name) && strcasecmp(c->tab_engines.v[i], c->own_engine)) {
			strbuf_reset(&sb);
			strbuf_adds(&sb, "ALTER TABLE ");
			my_quote_ident(&sb, d->name);
			strbuf_addf(&sb, " ENGINE=%s", c->own_engine);
			om_strlist_add(before, sb.buf);
		}
	for (size_t k = 0; k < d->t->nkeys; k++)
		if (d->t->keys[k].kind == OM_KEY_INDEX)
			secondary = true;
	if (d->load && secondary && keys_off(engine)) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "ALTER TABLE ");
		my_quote_ident(&sb, d->name);
		strbuf_adds(&sb, " DISABLE KEYS");
		om_strlist_add(before, sb.buf);
		strbuf_reset(&sb);
		strbuf_adds(&sb, "ALTER TABLE ");
		my_quote_ident(&sb, d->name);
		strbuf_adds(&sb, " ENABLE KEYS");
		om_strlist_add(after, sb.buf);
	}
	strbuf_release(&sb);
}

static void my_own_table_options(struct om_conn *c, struct strbuf *sb)
{
	if (c->own_engine)
		strbuf_addf(sb, " ENGINE=%s", c->own_engine);
}

/* RENAME TABLE renames any number of tables in one atomic statement. */
static void my_create_like(struct strbuf *sb, const char *table, const char *like)
{
	strbuf_adds(sb, "CREATE TABLE ");
	my_quote_ident(sb, table);
	strbuf_adds(sb, " LIKE ");
	my_quote_ident(sb, like);
}

/* NULL-safe, and byte for byte in the values' own character sets (a change of case is a change). */
static void my_same(struct strbuf *sb, const char *a, const char *b)
{
	strbuf_addf(sb, "(BINARY (%s) <=> BINARY (%s))", a, b);
}

static void my_order_exact(struct strbuf *sb, const char *col)
{
	strbuf_adds(sb, "BINARY ");
	my_quote_ident(sb, col);
}

static void my_switch_tables(struct strbuf *sb, const struct om_rename *pairs, size_t n)
{
	strbuf_adds(sb, "RENAME TABLE");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, i ? ",\n  " : "\n  ");
		my_quote_ident(sb, pairs[i].from);
		strbuf_adds(sb, " TO ");
		my_quote_ident(sb, pairs[i].to);
	}
}

/*
 * The name digest() reads table under: a statement may name a locked table
 * once, so hold_tables locks it under this alias too.
 */
static void digest_alias(struct strbuf *sb, const char *table)
{
	struct strbuf a = STRBUF_INIT;

	strbuf_addf(&a, "om_digest_%s", table);
	my_quote_ident(sb, a.buf);
	strbuf_release(&a);
}

/*
 * Writers wait, from before the first copy until the switch: LOCK TABLES
 * ... READ on the tables copied (readers go on; MyISAM and Aria refuse
 * even concurrent inserts under READ, not READ LOCAL) and WRITE on the
 * run's own tables, since a session under LOCK TABLES may touch no other.
 * MariaDB refuses RENAME TABLE under LOCK TABLES, so the hold ends right
 * before the switch (UNLOCK TABLES); lock_wait_timeout bounds the wait for
 * an application's transaction (error 1205: exit 4).
 */
static void my_hold_tables(const struct om_strlist *read, const struct om_strlist *write, int timeout,
			   struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "SET SESSION lock_wait_timeout = %d", timeout > 0 ? timeout : 1);
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "LOCK TABLES");
	for (size_t i = 0; i < read->n + write->n; i++) {
		strbuf_adds(&sb, i ? ",\n  " : "\n  ");
		my_quote_ident(&sb, i < read->n ? read->v[i] : write->v[i - read->n]);
		strbuf_adds(&sb, i < read->n ? " READ" : " WRITE");
		/* A statement may name a locked table once: digest() reads it under an alias of its own. */
		if (i < read->n) {
			strbuf_adds(&sb, ", ");
			my_quote_ident(&sb, read->v[i]);
			strbuf_adds(&sb, " AS ");
			digest_alias(&sb, read->v[i]);
			strbuf_adds(&sb, " READ");
		}
	}
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

/*
 * Sessions of this database waiting for a table lock: a MyISAM writer
 * behind the hold waits for the table level lock, an InnoDB one for the
 * metadata lock.
 */
static int my_waiting(struct om_conn *c, long long *n, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct one o = { NULL, false, false };
	int rc;

	strbuf_adds(&q, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND DB = ");
	my_quote_string(c, &q, c->db);
	strbuf_adds(&q, " AND STATE IN ('Waiting for table level lock', 'Waiting for table metadata lock')");
	rc = my_query(c, q.buf, one_row, &o, err);
	strbuf_release(&q);
	*n = o.v ? strtoll(o.v, NULL, 10) : 0;
	free(o.v);
	return rc;
}

/*
 * The row count and the sum of every row's own hash (the first 64 bits of
 * the MD5 of its bytes, summed as DECIMAL: no overflow), as one MD5: the
 * order of the rows does not count, any change of a row does (one pass, no
 * derived table: about twice the cost of CHECKSUM TABLE, whose 32-bit CRC
 * sum a statement cannot keep).
 */
static void my_digest(struct om_conn *c, struct strbuf *sb, const char *table, const char *from)
{
	const char *row = "''";

	for (size_t i = 0; i < c->tab_names.n; i++)
		if (!strcmp(c->tab_names.v[i], table))
			row = c->tab_rows.v[i];
	/* Binary: compared with the journal's copy whatever the character sets of the two. */
	strbuf_addf(sb, "(SELECT CAST(MD5(CONCAT(count(*), ':', COALESCE(SUM(CAST(CONV(LEFT(MD5(%s), 16), 16, 10) "
		    "AS UNSIGNED)), 0))) AS BINARY) FROM %s AS ", row, from);
	digest_alias(sb, table);
	strbuf_addch(sb, ')');
}

static void my_session_sql(struct om_conn *c, struct om_strlist *out)
{
	for (int i = 0; session_setup_sql[i]; i++)
		om_strlist_add(out, session_setup_sql[i]);
	if (c->binlog_mixed)
		om_strlist_add(out, OM_MYSQL_BINLOG_MIXED_SQL);
}

static void my_lock_sql(struct om_conn *c, int timeout, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	lock_name(c);
	strbuf_adds(&sb, "SELECT GET_LOCK(");
	my_quote_string(c, &sb, c->lock_name);
	strbuf_addf(&sb, ", %d)", timeout);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

/* NEW with the character set of the old tables; the rest of the run works in it. */
static void my_create_database(struct om_conn *c, bool exists, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	(void)exists;
	strbuf_adds(&sb, "CREATE DATABASE IF NOT EXISTS ");
	my_quote_ident(&sb, c->db);
	if (c->collation) {
		char cs[64];

		charset_of(c->collation, cs, sizeof(cs));
		strbuf_addf(&sb, " CHARACTER SET %s COLLATE %s", cs, c->collation);
	}
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "USE ");
	my_quote_ident(&sb, c->db);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

/* Integer types are range-checked by the server (strict mode). */
static const char *my_int_max(const struct om_type *t)
{
	if (strcmp(t->base, "int"))
		return NULL;
	return t->is_unsigned ? "4294967295" : "2147483647";
}

/* ---- migrate helpers ------------------------------------------------------------------- */

static int my_db_exists(struct om_conn *c, const struct om_dbtarget *t, bool *exists, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct one o = { NULL, false, false };
	int rc;

	strbuf_adds(&q, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ");
	my_quote_string(c, &q, t->db);
	rc = my_query(c, q.buf, one_row, &o, err);
	strbuf_release(&q);
	*exists = o.got;
	free(o.v);
	return rc;
}

/*
 * MySQL's rules for a database name: at most 64 characters, no '/', '\\'
 * or '.', and no trailing space (the name is a directory of the server).
 */
static int my_check_db_name(const char *name, struct om_error *err)
{
	size_t chars = 0, n = strlen(name);

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if ((*p & 0xc0) != 0x80)
			chars++;
	if (!n || chars > 64)
		return om_error_set(err, OM_EXIT_USAGE, "database name \"%s\" has %zu characters: MySQL allows 1 to 64",
				    name, chars);
	if (strpbrk(name, "/\\.") || name[n - 1] == ' ')
		return om_error_set(err, OM_EXIT_USAGE,
				    "database name \"%s\": MySQL allows no '/', '\\' or '.' and no trailing space", name);
	return 0;
}

static int my_open_source(struct om_conn *c, const struct om_dbtarget *old, char **qualifier, struct om_conn **own,
			  struct om_error *err)
{
	bool exists = false;

	*qualifier = NULL;
	*own = NULL;
	if (my_db_exists(c, old, &exists, err))
		return -1;
	if (!exists)
		return om_error_set(err, OM_EXIT_USAGE, "the old database \"%s\" does not exist on the server", old->db);
	*qualifier = om_xstrdup(old->db);
	return 0;
}

struct acct {
	struct om_conn *c;
	struct om_strlist *out;
};

static int acct_row(void *ud, int n, const char *const *v)
{
	struct acct *a = ud;
	struct strbuf sb = STRBUF_INIT;

	(void)n;
	strbuf_addf(&sb, "GRANT %s ON ", v[0] && !strcmp(v[0], a->c->rw) ? "ALL PRIVILEGES" : "SELECT");
	my_quote_ident(&sb, a->c->db);
	strbuf_adds(&sb, ".* TO ");
	my_quote_string(a->c, &sb, v[0] ? v[0] : "");
	strbuf_addch(&sb, '@');
	my_quote_string(a->c, &sb, v[1] ? v[1] : "");
	om_strlist_add(a->out, sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* Database-wide grants: they cover every table of NEW, those created later too. */
static int my_grant_database(struct om_conn *c, struct om_strlist *out, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct acct a = { c, out };
	int rc;

	/*
	 * Only accounts that exist get rights: a GRANT to a missing account
	 * could create it without a password.
	 */
	strbuf_adds(&q, "SELECT User, Host FROM mysql.user WHERE User IN (");
	my_quote_string(c, &q, c->rw);
	strbuf_adds(&q, ", ");
	my_quote_string(c, &q, c->ro);
	strbuf_adds(&q, ") ORDER BY User, Host");
	rc = my_query(c, q.buf, acct_row, &a, err);
	strbuf_release(&q);
	return rc;
}

/* ---- the driver ------------------------------------------------------------------------ */

/* ---- snapshots ---------------------------------------------------------------------------- */

/*
 * Temporary names of a restore: the snapshot's copies built beside the
 * live tables, and the live tables swapped out.  Short, so that every
 * OpenSER and own table name still fits MySQL's 64 characters.
 */
#define RESTORE_PREFIX "openser_migrate_r_"
#define DISPLACED_PREFIX "openser_migrate_d_"

/* A value exactly: its bytes in hex (whatever its character set), NULL kept. */
static void my_exact_text(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "HEX(CAST(%s AS BINARY))", expr);
}

/*
 * A latin1 column and a value in the connection's utf8mb4 cannot meet in
 * EXCEPT (error 1267): both as utf8mb4 (lossless from any character set a
 * column here has), compared by their bytes.
 */
static void my_compared(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "CONVERT(%s USING utf8mb4) COLLATE utf8mb4_bin", expr);
}

static int name_row(void *ud, int n, const char *const *v)
{
	(void)n;
	if (v[0])
		om_strlist_add(ud, v[0]);
	return 0;
}

static int my_list_databases(struct om_conn *c, const char *prefix, struct om_strlist *out, struct om_error *err)
{
	struct om_strlist all;
	int rc;

	om_strlist_init(&all);
	rc = my_query(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1", name_row, &all, err);
	for (size_t i = 0; !rc && i < all.n; i++)
		if (!strncmp(all.v[i], prefix, strlen(prefix)))
			om_strlist_add(out, all.v[i]);
	om_strlist_release(&all);
	return rc;
}

static int my_drop_database(struct om_conn *c, const char *place, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_adds(&sb, "DROP DATABASE IF EXISTS ");
	my_quote_ident(&sb, place);
	rc = my_exec(c, sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

/* The base tables of database db, by name. */
static int tables_of(struct om_conn *c, const char *db, struct om_strlist *out, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_adds(&q, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = ");
	my_quote_string(c, &q, db);
	strbuf_adds(&q, " ORDER BY 1");
	rc = my_query(c, q.buf, name_row, out, err);
	strbuf_release(&q);
	return rc;
}

static void qualified(struct strbuf *sb, const char *db, const char *prefix, const char *table)
{
	struct strbuf name = STRBUF_INIT;

	strbuf_addf(&name, "%s%s", prefix, table);
	my_quote_ident(sb, db);
	strbuf_addch(sb, '.');
	my_quote_ident(sb, name.buf);
	strbuf_release(&name);
}

/* CREATE TABLE ... LIKE (engine, charset, keys, indexes as they are), then the rows; one statement each. */
static void copy_table_sql(const char *from_db, const char *table, const char *to_db, const char *to_prefix,
			   struct om_strlist *create, struct om_strlist *fill)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "CREATE TABLE ");
	qualified(&sb, to_db, to_prefix, table);
	strbuf_adds(&sb, " LIKE ");
	qualified(&sb, from_db, "", table);
	om_strlist_add(create, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "INSERT INTO ");
	qualified(&sb, to_db, to_prefix, table);
	strbuf_adds(&sb, " SELECT * FROM ");
	qualified(&sb, from_db, "", table);
	om_strlist_add(fill, sb.buf);
	strbuf_release(&sb);
}

static int run_all(struct om_conn *c, const struct om_strlist *l, struct om_error *err)
{
	for (size_t i = 0; i < l->n; i++)
		if (my_exec(c, l->v[i], err))
			return -1;
	return 0;
}

/* The snapshot database, with the live one's default collation (and so its character set). */
static int create_like(struct om_conn *c, const char *place, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct om_strlist coll;
	int rc;

	om_strlist_init(&coll);
	strbuf_adds(&q, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ");
	my_quote_string(c, &q, c->db);
	rc = my_query(c, q.buf, name_row, &coll, err);
	strbuf_reset(&q);
	strbuf_adds(&q, "CREATE DATABASE ");
	my_quote_ident(&q, place);
	if (coll.n) {
		strbuf_adds(&q, " COLLATE ");
		my_quote_ident(&q, coll.v[0]);
	}
	if (!rc && my_exec(c, q.buf, err))
		/* Another save of the same name created it first: the name is taken. */
		rc = mysql_errno(c->my) == ER_DB_CREATE_EXISTS ? OM_SNAPSHOT_TAKEN : -1;
	om_strlist_release(&coll);
	strbuf_release(&q);
	return rc;
}

/*
 * Every table created LIKE the live one, then filled with INSERT ... SELECT
 * while the live tables are locked for reading (LOCK TABLES): one
 * consistent moment for all of them.
 */
static int my_snapshot_save(struct om_conn *c, const struct om_dbtarget *t, const char *place,
			    struct strbuf *method, struct strbuf *why, struct om_error *err)
{
	struct om_strlist tables, create, fill;
	struct strbuf lock = STRBUF_INIT, wait = STRBUF_INIT;
	int rc;

	om_strlist_init(&tables);
	om_strlist_init(&create);
	om_strlist_init(&fill);
	rc = tables_of(c, c->db, &tables, err) ? -1 : create_like(c, place, err);
	if (rc == OM_SNAPSHOT_TAKEN)
		goto out;
	strbuf_adds(&lock, "LOCK TABLES ");
	for (size_t i = 0; i < tables.n; i++) {
		/* A killed run's shadows are scratch, built again from the journal: not the operator's data. */
		if (!strncmp(tables.v[i], OM_SHADOW_PREFIX, strlen(OM_SHADOW_PREFIX)))
			continue;
		copy_table_sql(c->db, tables.v[i], place, "", &create, &fill);
		strbuf_adds(&lock, i ? ", " : "");
		qualified(&lock, c->db, "", tables.v[i]);
		strbuf_adds(&lock, " READ, ");
		qualified(&lock, place, "", tables.v[i]);
		strbuf_adds(&lock, " WRITE");
	}
	/*
	 * Each live table opened as a query opens it first: after a server
	 * crash a MyISAM table is marked as crashed, and the server's own
	 * recovery (myisam_recover_options) runs on such an open, not on the
	 * CREATE TABLE ... LIKE below; without it the error names the table.
	 */
	for (size_t i = 0; i < tables.n && !rc; i++) {
		if (!strncmp(tables.v[i], OM_SHADOW_PREFIX, strlen(OM_SHADOW_PREFIX)))
			continue;
		strbuf_reset(&wait);
		strbuf_adds(&wait, "SELECT 1 FROM ");
		qualified(&wait, c->db, "", tables.v[i]);
		strbuf_adds(&wait, " LIMIT 0");
		rc = my_query(c, wait.buf, NULL, NULL, err);
	}
	strbuf_reset(&wait);
	/* An application's transaction holding a table is waited for --lock-timeout seconds (then exit 4). */
	strbuf_addf(&wait, "SET SESSION lock_wait_timeout = %d", t->wait > 0 ? t->wait : 1);
	if (!rc && tables.n)
		rc = run_all(c, &create, err) || my_exec(c, wait.buf, err) || my_exec(c, lock.buf, err) ? -1 : 0;
	if (!rc && tables.n) {
		struct om_error e2;

		rc = run_all(c, &fill, err);
		if (my_exec(c, "UNLOCK TABLES", &e2) && !rc)
			rc = om_error_set(err, e2.code, "%s", e2.msg);
	}
	strbuf_adds(method, "copy");
	strbuf_addf(why, "a database beside the live one: each table CREATE TABLE ... LIKE and INSERT ... SELECT, "
		    "the live tables locked for reading during the copy");
out:
	strbuf_release(&wait);
	om_strlist_release(&tables);
	om_strlist_release(&create);
	om_strlist_release(&fill);
	strbuf_release(&lock);
	return rc;
}

static bool temporary_name(const char *table)
{
	return !strncmp(table, RESTORE_PREFIX, strlen(RESTORE_PREFIX)) ||
	       !strncmp(table, DISPLACED_PREFIX, strlen(DISPLACED_PREFIX));
}

/* DROP TABLE of the live tables whose names start with prefix (or every temporary one: prefix NULL). */
static int drop_tables(struct om_conn *c, const struct om_strlist *live, const char *prefix, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	bool any = false;
	int rc = 0;

	strbuf_adds(&sb, "DROP TABLE ");
	for (size_t i = 0; i < live->n; i++) {
		const char *name = live->v[i];

		if (prefix ? strncmp(name, prefix, strlen(prefix)) != 0 : !temporary_name(name))
			continue;
		strbuf_adds(&sb, any ? ", " : "");
		my_quote_ident(&sb, name);
		any = true;
	}
	if (any)
		rc = my_exec(c, sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

/*
 * The snapshot's tables are copied beside the live ones under temporary
 * names, then ONE RENAME TABLE swaps them in and the live ones out
 * (atomic: before it the database is as it was, after it the snapshot),
 * then the swapped-out tables are dropped.  A killed restore leaves only
 * temporary tables, which the next restore drops first.
 */
static int my_snapshot_restore(struct om_conn *c, const struct om_dbtarget *t, const char *place, const char *skip,
			       struct strbuf *how, struct om_error *err)
{
	struct om_strlist live, snap, create, fill, names;
	struct om_rename *pairs;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	int rc;

	(void)t;
	om_strlist_init(&live);
	om_strlist_init(&snap);
	om_strlist_init(&create);
	om_strlist_init(&fill);
	om_strlist_init(&names);
	rc = tables_of(c, c->db, &live, err) || tables_of(c, place, &snap, err) || drop_tables(c, &live, NULL, err) ? -1 : 0;
	pairs = om_xcalloc(live.n + snap.n + 1, sizeof(*pairs));
	for (size_t i = 0; !rc && i < live.n; i++)
		if (!temporary_name(live.v[i]))
			om_strlist_addf(&names, "%s%s", DISPLACED_PREFIX, live.v[i]);
	for (size_t i = 0, k = 0; !rc && i < live.n; i++)
		if (!temporary_name(live.v[i]))
			pairs[n++] = (struct om_rename){ live.v[i], names.v[k++] };
	for (size_t i = 0; !rc && i < snap.n; i++) {
		if (!strcmp(snap.v[i], skip))
			continue;
		copy_table_sql(place, snap.v[i], c->db, RESTORE_PREFIX, &create, &fill);
		om_strlist_addf(&names, "%s%s", RESTORE_PREFIX, snap.v[i]);
	}
	for (size_t i = 0, k = n; !rc && i < snap.n; i++)
		if (strcmp(snap.v[i], skip))
			pairs[n++] = (struct om_rename){ names.v[k++], snap.v[i] };
	if (!rc)
		rc = run_all(c, &create, err) || run_all(c, &fill, err) ? -1 : 0;
	if (!rc) {
		my_switch_tables(&sb, pairs, n);
		rc = my_exec(c, sb.buf, err);
	}
	if (!rc) {
		om_strlist_release(&live);
		rc = tables_of(c, c->db, &live, err) || drop_tables(c, &live, DISPLACED_PREFIX, err) ? -1 : 0;
	}
	strbuf_adds(how, "the snapshot's tables were copied beside the live ones, then ONE RENAME TABLE swapped them in "
			 "(atomic), and the replaced tables were dropped");
	free(pairs);
	om_strlist_release(&live);
	om_strlist_release(&snap);
	om_strlist_release(&create);
	om_strlist_release(&fill);
	om_strlist_release(&names);
	strbuf_release(&sb);
	return rc;
}

/* ---- prepare/finish: change capture (online.c) ------------------------------------ */

/* The event of each trigger of a capture or a tripwire, named by OM_TRIGGER_SUFFIXES. */
static const char *const trigger_events[3] = { "INSERT", "UPDATE", "DELETE" };

/*
 * The change table takes the source's columns as they are (CREATE TABLE
 * ... SELECT of no row: types, character sets, NOT NULL; no key, no
 * AUTO_INCREMENT), in the source's storage engine, so that a change row
 * is written or rolled back with the write it records.  om_seq numbers
 * the rows in the order the triggers wrote them; online.c reads them only
 * while the source's writers are held (LOCK TABLES), when every one of
 * them has ended.  An UPDATE is one INSERT of two rows, the old first.
 */
static void my_capture(struct om_conn *c, const char *table, const char *changes, const char *trg_prefix,
		       const char *const *cols, size_t ncols, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT, list = STRBUF_INIT;
	const char *engine, *collation;

	table_options(c, table, &engine, &collation);
	for (size_t i = 0; i < ncols; i++) {
		strbuf_adds(&list, ", ");
		my_quote_ident(&list, cols[i]);
	}
	strbuf_adds(&sb, "CREATE TABLE IF NOT EXISTS ");
	my_quote_ident(&sb, changes);
	strbuf_adds(&sb, " (`om_seq` bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, `om_op` char(1) "
		    "CHARACTER SET ascii NOT NULL DEFAULT '')");
	if (engine && *engine)
		strbuf_addf(&sb, " ENGINE=%s", engine);
	strbuf_addf(&sb, " SELECT %s FROM ", list.buf + 2);
	my_quote_ident(&sb, table);
	strbuf_adds(&sb, " LIMIT 0");
	om_strlist_add(out, sb.buf);
	for (int e = 0; e < 3; e++) {
		strbuf_reset(&sb);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%c", trg_prefix, OM_TRIGGER_SUFFIXES[e]);
		strbuf_adds(&sb, "CREATE TRIGGER IF NOT EXISTS ");
		my_quote_ident(&sb, name.buf);
		strbuf_addf(&sb, " AFTER %s ON ", trigger_events[e]);
		my_quote_ident(&sb, table);
		strbuf_adds(&sb, " FOR EACH ROW INSERT INTO ");
		my_quote_ident(&sb, changes);
		strbuf_addf(&sb, " (`om_op`%s) VALUES ", list.buf);
		for (int k = 0; k < 2; k++) {
			/* k 0: the old row ('D'), for UPDATE and DELETE; k 1: the new ('I'), for INSERT and UPDATE. */
			if ((k == 0 && e == 0) || (k == 1 && e == 2))
				continue;
			if (k == 1 && e == 1)
				strbuf_adds(&sb, ", ");
			strbuf_addf(&sb, "('%s'", k ? "I" : "D");
			for (size_t i = 0; i < ncols; i++) {
				strbuf_adds(&sb, k ? ", NEW." : ", OLD.");
				my_quote_ident(&sb, cols[i]);
			}
			strbuf_addch(&sb, ')');
		}
		om_strlist_add(out, sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
	strbuf_release(&list);
}

/*
 * The tripwire of a source (driver.h): a one-row counter in the source's
 * engine (MyISAM writes it at once, InnoDB with the write's transaction),
 * added to BEFORE each row is written.  A counter dropped by hand makes
 * its triggers do nothing (error 1146 is handled), never fail OpenSER's
 * write; any other error (a lock wait) fails the write as its own would.
 */
static void my_tripwire(struct om_conn *c, const char *table, const char *counter, const char *trg_prefix,
			const char *epoch, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	const char *engine, *collation;

	table_options(c, table, &engine, &collation);
	strbuf_adds(&sb, "CREATE TABLE ");
	my_quote_ident(&sb, counter);
	strbuf_adds(&sb, " (`n` bigint NOT NULL, `epoch` varchar(64) CHARACTER SET ascii NOT NULL)");
	if (engine && *engine)
		strbuf_addf(&sb, " ENGINE=%s", engine);
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "INSERT INTO ");
	my_quote_ident(&sb, counter);
	strbuf_adds(&sb, " (`n`, `epoch`) VALUES (0, ");
	my_quote_string(c, &sb, epoch);
	strbuf_addch(&sb, ')');
	om_strlist_add(out, sb.buf);
	for (int e = 0; e < 3; e++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%c", trg_prefix, OM_TRIGGER_SUFFIXES[e]);
		strbuf_reset(&sb);
		strbuf_adds(&sb, "CREATE TRIGGER ");
		my_quote_ident(&sb, name.buf);
		strbuf_addf(&sb, " BEFORE %s ON ", trigger_events[e]);
		my_quote_ident(&sb, table);
		strbuf_adds(&sb, " FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 BEGIN END; UPDATE ");
		my_quote_ident(&sb, counter);
		strbuf_adds(&sb, " SET `n` = `n` + 1; END");
		om_strlist_add(out, sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
}

/*
 * Read under the hold as the digest is: the counter by its alias there
 * (my_hold_tables), the triggers from information_schema, which LOCK
 * TABLES leaves readable.
 */
static void my_tripwire_digest(struct om_conn *c, struct strbuf *sb, const char *now, const char *counter,
			       const char *trg_prefix)
{
	strbuf_adds(sb, "(SELECT CAST(CONCAT('tw:', `epoch`, ':', `n`, ':', (SELECT count(*) FROM "
		    "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ");
	my_quote_string(c, sb, now);
	strbuf_adds(sb, " AND TRIGGER_NAME IN (");
	for (int e = 0; e < 3; e++) {
		struct strbuf name = STRBUF_INIT;

		strbuf_addf(&name, "%s%c", trg_prefix, OM_TRIGGER_SUFFIXES[e]);
		strbuf_adds(sb, e ? ", " : "");
		my_quote_string(c, sb, name.buf);
		strbuf_release(&name);
	}
	strbuf_adds(sb, "))) AS BINARY) FROM ");
	my_quote_ident(sb, counter);
	strbuf_adds(sb, " AS ");
	digest_alias(sb, counter);
	strbuf_addch(sb, ')');
}

/* MyISAM writes a captured row and its change row at once, with no transaction: a crash can tear them. */
static int my_server_started(struct om_conn *c, long long *now, long long *started, struct om_error *err)
{
	long long v[2] = { -1, -1 };
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT UNIX_TIMESTAMP(), VARIABLE_VALUE FROM %s.%s WHERE VARIABLE_NAME = 'Uptime'",
		 c->mariadb ? "information_schema" : "performance_schema", c->mariadb ? "GLOBAL_STATUS" : "global_status");
	if (om_query_counts(&om_driver_mysql, c, sql, v, 2, err))
		return -1;
	if (v[0] < 0 || v[1] < 0)
		return om_error_set(err, OM_EXIT_FAILED, "the server did not say how long it has been up");
	*now = v[0];
	*started = v[0] - v[1];
	return 0;
}

/* Trigger names are the database's: the table is not needed. */
static void my_drop_trigger(struct strbuf *sb, const char *table, const char *name)
{
	(void)table;
	strbuf_adds(sb, "DROP TRIGGER IF EXISTS ");
	my_quote_ident(sb, name);
}

static void my_triggers_query(struct om_conn *c, struct strbuf *sb, const char *table)
{
	strbuf_adds(sb, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() "
		    "AND EVENT_OBJECT_TABLE = ");
	my_quote_string(c, sb, table);
	strbuf_adds(sb, " ORDER BY TRIGGER_NAME");
}

/*
 * The capture needs several triggers per table and event beside the
 * operator's (MariaDB 10.2.3, MySQL 5.7.2), CREATE TRIGGER IF NOT EXISTS
 * (MariaDB 10.1.4, MySQL 8.0.29) and EXCEPT for the full check (MariaDB
 * 10.3, MySQL 8.0.31).
 */
static int my_online_ready(struct om_conn *c, struct om_error *err)
{
	unsigned long v = mysql_get_server_version(c->my), need = c->mariadb ? 100300 : 80031;

	if (v >= need)
		return 0;
	return om_error_set(err, OM_EXIT_REFUSED, "prepare needs %s or later (several triggers per table and event, "
			    "CREATE TRIGGER IF NOT EXISTS, EXCEPT); this server is %s: nothing was changed; stop "
			    "OpenSER and run upgrade", c->mariadb ? "MariaDB 10.3" : "MySQL 8.0.31",
			    mysql_get_server_info(c->my));
}

MYSQL *om_mysql_handle(struct om_conn *c)
{
	return c->my;
}

const struct om_driver om_driver_mysql = {
	.name = "mysql",
	.engine = OM_ENGINE_MYSQL,
	.open = my_open,
	.replica_status = om_mysql_replica_status,
	.close = my_close,
	.exec = my_exec,
	.query = my_query,
	.rollback = my_rollback,
	.interrupt = my_interrupt,
	.last_rows = my_last_rows,
	.introspect = my_introspect,
	.lock = my_lock,
	.unlock = my_unlock,
	.begin_read = my_begin_read,
	.sessions = my_sessions,
	.int_max = my_int_max,
	.open_source = my_open_source,
	.check_db_name = my_check_db_name,
	.db_exists = my_db_exists,
	.quote_ident = my_quote_ident,
	.quote_string = my_quote_string,
	.compare_types = my_compare_types,
	.expected_table = my_expected_table,
	.create_table = my_create_table,
	.switch_tables = my_switch_tables,
	.create_like = my_create_like,
	.order_exact = my_order_exact,
	.same = my_same,
	.grant_database = my_grant_database,
	.session_sql = my_session_sql,
	.lock_sql = my_lock_sql,
	.create_database = my_create_database,
	.hold_tables = my_hold_tables,
	.unhold = "UNLOCK TABLES",
	.job_read_word = "HIGH_PRIORITY",
	.job_timeout = "SET SESSION lock_wait_timeout = %d",
	.waiting = my_waiting,
	.digest = my_digest,
	.ignore_word = "IGNORE ",
	.ignore_clause = "",
	.fn = om_mysql_fn,
	.cut = om_mysql_cut,
	.length = om_mysql_length,
	.invalid = om_mysql_invalid,
	.now = my_now,
	.exact_text = my_exact_text,
	.compared = my_compared,
	.list_databases = my_list_databases,
	.snapshot_save = my_snapshot_save,
	.snapshot_restore = my_snapshot_restore,
	.drop_database = my_drop_database,
	.capture = my_capture,
	.online_ready = my_online_ready,
	.own_table_options = my_own_table_options,
	.tripwire = my_tripwire,
	.tripwire_digest = my_tripwire_digest,
	.drop_trigger = my_drop_trigger,
	.server_started = my_server_started,
	.triggers_query = my_triggers_query,
};
