/*
 * pgsql.c: the PostgreSQL driver (libpq).
 *
 * PostgreSQL's DDL is transactional: the whole in-place upgrade is ONE
 * transaction, begun by the lock, so a failure anywhere leaves the
 * database exactly as before.  Each old table is moved into the retained
 * schema `old11` with ALTER TABLE ... SET SCHEMA (its indexes, constraints
 * and sequences go with it), and the 1.2 table is created under its real
 * name, so that every constraint, index and sequence gets its 1.2 name.
 * `migrate OLD NEW` cannot INSERT ... SELECT across databases: rows are
 * streamed with the COPY protocol from a SELECT that applies the mapping
 * on OLD's server into COPY ... FROM STDIN on NEW, a row at a time.
 */
#include "driver.h"
#include "driver_replica.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "clientlib.h"

#include "pgsql_fn.h"

/* Separates the two halves of a COPY pipe in a script statement. */
#define COPY_FROM_OLD "\n-- fed by, on the old database:\n"

struct om_conn {
	PGconn *pg;
	PGcancel *cancel;
	char *db;              /* the database (migrate: NEW) */
	char **keys, **vals;   /* connection parameters, for \connect */
	size_t nparams;
	char *rw, *ro;         /* OpenSER's users */
	struct om_conn *src;   /* migrate: the connection to OLD */
	int wait;              /* seconds to wait for another run's lock */
	bool read_lock;        /* begin_read holds the run lock shared (session level) */
	volatile sig_atomic_t interrupted;  /* set by pg_interrupt: a lock wait gives up */
	long long last_rows;   /* of the last exec; -1 not known */
};

int om_pgsql_fail(struct om_conn *c, const PGresult *res, const char *what, struct om_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *msg = res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
	int code = OM_EXIT_FAILED;
	size_t n = strlen(msg);

	if (state && !strcmp(state, "57014"))
		code = OM_EXIT_INTERRUPTED;
	else if (state && (!strcmp(state, "55P03") || !strcmp(state, "40P01")))
		code = OM_EXIT_LOCKED;
	/*
	 * A unique index of the system catalogs (pg_database_datname_index):
	 * another session is creating an object of the same name right now,
	 * such as the CREATE DATABASE of a killed run still running on the
	 * server.  Not a failure of ours: a rerun once it has ended.
	 */
	else if (state && !strcmp(state, "23505") && constraint && !strncmp(constraint, "pg_", 3))
		code = OM_EXIT_LOCKED;
	/* The server went away: the statement may or may not have run; a rerun finds out and resumes. */
	else if (PQstatus(c->pg) == CONNECTION_BAD)
		code = OM_EXIT_INTERRUPTED;
	/* libpq messages end with a newline. */
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return om_error_set(err, code, "%s: %.*s%s%s%s", what, (int)n, msg, state ? " (SQLSTATE " : "",
			    state ? state : "", state ? ")" : "");
}

/* ---- quoting ---------------------------------------------------------------------- */

/*
 * "name"; a retained table's "old11.acc" is schema and table (our names
 * never contain a dot otherwise).
 */
/* --jobs: job k builds its tables in the schema openser_migrate_job<k> (driver.h, job_schema). */
#define PG_JOB_SCHEMA "openser_migrate_job"

/*
 * A name in double quotes; "oldNN.table" (the retained schema) and
 * "openser_migrate_jobN.table" (a job's) as a schema and a table.
 */
