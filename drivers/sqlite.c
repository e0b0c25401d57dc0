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
#include "names.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hash.h"
#include "sipfn.h"

struct om_conn {
	sqlite3 *db;
	char *path;
	char *attach;      /* the ATTACH of migrate's old database, as run */
	bool existed;      /* the file was there before it was opened */
	char *watch;       /* watch_inserts: the table, and its count */
	om_counter *watch_count;
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

/*
 * The subtype of a result that a function cut at a NUL byte.  An SQLite
 * text ends at its first NUL for length(), for the C API and for OpenSER,
 * so the functions never return one inside a text: they cut there, and
 * the subtype tells om_cut_at_nul (the pre-check) that they did.
 */
#define OM_SUBTYPE_NUL_CUT 0x4e

/*
 * The bytes of v into *s and *n: a BLOB's as it holds them (a NUL
 * included), anything else as its text.  Returns 1 for SQL NULL, -1 when
 * out of memory (reported on ctx), else 0.
 */
static int value_bytes(sqlite3_context *ctx, sqlite3_value *v, const char **s, size_t *n)
{
	int type = sqlite3_value_type(v);

	if (type == SQLITE_NULL)
		return 1;
	*s = type == SQLITE_BLOB ? sqlite3_value_blob(v) : (const char *)sqlite3_value_text(v);
	*n = (size_t)sqlite3_value_bytes(v);
	if (!*s && *n) {
		sqlite3_result_error_nomem(ctx);
		return -1;
	}
	/* An empty BLOB has no pointer. */
	if (!*s)
		*s = "";
	return 0;
}

/* s[0..n) as the text result, up to a NUL byte, marked as cut when there is one. */
static void result_text(sqlite3_context *ctx, const char *s, size_t n)
{
	const char *nul = n ? memchr(s, '\0', n) : NULL;

	sqlite3_result_text(ctx, s, nul ? (int)(nul - s) : (int)n, SQLITE_TRANSIENT);
	/* After the text: setting a result clears its subtype. */
	if (nul)
		sqlite3_result_subtype(ctx, OM_SUBTYPE_NUL_CUT);
}

static void fn_span(sqlite3_context *ctx, sqlite3_value *v,
		    void (*span)(const char *, size_t, size_t *, size_t *))
{
	const char *s;
	size_t n, off, len;
	int rc = value_bytes(ctx, v, &s, &n);

	if (rc) {
		if (rc > 0)
			sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	span(s, n, &off, &len);
	result_text(ctx, s + off, len);
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

/* 1 where the URI rules give '' and '' (a NULL is an absent URI: 0). */
static void fn_uri_unparsable(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s;
	size_t n;
	int rc = value_bytes(ctx, argv[0], &s, &n);

	(void)argc;
	if (rc >= 0)
		sqlite3_result_int(ctx, !rc && om_sip_uri_unparsable(s, n));
}

/* Was x, the result of one of the functions above, cut at a NUL byte? */
static void fn_cut_at_nul(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, sqlite3_value_subtype(argv[0]) == OM_SUBTYPE_NUL_CUT);
}

static void fn_status(sqlite3_context *ctx, sqlite3_value *v, bool code)
{
	const char *s;
	size_t n, off, len;
	int is_status, rc = value_bytes(ctx, v, &s, &n);

	if (rc) {
		if (rc > 0)
			sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	is_status = om_sip_status_split(s, n, &off, &len);
	if (code)
		result_text(ctx, s, is_status ? 3 : 0);
	else
		result_text(ctx, s + off, len);
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

/*
 * The integer of the dotted quad v: 0 and *out when valid, -1 when not (a
 * NULL included), -2 when out of memory (reported on ctx).  A BLOB is read
 * as its bytes, anything else as its text (an integer's or a real's text
 * never has three dots).
 */
static int quad_of_value(sqlite3_context *ctx, sqlite3_value *v, long long *out)
{
	const char *s;
	size_t n;
	int rc = value_bytes(ctx, v, &s, &n);

	if (rc < 0)
		return -2;
	return rc ? -1 : om_ip_to_le_int(s, n, out);
}

/* NULL, not 0, for an invalid value: the 1.1 column is NOT NULL. */
static void fn_ip_to(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long v;
	int rc = quad_of_value(ctx, argv[0], &v);

	(void)argc;
	if (!rc)
		sqlite3_result_int64(ctx, v);
	else if (rc == -1)
		sqlite3_result_null(ctx);
}

static void fn_ip_to_invalid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long v;
	int rc = quad_of_value(ctx, argv[0], &v);

	(void)argc;
	if (rc != -2)
		sqlite3_result_int(ctx, rc != 0);
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
	int flags;
};

/* SQLite 3.45 asks functions that set a subtype to say so. */
#ifdef SQLITE_RESULT_SUBTYPE
#define SETS_SUBTYPE SQLITE_RESULT_SUBTYPE
#else
#define SETS_SUBTYPE 0
#endif

/* Names are prefixed: a user's own functions are never shadowed. */
static const struct sqlfn sqlite_functions[] = {
	{ "om_uri_user", 1, fn_uri_user, SETS_SUBTYPE },
	{ "om_uri_host", 1, fn_uri_host, SETS_SUBTYPE },
	{ "om_uri_unparsable", 1, fn_uri_unparsable, 0 },
	{ "om_status_code", 1, fn_status_code, SETS_SUBTYPE },
	{ "om_status_reason", 1, fn_status_reason, SETS_SUBTYPE },
	{ "om_cut_at_nul", 1, fn_cut_at_nul, SQLITE_SUBTYPE },
	{ "om_ip_from_le_int", 1, fn_ip, 0 },
	{ "om_ip_invalid", 1, fn_ip_invalid, 0 },
	{ "om_ip_to_le_int", 1, fn_ip_to, 0 },
	{ "om_ip_to_invalid", 1, fn_ip_to_invalid, 0 },
	{ "om_nonempty", 2, fn_nonempty, 0 },
	{ "om_md5", 1, fn_md5, 0 },
	{ NULL, 0, NULL, 0 }
};

static int register_functions(struct om_conn *c, struct om_error *err)
{
	for (int i = 0; sqlite_functions[i].name; i++) {
		int rc = sqlite3_create_function_v2(c->db, sqlite_functions[i].name, sqlite_functions[i].nargs,
						    SQLITE_UTF8 | SQLITE_DETERMINISTIC | sqlite_functions[i].flags, NULL,
						    sqlite_functions[i].fn, NULL, NULL, NULL);

		if (rc != SQLITE_OK)
			return sqlite_fail(c, rc, "cannot register SQL functions", err);
	}
	return 0;
}

/* ---- connection ------------------------------------------------------------ */

static void sqlite_close(struct om_conn *c)
{
	if (!c)
		return;
	sqlite3_close(c->db);
	free(c->path);
	free(c->attach);
	free(c->watch);
	free(c);
}

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
	c = om_xcalloc(1, sizeof(*c));
	c->path = om_xstrdup(t->path);
	c->existed = stat(t->path, &st) == 0;
	rc = sqlite3_open_v2(t->path, &c->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		om_error_set(err, OM_EXIT_USAGE, "cannot open database \"%s\": %s", t->path,
			     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 0);
	/* Another run's write lock is waited for, up to --lock-timeout, from the first read on. */
	sqlite3_busy_timeout(c->db, t->wait > 0 ? t->wait * 1000 : 0);
	/* Touch the file: a file that is not a database fails here, clearly. */
	rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		om_error_set(err, OM_EXIT_LOCKED,
			     "database \"%s\" is locked by another process (waited %d s; see --lock-timeout)", t->path,
			     t->wait);
		goto fail;
	}
	if (rc != SQLITE_OK) {
		om_error_set(err, OM_EXIT_USAGE, "cannot read database \"%s\": %s", t->path, sqlite3_errmsg(c->db));
		goto fail;
	}
	if (register_functions(c, err))
		goto fail;
	*out = c;
	return 0;
fail:
	sqlite_close(c);
	return -1;
}


static int sqlite_exec(struct om_conn *c, const char *sql, struct om_error *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "statement failed (");
		strbuf_add_excerpt(&what, sql, 120);
		strbuf_addch(&what, ')');
		sqlite_fail(c, rc, what.buf, err);
		strbuf_release(&what);
		return -1;
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
	if (!q)
		om_out_of_memory();
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
				/*
				 * A one-column INTEGER PRIMARY KEY is the rowid: never NULL, NOT NULL
				 * written or not.  AUTOINCREMENT is only possible on it.
				 */
				for (size_t k = 0; npk == 1 && k < ncols; k++)
					if (in.pkpos[k] == 1 && !strcasecmp(in.cur->cols[k].type, "INTEGER")) {
						in.cur->cols[k].notnull = true;
						in.cur->cols[k].autoinc = sql_has_autoincrement(in.sqls.v[i]);
					}
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
		/*
		 * A version table of another shape is drift, reported by the diff;
		 * a read cut short by an interrupt (or a lock) is not.
		 */
		if (sqlite_query(c, q.buf, intro_vrow, &in, err)) {
			if (err->code != OM_EXIT_FAILED)
				goto out;
			om_error_clear(err);
		}
	}
	rc = 0;
out:
	om_strlist_release(&in.names);
	om_strlist_release(&in.sqls);
	strbuf_release(&q);
	return rc;
}

