/*
 * sqlite.c: the SQLite driver (libsqlite3).
 *
 * OpenSER 1.1/1.2 had no SQLite backend; the schema is derived from the
 * MySQL one (plans/README.md, "Engines").  The whole upgrade is one
 * transaction, begun by the lock (BEGIN IMMEDIATE), so a killed run
 * leaves the file as it was.  The mapping functions are registered in C
 * (sipfn.c): SQL written with nested substr/instr was most of the run
 * time, and SQLite copies a subquery's expression into every use.
 */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hash.h"
#include "planner.h"
#include "script.h"
#include "sipfn.h"
#include "sqlgen.h"

struct om_conn {
	sqlite3 *db;
	char *path;
};

static int sqlite_fail(struct om_conn *c, int rc, const char *what, struct om_error *err)
{
	int code = OM_EXIT_FAILED;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = OM_EXIT_LOCKED;
	else if (rc == SQLITE_INTERRUPT)
		code = OM_EXIT_INTERRUPTED;
	return om_error_set(err, code, "%s: %s", what, c && c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
}

/* ---- registered functions ------------------------------------------------ */

static void fn_span(sqlite3_context *ctx, sqlite3_value *v,
		    void (*span)(const char *, size_t, size_t *, size_t *))
{
	const char *s;
	size_t n, off, len;

	if (sqlite3_value_type(v) == SQLITE_NULL) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	s = (const char *)sqlite3_value_text(v);
	n = (size_t)sqlite3_value_bytes(v);
	span(s, n, &off, &len);
	sqlite3_result_text(ctx, s + off, (int)len, SQLITE_TRANSIENT);
}

static void fn_uri_user(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_span(ctx, argv[0], om_sip_uri_user);
}

static void fn_uri_host(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_span(ctx, argv[0], om_sip_uri_host);
}

static void fn_status(sqlite3_context *ctx, sqlite3_value *v, bool code)
{
	const char *s;
	size_t n, off, len;
	int is_status;

	if (sqlite3_value_type(v) == SQLITE_NULL) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	s = (const char *)sqlite3_value_text(v);
	n = (size_t)sqlite3_value_bytes(v);
	is_status = om_sip_status_split(s, n, &off, &len);
	if (code)
		sqlite3_result_text(ctx, is_status ? s : "", is_status ? 3 : 0, SQLITE_TRANSIENT);
	else if (is_status)
		sqlite3_result_text(ctx, s + off, (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_result_text(ctx, s, (int)n, SQLITE_TRANSIENT);
}

static void fn_status_code(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_status(ctx, argv[0], true);
}

static void fn_status_reason(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fn_status(ctx, argv[0], false);
}

/* 0 valid, -1 invalid; out receives the quad. */
static int ip_of_value(sqlite3_value *v, char out[16])
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		return om_ip_from_le_int(sqlite3_value_int64(v), out);
	case SQLITE_TEXT:
		return om_ip_from_le_text((const char *)sqlite3_value_text(v),
					  (size_t)sqlite3_value_bytes(v), out);
	default:
		/* NULL, a real, a blob: not a 1.1 gateway address. */
		return om_ip_from_le_int(0, out);
	}
}

static void fn_ip(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[16];

	(void)argc;
	ip_of_value(argv[0], out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void fn_ip_invalid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[16];

	(void)argc;
	sqlite3_result_int(ctx, ip_of_value(argv[0], out) != 0);
}

static void fn_nonempty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_NULL && sqlite3_value_bytes(argv[0]) > 0)
		sqlite3_result_value(ctx, argv[0]);
	else
		sqlite3_result_value(ctx, argv[1]);
}

static void fn_md5(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[33];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	om_md5_hex(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]), hex);
	sqlite3_result_text(ctx, hex, 32, SQLITE_TRANSIENT);
}

struct sqlfn {
	const char *name;
	int nargs;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
};

/* Names are prefixed: a user's own functions are never shadowed. */
static const struct sqlfn sqlite_functions[] = {
	{ "om_uri_user", 1, fn_uri_user },
	{ "om_uri_host", 1, fn_uri_host },
	{ "om_status_code", 1, fn_status_code },
	{ "om_status_reason", 1, fn_status_reason },
	{ "om_ip_from_le_int", 1, fn_ip },
	{ "om_ip_invalid", 1, fn_ip_invalid },
	{ "om_nonempty", 2, fn_nonempty },
	{ "om_md5", 1, fn_md5 },
	{ NULL, 0, NULL }
};