static void pg_quote_ident(struct strbuf *sb, const char *id)
{
	const char *dot = strncmp(id, "old", 3) && strncmp(id, PG_JOB_SCHEMA, strlen(PG_JOB_SCHEMA)) ? NULL :
			  strchr(id, '.');

	if (dot) {
		char *schema = om_xstrndup(id, (size_t)(dot - id));

		pg_quote_ident(sb, schema);
		free(schema);
		strbuf_addch(sb, '.');
		id = dot + 1;
	}
	strbuf_addch(sb, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

static void pg_quote_string(struct om_conn *c, struct strbuf *sb, const char *s)
{
	char *q = PQescapeLiteral(c->pg, s, strlen(s));

	if (q) {
		strbuf_adds(sb, q);
		PQfreemem(q);
		return;
	}
	/*
	 * libpq refuses text that is not valid in the client encoding (or
	 * runs out of memory): quote it plainly (standard_conforming_strings
	 * is on in our session), and the server rejects the statement with
	 * its own message.
	 */
	strbuf_addch(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\'');
}

/* ---- connection ---------------------------------------------------------------------- */

static void add_param(struct om_conn *c, const char *k, const char *v)
{
	if (!v)
		return;
	c->keys = om_xrealloc(c->keys, (c->nparams + 2) * sizeof(char *));
	c->vals = om_xrealloc(c->vals, (c->nparams + 2) * sizeof(char *));
	c->keys[c->nparams] = om_xstrdup(k);
	c->vals[c->nparams] = om_xstrdup(v);
	c->nparams++;
	c->keys[c->nparams] = NULL;
	c->vals[c->nparams] = NULL;
}

static void set_param(struct om_conn *c, const char *k, const char *v)
{
	for (size_t i = 0; i < c->nparams; i++)
		if (!strcmp(c->keys[i], k)) {
			free(c->vals[i]);
			c->vals[i] = om_xstrdup(v);
			return;
		}
	add_param(c, k, v);
}

static void conn_free(struct om_conn *c)
{
	if (!c)
		return;
	conn_free(c->src);
	if (c->cancel)
		PQfreeCancel(c->cancel);
	if (c->pg)
		PQfinish(c->pg);
	for (size_t i = 0; i < c->nparams; i++) {
		if (!strcmp(c->keys[i], "password"))
			memset(c->vals[i], 0, strlen(c->vals[i]));
		free(c->keys[i]);
		free(c->vals[i]);
	}
	free(c->keys);
	free(c->vals);
	free(c->db);
	free(c->rw);
	free(c->ro);
	free(c);
}

/*
 * Replace the cancel handle that pg_interrupt uses from a signal handler:
 * the new one is in place before the old one is freed, so that the handler
 * never uses a freed one (\connect sets up a session on a live run).
 */
static void set_cancel(struct om_conn *c, PGcancel *cancel)
{
	PGcancel *old = c->cancel;

	c->cancel = cancel;
	atomic_signal_fence(memory_order_seq_cst);
	if (old)
		PQfreeCancel(old);
}

static int session_setup(struct om_conn *c, struct om_error *err)
{
	static const char *const setup[] = {
		"SET client_min_messages = warning",
		"SET standard_conforming_strings = on",
		"SET client_encoding = 'UTF8'",
		NULL
	};

	for (int i = 0; setup[i]; i++) {
		PGresult *res = PQexec(c->pg, setup[i]);
		int ok = PQresultStatus(res) == PGRES_COMMAND_OK;

		if (!ok) {
			om_pgsql_fail(c, res, "cannot set up the session", err);
			PQclear(res);
			return -1;
		}
		PQclear(res);
	}
	set_cancel(c, PQgetCancel(c->pg));
	return 0;
}

static int connect_with(struct om_conn *c, const struct om_dbtarget *t, struct om_error *err)
{
	char *asked = NULL;

	for (int attempt = 0; attempt < 2; attempt++) {
		/* expand_dbname: a postgres:// URI in "dbname" is libpq's own. */
		c->pg = PQconnectdbParams((const char *const *)c->keys, (const char *const *)c->vals, 1);
		if (c->pg && PQstatus(c->pg) == CONNECTION_OK)
			break;
		if (attempt == 0 && c->pg && PQconnectionNeedsPassword(c->pg) && t && t->ask_password) {
			char prompt[300];

			snprintf(prompt, sizeof(prompt), "PostgreSQL password of %s: ",
				 PQuser(c->pg) ? PQuser(c->pg) : "postgres");
			asked = t->ask_password(prompt, t->ask_ud);
			if (asked) {
				set_param(c, "password", asked);
				memset(asked, 0, strlen(asked));
				free(asked);
				PQfinish(c->pg);
				c->pg = NULL;
				continue;
			}
		}
		break;
	}
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		const char *msg = c->pg ? PQerrorMessage(c->pg) : "out of memory";
		size_t n = strlen(msg);

		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			n--;
		return om_error_set(err, OM_EXIT_USAGE, "cannot connect to PostgreSQL database \"%s\": %.*s",
				    c->db ? c->db : "?", (int)n, msg);
	}
	return session_setup(c, err);
}

/* Build the parameters of target t for database db. */
static struct om_conn *conn_new(const struct om_dbtarget *t, const char *db)
{
	struct om_conn *c = om_xcalloc(1, sizeof(*c));
	char port[16];

	c->keys = om_xcalloc(1, sizeof(char *));
	c->vals = om_xcalloc(1, sizeof(char *));
	if (t->uri) {
		/* The URI's own parameters, by libpq's parser; the database may then be another one. */
		char *msg = NULL;
		PQconninfoOption *opts = PQconninfoParse(t->uri, &msg);

		for (PQconninfoOption *o = opts; o && o->keyword; o++)
			if (o->val && *o->val)
				add_param(c, o->keyword, o->val);
		PQconninfoFree(opts);
		if (msg)
			PQfreemem(msg);
		if (db)
			set_param(c, "dbname", db);
	} else {
		add_param(c, "host", t->host);
		if (t->port) {
			snprintf(port, sizeof(port), "%d", t->port);
			add_param(c, "port", port);
		}
		add_param(c, "user", t->user ? t->user : "postgres");
		add_param(c, "dbname", db);
	}
	if (t->password && *t->password)
		add_param(c, "password", t->password);
	add_param(c, "application_name", "openser-migrate");
	c->db = om_xstrdup(db ? db : "postgres");
	c->rw = om_xstrdup(t->rw_user ? t->rw_user : "openser");
	c->wait = t->wait;
	c->ro = om_xstrdup(t->ro_user ? t->ro_user : "openserro");
	return c;
}

static int db_exists_on(struct om_conn *c, const char *name, bool *exists, struct om_error *err);

static int pg_open(struct om_conn **out, const struct om_dbtarget *t, unsigned flags, struct om_error *err)
{
	struct om_conn *c;
	const char *db = t->db;

	*out = NULL;
	if (!db && !t->uri)
		return om_error_set(err, OM_EXIT_USAGE, "no PostgreSQL database name given");
	if (om_pgsql_load(err))
		return -1;
	if (flags & OM_OPEN_CREATE) {
		bool exists = false;

		/*
		 * migrate's NEW: reach the server through its maintenance database;
		 * when NEW exists already (a run to resume), connect to it instead.
		 */
		c = conn_new(t, "postgres");
		if (connect_with(c, t, err) || db_exists_on(c, db, &exists, err)) {
			conn_free(c);
			return -1;
		}
		free(c->db);
		c->db = om_xstrdup(db);
		if (exists) {
			PQfinish(c->pg);
			c->pg = NULL;
			set_param(c, "dbname", db);
			if (connect_with(c, t, err)) {
				conn_free(c);
				return -1;
			}
		}
		*out = c;
		return 0;
	}
	c = conn_new(t, db);
	if (connect_with(c, t, err)) {
		conn_free(c);
		return -1;
	}
	if (!t->db) {
		free(c->db);
		c->db = om_xstrdup(PQdb(c->pg));
	}
	*out = c;
	return 0;
}

static void pg_close(struct om_conn *c)
{
	conn_free(c);
}

/* `\connect NAME`: the rest of the script runs on database NAME (as in psql). */
static int reconnect(struct om_conn *c, const char *name, struct om_error *err)
{
	PQfinish(c->pg);
	c->pg = NULL;
	set_param(c, "dbname", name);
	free(c->db);
	c->db = om_xstrdup(name);
	return connect_with(c, NULL, err);
}

static int copy_pipe(struct om_conn *c, const char *into, const char *from, struct om_error *err);

static int pg_exec(struct om_conn *c, const char *sql, struct om_error *err)
{
	PGresult *res;
	const char *pipe = strstr(sql, COPY_FROM_OLD);
	int ok;

	c->last_rows = -1;
	if (!strncmp(sql, "\\connect ", 9)) {
		const char *name = sql + 9;
		char *plain;
		int rc;

		/* The name is written quoted, as the script prints it. */
		if (*name == '"') {
			struct strbuf sb = STRBUF_INIT;

			for (name++; *name; name++) {
				if (*name == '"' && name[1] == '"')
					name++;
				else if (*name == '"')
					break;
				strbuf_addch(&sb, *name);
			}
			plain = strbuf_detach(&sb);
		} else {
			plain = om_xstrdup(name);
		}
		rc = reconnect(c, plain, err);
		free(plain);
		return rc;
	}
	if (pipe) {
		char *into = om_xstrndup(sql, (size_t)(pipe - sql));
		int rc = copy_pipe(c, into, pipe + strlen(COPY_FROM_OLD), err);

		free(into);
		return rc;
	}
	res = PQexec(c->pg, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "statement failed (");
		strbuf_add_excerpt(&what, sql, 120);
		strbuf_addch(&what, ')');
		om_pgsql_fail(c, res, what.buf, err);
		strbuf_release(&what);
		PQclear(res);
		return -1;
	}
	if (*PQcmdTuples(res))
		c->last_rows = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static long long pg_last_rows(struct om_conn *c)
{
	return c->last_rows;
}

/*
 * The progress of a copy from outside (driver.h, probe_begin): the
 * transaction's new table cannot be seen from another session, but its
 * file can: its size (pg_stat_file on the path the copy's own session
 * reads, every 1 GB segment of it) over the source's bytes a row.  The
 * probe's connection opens at its first read, so that a short copy costs
 * one query; where pg_stat_file is not allowed (it needs a superuser or
 * pg_read_server_files) there is no probe.
 */
struct om_probe {
	char **keys, **vals;
	size_t n;
	char *path;
	double bytes_per_row;
	PGconn *pg;
	bool failed;
};

static int probe_row(void *ud, int ncols, const char *const *vals)
{
	char **out = ud;

	if (ncols == 2 && vals[0] && vals[1]) {
		out[0] = om_xstrdup(vals[0]);
		out[1] = om_xstrdup(vals[1]);
	}
	return 0;
}

static int pg_query(struct om_conn *c, const char *sql, om_row_fn fn, void *ud, struct om_error *err);

static struct om_probe *pg_probe_begin(struct om_conn *c, const char *into, const char *from, long long from_rows)
{
	struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
	char *got[2] = { NULL, NULL };
	struct om_probe *p = NULL;
	struct om_error err;
	double size;

	if (from_rows <= 0)
		return NULL;
	/* to_regclass() of a quoted name: NULL when it is not there, never an error in the transaction. */
	pg_quote_ident(&q, into);
	strbuf_adds(&sb, "SELECT pg_relation_filepath(to_regclass(");
	pg_quote_string(c, &sb, q.buf);
	strbuf_adds(&sb, ")), pg_relation_size(to_regclass(");
	pg_quote_string(c, &sb, from);
	strbuf_adds(&sb, "))");
	if (!pg_query(c, sb.buf, probe_row, got, &err) && got[0] && (size = strtod(got[1], NULL)) > 0) {
		p = om_xcalloc(1, sizeof(*p));
		p->path = got[0];
		got[0] = NULL;
		p->bytes_per_row = size / (double)from_rows;
		p->n = c->nparams;
		p->keys = om_xcalloc(p->n + 1, sizeof(char *));
		p->vals = om_xcalloc(p->n + 1, sizeof(char *));
		for (size_t i = 0; i < p->n; i++) {
			p->keys[i] = om_xstrdup(c->keys[i]);
			p->vals[i] = om_xstrdup(c->vals[i]);
		}
	}
	free(got[0]);
	free(got[1]);
	strbuf_release(&sb);
	strbuf_release(&q);
	return p;
}

static long long pg_probe_rows(struct om_probe *p)
{
	static const char *const sql =
		"SELECT sum(coalesce((pg_stat_file($1 || s, true)).size, 0)) FROM unnest(ARRAY['', '.1', '.2', "
		"'.3', '.4', '.5', '.6', '.7', '.8', '.9', '.10', '.11', '.12', '.13', '.14', '.15']) AS s";
	const char *params[1] = { p->path };
	PGresult *res;
	long long rows = -1;

	if (p->failed)
		return -1;
	if (!p->pg) {
		p->pg = PQconnectdbParams((const char *const *)p->keys, (const char *const *)p->vals, 1);
		if (!p->pg || PQstatus(p->pg) != CONNECTION_OK) {
			p->failed = true;
			return -1;
		}
	}
	res = PQexecParams(p->pg, sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		rows = (long long)(strtod(PQgetvalue(res, 0, 0), NULL) / p->bytes_per_row);
	else
		p->failed = true;
	PQclear(res);
	return rows;
}

static void pg_probe_end(struct om_probe *p)
{
	if (!p)
		return;
	if (p->pg)
		PQfinish(p->pg);
	for (size_t i = 0; i < p->n; i++) {
		if (!strcmp(p->keys[i], "password"))
			memset(p->vals[i], 0, strlen(p->vals[i]));
		free(p->keys[i]);
		free(p->vals[i]);
	}
	free(p->keys);
	free(p->vals);
	free(p->path);
	free(p);
}

static int pg_query(struct om_conn *c, const char *sql, om_row_fn fn, void *ud, struct om_error *err)
{
	PGresult *res = PQexec(c->pg, sql);
	int rows, cols;
	const char *vals[64];

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		om_pgsql_fail(c, res, "query failed", err);
		PQclear(res);
		return -1;
	}
	rows = PQntuples(res);
	cols = PQnfields(res);
	if (cols > 64)
		cols = 64;
	for (int r = 0; r < rows; r++) {
		for (int i = 0; i < cols; i++)
			vals[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
		if (fn(ud, cols, vals))
			break;
	}
	PQclear(res);
	return 0;
}

/*
 * Stream rows: `from` (COPY (SELECT ...) TO STDOUT) runs on OLD, `into`
 * (COPY t (...) FROM STDIN) on c; a row at a time, so memory does not
 * grow with the table.
 */
static int copy_pipe(struct om_conn *c, const char *into, const char *from, struct om_error *err)
{
	PGresult *res;
	char *buf = NULL;
	int n, rc = 0;

	if (!c->src)
		return om_error_set(err, OM_EXIT_FAILED, "no connection to the old database for COPY");
	res = PQexec(c->pg, into);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		om_pgsql_fail(c, res, "COPY into the new database failed", err);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	res = PQexec(c->src->pg, from);
	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		om_pgsql_fail(c->src, res, "COPY from the old database failed", err);
		PQclear(res);
		PQputCopyEnd(c->pg, "the old database failed");
		while ((res = PQgetResult(c->pg)))
			PQclear(res);
		return -1;
	}
	PQclear(res);
	while ((n = PQgetCopyData(c->src->pg, &buf, 0)) > 0) {
		if (PQputCopyData(c->pg, buf, n) != 1) {
			PQfreemem(buf);
			rc = om_pgsql_fail(c, NULL, "COPY into the new database failed", err);
			break;
		}
		PQfreemem(buf);
	}
	if (!rc && n == -2)
		rc = om_pgsql_fail(c->src, NULL, "COPY from the old database failed", err);
	/* Drain OLD's side whatever happened. */
	while ((res = PQgetResult(c->src->pg))) {
		if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = om_pgsql_fail(c->src, res, "COPY from the old database failed", err);
		PQclear(res);
	}
	if (PQputCopyEnd(c->pg, rc ? "the copy failed" : NULL) != 1 && !rc)
		rc = om_pgsql_fail(c, NULL, "COPY into the new database failed", err);
	while ((res = PQgetResult(c->pg))) {
		if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = om_pgsql_fail(c, res, "COPY into the new database failed", err);
		PQclear(res);
	}
	return rc;
}

/* ---- introspection --------------------------------------------------------------------- */

/* A number as its shortest text: 1.00 and 1.0 are 1, 0.50 is 0.5. */
static void canonical_number(struct strbuf *sb, const char *num, size_t n)
{
	const char *dot = memchr(num, '.', n);

	if (dot) {
		while (n > (size_t)(dot - num) + 1 && num[n - 1] == '0')
			n--;
		if (num[n - 1] == '.')
			n--;
	}
	strbuf_add(sb, num, n);
}

static bool is_number(const char *s, size_t n)
{
	size_t i = 0;
	bool digit = false;

	if (i < n && s[i] == '-')
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] != '.')
			return false;
	}
	return digit;
}

/*
 * A default as PostgreSQL prints it (pg_get_expr), in our one form:
 * casts of literals dropped ('x'::character varying is 'x', '0'::bigint is
 * 0, NULL::text is NULL), numbers in their shortest form, now() kept.
 */