/*
 * SQLite stores by affinity (its documentation, "Determination Of Column
 * Affinity"): int(10), int unsigned and INTEGER are one storage, so are
 * varchar(64), varchar(128) and text (lengths are not enforced).
 */
static char affinity(const char *type)
{
	char up[128];
	size_t n = 0;

	for (; type[n] && n + 1 < sizeof(up); n++)
		up[n] = (char)(type[n] >= 'a' && type[n] <= 'z' ? type[n] - 32 : type[n]);
	up[n] = '\0';
	if (strstr(up, "INT"))
		return 'i';
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		return 't';
	if (!n || strstr(up, "BLOB"))
		return 'b';
	if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
		return 'r';
	return 'n';
}

static enum om_type_order sqlite_compare_types(const char *live, const char *expected)
{
	return affinity(live) == affinity(expected) ? OM_TYPE_SAME : OM_TYPE_OTHER;
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
static int sqlite_check_room(struct om_conn *c, const char *db, const struct om_strlist *tables,
			     struct om_error *err)
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
	for (size_t i = 0; i < tables->n; i++) {
		char *q = sqlite3_mprintf("SELECT count(*) FROM dbstat(%Q) WHERE name = %Q", db ? db : "main",
					  tables->v[i]);

		if (!q)
			om_out_of_memory();
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

static void sqlite_rollback(struct om_conn *c)
{
	if (c && c->db && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Run `sql` (a BEGIN, and what takes its lock) waiting up to timeout seconds for another process's lock. */
static int begin_waiting(struct om_conn *c, const char *sql, int timeout, struct om_error *err)
{
	int rc;

	sqlite3_busy_timeout(c->db, timeout > 0 ? timeout * 1000 : 0);
	rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		om_error_set(err, OM_EXIT_LOCKED, "database \"%s\" is locked by another process (waited %d s; see "
			     "--lock-timeout)", c->path, timeout);
	else
		sqlite_fail(c, rc, "cannot lock the database", err);
	/* A BEGIN that ran leaves its transaction open. */
	sqlite_rollback(c);
	return -1;
}

static int sqlite_lock(struct om_conn *c, int timeout, struct om_error *err)
{
	return begin_waiting(c, "BEGIN IMMEDIATE", timeout, err);
}

/*
 * status, plan, verify: one read transaction, its shared lock (or, in WAL
 * mode, its snapshot) taken at once by its first read, so that every read
 * sees one state of the file: read in autocommit statements, the catalog
 * could have an upgrade's commit land between two of them.  An upgrade
 * about to commit is waited for (its pending lock keeps new readers out).
 */
static int sqlite_begin_read(struct om_conn *c, int timeout, struct om_error *err)
{
	return begin_waiting(c, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", timeout, err);
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

static long long sqlite_last_rows(struct om_conn *c)
{
	return (long long)sqlite3_changes64(c->db);
}

/* The update hook: one compare and one relaxed atomic add per row inserted. */
static void on_insert(void *ud, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	struct om_conn *c = ud;

	(void)db;
	(void)rowid;
	if (op == SQLITE_INSERT && !strcmp(table, c->watch))
		atomic_fetch_add_explicit(c->watch_count, 1, memory_order_relaxed);
}

static void sqlite_watch_inserts(struct om_conn *c, const char *table, om_counter *count)
{
	free(c->watch);
	c->watch = NULL;
	c->watch_count = NULL;
	if (!table || !count) {
		sqlite3_update_hook(c->db, NULL, NULL);
		return;
	}
	c->watch = om_xstrdup(table);
	c->watch_count = count;
	sqlite3_update_hook(c->db, on_insert, c);
}

/* ---- schema rendering ------------------------------------------------------------- */

static void key_columns(struct strbuf *sb, const struct om_key *k)
{
	for (size_t j = 0; j < k->ncols; j++) {
		if (j)
			strbuf_adds(sb, ", ");
		sqlite_quote_ident(sb, k->cols[j]);
	}
}

struct coldef {
	const struct om_column *col;
	char type[160];
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
	/* A column kept from the live database: its own type and default, as SQLite showed them. */
	if (c->raw) {
		snprintf(out->type, sizeof(out->type), "%s", type.base);
		out->autoinc = c->autoinc;
		if (def.kind != OM_DEF_NONE && strcasecmp(def.text, "NULL"))
			out->def = om_xstrdup(def.text);
		return true;
	}
	if (c->autoinc) {
		snprintf(out->type, sizeof(out->type), "INTEGER");
		out->autoinc = true;
		out->notnull = true;
		return true;
	}
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

static void sqlite_expected_table(const struct om_table *t, om_class_fn has_class, void *ud,
				  struct om_catalog *out)
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

/* CREATE TABLE and its CREATE INDEX statements, all before the load. */
static void sqlite_create_table(struct om_conn *c, const struct om_tabledef *d, struct om_strlist *before,
				struct om_strlist *after)
{
	const struct om_table *t = d->t;
	struct strbuf sb = STRBUF_INIT;
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, OM_ENGINE_SQLITE, cols);
	const struct om_key *pk = NULL;
	bool first = true, auto_pk = false;

	(void)c;
	(void)after;
	strbuf_adds(&sb, "CREATE TABLE ");
	if (d->if_not_exists)
		strbuf_adds(&sb, "IF NOT EXISTS ");
	sqlite_quote_ident(&sb, d->name);
	strbuf_adds(&sb, " (");
	for (size_t i = 0; i < n; i++) {
		struct coldef cd;

		if (!sqlite_coldef(cols[i], d->has_class, d->ud, &cd))
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
		key_columns(&sb, pk);
		strbuf_addch(&sb, ')');
	}
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].engine == OM_ENGINE_SQLITE) {
			strbuf_adds(&sb, ",\n  CONSTRAINT ");
			sqlite_quote_ident(&sb, t->checks[i].name);
			strbuf_addf(&sb, " CHECK %s", t->checks[i].sql);
		}
	strbuf_adds(&sb, "\n)");
	om_strlist_add(before, sb.buf);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (k->kind == OM_KEY_PRIMARY || !om_part_selected(k->cls, d->has_class, d->ud))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "CREATE %sINDEX ", k->kind == OM_KEY_UNIQUE ? "UNIQUE " : "");
		if (d->if_not_exists)
			strbuf_adds(&sb, "IF NOT EXISTS ");
		sqlite_quote_ident(&sb, om_key_name(k, OM_ENGINE_SQLITE));
		strbuf_adds(&sb, " ON ");
		sqlite_quote_ident(&sb, d->name);
		strbuf_adds(&sb, " (");
		key_columns(&sb, k);
		strbuf_addch(&sb, ')');
		om_strlist_add(before, sb.buf);
	}
	strbuf_release(&sb);
}

/* Index names are global in SQLite: the retained table gives them up, then its name. */
static void sqlite_retire_table(const char *table, const char *retained, const struct om_strlist *drop_indexes,
				struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t k = 0; k < drop_indexes->n; k++) {
		/* Those of PRIMARY KEY and UNIQUE constraints go with the table. */
		if (!strncmp(drop_indexes->v[k], "sqlite_autoindex_", 17))
			continue;
		strbuf_reset(&sb);
		strbuf_adds(&sb, "DROP INDEX ");
		sqlite_quote_ident(&sb, drop_indexes->v[k]);
		om_strlist_add(out, sb.buf);
	}
	strbuf_reset(&sb);
	strbuf_adds(&sb, "ALTER TABLE ");
	sqlite_quote_ident(&sb, table);
	strbuf_adds(&sb, " RENAME TO ");
	sqlite_quote_ident(&sb, retained);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

static void sqlite_restore_table(struct om_conn *c, const char *retained, const char *table, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT;

	(void)c;
	strbuf_adds(&sb, "ALTER TABLE ");
	sqlite_quote_ident(&sb, retained);
	strbuf_adds(&sb, " RENAME TO ");
	sqlite_quote_ident(&sb, table);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

/* A counter row of sqlite_sequence that an empty INSERT made (seq 0, none before) goes again. */
static void sqlite_keep_counter(struct om_conn *c, const char *table, struct om_strlist *before,
				struct om_strlist *after)
{
	struct strbuf name = STRBUF_INIT, sb = STRBUF_INIT;

	sqlite_quote_string(c, &name, table);
	strbuf_addf(&sb, "CREATE TEMP TABLE \"openser_migrate_seq\" AS SELECT seq FROM sqlite_sequence WHERE name = %s",
		    name.buf);
	om_strlist_add(before, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DELETE FROM sqlite_sequence WHERE name = %s AND seq = 0 AND NOT EXISTS "
		    "(SELECT 1 FROM \"openser_migrate_seq\")", name.buf);
	om_strlist_add(after, sb.buf);
	om_strlist_add(after, "DROP TABLE \"openser_migrate_seq\"");
	strbuf_release(&sb);
	strbuf_release(&name);
}

/* ---- expressions --------------------------------------------------------------- */

/* IS compares NULLs; COLLATE BINARY whatever the column's collation (an operator's NOCASE). */
static void sqlite_same(struct strbuf *sb, const char *a, const char *b)
{
	strbuf_addf(sb, "((%s) IS (%s) COLLATE BINARY)", a, b);
}

/* A call of one of the functions registered in C (sqlite_functions). */
static void registered_call(struct strbuf *sb, const char *name, const char *const *args, size_t nargs)
{
	strbuf_addf(sb, "%s(", name);
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, args[i]);
	}
	strbuf_addch(sb, ')');
}

#define SQLITE_REGISTERED(name) \
	static void sqlite_fn_##name(struct strbuf *sb, const char *const *args, size_t nargs) \
	{ \
		registered_call(sb, "om_" #name, args, nargs); \
	}

SQLITE_REGISTERED(uri_user)
SQLITE_REGISTERED(uri_host)
SQLITE_REGISTERED(status_code)
SQLITE_REGISTERED(status_reason)
SQLITE_REGISTERED(ip_from_le_int)
SQLITE_REGISTERED(nonempty)
SQLITE_REGISTERED(md5)
SQLITE_REGISTERED(ip_to_le_int)

static void sqlite_fn_concat(struct strbuf *sb, const char *const *args, size_t nargs)
{
	strbuf_addch(sb, '(');
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			strbuf_adds(sb, " || ");
		strbuf_adds(sb, args[i]);
	}
	strbuf_addch(sb, ')');
}

#define SQLITE_FN(name, ...) [OM_FN_##name] = sqlite_fn_##name,
static const om_fn_render sqlite_fns[OM_NFUNCTIONS] = { OM_FUNCTIONS(SQLITE_FN) };

static void sqlite_cut(struct strbuf *sb, const char *expr, int n)
{
	strbuf_addf(sb, "substr(%s, 1, %d)", expr, n);
}

static void sqlite_length(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "length(%s)", expr);
}