static int register_functions(struct om_conn *c, struct om_error *err)
{
	for (int i = 0; sqlite_functions[i].name; i++) {
		int rc = sqlite3_create_function_v2(c->db, sqlite_functions[i].name, sqlite_functions[i].nargs,
						    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
						    sqlite_functions[i].fn, NULL, NULL, NULL);

		if (rc != SQLITE_OK)
			return sqlite_fail(c, rc, "cannot register SQL functions", err);
	}
	return 0;
}

/* ---- connection ------------------------------------------------------------ */

static int sqlite_open(struct om_conn **out, const struct om_dbtarget *t, unsigned flags,
		       struct om_error *err)
{
	struct om_conn *c;
	struct stat st;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
	int rc;

	*out = NULL;
	if (!t->path || !*t->path)
		return om_error_set(err, OM_EXIT_USAGE, "no SQLite database path given");
	if (flags & OM_OPEN_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
	} else if (stat(t->path, &st) != 0) {
		return om_error_set(err, OM_EXIT_USAGE, "cannot open database \"%s\": %s", t->path,
				    strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		return om_error_set(err, OM_EXIT_USAGE, "cannot open database \"%s\": not a regular file",
				    t->path);
	}
	/*
	 * Read-only commands still open read-write: a run killed earlier may
	 * have left a hot journal, which only a writer can roll back.  Nothing
	 * is written by them.
	 */
	(void)(flags & OM_OPEN_READONLY);
	c = om_xcalloc(1, sizeof(*c));
	c->path = om_xstrdup(t->path);
	rc = sqlite3_open_v2(t->path, &c->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		om_error_set(err, OM_EXIT_USAGE, "cannot open database \"%s\": %s", t->path,
			     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c->path);
		free(c);
		return -1;
	}
	sqlite3_extended_result_codes(c->db, 0);
	/* Touch the file: a file that is not a database fails here, clearly. */
	rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		om_error_set(err, rc == SQLITE_BUSY ? OM_EXIT_LOCKED : OM_EXIT_USAGE,
			     "cannot read database \"%s\": %s", t->path, sqlite3_errmsg(c->db));
		sqlite3_close(c->db);
		free(c->path);
		free(c);
		return -1;
	}
	if (register_functions(c, err)) {
		sqlite3_close(c->db);
		free(c->path);
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

static void sqlite_close(struct om_conn *c)
{
	if (!c)
		return;
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

static int sqlite_exec(struct om_conn *c, const char *sql, struct om_error *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		char what[200];

		snprintf(what, sizeof(what), "statement failed (%.120s%s)", sql, strlen(sql) > 120 ? "..." : "");
		return sqlite_fail(c, rc, what, err);
	}
	return 0;
}

static int sqlite_query(struct om_conn *c, const char *sql, om_row_fn fn, void *ud,
			struct om_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *vals[64];
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sqlite_fail(c, rc, "query failed", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);

		if (n > 64)
			n = 64;
		for (int i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(ud, n, vals))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite_fail(c, rc, "query failed", err);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- quoting ---------------------------------------------------------------- */

static void sqlite_quote_ident(struct strbuf *sb, const char *id)
{
	strbuf_addch(sb, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

static void sqlite_quote_string(struct om_conn *c, struct strbuf *sb, const char *s)
{
	char *q = sqlite3_mprintf("%Q", s);

	(void)c;
	if (!q) {
		fputs("openser-migrate: out of memory\n", stderr);
		abort();
	}
	strbuf_adds(sb, q);
	sqlite3_free(q);
}

/* ---- introspection ------------------------------------------------------------ */

struct intro {
	struct om_catalog *out;
	struct om_ctable *cur;
	struct om_cindex *idx;
	struct om_strlist names, sqls;
	int pkpos[256];       /* primary key position of each column of cur (0: none) */
};

static void schema_ref(struct strbuf *sb, const char *db)
{
	sqlite_quote_ident(sb, db ? db : "main");
}

static int intro_table(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;

	(void)n;
	om_strlist_add(&in->names, v[0]);
	om_strlist_add(&in->sqls, v[1] ? v[1] : "");
	return 0;
}

static int intro_col(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;

	/* cid, name, type, notnull, dflt_value, pk */
	(void)n;
	if (in->cur->ncols < 256)
		in->pkpos[in->cur->ncols] = v[5] ? (int)strtol(v[5], NULL, 10) : 0;
	om_ctable_add_col(in->cur, v[1], v[2] ? v[2] : "", v[3] && !strcmp(v[3], "1"), v[4], false);
	return 0;
}

static int intro_index(void *ud, int n, const char *const *v)
{
	struct om_strlist *l = ud;

	/* seq, name, unique, origin, partial */
	(void)n;
	if (!strcmp(v[3], "pk"))
		return 0;
	om_strlist_addf(l, "%s%s", !strcmp(v[2], "1") ? "U" : "I", v[1]);
	return 0;
}

static int intro_index_col(void *ud, int n, const char *const *v)
{
	struct intro *in = ud;

	/* seqno, cid, name */
	(void)n;
	om_cindex_add_col(in->idx, v[2] ? v[2] : "");
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

static bool sql_has_autoincrement(const char *sql)
{
	for (const char *p = sql; *p; p++)
		if (!strncasecmp(p, "AUTOINCREMENT", 13))
			return true;
	return false;
}

static int sqlite_introspect(struct om_conn *c, const char *db, struct om_catalog *out,
			     struct om_error *err)
{
	struct intro in;
	struct strbuf q = STRBUF_INIT;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	in.out = out;
	om_strlist_init(&in.names);
	om_strlist_init(&in.sqls);
	strbuf_init(&q);
	strbuf_adds(&q, "SELECT name, sql FROM ");
	schema_ref(&q, db);
	strbuf_adds(&q, ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
	if (sqlite_query(c, q.buf, intro_table, &in, err))
		goto out;
	for (size_t i = 0; i < in.names.n; i++) {
		struct om_strlist idx;

		in.cur = om_catalog_add_table(out, in.names.v[i]);
		strbuf_reset(&q);
		strbuf_adds(&q, "PRAGMA ");
		schema_ref(&q, db);
		strbuf_adds(&q, ".table_info(");
		sqlite_quote_ident(&q, in.names.v[i]);
		strbuf_adds(&q, ")");
		if (sqlite_query(c, q.buf, intro_col, &in, err))
			goto out;
		/* The primary key: pragma table_info's pk column gives each column's position in it. */
		{
			size_t ncols = in.cur->ncols < 256 ? in.cur->ncols : 256;
			int npk = 0;

			for (size_t k = 0; k < ncols; k++)
				if (in.pkpos[k] > npk)
					npk = in.pkpos[k];
			if (npk) {
				struct om_cindex *pk = om_ctable_add_index(in.cur, "PRIMARY", OM_KEY_PRIMARY);

				for (int pos = 1; pos <= npk; pos++)
					for (size_t k = 0; k < ncols; k++)
						if (in.pkpos[k] == pos)
							om_cindex_add_col(pk, in.cur->cols[k].name);
				/* AUTOINCREMENT is only possible on a one-column INTEGER PRIMARY KEY. */
				if (npk == 1 && sql_has_autoincrement(in.sqls.v[i]))
					for (size_t k = 0; k < ncols; k++)
						if (in.pkpos[k] == 1)
							in.cur->cols[k].autoinc = true;
			}
		}
		om_strlist_init(&idx);
		strbuf_reset(&q);
		strbuf_adds(&q, "PRAGMA ");
		schema_ref(&q, db);
		strbuf_adds(&q, ".index_list(");
		sqlite_quote_ident(&q, in.names.v[i]);
		strbuf_adds(&q, ")");
		if (sqlite_query(c, q.buf, intro_index, &idx, err)) {
			om_strlist_release(&idx);
			goto out;
		}
		/* index_list gives the newest first; keep creation order stable by name. */
		for (size_t k = 0; k < idx.n; k++) {
			const char *name = idx.v[k] + 1;

			in.idx = om_ctable_add_index(in.cur, name, idx.v[k][0] == 'U' ? OM_KEY_UNIQUE : OM_KEY_INDEX);
			strbuf_reset(&q);
			strbuf_adds(&q, "PRAGMA ");
			schema_ref(&q, db);
			strbuf_adds(&q, ".index_info(");
			sqlite_quote_ident(&q, name);
			strbuf_adds(&q, ")");
			if (sqlite_query(c, q.buf, intro_index_col, &in, err)) {
				om_strlist_release(&idx);
				goto out;
			}
		}
		om_strlist_release(&idx);
	}
	if (om_catalog_table(out, "version")) {
		out->has_version_table = true;
		strbuf_reset(&q);
		strbuf_adds(&q, "SELECT table_name, table_version FROM ");
		schema_ref(&q, db);
		strbuf_adds(&q, ".\"version\"");
		/* A version table of another shape is drift, reported by the diff. */
		if (sqlite_query(c, q.buf, intro_vrow, &in, err))
			om_error_clear(err);
	}
	rc = 0;
out:
	om_strlist_release(&in.names);
	om_strlist_release(&in.sqls);
	strbuf_release(&q);
	return rc;
}

/* ---- room ------------------------------------------------------------------------ */

struct pages {
	long long n;
};

static int pages_row(void *ud, int n, const char *const *v)
{
	struct pages *p = ud;

	(void)n;
	p->n += v[0] ? strtoll(v[0], NULL, 10) : 0;
	return 0;
}

/*
 * The rebuilt tables are new pages at the end of the file; the rollback
 * journal holds the pages that change (few: the schema, the version
 * table).  Ask for the size of the tables copied plus a tenth of the file.
 */
static int sqlite_check_room(struct om_conn *c, const struct om_plan *p, struct om_error *err)
{
	struct statvfs fs;
	struct pages pg = { 0 };
	long long page_size = 0, free_bytes, need;
	struct pages ps = { 0 };
	char *dir, *slash;
	struct stat st;

	if (stat(c->path, &st) != 0)
		return 0;
	if (sqlite_query(c, "PRAGMA page_size", pages_row, &ps, err))
		return -1;
	page_size = ps.n;
	/* dbstat is optional in SQLite builds: without it, the whole file counts. */
	for (size_t i = 0; i < p->nsteps; i++) {
		char *q;

		if (!p->steps[i].source)
			continue;
		q = sqlite3_mprintf("SELECT count(*) FROM dbstat(%Q) WHERE name = %Q",
				    p->source_db ? p->source_db : "main", p->steps[i].source);
		if (sqlite_query(c, q, pages_row, &pg, err)) {
			sqlite3_free(q);
			om_error_clear(err);
			pg.n = st.st_size / (page_size ? page_size : 4096);
			break;
		}
		sqlite3_free(q);
	}
	need = pg.n * page_size + st.st_size / 10;
	dir = om_xstrdup(c->path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, strlen(dir) + 1, ".");
	if (statvfs(dir, &fs) != 0) {
		free(dir);
		return 0;
	}
	free_bytes = (long long)fs.f_bavail * (long long)fs.f_frsize;
	if (free_bytes < need) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "not enough disk space in \"%s\": the upgrade needs about %lld MB, %lld MB are free; "
			     "nothing was changed", dir, need / 1048576 + 1, free_bytes / 1048576);
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

/* ---- lock and transaction ---------------------------------------------------- */

static int sqlite_lock(struct om_conn *c, int timeout, struct om_error *err)
{
	int rc;

	sqlite3_busy_timeout(c->db, timeout > 0 ? timeout * 1000 : 0);
	rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return om_error_set(err, OM_EXIT_LOCKED,
				    "database \"%s\" is locked by another process (waited %d s; see --lock-timeout)",
				    c->path, timeout);
	if (rc != SQLITE_OK)
		return sqlite_fail(c, rc, "cannot lock the database", err);
	return 0;
}

static void sqlite_rollback(struct om_conn *c)
{
	if (c && c->db && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static void sqlite_unlock(struct om_conn *c)
{
	sqlite_rollback(c);
}

static void sqlite_interrupt(struct om_conn *c)
{
	if (c && c->db)
		sqlite3_interrupt(c->db);
}

/* ---- schema rendering ------------------------------------------------------------- */

struct coldef {
	const struct om_column *col;
	char type[64];
	bool notnull;
	bool autoinc;
	char *def;     /* malloc'd or NULL */
};

static void default_text(struct strbuf *sb, const struct om_default *d)
{
	switch (d->kind) {
	case OM_DEF_STRING: {
		char *q = sqlite3_mprintf("%Q", d->text);

		strbuf_adds(sb, q);
		sqlite3_free(q);
		break;
	}
	case OM_DEF_NUMBER:
		strbuf_adds(sb, d->text);
		break;
	case OM_DEF_CURRENT_TIMESTAMP:
		strbuf_adds(sb, "CURRENT_TIMESTAMP");
		break;
	case OM_DEF_NULL:
	case OM_DEF_NONE:
		break;
	}
}

/* The SQLite definition of column c; false when it is not on SQLite or not installed. */
static bool sqlite_coldef(const struct om_column *c,
			  bool (*has_class)(const char *, void *), void *ud, struct coldef *out)
{
	struct om_type type;
	struct om_default def;
	struct strbuf sb = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	if (!om_column_effective(c, OM_ENGINE_SQLITE, &type, &out->notnull, &def))
		return false;
	if (!om_part_selected(c->cls, has_class, ud))
		return false;
	out->col = c;
	if (c->autoinc) {
		snprintf(out->type, sizeof(out->type), "INTEGER");
		out->autoinc = true;
		out->notnull = true;
		return true;
	}
	strbuf_init(&sb);
	/*
	 * SQLite's grammar puts a type's arguments last, so MySQL's
	 * "int(10) unsigned" cannot be written; an unsigned type is declared
	 * as the 1.1 scripts did ("int unsigned"), its width being MySQL's
	 * default display width anyway.
	 */
	if (type.is_unsigned)
		strbuf_addf(&sb, "%s unsigned", type.base);
	else
		om_type_format(&sb, &type);
	snprintf(out->type, sizeof(out->type), "%s", sb.buf);
	strbuf_reset(&sb);
	/* A NULL default is SQLite's own: nothing is declared. */
	if (def.kind != OM_DEF_NONE && def.kind != OM_DEF_NULL) {
		default_text(&sb, &def);
		out->def = strbuf_detach(&sb);
	}
	strbuf_release(&sb);
	return true;
}

static void sqlite_render_ctable(const struct om_table *t, bool (*has_class)(const char *cls, void *ud),
				 void *ud, struct om_catalog *out)
{
	struct om_ctable *ct = om_catalog_add_table(out, t->name);
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_SQLITE, cols);

	for (size_t i = 0; i < n; i++) {
		struct coldef cd;

		if (!sqlite_coldef(cols[i], has_class, ud, &cd))
			continue;
		om_ctable_add_col(ct, cols[i]->name, cd.type, cd.notnull, cd.def, cd.autoinc);
		free(cd.def);
	}
	free(cols);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];
		struct om_cindex *ci;

		if (!om_part_selected(k->cls, has_class, ud))
			continue;
		ci = om_ctable_add_index(ct, k->kind == OM_KEY_PRIMARY ? "PRIMARY" : om_key_name(k, OM_ENGINE_SQLITE),
					 k->kind);
		for (size_t j = 0; j < k->ncols; j++)
			om_cindex_add_col(ci, k->cols[j]);
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_SQLITE)
			om_ctable_add_check(ct, t->checks[i].name, t->checks[i].sql);
}

/* CREATE TABLE and its CREATE INDEX statements. */
static void render_create(struct om_script *s, const struct om_table *t, const char *name,
			  bool (*has_class)(const char *, void *), void *ud, bool if_not_exists)
{
	struct strbuf sb = STRBUF_INIT;
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_SQLITE, cols);
	const struct om_key *pk = NULL;
	bool first = true, auto_pk = false;

	strbuf_init(&sb);
	strbuf_adds(&sb, "CREATE TABLE ");
	if (if_not_exists)
		strbuf_adds(&sb, "IF NOT EXISTS ");
	sqlite_quote_ident(&sb, name);
	strbuf_adds(&sb, " (");
	for (size_t i = 0; i < n; i++) {
		struct coldef cd;

		if (!sqlite_coldef(cols[i], has_class, ud, &cd))
			continue;
		strbuf_adds(&sb, first ? "\n  " : ",\n  ");
		first = false;
		sqlite_quote_ident(&sb, cols[i]->name);
		strbuf_addf(&sb, " %s", cd.type);
		if (cd.autoinc) {
			strbuf_adds(&sb, " NOT NULL PRIMARY KEY AUTOINCREMENT");
			auto_pk = true;
		} else {
			if (cd.notnull)
				strbuf_adds(&sb, " NOT NULL");
			if (cd.def)
				strbuf_addf(&sb, " DEFAULT %s", cd.def);
		}
		free(cd.def);
	}
	free(cols);
	for (size_t i = 0; i < t->nkeys; i++)
		if (t->keys[i].kind == OM_KEY_PRIMARY)
			pk = &t->keys[i];
	if (pk && !auto_pk) {
		strbuf_adds(&sb, ",\n  PRIMARY KEY (");
		for (size_t j = 0; j < pk->ncols; j++) {
			if (j)
				strbuf_adds(&sb, ", ");
			sqlite_quote_ident(&sb, pk->cols[j]);
		}
		strbuf_addch(&sb, ')');
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_SQLITE)
			strbuf_addf(&sb, ",\n  CONSTRAINT \"%s\" CHECK %s", t->checks[i].name, t->checks[i].sql);
	strbuf_adds(&sb, "\n)");
	om_script_take(s, OM_STMT_SQL, &sb);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (k->kind == OM_KEY_PRIMARY || !om_part_selected(k->cls, has_class, ud))
			continue;
		strbuf_init(&sb);
		strbuf_addf(&sb, "CREATE %sINDEX ", k->kind == OM_KEY_UNIQUE ? "UNIQUE " : "");
		if (if_not_exists)
			strbuf_adds(&sb, "IF NOT EXISTS ");
		sqlite_quote_ident(&sb, om_key_name(k, OM_ENGINE_SQLITE));
		strbuf_adds(&sb, " ON ");
		sqlite_quote_ident(&sb, name);
		strbuf_adds(&sb, " (");
		for (size_t j = 0; j < k->ncols; j++) {
			if (j)
				strbuf_adds(&sb, ", ");
			sqlite_quote_ident(&sb, k->cols[j]);
		}
		strbuf_addch(&sb, ')');
		om_script_take(s, OM_STMT_SQL, &sb);
	}
}

static void sqlite_render_create(const struct om_table *t, bool (*has_class)(const char *cls, void *ud),
				 void *ud, struct om_script *s)
{
	render_create(s, t, t->name, has_class, ud, false);
}

/* ---- expressions --------------------------------------------------------------- */

static void sqlite_render_call(struct strbuf *sb, int fn, const char *const *args, size_t nargs)
{
	const char *name = om_functions[fn].name;

	if (!strcmp(name, "concat")) {
		strbuf_addch(sb, '(');
		for (size_t i = 0; i < nargs; i++) {
			if (i)
				strbuf_adds(sb, " || ");
			strbuf_adds(sb, args[i]);
		}
		strbuf_addch(sb, ')');
		return;
	}
	strbuf_addf(sb, "om_%s(", name);
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, args[i]);
	}
	strbuf_addch(sb, ')');
}

static void sqlite_render_cut(struct strbuf *sb, const char *expr, int n)
{
	strbuf_addf(sb, "substr(%s, 1, %d)", expr, n);
}

static void sqlite_render_length(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "length(%s)", expr);
}

static void sqlite_render_invalid(struct strbuf *sb, int fn, const char *arg)
{
	(void)fn;
	strbuf_addf(sb, "om_ip_invalid(%s)", arg);
}

static void sqlite_render_now(struct strbuf *sb)
{
	strbuf_adds(sb, "strftime('%Y-%m-%d %H:%M:%S', 'now')");
}

/* ---- the script ------------------------------------------------------------------- */

/*
 * ATTACH of the old database through a read-only URI: SQLite itself then
 * guarantees that the old file is never written.  sqlite3_free() the result.
 */
static char *attach_sql(const char *path, const char *name)
{
	struct strbuf u = STRBUF_INIT;
	char *sql;

	strbuf_init(&u);
	strbuf_adds(&u, "file:");
	for (const unsigned char *q = (const unsigned char *)path; *q; q++) {
		if (*q == '?' || *q == '#' || *q == '%' || *q <= ' ' || *q >= 0x7f)
			strbuf_addf(&u, "%%%02X", *q);
		else
			strbuf_addch(&u, (char)*q);
	}
	strbuf_adds(&u, "?mode=ro");
	sql = sqlite3_mprintf("ATTACH DATABASE %Q AS \"%w\"", u.buf, name);
	strbuf_release(&u);
	if (!sql) {
		fputs("openser-migrate: out of memory\n", stderr);
		abort();
	}
	return sql;
}

static int sqlite_db_exists(struct om_conn *c, const struct om_dbtarget *t, bool *exists,
			    struct om_error *err)
{
	struct stat st;