static char *normalise_default(const char *def)
{
	struct strbuf sb = STRBUF_INIT;
	const char *cast;
	size_t n;

	if (!def)
		return NULL;
	if (def[0] == '\'') {
		/* The literal runs to the quote that is not doubled. */
		const char *p = def + 1;

		while (*p && !(*p == '\'' && p[1] != '\''))
			p += *p == '\'' ? 2 : 1;
		n = (size_t)(p - def) + (*p ? 1 : 0);
		if (is_number(def + 1, n >= 2 ? n - 2 : 0) && strstr(def + n, "::") == def + n &&
		    !strstr(def + n, "character") && !strstr(def + n, "text") && !strstr(def + n, "bpchar") &&
		    !strstr(def + n, "timestamp"))
			canonical_number(&sb, def + 1, n - 2);
		else
			strbuf_add(&sb, def, n);
		return strbuf_detach(&sb);
	}
	cast = strstr(def, "::");
	n = cast ? (size_t)(cast - def) : strlen(def);
	if (is_number(def, n))
		canonical_number(&sb, def, n);
	else
		strbuf_add(&sb, def, n);
	return strbuf_detach(&sb);
}

struct intro {
	struct om_catalog *out;
	const char *prefix;  /* prefixed to the table names ("" for the current schema) */
};

static struct om_ctable *table_of(struct intro *in, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_ctable *t;

	strbuf_addf(&sb, "%s%s", in->prefix, name);
	t = om_catalog_table(in->out, sb.buf);
	if (!t)
		t = om_catalog_add_table(in->out, sb.buf);
	strbuf_release(&sb);
	return t;
}

static int intro_col(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;
	char *def;
	bool serial;

	/* table, column, type, notnull, default */
	(void)n;
	t = table_of(in, v[0]);
	serial = v[4] && !strncmp(v[4], "nextval(", 8);
	def = serial ? NULL : normalise_default(v[4]);
	om_ctable_add_col(t, v[1], v[2], v[3] && !strcmp(v[3], "t"), def, serial);
	free(def);
	return 0;
}

/* The columns of a key, from the comma-separated list the catalog query gives. */
static void add_cols(struct om_cindex *ix, const char *csv)
{
	const char *p = csv ? csv : "";

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *col = om_xstrndup(p, len);

		om_cindex_add_col(ix, col);
		free(col);
		p += len + (comma ? 1 : 0);
	}
}

static int intro_con(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;

	/* table, name, type (p/u/c), definition, columns (comma-separated) */
	(void)n;
	t = table_of(in, v[0]);
	if (v[2][0] == 'c') {
		/* pg_get_constraintdef: "CHECK (...)"; the plans keep the part after CHECK. */
		const char *d = v[3];

		if (!strncmp(d, "CHECK ", 6))
			d += 6;
		om_ctable_add_check(t, v[1], d);
		return 0;
	}
	add_cols(om_ctable_add_index(t, v[2][0] == 'p' ? "PRIMARY" : v[1],
				     v[2][0] == 'p' ? OM_KEY_PRIMARY : OM_KEY_UNIQUE), v[4]);
	return 0;
}

static int intro_idx(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;
	struct om_ctable *t;
	struct om_cindex *ix;

	/* table, index, unique, columns */
	(void)n;
	t = table_of(in, v[0]);
	ix = om_ctable_add_index(t, v[1], v[2] && !strcmp(v[2], "t") ? OM_KEY_UNIQUE : OM_KEY_INDEX);
	add_cols(ix, v[3]);
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

static int intro_schema(struct om_conn *c, const char *schema_sql, const char *prefix, struct om_catalog *out,
			struct om_error *err)
{
	struct intro in = { out, prefix };
	struct strbuf q = STRBUF_INIT;
	int rc = -1;

	strbuf_addf(&q,
		    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
		    "pg_get_expr(d.adbin, d.adrelid) "
		    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
		    "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
		    "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum", schema_sql);
	if (pg_query(c, q.buf, intro_col, &in, err))
		goto out;
	strbuf_reset(&q);
	strbuf_addf(&q,
		    "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), "
		    "(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord) "
		    " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) "
		    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
		    "JOIN pg_namespace n ON n.oid = c.relnamespace "
		    "WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'c') ORDER BY c.relname, con.conname", schema_sql);
	if (pg_query(c, q.buf, intro_con, &in, err))
		goto out;
	strbuf_reset(&q);
	strbuf_addf(&q,
		    "SELECT t.relname, i.relname, ix.indisunique, "
		    "(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY AS k(num, ord) "
		    " JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num) "
		    "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid "
		    "JOIN pg_namespace n ON n.oid = t.relnamespace "
		    "WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid) "
		    "ORDER BY t.relname, i.relname", schema_sql);
	if (pg_query(c, q.buf, intro_idx, &in, err))
		goto out;
	if (!*prefix && om_catalog_table(out, "version")) {
		bool in_txn = PQtransactionStatus(c->pg) == PQTRANS_INTRANS;

		out->has_version_table = true;
		/*
		 * A version table of another shape is drift, which the comparison
		 * reports; inside the upgrade's transaction a failed query must not
		 * abort it: a savepoint keeps it alive.
		 */
		if (in_txn && pg_exec(c, "SAVEPOINT om_intro", err))
			goto out;
		if (pg_query(c, "SELECT table_name, table_version FROM \"version\"", intro_vrow, &in, err)) {
			/* Not a cancelled query or a lost server: those are no drift. */
			if (err->code != OM_EXIT_FAILED)
				goto out;
			om_error_clear(err);
			if (in_txn && pg_exec(c, "ROLLBACK TO SAVEPOINT om_intro", err))
				goto out;
		}
		if (in_txn && pg_exec(c, "RELEASE SAVEPOINT om_intro", err))
			goto out;
	}
	rc = 0;
out:
	strbuf_release(&q);
	return rc;
}

static int intro_retained(void *ud, int n, const char *const *v)
{
	(void)n;
	if (v[0])
		om_strlist_add(ud, v[0]);
	return 0;
}

static int pg_begin_read(struct om_conn *c, int timeout, struct om_error *err);
static void pg_rollback(struct om_conn *c);
static void pg_unlock(struct om_conn *c);

static int introspect_here(struct om_conn *c, struct om_catalog *out, struct om_error *err)
{
	struct om_strlist schemas;
	int rc = 0;

	if (intro_schema(c, "current_schema()", "", out, err))
		return -1;
	/* The retained tables of earlier upgrades, whole: schemas old<digits>, named old11.<table>. */
	om_strlist_init(&schemas);
	/* And the schemas of jobs a killed run left (--jobs), named openser_migrate_job2.<table>: ours. */
	if (pg_query(c, "SELECT nspname FROM pg_namespace WHERE nspname ~ '^old[0-9]+$' "
		     "OR nspname ~ '^" PG_JOB_SCHEMA "[0-9]+$' ORDER BY 1", intro_retained, &schemas, err))
		rc = -1;
	for (size_t i = 0; !rc && i < schemas.n; i++) {
		/* The names are digits after "old" or our prefix: nothing to quote. */
		struct strbuf lit = STRBUF_INIT, prefix = STRBUF_INIT;

		strbuf_addf(&lit, "'%s'", schemas.v[i]);
		strbuf_addf(&prefix, "%s.", schemas.v[i]);
		rc = intro_schema(c, lit.buf, prefix.buf, out, err);
		strbuf_release(&lit);
		strbuf_release(&prefix);
	}
	om_strlist_release(&schemas);
	return rc;
}

/*
 * Outside a transaction (migrate's OLD, and NEW when it exists), the
 * catalog is read as status reads it (pg_begin_read): after a running
 * upgrade, in one snapshot.
 */
static int pg_introspect(struct om_conn *c, const char *db, struct om_catalog *out, struct om_error *err)
{
	int rc;

	(void)db;
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		return introspect_here(c, out, err);
	if (pg_begin_read(c, c->wait, err))
		return -1;
	rc = introspect_here(c, out, err);
	pg_unlock(c);
	return rc;
}

/* ---- lock, sessions --------------------------------------------------------------------- */

struct one {
	char *v;
	bool got;
};

static int one_row(void *ud, int n, const char *const *v)
{
	struct one *o = ud;

	(void)n;
	if (!o->got) {
		o->got = true;
		o->v = v[0] ? om_xstrdup(v[0]) : NULL;
	}
	return 1;
}

/* The run lock: an advisory lock on the database's name, one run per database. */
#define RUN_LOCK_KEY "hashtext('openser-migrate.' || current_database())"

/*
 * Run `try` (a pg_try_advisory_* call on RUN_LOCK_KEY) until it answers
 * true, up to timeout seconds: OM_EXIT_LOCKED when another run holds the
 * lock all that time.  An interrupt ends the wait at once.
 */
static int wait_for_lock(struct om_conn *c, const char *try, int timeout, struct om_error *err)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct one o = { NULL, false };
		bool got;

		if (c->interrupted)
			return om_error_set(err, OM_EXIT_INTERRUPTED, "interrupted while waiting for another run's lock");
		if (pg_query(c, try, one_row, &o, err))
			return -1;
		got = o.v && !strcmp(o.v, "t");
		free(o.v);
		if (got)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= timeout)
			return om_error_set(err, OM_EXIT_LOCKED,
					    "database \"%s\" is locked by another openser-migrate run (waited %d s; see --lock-timeout)",
					    c->db, timeout);
		usleep(100000);
	}
}

/*
 * Begin a transaction (`begin`) and take the run lock in it, released with
 * it.  Waits up to timeout seconds for another run to end.
 */
static int begin_locked(struct om_conn *c, const char *begin, int timeout, struct om_error *err)
{
	if (pg_exec(c, begin, err))
		return -1;
	if (wait_for_lock(c, "SELECT pg_try_advisory_xact_lock(" RUN_LOCK_KEY ")", timeout, err)) {
		pg_rollback(c);
		return -1;
	}
	return 0;
}

/* The transaction of the whole upgrade begins with the lock. */
static int pg_lock(struct om_conn *c, int timeout, struct om_error *err)
{
	return begin_locked(c, "BEGIN", timeout, err);
}

/*
 * status, plan, verify: the run lock shared, then the snapshot.  In this
 * order: a REPEATABLE READ snapshot is taken by the transaction's first
 * statement, so one that waited for the lock inside it would see the
 * catalog from before the upgrade it waited for (and its pre-checks,
 * once the snapshot was let go, the tables after it).  Held at session
 * level until pg_unlock, the lock also keeps any upgrade from starting
 * while we read: the catalog functions (format_type, pg_get_expr) read
 * the catalog as it is now, not as a snapshot saw it.
 */
static int pg_begin_read(struct om_conn *c, int timeout, struct om_error *err)
{
	if (wait_for_lock(c, "SELECT pg_try_advisory_lock_shared(" RUN_LOCK_KEY ")", timeout, err))
		return -1;
	c->read_lock = true;
	return pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
}