static void sqlite_invalid(struct strbuf *sb, enum om_fn fn, const char *arg)
{
	if (fn == OM_FN_ip_from_le_int)
		strbuf_addf(sb, "om_ip_invalid(%s)", arg);
	else if (fn == OM_FN_ip_to_le_int)
		strbuf_addf(sb, "om_ip_to_invalid(%s)", arg);
	else if (fn == OM_FN_uri_user || fn == OM_FN_uri_host)
		strbuf_addf(sb, "om_uri_unparsable(%s)", arg);
	else
		strbuf_adds(sb, "0");
}

static void sqlite_cut_at_nul(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "om_cut_at_nul(%s)", expr);
}

static void sqlite_now(struct strbuf *sb)
{
	strbuf_adds(sb, "strftime('%Y-%m-%d %H:%M:%S', 'now')");
}

/* ---- migrate ---------------------------------------------------------------------- */

/*
 * ATTACH of the old database through a read-only URI: SQLite itself then
 * guarantees that the old file is never written.
 */
static char *attach_sql(const char *path, const char *name)
{
	struct strbuf u = STRBUF_INIT;
	char *sql, *copy;

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
	if (!sql)
		om_out_of_memory();
	copy = om_xstrdup(sql);
	sqlite3_free(sql);
	return copy;
}