	(void)c;
	(void)err;
	/* An empty file holds nothing: a run killed before its first commit. */
	*exists = stat(t->path, &st) == 0 && st.st_size > 0;
	return 0;
}

static int sqlite_open_source(struct om_conn *c, const struct om_dbtarget *old, char **name_out,
			      struct om_error *err)
{
	const char *name = "old";
	char *sql;
	int rc;

	*name_out = NULL;
	if (access(old->path, R_OK) != 0)
		return om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
				    strerror(errno));
	sql = attach_sql(old->path, name);
	rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
				    sqlite3_errmsg(c->db));
	*name_out = om_xstrdup(name);
	return 0;
}

static void render_own_tables(struct om_script *s)
{
	om_script_add(s, OM_STMT_SQL,
		      "CREATE TABLE IF NOT EXISTS \"" OM_HISTORY_TABLE "\" (\n"
		      "  \"id\" INTEGER NOT NULL PRIMARY KEY,\n"
		      "  \"plan\" varchar(64) NOT NULL,\n"
		      "  \"checksum\" varchar(64) NOT NULL,\n"
		      "  \"engine\" varchar(16) NOT NULL,\n"
		      "  \"command\" varchar(16) NOT NULL,\n"
		      "  \"options\" varchar(255) NOT NULL DEFAULT '',\n"
		      "  \"source\" text,\n"
		      "  \"tool\" varchar(32) NOT NULL,\n"
		      "  \"started\" varchar(19) NOT NULL,\n"
		      "  \"finished\" varchar(19),\n"
		      "  \"status\" varchar(16) NOT NULL\n)");
	om_script_add(s, OM_STMT_SQL,
		      "CREATE TABLE IF NOT EXISTS \"" OM_JOURNAL_TABLE "\" (\n"
		      "  \"run\" integer NOT NULL,\n"
		      "  \"step\" integer NOT NULL,\n"
		      "  \"name\" varchar(128) NOT NULL,\n"
		      "  \"finished\" varchar(19) NOT NULL,\n"
		      "  \"source_rows\" integer,\n"
		      "  PRIMARY KEY (\"run\", \"step\")\n)");
}