static void pg_rollback(struct om_conn *c)
{
	if (c && c->pg && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		PGresult *res = PQexec(c->pg, "ROLLBACK");

		PQclear(res);
	}
}

static void pg_unlock(struct om_conn *c)
{
	pg_rollback(c);
	if (c && c->pg && c->read_lock) {
		PGresult *res = PQexec(c->pg, "SELECT pg_advisory_unlock_shared(" RUN_LOCK_KEY ")");

		PQclear(res);
		c->read_lock = false;
	}
}

static void pg_interrupt(struct om_conn *c)
{
	char buf[256];

	if (!c)
		return;
	c->interrupted = 1;
	/* PQcancel is safe in a signal handler; the running statement fails with 57014. */
	if (c->cancel)
		PQcancel(c->cancel, buf, sizeof(buf));
}

struct sess {
	struct om_strlist *out;
};

static int sess_row(void *ud, int n, const char *const *v)
{
	struct sess *s = ud;

	(void)n;
	om_strlist_addf(s->out, "session %s: %s%s%s on %s", v[0] ? v[0] : "?", v[1] ? v[1] : "?",
			v[2] ? " from " : "", v[2] ? v[2] : "", v[3] ? v[3] : "?");
	return 0;
}

static int pg_sessions(struct om_conn *c, const char *const *users, struct om_strlist *out, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct sess s = { out };
	bool any = false;
	int rc;

	strbuf_adds(&q, "SELECT pid, usename, client_addr, datname FROM pg_stat_activity "
			"WHERE pid <> pg_backend_pid() AND usename IN (");
	for (size_t i = 0; users[i]; i++) {
		if (!*users[i])
			continue;
		if (any)
			strbuf_adds(&q, ", ");
		pg_quote_string(c, &q, users[i]);
		any = true;
	}
	if (!any) {
		strbuf_release(&q);
		return 0;
	}
	strbuf_adds(&q, ") ORDER BY pid");
	rc = pg_query(c, q.buf, sess_row, &s, err);
	strbuf_release(&q);
	return rc;
}

/* ---- type equivalences ------------------------------------------------------------------ */

/* "character varying(64)" -> base "character varying", len 64 (-1 without). */
static void parse_pgtype(const char *text, char *base, size_t n, long *len)
{
	const char *paren = strchr(text, '(');
	size_t k = paren ? (size_t)(paren - text) : strlen(text);

	if (k >= n)
		k = n - 1;
	memcpy(base, text, k);
	base[k] = '\0';
	*len = paren ? strtol(paren + 1, NULL, 10) : -1;
}

static int pg_rank(const char *base, const char *const *family)
{
	for (int i = 0; family[i]; i++)
		if (!strcmp(base, family[i]))
			return i + 1;
	return 0;
}

/*
 * What PostgreSQL stores: a longer varchar, varchar without a length or
 * text hold every value of a shorter varchar; a bigger integer or float a
 * smaller one's; numeric with more digits (the same scale) a smaller one's.
 */
static enum om_type_order pg_compare_types(const char *live, const char *expected)
{
	static const char *const ints[] = { "smallint", "integer", "bigint", NULL };
	static const char *const floats[] = { "real", "double precision", NULL };
	char lb[64], eb[64];
	long ll, el;
	int lr, er;

	if (!strcmp(live, expected))
		return OM_TYPE_SAME;
	parse_pgtype(live, lb, sizeof(lb), &ll);
	parse_pgtype(expected, eb, sizeof(eb), &el);
	if (!strcmp(lb, "text") || (!strcmp(lb, "character varying") && ll < 0))
		ll = 1L << 30, snprintf(lb, sizeof(lb), "character varying");
	if (!strcmp(eb, "text") || (!strcmp(eb, "character varying") && el < 0))
		el = 1L << 30, snprintf(eb, sizeof(eb), "character varying");
	if (!strcmp(lb, eb) && (!strcmp(lb, "character varying") || !strcmp(lb, "character")))
		return ll == el ? OM_TYPE_SAME : ll > el ? OM_TYPE_WIDER : OM_TYPE_NARROWER;
	if (((lr = pg_rank(lb, ints)) && (er = pg_rank(eb, ints))) ||
	    ((lr = pg_rank(lb, floats)) && (er = pg_rank(eb, floats))))
		return lr == er ? OM_TYPE_SAME : lr > er ? OM_TYPE_WIDER : OM_TYPE_NARROWER;
	if (!strcmp(lb, "numeric") && !strcmp(eb, "numeric")) {
		const char *ls = strchr(live, ','), *es = strchr(expected, ',');

		if (ls && es && strtol(ls + 1, NULL, 10) == strtol(es + 1, NULL, 10))
			return ll == el ? OM_TYPE_SAME : ll > el ? OM_TYPE_WIDER : OM_TYPE_NARROWER;
	}
	return OM_TYPE_OTHER;
}

/* ---- schema rendering ----------------------------------------------------------------------- */

/* The PostgreSQL type of a neutral type (plans/README.md, "Engines"). */
static void pg_type(struct strbuf *sb, const struct om_type *t)
{
	const char *b = t->base;

	if (!strcmp(b, "varchar"))
		strbuf_addf(sb, "character varying(%d)", t->arg[0]);
	else if (!strcmp(b, "char"))
		strbuf_addf(sb, "character(%d)", t->arg[0]);
	else if (!strcmp(b, "int") || !strcmp(b, "integer"))
		strbuf_adds(sb, "integer");
	else if (!strcmp(b, "smallint") || !strcmp(b, "tinyint"))
		strbuf_adds(sb, "smallint");
	else if (!strcmp(b, "bigint"))
		strbuf_adds(sb, "bigint");
	else if (!strcmp(b, "float") && t->nargs == 2)
		strbuf_addf(sb, "numeric(%d,%d)", t->arg[0], t->arg[1]);
	else if (!strcmp(b, "float") || !strcmp(b, "real"))
		strbuf_adds(sb, "real");
	else if (!strcmp(b, "numeric") && t->nargs == 2)
		strbuf_addf(sb, "numeric(%d,%d)", t->arg[0], t->arg[1]);
	else if (!strcmp(b, "numeric"))
		strbuf_adds(sb, "numeric");
	else if (!strcmp(b, "datetime") || !strcmp(b, "timestamp"))
		strbuf_adds(sb, "timestamp without time zone");
	else
		strbuf_adds(sb, "text");
}

static bool is_timestamp(const struct om_type *t)
{
	return !strcmp(t->base, "datetime") || !strcmp(t->base, "timestamp");
}

/* A default in our normalised catalog form; in_ddl: as written in CREATE TABLE. */
static void pg_default(struct strbuf *sb, const struct om_type *t, const struct om_default *d)
{
	switch (d->kind) {
	case OM_DEF_STRING:
		/* Not a PostgreSQL timestamp: the 1.1/1.2 scripts wrote 1900-01-01 00:00:01. */
		if (is_timestamp(t) && !strcmp(d->text, "0000-00-00 00:00:00")) {
			strbuf_adds(sb, "'1900-01-01 00:00:01'");
			break;
		}
		strbuf_addch(sb, '\'');
		for (const char *p = d->text; *p; p++) {
			if (*p == '\'')
				strbuf_addch(sb, '\'');
			strbuf_addch(sb, *p);
		}
		strbuf_addch(sb, '\'');
		break;
	case OM_DEF_NUMBER:
		canonical_number(sb, d->text, strlen(d->text));
		break;
	case OM_DEF_CURRENT_TIMESTAMP:
		strbuf_adds(sb, "now()");
		break;
	case OM_DEF_NULL:
		strbuf_adds(sb, "NULL");
		break;
	case OM_DEF_NONE:
		break;
	}
}

static const char *key_name(const struct om_key *k)
{
	return om_key_name(k, OM_ENGINE_PGSQL);
}

/* A column kept from the live database has PostgreSQL's own type and default text. */
static void col_type(struct strbuf *sb, const struct om_column *c, const struct om_type *type)
{
	if (c->raw)
		strbuf_adds(sb, type->base);
	else
		pg_type(sb, type);
}

static void col_default(struct strbuf *sb, const struct om_column *c, const struct om_type *type,
			const struct om_default *def)
{
	if (c->raw)
		strbuf_adds(sb, def->text ? def->text : "NULL");
	else
		pg_default(sb, type, def);
}

static void pg_expected_table(const struct om_table *t, om_class_fn has_class, void *ud, struct om_catalog *out)
{
	struct om_ctable *ct = om_catalog_add_table(out, t->name);
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_PGSQL, cols);

	for (size_t i = 0; i < n; i++) {
		struct om_type type;
		struct om_default def;
		bool notnull;
		struct strbuf ty = STRBUF_INIT, df = STRBUF_INIT;

		if (!om_column_effective(cols[i], OM_ENGINE_PGSQL, &type, &notnull, &def) ||
		    !om_part_selected(cols[i]->cls, has_class, ud))
			continue;
		col_type(&ty, cols[i], &type);
		if (!cols[i]->autoinc)
			col_default(&df, cols[i], &type, &def);
		om_ctable_add_col(ct, cols[i]->name, ty.buf, notnull || cols[i]->autoinc, df.len ? df.buf : NULL,
				  cols[i]->autoinc);
		strbuf_release(&ty);
		strbuf_release(&df);
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
		if (t->checks[i].engine == OM_ENGINE_PGSQL)
			om_ctable_add_check(ct, t->checks[i].name, t->checks[i].sql);
}

static void key_columns(struct strbuf *sb, const struct om_key *k)
{
	for (size_t j = 0; j < k->ncols; j++) {
		if (j)
			strbuf_adds(sb, ", ");
		pg_quote_ident(sb, k->cols[j]);
	}
}