static int sqlite_db_exists(struct om_conn *c, const struct om_dbtarget *t, bool *exists,
			    struct om_error *err)
{
	(void)t;
	(void)err;
	/* An empty file exists too (SQLite reads it as an empty database, as an empty NEW of a server is). */
	*exists = c->existed;
	return 0;
}

static int sqlite_open_source(struct om_conn *c, const struct om_dbtarget *old, char **qualifier,
			      struct om_conn **own, struct om_error *err)
{
	const char *name = "old";
	int rc;

	*qualifier = NULL;
	*own = NULL;
	if (access(old->path, R_OK) != 0)
		return om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
				    strerror(errno));
	free(c->attach);
	c->attach = attach_sql(old->path, name);
	rc = sqlite3_exec(c->db, c->attach, NULL, NULL, NULL);
	/* An ATTACH cut short by sqlite3_interrupt says "unable to open database" too: it is no usage error. */
	if (rc != SQLITE_OK)
		return om_error_set(err, rc == SQLITE_INTERRUPT ? OM_EXIT_INTERRUPTED : OM_EXIT_USAGE,
				    "cannot open the old database \"%s\": %s", old->path, sqlite3_errmsg(c->db));
	*qualifier = om_xstrdup(name);
	return 0;
}

static void sqlite_session_sql(struct om_conn *c, struct om_strlist *out)
{
	if (c->attach)
		om_strlist_add(out, c->attach);
}