static void render_history_insert(struct om_conn *c, const struct om_plan *p, struct om_script *s,
				  const char *command)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	om_sql_history_insert(&om_driver_sqlite, c, p, command, "INSERT OR IGNORE INTO", "", &sb);
	om_script_take(s, OM_STMT_SQL, &sb);
}

static void render_journal(struct om_conn *c, const struct om_plan *p, struct om_script *s,
			   int step, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	om_sql_journal(&om_driver_sqlite, c, p, step, name, NULL, &sb);
	om_script_take(s, OM_STMT_SQL, &sb);
	om_script_mark(s, name);
}

static void render_copy(struct om_conn *c, const struct om_plan *p, const struct om_step *st,
			struct om_script *s, const char *from_table, bool qualify)
{
	struct strbuf sb = STRBUF_INIT, from = STRBUF_INIT;

	strbuf_init(&sb);
	strbuf_init(&from);
	if (qualify)
		om_plan_render_source(p, &from, from_table);
	else
		sqlite_quote_ident(&from, from_table);
	if (om_sql_insert_select(&om_driver_sqlite, c, st, st->ignore_dups ? "OR IGNORE " : "", st->target->name,
				 from.buf, "", &sb))
		om_script_take(s, OM_STMT_SQL, &sb);
	else
		strbuf_release(&sb);
	strbuf_release(&from);
}