/* CREATE TABLE: keys and checks as named constraints. */
static void create_table_sql(struct strbuf *sb, const struct om_tabledef *d)
{
	const struct om_table *t = d->t;
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_PGSQL, cols);
	bool first = true;

	strbuf_addf(sb, "CREATE TABLE %s", d->if_not_exists ? "IF NOT EXISTS " : "");
	pg_quote_ident(sb, d->name);
	strbuf_adds(sb, " (");
	for (size_t i = 0; i < n; i++) {
		struct om_type type;
		struct om_default def;
		bool notnull;

		if (!om_column_effective(cols[i], OM_ENGINE_PGSQL, &type, &notnull, &def) ||
		    !om_part_selected(cols[i]->cls, d->has_class, d->ud))
			continue;
		strbuf_adds(sb, first ? "\n  " : ",\n  ");
		first = false;
		pg_quote_ident(sb, cols[i]->name);
		if (cols[i]->autoinc) {
			/* SERIAL: its sequence is <table>_<column>_seq, as upstream's. */
			strbuf_adds(sb, !strcmp(type.base, "bigint") ? " bigserial" : " serial");
			continue;
		}
		strbuf_addch(sb, ' ');
		col_type(sb, cols[i], &type);
		if (def.kind != OM_DEF_NONE) {
			strbuf_adds(sb, " DEFAULT ");
			col_default(sb, cols[i], &type, &def);
		}
		if (notnull)
			strbuf_adds(sb, " NOT NULL");
	}
	free(cols);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (k->kind == OM_KEY_INDEX || !om_part_selected(k->cls, d->has_class, d->ud))
			continue;
		if (k->kind == OM_KEY_PRIMARY) {
			strbuf_adds(sb, ",\n  PRIMARY KEY (");
		} else {
			strbuf_adds(sb, ",\n  CONSTRAINT ");
			pg_quote_ident(sb, key_name(k));
			strbuf_adds(sb, " UNIQUE (");
		}
		key_columns(sb, k);
		strbuf_addch(sb, ')');
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_PGSQL) {
			strbuf_adds(sb, ",\n  CONSTRAINT ");
			pg_quote_ident(sb, t->checks[i].name);
			strbuf_addf(sb, " CHECK %s", t->checks[i].sql);
		}
	strbuf_adds(sb, "\n)");
}

/* The table with its keys before the load; plain indexes after it. */
static void pg_create_table(struct om_conn *c, const struct om_tabledef *d, struct om_strlist *before,
			    struct om_strlist *after)
{
	struct strbuf sb = STRBUF_INIT;

	(void)c;
	create_table_sql(&sb, d);
	om_strlist_add(before, sb.buf);
	for (size_t i = 0; i < d->t->nkeys; i++) {
		const struct om_key *k = &d->t->keys[i];

		if (k->kind != OM_KEY_INDEX || !om_part_selected(k->cls, d->has_class, d->ud))
			continue;
		strbuf_reset(&sb);
		strbuf_adds(&sb, "CREATE INDEX ");
		pg_quote_ident(&sb, key_name(k));
		strbuf_adds(&sb, " ON ");
		pg_quote_ident(&sb, d->name);
		strbuf_adds(&sb, " (");
		key_columns(&sb, k);
		strbuf_addch(&sb, ')');
		om_strlist_add(d->load ? after : before, sb.buf);
	}
	strbuf_release(&sb);
}

/*
 * The old table moves into the retained schema with its indexes,
 * constraints and sequences, so that every name is free for the new one.
 */
static void pg_retire_table(const char *table, const char *retained, const struct om_strlist *drop_indexes,
			    struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *dot = strchr(retained, '.');
	char *schema = om_xstrndup(retained, dot ? (size_t)(dot - retained) : 0);

	(void)drop_indexes;
	strbuf_adds(&sb, "ALTER TABLE ");
	pg_quote_ident(&sb, table);
	strbuf_adds(&sb, " SET SCHEMA ");
	pg_quote_ident(&sb, schema);
	om_strlist_add(out, sb.buf);
	free(schema);
	strbuf_release(&sb);
}

static int first_value(void *ud, int n, const char *const *v)
{
	struct strbuf *sb = ud;

	if (n > 0 && v[0] && !sb->len)
		strbuf_adds(sb, v[0]);
	return 0;
}

/* Back from the retained schema into the current one (the one the live tables are in). */
static void pg_restore_table(struct om_conn *c, const char *retained, const char *table, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT, schema = STRBUF_INIT;
	struct om_error err;

	(void)table;
	om_error_clear(&err);
	if (pg_query(c, "SELECT current_schema()", first_value, &schema, &err) || !schema.len)
		strbuf_adds(&schema, "public");
	strbuf_adds(&sb, "ALTER TABLE ");
	pg_quote_ident(&sb, retained);
	strbuf_adds(&sb, " SET SCHEMA ");
	pg_quote_ident(&sb, schema.buf);
	om_strlist_add(out, sb.buf);
	strbuf_release(&schema);
	strbuf_release(&sb);
}

/* IS NOT DISTINCT FROM: NULL-safe; PostgreSQL's collations compare the bytes (deterministic ones). */
static void pg_same(struct strbuf *sb, const char *a, const char *b)
{
	strbuf_addf(sb, "((%s) IS NOT DISTINCT FROM (%s))", a, b);
}

static void pg_now(struct strbuf *sb)
{
	/* The wall clock: now() would be the transaction's start for every row. */
	strbuf_adds(sb, "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')");
}

/* COPY ... FROM STDIN on NEW, fed by COPY (SELECT ...) TO STDOUT on OLD (pg_exec runs the pair). */
static void pg_stream_copy(struct strbuf *sb, const char *into, const char *columns, const char *select)
{
	strbuf_addf(sb, "COPY %s (%s) FROM STDIN" COPY_FROM_OLD "COPY (%s) TO STDOUT", into, columns, select);
}

/*
 * The sequence of table.column set to its highest id when it is behind:
 * never moved back.
 */
static void sync_serial_of(struct strbuf *sb, const char *table, const char *column, const char *where);

static void pg_sync_serial(struct strbuf *sb, const char *table, const char *column)
{
	sync_serial_of(sb, table, column, NULL);
}

/* The highest id of the rows `where` selects only (a rollback: the rows it wrote). */
static void sync_serial_of(struct strbuf *sb, const char *table, const char *column, const char *where)
{
	struct strbuf qt = STRBUF_INIT;

	pg_quote_ident(&qt, table);
	strbuf_adds(sb, "SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('");
	/* pg_get_serial_sequence takes the table's name as a literal, quoted as an identifier. */
	for (const char *p = qt.buf; *p; p++) {
		if (*p == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *p);
	}
	strbuf_addf(sb, "', '%s') AS seq, (SELECT max(", column);
	pg_quote_ident(sb, column);
	strbuf_addf(sb, ") FROM %s%s%s) AS m) x JOIN pg_sequences ps ON format('%%I.%%I', ps.schemaname, "
		    "ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0)",
		    qt.buf, where ? " WHERE " : "", where ? where : "");
	strbuf_release(&qt);
}

struct privs {
	struct om_strlist grantee, priv;
};

static int priv_row(void *ud, int n, const char *const *v)
{
	struct privs *p = ud;

	(void)n;
	if (v[0] && v[1]) {
		om_strlist_add(&p->grantee, v[0]);
		om_strlist_add(&p->priv, v[1]);
	}
	return 0;
}

/*
 * What OpenSER's users have on table `like` (privileges as "INSERT,
 * SELECT", grantee as PostgreSQL spells the role); without `like`, the
 * rights of a new database: everything to rw, reading to ro, for the
 * roles that exist.
 */
static int read_privs(struct om_conn *c, const char *like, struct privs *pv, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	if (like) {
		strbuf_adds(&q, "SELECT a.grantee::regrole::text, string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) "
				"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
				"WHERE n.nspname = current_schema() AND c.relname = ");
		pg_quote_string(c, &q, like);
		strbuf_adds(&q, " AND a.grantee <> 0 AND a.grantee::regrole::text IN (");
	} else {
		/* The role always quoted, as a GRANT of ours spells it. */
		strbuf_adds(&q, "SELECT '\"' || replace(rolname, '\"', '\"\"') || '\"', CASE WHEN rolname = ");
		pg_quote_string(c, &q, c->rw);
		strbuf_adds(&q, " THEN 'ALL' ELSE 'SELECT' END FROM pg_roles WHERE rolname IN (");
	}
	pg_quote_string(c, &q, c->rw);
	strbuf_adds(&q, ", ");
	pg_quote_string(c, &q, c->ro);
	strbuf_adds(&q, like ? ") GROUP BY 1 ORDER BY 1" : ") ORDER BY rolname");
	rc = pg_query(c, q.buf, priv_row, pv, err);
	strbuf_release(&q);
	return rc;
}

/*
 * The new table gets the owner of the one it replaces (its sequences go
 * with it): OpenSER's tables may belong to its own role, whose implicit
 * owner rights no GRANT shows, while the upgrade runs as a superuser.
 */
static int own_like(struct om_conn *c, const struct om_table *t, const char *like, struct om_strlist *out,
		    struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct one o = { NULL, false };
	int rc;

	strbuf_adds(&q, "SELECT quote_ident(pg_get_userbyid(c.relowner)) FROM pg_class c JOIN pg_namespace n "
			"ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
			"AND c.relname = ");
	pg_quote_string(c, &q, like);
	strbuf_adds(&q, " AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)");
	rc = pg_query(c, q.buf, one_row, &o, err);
	if (!rc && o.v) {
		strbuf_reset(&q);
		strbuf_adds(&q, "ALTER TABLE ");
		pg_quote_ident(&q, t->name);
		strbuf_addf(&q, " OWNER TO %s", o.v);
		om_strlist_add(out, q.buf);
	}
	free(o.v);
	strbuf_release(&q);
	return rc;
}

/* Grant on table t (and its sequences, to a user that may insert) what read_privs found. */
static int pg_grant_table(struct om_conn *c, const struct om_table *t, const char *like, struct om_strlist *out,
			  struct om_error *err)
{
	struct privs pv;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (like && own_like(c, t, like, out, err))
		return -1;
	om_strlist_init(&pv.grantee);
	om_strlist_init(&pv.priv);
	rc = read_privs(c, like, &pv, err);
	for (size_t i = 0; !rc && i < pv.grantee.n; i++) {
		bool inserts = strstr(pv.priv.v[i], "INSERT") || !strcmp(pv.priv.v[i], "ALL");

		strbuf_reset(&sb);
		strbuf_addf(&sb, "GRANT %s ON TABLE ", pv.priv.v[i]);
		pg_quote_ident(&sb, t->name);
		strbuf_addf(&sb, " TO %s", pv.grantee.v[i]);
		om_strlist_add(out, sb.buf);
		for (size_t k = 0; inserts && k < t->ncols; k++) {
			struct strbuf seq = STRBUF_INIT;

			if (!t->cols[k].autoinc)
				continue;
			strbuf_addf(&seq, "%s_%s_seq", t->name, t->cols[k].name);
			strbuf_reset(&sb);
			strbuf_adds(&sb, "GRANT USAGE, SELECT, UPDATE ON SEQUENCE ");
			pg_quote_ident(&sb, seq.buf);
			strbuf_addf(&sb, " TO %s", pv.grantee.v[i]);
			om_strlist_add(out, sb.buf);
			strbuf_release(&seq);
		}
	}
	strbuf_release(&sb);
	om_strlist_release(&pv.grantee);
	om_strlist_release(&pv.priv);
	return rc;
}