/* ---- snapshots --------------------------------------------------------------------- */

/* A value exactly: quote() writes every type as its literal (X'..' for bytes), bytewise ordered. */
static void sqlite_exact_text(struct strbuf *sb, const char *expr)
{
	strbuf_addf(sb, "quote(%s)", expr);
}

/*
 * Copy database src into dst whole, in ONE backup step: the destination is
 * written in one transaction (atomic), from one read of the source
 * (consistent).  Another process's lock is waited for up to wait seconds.
 */
static int backup_whole(sqlite3 *dst, sqlite3 *src, int wait, const char *what, struct om_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	struct timespec t0, now;
	int rc;

	if (!b)
		return om_error_set(err, OM_EXIT_FAILED, "%s: %s", what, sqlite3_errmsg(dst));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || now.tv_sec - t0.tv_sec >= wait)
			break;
		usleep(50000);
	}
	sqlite3_backup_finish(b);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return om_error_set(err, OM_EXIT_LOCKED, "%s: the database is locked by another process (waited %d s; "
				    "see --lock-timeout)", what, wait);
	if (rc != SQLITE_DONE)
		return om_error_set(err, OM_EXIT_FAILED, "%s: %s", what, sqlite3_errstr(rc));
	return 0;
}

static int sqlite_snapshot_save(struct om_conn *c, const struct om_dbtarget *t, const char *place,
				struct strbuf *method, struct strbuf *why, struct om_error *err)
{
	sqlite3 *dst = NULL;
	/* The name is claimed by creating the file: a save beside us of the same name finds it taken. */
	int fd = open(place, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc;

	if (fd < 0 && errno == EEXIST)
		return OM_SNAPSHOT_TAKEN;
	if (fd < 0)
		return om_error_set(err, OM_EXIT_FAILED, "cannot create \"%s\": %s", place, strerror(errno));
	close(fd);
	rc = sqlite3_open_v2(place, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		om_error_set(err, OM_EXIT_FAILED, "cannot create \"%s\": %s", place,
			     dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	rc = backup_whole(dst, c->db, t->wait, "cannot copy the database", err);
	if (sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = om_error_set(err, OM_EXIT_FAILED, "cannot close \"%s\"", place);
	strbuf_adds(method, "backup");
	strbuf_adds(why, "SQLite's online backup API, every page in one consistent step, into a file renamed "
			 "into place when complete");
	return rc;
}

/*
 * The backup API writes into the live file in one step, which SQLite makes
 * one transaction: atomic.  It cannot start inside our own transaction, so
 * the lock's is ended first; the backup takes the write lock itself.
 */
static int sqlite_snapshot_restore(struct om_conn *c, const struct om_dbtarget *t, const char *place,
				   const char *skip, struct strbuf *how, struct om_error *err)
{
	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(place, &src, SQLITE_OPEN_READONLY, NULL);

	(void)skip;
	if (rc != SQLITE_OK) {
		om_error_set(err, OM_EXIT_FAILED, "cannot open the snapshot \"%s\": %s", place,
			     src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		sqlite3_close(src);
		return -1;
	}
	sqlite_rollback(c);
	rc = backup_whole(c->db, src, t->wait, "cannot restore the database", err);
	sqlite3_close(src);
	strbuf_adds(how, "copied back whole with SQLite's backup API in one step: atomic (the file is either as it "
			 "was or the snapshot)");
	return rc;
}

/* ---- prepare/finish: change capture (online.c) ------------------------------------ */

/* INSERT INTO changes (om_op, cols) VALUES ('op', row.col, ...) for a trigger body. */
static void capture_insert(struct strbuf *sb, const char *changes, const char *op, const char *row,
			   const char *const *cols, size_t ncols)
{
	strbuf_adds(sb, " INSERT INTO ");
	sqlite_quote_ident(sb, changes);
	strbuf_adds(sb, " (\"om_op\"");
	for (size_t i = 0; i < ncols; i++) {
		strbuf_adds(sb, ", ");
		sqlite_quote_ident(sb, cols[i]);
	}
	strbuf_addf(sb, ") VALUES ('%s'", op);
	for (size_t i = 0; i < ncols; i++) {
		strbuf_addf(sb, ", %s.", row);
		sqlite_quote_ident(sb, cols[i]);
	}
	strbuf_adds(sb, ");");
}

/*
 * The triggers fire in OpenSER's own connections, where our C functions do
 * not exist: they copy raw values only.  om_seq is the rowid (INTEGER
 * PRIMARY KEY without AUTOINCREMENT, so that no sqlite_sequence row is
 * made): the next one is the largest plus one, and prepare keeps the
 * largest row when it trims the table, so a number is never given twice.
 */
static void sqlite_capture(struct om_conn *c, const char *table, const char *changes, const char *trg_prefix,
			   const char *const *cols, size_t ncols, struct om_strlist *out)
{
	static const char *const ev[3][2] = { { "i", "INSERT" }, { "u", "UPDATE" }, { "d", "DELETE" } };
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;

	(void)c;
	strbuf_adds(&sb, "CREATE TABLE IF NOT EXISTS ");
	sqlite_quote_ident(&sb, changes);
	strbuf_adds(&sb, " (\"om_seq\" INTEGER PRIMARY KEY, \"om_op\" TEXT NOT NULL");
	for (size_t i = 0; i < ncols; i++) {
		strbuf_adds(&sb, ", ");
		sqlite_quote_ident(&sb, cols[i]);
	}
	strbuf_addch(&sb, ')');
	om_strlist_add(out, sb.buf);
	for (int e = 0; e < 3; e++) {
		strbuf_reset(&sb);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", trg_prefix, ev[e][0]);
		strbuf_adds(&sb, "CREATE TRIGGER IF NOT EXISTS ");
		sqlite_quote_ident(&sb, name.buf);
		strbuf_addf(&sb, " AFTER %s ON ", ev[e][1]);
		sqlite_quote_ident(&sb, table);
		strbuf_adds(&sb, " FOR EACH ROW BEGIN");
		if (e >= 1)
			capture_insert(&sb, changes, "D", "OLD", cols, ncols);
		if (e <= 1)
			capture_insert(&sb, changes, "I", "NEW", cols, ncols);
		strbuf_adds(&sb, " END");
		om_strlist_add(out, sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
}

static void sqlite_drop_trigger(struct strbuf *sb, const char *table, const char *name)
{
	(void)table;
	strbuf_adds(sb, "DROP TRIGGER IF EXISTS ");
	sqlite_quote_ident(sb, name);
}

static void sqlite_triggers_query(struct om_conn *c, struct strbuf *sb, const char *table)
{
	strbuf_adds(sb, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ");
	sqlite_quote_string(c, sb, table);
	strbuf_adds(sb, " ORDER BY name");
}

static void sqlite_online_switch(struct strbuf *sb, const char *table)
{
	struct strbuf sh = STRBUF_INIT;

	strbuf_addf(&sh, "%s%s", OM_SHADOW_PREFIX, table);
	strbuf_adds(sb, "ALTER TABLE ");
	sqlite_quote_ident(sb, sh.buf);
	strbuf_adds(sb, " RENAME TO ");
	sqlite_quote_ident(sb, table);
	strbuf_release(&sh);
}

/* ---- the driver --------------------------------------------------------------------- */

const struct om_driver om_driver_sqlite = {
	.name = "sqlite",
	.engine = OM_ENGINE_SQLITE,
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.query = sqlite_query,
	.rollback = sqlite_rollback,
	.interrupt = sqlite_interrupt,
	.last_rows = sqlite_last_rows,
	.watch_inserts = sqlite_watch_inserts,
	.introspect = sqlite_introspect,
	.lock = sqlite_lock,
	.unlock = sqlite_unlock,
	.begin_read = sqlite_begin_read,
	.check_room = sqlite_check_room,
	.open_source = sqlite_open_source,
	.db_exists = sqlite_db_exists,
	.quote_ident = sqlite_quote_ident,
	.quote_string = sqlite_quote_string,
	.compare_types = sqlite_compare_types,
	.expected_table = sqlite_expected_table,
	.create_table = sqlite_create_table,
	.retire_table = sqlite_retire_table,
	.restore_table = sqlite_restore_table,
	.keep_counter = sqlite_keep_counter,
	.same = sqlite_same,
	.row_id = "rowid",
	.session_sql = sqlite_session_sql,
	.begin = "BEGIN IMMEDIATE",
	.ignore_word = "OR IGNORE ",
	.ignore_clause = "",
	.fn = sqlite_fns,
	.cut = sqlite_cut,
	.length = sqlite_length,
	.invalid = sqlite_invalid,
	.cut_at_nul = sqlite_cut_at_nul,
	.now = sqlite_now,
	.exact_text = sqlite_exact_text,
	.snapshot_save = sqlite_snapshot_save,
	.snapshot_restore = sqlite_snapshot_restore,
	.capture = sqlite_capture,
	.drop_trigger = sqlite_drop_trigger,
	.triggers_query = sqlite_triggers_query,
	.online_switch = sqlite_online_switch,
};