static int sqlite_render_script(struct om_conn *c, const struct om_plan *p, struct om_script *s,
				struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	bool migrate = p->mode == OM_MODE_MIGRATE;
	int stepno = 0;

	(void)err;
	strbuf_init(&sb);
	if (migrate) {
		char *uri = attach_sql(p->source_path, p->source_db);

		strbuf_addf(&sb, "migrate: OpenSER %s -> %s into a new database (plan %.12s); "
			    "the old database is attached read-only", p->from->version, p->to->version, p->checksum);
		om_script_take(s, OM_STMT_COMMENT, &sb);
		om_script_add(s, OM_STMT_SETUP, uri);
		sqlite3_free(uri);
		/* Recorded first, in its own transaction: a killed run is recognised and resumed. */
		om_script_add(s, OM_STMT_SQL, "BEGIN");
		render_own_tables(s);
		render_history_insert(c, p, s, "migrate");
		om_script_add(s, OM_STMT_SQL, "COMMIT");
		om_script_mark(s, "history");
	} else {
		strbuf_addf(&sb, "upgrade: OpenSER %s -> %s in one transaction (plan %.12s)",
			    p->from->version, p->to->version, p->checksum);
		om_script_take(s, OM_STMT_COMMENT, &sb);
	}
	om_script_add(s, OM_STMT_BEGIN, "BEGIN IMMEDIATE");
	if (!migrate) {
		render_own_tables(s);
		render_history_insert(c, p, s, "upgrade");
		om_script_mark(s, "history");
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		strbuf_init(&sb);
		if (st->kind == OM_STEP_REBUILD) {
			strbuf_addf(&sb, "%s: rebuilt; the old table is kept as %s", st->target->name, st->retained);
			om_script_take(s, OM_STMT_COMMENT, &sb);
			/* Index names are global in SQLite: the retained table gives them up. */
			for (size_t k = 0; k < st->drop_indexes.n; k++) {
				if (!strncmp(st->drop_indexes.v[k], "sqlite_autoindex_", 17))
					continue;
				strbuf_init(&sb);
				strbuf_adds(&sb, "DROP INDEX ");
				sqlite_quote_ident(&sb, st->drop_indexes.v[k]);
				om_script_take(s, OM_STMT_SQL, &sb);
			}
			strbuf_init(&sb);
			strbuf_adds(&sb, "ALTER TABLE ");
			sqlite_quote_ident(&sb, st->source);
			strbuf_adds(&sb, " RENAME TO ");
			sqlite_quote_ident(&sb, st->retained);
			om_script_take(s, OM_STMT_SQL, &sb);
			render_create(s, st->target, st->target->name, om_plan_has_class, (void *)p, false);
			render_copy(c, p, st, s, st->retained, false);
		} else {
			if (st->source)
				strbuf_addf(&sb, "%s: created, filled from %s%s%s", st->target->name,
					    migrate ? "the old database's " : "", st->source,
					    migrate || !strcmp(st->source, st->target->name) ? "" : " (which is left as it is)");
			else
				strbuf_addf(&sb, "%s: created empty", st->target->name);
			om_script_take(s, OM_STMT_COMMENT, &sb);
			render_create(s, st->target, st->target->name, om_plan_has_class, (void *)p, false);
			if (st->source)
				render_copy(c, p, st, s, st->source, true);
		}
		render_journal(c, p, s, ++stepno, st->target->name);
	}
	om_sql_add_commit_end(&om_driver_sqlite, c, p, s);
	return 0;
}

/* ---- the driver --------------------------------------------------------------------- */

const struct om_driver om_driver_sqlite = {
	.name = "sqlite",
	.engine = OM_ENGINE_SQLITE,
	.caps = OM_CAP_TRANSACTIONAL_DDL | OM_CAP_LOCK_IS_TXN,
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.query = sqlite_query,
	.introspect = sqlite_introspect,
	.open_source = sqlite_open_source,
	.db_exists = sqlite_db_exists,
	.lock = sqlite_lock,
	.unlock = sqlite_unlock,
	.check_room = sqlite_check_room,
	.rollback = sqlite_rollback,
	.interrupt = sqlite_interrupt,
	.quote_ident = sqlite_quote_ident,
	.quote_string = sqlite_quote_string,
	.render_ctable = sqlite_render_ctable,
	.render_create = sqlite_render_create,
	.render_script = sqlite_render_script,
	.render_call = sqlite_render_call,
	.render_cut = sqlite_render_cut,
	.render_length = sqlite_render_length,
	.render_invalid = sqlite_render_invalid,
	.render_now = sqlite_render_now,
};