struct lacking {
	struct om_strlist *out;
};

static int lacking_row(void *ud, int n, const char *const *v)
{
	struct lacking *l = ud;

	(void)n;
	if (v[0])
		om_strlist_add(l->out, v[0]);
	return 0;
}

static void array_of(struct om_conn *c, struct strbuf *q, const struct om_strlist *l)
{
	strbuf_adds(q, "ARRAY[");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_adds(q, ", ");
		pg_quote_string(c, q, l->v[i]);
	}
	strbuf_adds(q, "]::text[]");
}

/*
 * What the upgrade does, checked as the connecting role: create a schema
 * (old11) in the database and tables in the current schema, move each
 * replaced table (only its owner, or a member of the owner's role, may) and
 * give its successor that owner, read every source.
 */
static int pg_check_rights(struct om_conn *c, const struct om_strlist *replace, const struct om_strlist *read,
			   struct om_error *err)
{
	struct strbuf q = STRBUF_INIT, sb = STRBUF_INIT;
	struct om_strlist missing;
	struct lacking l = { &missing };
	int rc;

	om_strlist_init(&missing);
	strbuf_adds(&q, "SELECT 'CREATE on database ' || current_database() WHERE NOT has_database_privilege(current_database(), 'CREATE') "
			"UNION ALL SELECT 'CREATE on schema ' || current_schema() WHERE NOT has_schema_privilege(current_schema(), 'CREATE') "
			"UNION ALL SELECT 'ownership of table ' || t || ' (owned by ' || pg_get_userbyid(c.relowner) || ')' "
			"FROM unnest(");
	array_of(c, &q, replace);
	strbuf_adds(&q, ") AS t JOIN pg_class c ON c.relname = t AND c.relnamespace = to_regnamespace(current_schema()) "
			"WHERE NOT pg_has_role(current_user, c.relowner, 'MEMBER') "
			"UNION ALL SELECT 'SELECT on table ' || t FROM unnest(");
	array_of(c, &q, read);
	/* Through the oid: has_table_privilege() on a name that does not resolve would fail, in any order. */
	strbuf_adds(&q, ") AS t WHERE CASE WHEN to_regclass(quote_ident(t)) IS NULL THEN false "
			"ELSE NOT has_table_privilege(to_regclass(quote_ident(t)), 'SELECT') END");
	rc = pg_query(c, q.buf, lacking_row, &l, err);
	for (size_t i = 0; !rc && i < missing.n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", missing.v[i]);
	if (!rc && missing.n)
		rc = om_error_set(err, OM_EXIT_REFUSED,
				  "the role %s cannot do what the upgrade needs, nothing was changed: it lacks %s "
				  "(connect as the tables' owner or a superuser)", PQuser(c->pg), sb.buf);
	om_strlist_release(&missing);
	strbuf_release(&q);
	strbuf_release(&sb);
	return rc;
}

/* The lock the upgrade's transaction takes (pg_lock), as it is shown. */
static void pg_lock_sql(struct om_conn *c, int timeout, struct om_strlist *out)
{
	(void)c;
	om_strlist_addf(out, "SELECT pg_try_advisory_xact_lock(" RUN_LOCK_KEY ") "
			"-- repeated for up to %d s", timeout);
}

static void lock_list(struct strbuf *sb, const struct om_strlist *l, const char *mode)
{
	strbuf_adds(sb, "LOCK TABLE ");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		pg_quote_ident(sb, l->v[i]);
	}
	strbuf_addf(sb, " IN %s MODE", mode);
}

/*
 * All at once at the start, each in the strongest mode the run needs (ALTER
 * TABLE ... SET SCHEMA needs ACCESS EXCLUSIVE): a lock taken later, or made
 * stronger later, could deadlock with a writer holding another table.
 */
static void pg_lock_tables(const struct om_strlist *replace, const struct om_strlist *read, int timeout,
			   struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "SET LOCAL lock_timeout = '%ds'", timeout > 0 ? timeout : 1);
	om_strlist_add(out, sb.buf);
	if (replace->n) {
		strbuf_reset(&sb);
		lock_list(&sb, replace, "ACCESS EXCLUSIVE");
		om_strlist_add(out, sb.buf);
	}
	if (read->n) {
		strbuf_reset(&sb);
		lock_list(&sb, read, "SHARE");
		om_strlist_add(out, sb.buf);
	}
	strbuf_release(&sb);
}

/* NEW is created from template0 in UTF8, then the script works in it (\connect, as psql writes it). */
static void pg_create_database(struct om_conn *c, bool exists, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (exists)
		return;
	strbuf_adds(&sb, "CREATE DATABASE ");
	pg_quote_ident(&sb, c->db);
	strbuf_adds(&sb, " TEMPLATE template0 ENCODING 'UTF8'");
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "\\connect ");
	pg_quote_ident(&sb, c->db);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

/* ---- migrate helpers ------------------------------------------------------------------------ */

static int db_exists_on(struct om_conn *c, const char *name, bool *exists, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct one o = { NULL, false };
	int rc;

	strbuf_adds(&q, "SELECT datname FROM pg_database WHERE datname = ");
	pg_quote_string(c, &q, name);
	rc = pg_query(c, q.buf, one_row, &o, err);
	strbuf_release(&q);
	*exists = o.got;
	free(o.v);
	return rc;
}

static int pg_db_exists(struct om_conn *c, const struct om_dbtarget *t, bool *exists, struct om_error *err)
{
	(void)t;
	/* pg_open connected to NEW itself exactly when it exists. */
	*exists = !strcmp(PQdb(c->pg), c->db);
	(void)err;
	return 0;
}

/* PostgreSQL cuts a longer name to 63 bytes (NAMEDATALEN - 1), silently: refuse it instead. */
static int pg_check_db_name(const char *name, struct om_error *err)
{
	size_t n = strlen(name);

	if (!n || n > 63)
		return om_error_set(err, OM_EXIT_USAGE, "database name \"%s\" has %zu bytes: PostgreSQL allows 1 to 63",
				    name, n);
	return 0;
}

static int pg_open_source(struct om_conn *c, const struct om_dbtarget *old, char **qualifier, struct om_conn **own,
			  struct om_error *err)
{
	struct om_conn *s;
	PGresult *res;

	*qualifier = NULL;
	*own = NULL;
	if (om_pgsql_load(err))
		return -1;
	s = conn_new(old, old->db);
	if (connect_with(s, old, err)) {
		conn_free(s);
		return -1;
	}
	/* OLD is only read: its session cannot write. */
	res = PQexec(s->pg, "SET default_transaction_read_only = on");
	PQclear(res);
	c->src = s;
	*own = s;
	return 0;
}

/* ---- snapshots ------------------------------------------------------------------------------ */

/*
 * A database is copied as pg_dump would rebuild it, its statements written
 * by the server itself from its catalog (format()'s %I and %L quote them,
 * pg_get_constraintdef and pg_get_indexdef spell keys and indexes): the
 * schemas, the sequences, the tables with their columns and defaults, the
 * rows (COPY), then the constraints and indexes, the sequences' owners
 * and values, the owners and the grants.  Tables, sequences and schemas
 * only: OpenSER's databases hold nothing else.
 */
#define USER_SCHEMA(n) "(" n ".nspname <> 'information_schema' AND " n ".nspname NOT LIKE 'pg\\_%%')"

/* The first column of every row of sql on c, into out. */
static int collect(struct om_conn *c, const char *sql, struct om_strlist *out, struct om_error *err)
{
	PGresult *res = PQexec(c->pg, sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		om_pgsql_fail(c, res, "cannot read the catalog", err);
		PQclear(res);
		return -1;
	}
	for (int r = 0; r < PQntuples(res); r++)
		if (!PQgetisnull(res, r, 0))
			om_strlist_add(out, PQgetvalue(res, r, 0));
	PQclear(res);
	return 0;
}

static int exec_all(struct om_conn *c, const struct om_strlist *l, struct om_error *err)
{
	for (size_t i = 0; i < l->n; i++)
		if (pg_exec(c, l->v[i], err))
			return -1;
	return 0;
}

/* The statements that build src's schemas, sequences and tables (before), and the rest (after the rows). */
static int rebuild_sql(struct om_conn *src, const char *skip_lit, struct om_strlist *before, struct om_strlist *copy,
		       struct om_strlist *after, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	const char *rel = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n");
	int rc;

	strbuf_addf(&q, "SELECT format('CREATE SCHEMA %%I AUTHORIZATION %%I', nspname, pg_get_userbyid(nspowner)) "
		    "FROM pg_namespace n WHERE " USER_SCHEMA("n") " AND nspname <> 'public' ORDER BY 1");
	rc = collect(src, q.buf, before, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('CREATE SEQUENCE %%I.%%I AS %%s INCREMENT BY %%s MINVALUE %%s MAXVALUE %%s "
		    "START WITH %%s CACHE %%s%%s', n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqincrement, "
		    "s.seqmin, s.seqmax, s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) "
		    "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
		    "WHERE " USER_SCHEMA("n") " ORDER BY 1");
	rc = rc || collect(src, q.buf, before, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('CREATE TABLE %%I.%%I (%%s)', n.nspname, c.relname, coalesce((SELECT "
		    "string_agg(format('%%I %%s%%s%%s', a.attname, format_type(a.atttypid, a.atttypmod), "
		    "CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, CASE WHEN d.adbin IS NULL THEN '' "
		    "ELSE ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) END), ', ' ORDER BY a.attnum) FROM pg_attribute a "
		    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = c.oid "
		    "AND a.attnum > 0 AND NOT a.attisdropped), '')), format('%%I.%%I', n.nspname, c.relname) %s "
		    "AND c.relkind = 'r' AND NOT (n.nspname = 'public' AND c.relname = %s) ORDER BY 2", rel, skip_lit);
	rc = rc || collect(src, q.buf, before, err);
	/* The tables' names, quoted, for COPY: the same query's second column. */
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('%%I.%%I', n.nspname, c.relname) %s AND c.relkind = 'r' "
		    "AND NOT (n.nspname = 'public' AND c.relname = %s) ORDER BY 1", rel, skip_lit);
	rc = rc || collect(src, q.buf, copy, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('ALTER TABLE %%I.%%I ADD CONSTRAINT %%I %%s', n.nspname, c.relname, con.conname, "
		    "pg_get_constraintdef(con.oid)) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
		    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n") " "
		    "AND NOT (n.nspname = 'public' AND c.relname = %s) ORDER BY con.contype = 'f', 1", skip_lit);
	rc = rc || collect(src, q.buf, after, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
		    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n") " AND NOT EXISTS "
		    "(SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) ORDER BY 1");
	rc = rc || collect(src, q.buf, after, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('ALTER SEQUENCE %%I.%%I OWNED BY %%I.%%I.%%I', sn.nspname, s.relname, n.nspname, "
		    "c.relname, a.attname) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
		    "JOIN pg_namespace sn ON sn.oid = s.relnamespace JOIN pg_class c ON c.oid = d.refobjid "
		    "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
		    "AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass AND d.refclassid = "
		    "'pg_class'::regclass AND d.deptype = 'a' AND " USER_SCHEMA("sn") " ORDER BY 1;");
	rc = rc || collect(src, q.buf, after, err);
	rc = rc || collect(src, "SELECT format('SELECT setval(%L, %s, %s)', format('%I.%I', schemaname, sequencename), "
			      "coalesce(last_value, start_value), CASE WHEN last_value IS NULL THEN 'false' ELSE 'true' END) "
			      "FROM pg_sequences ORDER BY 1",
			   after, err);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT format('ALTER %%s %%I.%%I OWNER TO %%I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' "
		    "ELSE 'TABLE' END, n.nspname, c.relname, pg_get_userbyid(c.relowner)) %s AND c.relkind IN ('r', 'S') "
		    "AND NOT (n.nspname = 'public' AND c.relname = %s) AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 "
		    "FROM pg_depend dd WHERE dd.classid = 'pg_class'::regclass AND dd.objid = c.oid AND dd.refclassid = "
		    "'pg_class'::regclass AND dd.deptype IN ('a', 'i'))) ORDER BY 1", rel, skip_lit);
	/* (A sequence owned by a column has its table's owner, and follows it: it cannot be given one itself.) */
	rc = rc || collect(src, q.buf, after, err);
	strbuf_reset(&q);
	/* The owner's own entries too: an ACL spelled out (after a change of owner) stays spelled out. */
	strbuf_addf(&q, "SELECT format('GRANT %%s ON %%s %%I.%%I TO %%s%%s', a.privilege_type, CASE c.relkind WHEN 'S' "
		    "THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
		    "quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' "
		    "ELSE '' END) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL "
		    "aclexplode(c.relacl) a WHERE " USER_SCHEMA("n") " AND c.relkind IN ('r', 'S') "
		    "AND NOT (n.nspname = 'public' AND c.relname = %s) ORDER BY 1", skip_lit);
	rc = rc || collect(src, q.buf, after, err);
	strbuf_release(&q);
	return rc ? -1 : 0;
}

/* Build src's database in dst (empty, or emptied in dst's open transaction), table skip aside. */
static int copy_contents(struct om_conn *dst, struct om_conn *src, const char *skip, struct om_error *err)
{
	struct om_strlist before, copy, after;
	struct strbuf lit = STRBUF_INIT, into = STRBUF_INIT, from = STRBUF_INIT;
	int rc;

	om_strlist_init(&before);
	om_strlist_init(&copy);
	om_strlist_init(&after);
	pg_quote_string(src, &lit, skip);
	rc = rebuild_sql(src, lit.buf, &before, &copy, &after, err) || exec_all(dst, &before, err) ? -1 : 0;
	dst->src = src;
	for (size_t i = 0; !rc && i < copy.n; i++) {
		strbuf_reset(&into);
		strbuf_reset(&from);
		strbuf_addf(&into, "COPY %s FROM STDIN", copy.v[i]);
		strbuf_addf(&from, "COPY %s TO STDOUT", copy.v[i]);
		rc = copy_pipe(dst, into.buf, from.buf, err);
	}
	dst->src = NULL;
	if (!rc)
		rc = exec_all(dst, &after, err);
	om_strlist_release(&before);
	om_strlist_release(&copy);
	om_strlist_release(&after);
	strbuf_release(&lit);
	strbuf_release(&into);
	strbuf_release(&from);
	return rc;
}

static void pg_exact_text(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "(%s)::text COLLATE \"C\"", expr);
}

static int pg_list_databases(struct om_conn *c, const char *prefix, struct om_strlist *out, struct om_error *err)
{
	struct om_strlist all;
	int rc;

	om_strlist_init(&all);
	rc = collect(c, "SELECT datname FROM pg_database ORDER BY 1", &all, err);
	for (size_t i = 0; !rc && i < all.n; i++)
		if (!strncmp(all.v[i], prefix, strlen(prefix)))
			om_strlist_add(out, all.v[i]);
	om_strlist_release(&all);
	return rc;
}

static int pg_drop_database(struct om_conn *c, const char *place, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	/* DROP DATABASE cannot run in a transaction. */
	pg_rollback(c);
	strbuf_adds(&sb, "DROP DATABASE IF EXISTS ");
	pg_quote_ident(&sb, place);
	rc = pg_exec(c, sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

/* A connection of target t to database db, or NULL with err filled. */
static struct om_conn *connect_to(const struct om_dbtarget *t, const char *db, struct om_error *err)
{
	struct om_conn *c;

	if (om_pgsql_load(err))
		return NULL;
	c = conn_new(t, db);
	if (connect_with(c, t, err)) {
		conn_free(c);
		return NULL;
	}
	return c;
}

/* Sessions on c's database other than c's own. */
static int other_sessions(struct om_conn *c, long *n, struct om_error *err)
{
	struct om_strlist v;
	int rc;

	om_strlist_init(&v);
	rc = collect(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
			"AND pid <> pg_backend_pid()", &v, err);
	*n = !rc && v.n ? strtol(v.v[0], NULL, 10) : 0;
	om_strlist_release(&v);
	return rc;
}

/*
 * A CREATE DATABASE statement on maint: 0 done, 1 the template had a
 * session (55006), OM_SNAPSHOT_TAKEN the name exists (42P04: another save
 * of that name came first), -1 another failure.
 */
static int create_database(struct om_conn *maint, const char *sql, struct om_error *err)
{
	PGresult *res = PQexec(maint->pg, sql);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (state && !strcmp(state, "55006"))
			rc = 1;
		/* 42P04, or 23505 when two creations of the name race in the catalog. */
		else if (state && (!strcmp(state, "42P04") || !strcmp(state, "23505")))
			rc = OM_SNAPSHOT_TAKEN;
		else
			rc = om_pgsql_fail(maint, res, "cannot create the snapshot's database", err);
	}
	PQclear(res);
	return rc;
}

/* CREATE DATABASE place TEMPLATE live, with our own session closed; c reconnected after.  1: others came. */
static int save_by_template(struct om_conn *c, struct om_conn *maint, const char *place, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *live = om_xstrdup(c->db);
	int rc;

	PQfinish(c->pg);
	c->pg = NULL;
	strbuf_adds(&sb, "CREATE DATABASE ");
	pg_quote_ident(&sb, place);
	strbuf_adds(&sb, " TEMPLATE ");
	pg_quote_ident(&sb, live);
	/* 1: a session connected meanwhile; the copy does without. */
	rc = create_database(maint, sb.buf, err);
	if (reconnect(c, live, rc < 0 ? NULL : err) && rc >= 0)
		rc = -1;
	free(live);
	strbuf_release(&sb);
	return rc;
}

/* An empty database with the live one's encoding and locale, filled from c in one REPEATABLE READ snapshot. */
static int save_by_copy(struct om_conn *c, const struct om_dbtarget *t, struct om_conn *maint, const char *place,
			struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_strlist v;
	struct om_conn *dst = NULL;
	int rc;

	om_strlist_init(&v);
	rc = collect(c, "SELECT format('ENCODING %L LC_COLLATE %L LC_CTYPE %L', pg_encoding_to_char(encoding), "
			"datcollate, datctype) FROM pg_database WHERE datname = current_database()", &v, err);
	strbuf_adds(&sb, "CREATE DATABASE ");
	pg_quote_ident(&sb, place);
	strbuf_addf(&sb, " TEMPLATE template0 %s", v.n ? v.v[0] : "");
	if (!rc && (rc = create_database(maint, sb.buf, err)) == 1)
		rc = om_pgsql_fail(maint, NULL, "cannot create the snapshot's database", err);
	if (!rc && !(dst = connect_to(t, place, err)))
		rc = -1;
	/*
	 * The run lock first, then the snapshot (as status reads): a snapshot
	 * taken before a wait would see tables an upgrade has since moved, and
	 * the catalog functions see the catalog as it is now.
	 */
	if (!rc)
		rc = pg_begin_read(c, c->wait, err);
	if (!rc)
		rc = copy_contents(dst, c, "", err);
	pg_unlock(c);
	conn_free(dst);
	om_strlist_release(&v);
	strbuf_release(&sb);
	return rc;
}

static int pg_snapshot_save(struct om_conn *c, const struct om_dbtarget *t, const char *place, struct strbuf *method,
			    struct strbuf *why, struct om_error *err)
{
	struct om_conn *maint;
	long others = 0;
	int rc;

	pg_rollback(c);
	if (other_sessions(c, &others, err) || !(maint = connect_to(t, "postgres", err)))
		return -1;
	rc = others ? 1 : save_by_template(c, maint, place, err);
	if (!rc) {
		strbuf_adds(method, "template");
		strbuf_addf(why, "CREATE DATABASE ... TEMPLATE, the server's own copy: no other session was connected "
			    "to \"%s\"", c->db);
	} else if (rc == 1) {
		rc = save_by_copy(c, t, maint, place, err);
		strbuf_adds(method, "copy");
		if (others)
			strbuf_addf(why, "%ld other session%s connected to \"%s\", which CREATE DATABASE ... TEMPLATE "
				    "refuses", others, others == 1 ? " was" : "s were", c->db);
		else
			strbuf_addf(why, "a session connected to \"%s\" during CREATE DATABASE ... TEMPLATE", c->db);
		strbuf_adds(why, ": copied table by table in one REPEATABLE READ snapshot (definitions, keys, "
				 "indexes, sequences and their values, owners, grants; rows by COPY)");
	}
	conn_free(maint);
	return rc;
}

/*
 * ONE transaction in the live database (the lock's): every table,
 * sequence and schema of it dropped, then built again from the snapshot
 * as a copy builds it, and committed.  Atomic: before the commit nobody
 * sees any of it.
 */
static int pg_snapshot_restore(struct om_conn *c, const struct om_dbtarget *t, const char *place, const char *skip,
			       struct strbuf *how, struct om_error *err)
{
	struct om_strlist drops;
	struct om_conn *src = connect_to(t, place, err);
	int rc;

	if (!src)
		return -1;
	om_strlist_init(&drops);
	rc = collect(c, "SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE', n.nspname, c.relname) FROM pg_class c "
			"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n") " AND c.relkind = 'r' "
			"ORDER BY 1", &drops, err);
	rc = rc || collect(c, "SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', n.nspname, c.relname) FROM pg_class c "
			      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n") " AND c.relkind = 'S' "
			      "ORDER BY 1", &drops, err);
	rc = rc || collect(c, "SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace n WHERE "
			      USER_SCHEMA("n") " AND nspname <> 'public' ORDER BY 1", &drops, err);
	rc = rc || exec_all(c, &drops, err) ||
	     pg_exec(src, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) || copy_contents(c, src, skip, err) ||
	     pg_exec(c, "COMMIT", err);
	strbuf_adds(how, "one transaction in the live database: every table, sequence and schema dropped and built "
			 "again from the snapshot (definitions, keys, indexes, sequences and their values, owners, "
			 "grants; rows by COPY), then committed: atomic");
	conn_free(src);
	om_strlist_release(&drops);
	return rc ? -1 : 0;
}

/* ---- prepare/finish: change capture (online.c) ------------------------------------ */

#define PG_ONLINE_SCHEMA "openser_migrate_new"

/* A literal without a connection (names of ours and of tables; standard_conforming_strings is on). */
static void pg_plain_literal(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '\'');
}

static void pg_capture_insert(struct strbuf *sb, const char *changes, const char *op, const char *row,
			      const char *const *cols, size_t ncols)
{
	strbuf_adds(sb, " INSERT INTO ");
	pg_quote_ident(sb, changes);
	strbuf_adds(sb, " (\"om_op\"");
	for (size_t i = 0; i < ncols; i++) {
		strbuf_adds(sb, ", ");
		pg_quote_ident(sb, cols[i]);
	}
	strbuf_addf(sb, ") VALUES ('%s'", op);
	for (size_t i = 0; i < ncols; i++) {
		strbuf_addf(sb, ", %s.", row);
		pg_quote_ident(sb, cols[i]);
	}
	strbuf_adds(sb, ");");
}

/*
 * The change table has the source's columns and types (LIKE), its own
 * number (a sequence: drawn before the writer commits, so online.c
 * reads rows by snapshot, never by number alone) and the writer's
 * transaction id.  One PL/pgSQL function (built in) records the rows;
 * three triggers call it.
 */
static void pg_capture(struct om_conn *c, const char *table, const char *changes, const char *trg_prefix,
		       const char *const *cols, size_t ncols, struct om_strlist *out)
{
	static const char *const ev[3][2] = { { "i", "INSERT" }, { "u", "UPDATE" }, { "d", "DELETE" } };
	struct strbuf sb = STRBUF_INIT, fn = STRBUF_INIT, name = STRBUF_INIT;

	(void)c;
	strbuf_adds(&sb, "CREATE SCHEMA IF NOT EXISTS ");
	pg_quote_ident(&sb, PG_ONLINE_SCHEMA);
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "CREATE TABLE IF NOT EXISTS ");
	pg_quote_ident(&sb, changes);
	strbuf_adds(&sb, " (\"om_seq\" bigserial PRIMARY KEY, \"om_op\" char(1) NOT NULL, "
		    "\"om_xid\" xid8 NOT NULL DEFAULT pg_current_xact_id(), LIKE ");
	pg_quote_ident(&sb, table);
	strbuf_addch(&sb, ')');
	om_strlist_add(out, sb.buf);
	strbuf_addf(&fn, "%sfn", trg_prefix);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "CREATE OR REPLACE FUNCTION ");
	pg_quote_ident(&sb, fn.buf);
	strbuf_adds(&sb, "() RETURNS trigger LANGUAGE plpgsql AS $om$ BEGIN IF TG_OP <> 'INSERT' THEN");
	pg_capture_insert(&sb, changes, "D", "OLD", cols, ncols);
	strbuf_adds(&sb, " END IF; IF TG_OP <> 'DELETE' THEN");
	pg_capture_insert(&sb, changes, "I", "NEW", cols, ncols);
	strbuf_adds(&sb, " END IF; RETURN NULL; END $om$");
	om_strlist_add(out, sb.buf);
	for (int e = 0; e < 3; e++) {
		strbuf_reset(&sb);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", trg_prefix, ev[e][0]);
		strbuf_adds(&sb, "CREATE OR REPLACE TRIGGER ");
		pg_quote_ident(&sb, name.buf);
		strbuf_addf(&sb, " AFTER %s ON ", ev[e][1]);
		pg_quote_ident(&sb, table);
		strbuf_adds(&sb, " FOR EACH ROW EXECUTE FUNCTION ");
		pg_quote_ident(&sb, fn.buf);
		strbuf_adds(&sb, "()");
		om_strlist_add(out, sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&fn);
	strbuf_release(&name);
}

/* The trigger; with the last of the three ("..._d"), the function they call. */
static void pg_drop_trigger(struct strbuf *sb, const char *table, const char *name)
{
	size_t n = strlen(name);

	strbuf_adds(sb, "DROP TRIGGER IF EXISTS ");
	pg_quote_ident(sb, name);
	strbuf_adds(sb, " ON ");
	pg_quote_ident(sb, table);
	if (n > 2 && !strcmp(name + n - 2, "_d")) {
		struct strbuf fn = STRBUF_INIT;

		strbuf_add(&fn, name, n - 1);
		strbuf_adds(&fn, "fn");
		strbuf_adds(sb, "; DROP FUNCTION IF EXISTS ");
		pg_quote_ident(sb, fn.buf);
		strbuf_adds(sb, "()");
		strbuf_release(&fn);
	}
}

static void pg_triggers_query(struct om_conn *c, struct strbuf *sb, const char *table)
{
	struct strbuf q = STRBUF_INIT;

	(void)c;
	pg_quote_ident(&q, table);
	strbuf_adds(sb, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = to_regclass(");
	pg_plain_literal(sb, q.buf);
	strbuf_release(&q);
	strbuf_adds(sb, ") ORDER BY tgname");
}

/* schema.table into the schema of the tables it replaces (the first of the search path, where they are). */
static void pg_job_move(struct strbuf *sb, const char *schema, const char *table)
{
	struct strbuf q = STRBUF_INIT;

	pg_quote_ident(&q, schema);
	strbuf_addch(&q, '.');
	pg_quote_ident(&q, table);
	strbuf_adds(sb, "DO $om$ BEGIN EXECUTE format('ALTER TABLE %s SET SCHEMA %I', ");
	pg_plain_literal(sb, q.buf);
	strbuf_adds(sb, ", current_schema()); END $om$");
	strbuf_release(&q);
}

static void pg_online_switch(struct strbuf *sb, const char *table)
{
	pg_job_move(sb, PG_ONLINE_SCHEMA, table);
}

static void pg_snapshot_query(struct strbuf *sb, const char *changes)
{
	strbuf_adds(sb, "SELECT pg_current_snapshot()::text, (SELECT max(\"om_seq\") FROM ");
	pg_quote_ident(sb, changes);
	strbuf_adds(sb, ")");
}

static void pg_not_in_snapshot(struct strbuf *sb, const char *snap)
{
	strbuf_addf(sb, "NOT pg_visible_in_snapshot(\"om_xid\", %s::pg_snapshot)", snap);
}

static void pg_snapshot_ended(struct strbuf *sb, const char *snap)
{
	strbuf_addf(sb, "SELECT CASE WHEN pg_snapshot_xmin(pg_current_snapshot()) >= pg_snapshot_xmax(%s::pg_snapshot) "
		    "THEN 1 ELSE 0 END", snap);
}

/* ---- the driver ----------------------------------------------------------------------------- */

PGconn *om_pgsql_handle(struct om_conn *c)
{
	return c->pg;
}

const struct om_driver om_driver_pgsql = {
	.name = "pgsql",
	.engine = OM_ENGINE_PGSQL,
	.retained_schema = true,
	.open = pg_open,
	.replica_status = om_pgsql_replica_status,
	.close = pg_close,
	.exec = pg_exec,
	.query = pg_query,
	.rollback = pg_rollback,
	.interrupt = pg_interrupt,
	.last_rows = pg_last_rows,
	.probe_begin = pg_probe_begin,
	.probe_rows = pg_probe_rows,
	.probe_end = pg_probe_end,
	.introspect = pg_introspect,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.begin_read = pg_begin_read,
	.sessions = pg_sessions,
	.check_rights = pg_check_rights,
	.open_source = pg_open_source,
	.check_db_name = pg_check_db_name,
	.db_exists = pg_db_exists,
	.quote_ident = pg_quote_ident,
	.quote_string = pg_quote_string,
	.compare_types = pg_compare_types,
	.expected_table = pg_expected_table,
	.create_table = pg_create_table,
	.retire_table = pg_retire_table,
	.restore_table = pg_restore_table,
	.same = pg_same,
	.row_id = "ctid",
	.stream_copy = pg_stream_copy,
	.sync_serial = pg_sync_serial,
	.sync_serial_where = sync_serial_of,
	.grant_table = pg_grant_table,
	.lock_sql = pg_lock_sql,
	.lock_tables = pg_lock_tables,
	.create_database = pg_create_database,
	.begin = "BEGIN",
	.ignore_word = "",
	.ignore_clause = "ON CONFLICT DO NOTHING",
	.fn = om_pgsql_fn,
	.cut = om_pgsql_cut,
	.length = om_pgsql_length,
	.invalid = om_pgsql_invalid,
	.now = pg_now,
	.exact_text = pg_exact_text,
	.list_databases = pg_list_databases,
	.snapshot_save = pg_snapshot_save,
	.snapshot_restore = pg_snapshot_restore,
	.drop_database = pg_drop_database,
	.capture = pg_capture,
	.drop_trigger = pg_drop_trigger,
	.triggers_query = pg_triggers_query,
	.online_schema = PG_ONLINE_SCHEMA,
	.online_switch = pg_online_switch,
	.job_timeout = "SET lock_timeout = '%ds'",
	.job_schema = PG_JOB_SCHEMA,
	.job_move = pg_job_move,
	.snapshot_query = pg_snapshot_query,
	.not_in_snapshot = pg_not_in_snapshot,
	.snapshot_ended = pg_snapshot_ended,
};
