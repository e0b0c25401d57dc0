/*
 * snapshot.c: snapshots of a whole database (snapshot.h).  The policy is
 * here once: names and places, the marker that makes a copy a snapshot
 * (written last, or a file renamed into place), listing, the comparison
 * of catalogs and of rows (SHA-256 over rows read in the order of all
 * their columns), and the examples of rows that differ.  How an engine
 * copies, restores or drops a database is its driver's (driver.h).
 */
#include "snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "report.h"

/* The suffix of a snapshot file being written (engines of files). */
#define PARTIAL ".partial"
/* How many rows of a differing table are named on each side. */
#define EXAMPLES 3

static bool files(const struct om_driver *drv)
{
	return !drv->list_databases;
}

void om_snapshot_release(struct om_snapshot *s)
{
	free(s->name);
	free(s->place);
	free(s->taken);
	free(s->method);
	free(s->why);
	free(s->version);
	free(s->source);
	memset(s, 0, sizeof(*s));
}

void om_snapshot_list_release(struct om_snapshot_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		om_snapshot_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- names and places -------------------------------------------------------------- */

static void place_prefix(const struct om_driver *drv, const struct om_dbtarget *t, struct strbuf *sb)
{
	if (files(drv))
		strbuf_addf(sb, "%s.snapshot-", t->path ? t->path : "");
	else
		strbuf_addf(sb, "%s__snap_", t->db ? t->db : "");
}

char *om_snapshot_place(const struct om_driver *drv, const struct om_dbtarget *t, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	place_prefix(drv, t, &sb);
	strbuf_adds(&sb, name);
	return strbuf_detach(&sb);
}

static bool name_char(char ch, bool first)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
		return true;
	return !first && (ch == '_' || ch == '-');
}

int om_snapshot_check_name(const struct om_driver *drv, const struct om_dbtarget *t, const char *name,
			   struct om_error *err)
{
	size_t n = strlen(name);
	char *place;
	int rc = 0;

	if (!n)
		return om_error_set(err, OM_EXIT_USAGE, "a snapshot name is needed (letters, digits, '_' and '-')");
	if (n > OM_SNAPSHOT_NAME_MAX)
		return om_error_set(err, OM_EXIT_USAGE, "snapshot name \"%.60s%s\" is too long: at most %d characters",
				    name, n > 60 ? "..." : "", OM_SNAPSHOT_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (!name_char(name[i], i == 0))
			return om_error_set(err, OM_EXIT_USAGE,
					    "snapshot name \"%s\" is not a short safe word: only letters, digits, '_' "
					    "and '-' (not first)", name);
	if (!files(drv) && (!t->db || !*t->db))
		return om_error_set(err, OM_EXIT_USAGE, "snapshots need the database's name in -d or DBNAME");
	place = om_snapshot_place(drv, t, name);
	if (drv->check_db_name && drv->check_db_name(place, err)) {
		om_error_prefix(err, "snapshot name \"%s\" is too long for database \"%s\"", name, t->db);
		rc = -1;
	}
	free(place);
	return rc;
}

/* ---- the marker ---------------------------------------------------------------------- */

static int open_place(const struct om_driver *drv, const struct om_dbtarget *t, const char *place, unsigned flags,
		      struct om_conn **out, struct om_error *err)
{
	struct om_dbtarget pt = *t;

	if (files(drv))
		pt.path = (char *)place;
	else
		pt.db = (char *)place;
	return drv->open(out, &pt, flags, err);
}

static void utc_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The statements that mark the copy at place as snapshot s (a table of one row). */
static void marker_sql(const struct om_driver *drv, struct om_conn *c, const struct om_snapshot *s,
		       struct om_strlist *out)
{
	static const char *const cols[] = { "name", "taken", "method", "why", "version", "source" };
	const char *vals[] = { s->name, s->taken, s->method, s->why, s->version, s->source };
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "CREATE TABLE ");
	drv->quote_ident(&sb, OM_SNAPSHOT_TABLE);
	for (size_t i = 0; i < 6; i++) {
		strbuf_adds(&sb, i ? ", " : " (");
		drv->quote_ident(&sb, cols[i]);
		strbuf_adds(&sb, " text");
	}
	strbuf_addch(&sb, ')');
	om_strlist_add(out, sb.buf);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "INSERT INTO ");
	drv->quote_ident(&sb, OM_SNAPSHOT_TABLE);
	for (size_t i = 0; i < 6; i++) {
		strbuf_adds(&sb, i ? ", " : " VALUES (");
		drv->quote_string(c, &sb, vals[i]);
	}
	strbuf_addch(&sb, ')');
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
}

static int write_marker(const struct om_driver *drv, const struct om_dbtarget *t, const char *at,
			const struct om_snapshot *s, struct om_error *err)
{
	struct om_conn *c;
	struct om_strlist stmts;
	int rc = 0;

	if (open_place(drv, t, at, 0, &c, err))
		return -1;
	om_strlist_init(&stmts);
	marker_sql(drv, c, s, &stmts);
	for (size_t i = 0; !rc && i < stmts.n; i++)
		rc = drv->exec(c, stmts.v[i], err);
	om_strlist_release(&stmts);
	drv->close(c);
	return rc;
}

static int marker_row(void *ud, int n, const char *const *v)
{
	struct om_snapshot *s = ud;

	if (n < 6 || s->complete)
		return 1;
	s->complete = true;
	s->taken = om_xstrdup(v[1] ? v[1] : "?");
	s->method = om_xstrdup(v[2] ? v[2] : "?");
	s->why = om_xstrdup(v[3] ? v[3] : "");
	s->version = om_xstrdup(v[4] ? v[4] : "unknown");
	s->source = om_xstrdup(v[5] ? v[5] : "");
	return 1;
}

/* Read the marker of the copy at s->place: none (or no copy at all) leaves s incomplete. */
static void read_marker(const struct om_driver *drv, const struct om_dbtarget *t, struct om_snapshot *s)
{
	struct strbuf q = STRBUF_INIT;
	struct om_conn *c;
	struct om_error e;

	om_error_clear(&e);
	if (open_place(drv, t, s->place, OM_OPEN_READONLY, &c, &e))
		return;
	strbuf_adds(&q, "SELECT * FROM ");
	drv->quote_ident(&q, OM_SNAPSHOT_TABLE);
	if (drv->query(c, q.buf, marker_row, s, &e))
		om_error_clear(&e);
	drv->close(c);
	strbuf_release(&q);
}

/* ---- list ------------------------------------------------------------------------------- */

/* The files beside the database whose path starts with prefix. */
static int list_files(const char *prefix, struct om_strlist *out, struct om_error *err)
{
	const char *slash = strrchr(prefix, '/');
	char *dir = slash ? om_xstrndup(prefix, (size_t)(slash - prefix) + (slash == prefix)) : om_xstrdup(".");
	const char *base = slash ? slash + 1 : prefix;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		om_error_set(err, OM_EXIT_FAILED, "cannot list the directory \"%s\": %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, base, strlen(base)))
			om_strlist_addf(out, "%s%s%s", slash ? dir : "", slash && strcmp(dir, "/") ? "/" : "",
					e->d_name);
	closedir(d);
	free(dir);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct om_snapshot *)a)->name, ((const struct om_snapshot *)b)->name);
}

int om_snapshot_list(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     struct om_snapshot_list *out, struct om_error *err)
{
	struct strbuf prefix = STRBUF_INIT;
	struct om_strlist places;
	struct om_error e;
	int rc;

	memset(out, 0, sizeof(*out));
	om_strlist_init(&places);
	place_prefix(drv, t, &prefix);
	rc = files(drv) ? list_files(prefix.buf, &places, err) : drv->list_databases(c, prefix.buf, &places, err);
	for (size_t i = 0; !rc && i < places.n; i++) {
		const char *rest = places.v[i] + prefix.len;
		size_t n = strlen(rest);
		bool partial = n > strlen(PARTIAL) && !strcmp(rest + n - strlen(PARTIAL), PARTIAL);
		struct om_snapshot s;
		char *name = om_xstrndup(rest, partial ? n - strlen(PARTIAL) : n);

		om_error_clear(&e);
		/* Only names this tool gives: anything else beside the database is not ours. */
		if (om_snapshot_check_name(drv, t, name, &e)) {
			free(name);
			continue;
		}
		memset(&s, 0, sizeof(s));
		s.name = name;
		s.place = om_xstrdup(places.v[i]);
		if (!partial)
			read_marker(drv, t, &s);
		out->v = om_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = s;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
	om_strlist_release(&places);
	strbuf_release(&prefix);
	return rc;
}

int om_snapshot_find(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t, const char *name,
		     struct om_snapshot *out, bool *found, struct om_error *err)
{
	struct om_snapshot_list l;

	*found = false;
	memset(out, 0, sizeof(*out));
	if (om_snapshot_list(drv, c, t, &l, err))
		return -1;
	/* A complete snapshot wins over the leftover of a killed save of the same name. */
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].name, name) && (!*found || l.v[i].complete)) {
			if (*found)
				om_snapshot_release(out);
			*out = l.v[i];
			memset(&l.v[i], 0, sizeof(l.v[i]));
			*found = true;
		}
	om_snapshot_list_release(&l);
	return 0;
}

/* ---- save, restore, drop ------------------------------------------------------------------- */

int om_snapshot_drop(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     const struct om_snapshot *s, struct om_error *err)
{
	(void)t;
	if (!files(drv))
		return drv->drop_database(c, s->place, err);
	if (unlink(s->place) != 0 && errno != ENOENT)
		return om_error_set(err, OM_EXIT_FAILED, "cannot remove \"%s\": %s", s->place, strerror(errno));
	return 0;
}

/* A leftover of a killed save of name goes; a complete snapshot of that name refuses the save. */
static int clear_the_way(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
			 const char *name, struct om_error *err)
{
	struct om_snapshot old;
	bool found;
	int rc = 0;

	if (om_snapshot_find(drv, c, t, name, &old, &found, err))
		return -1;
	if (found && old.complete)
		rc = om_error_set(err, OM_EXIT_REFUSED,
				  "snapshot \"%s\" exists (taken %s UTC): drop it first, or choose another name", name,
				  old.taken);
	else if (found)
		rc = om_snapshot_drop(drv, c, t, &old, err);
	om_snapshot_release(&old);
	return rc;
}

int om_snapshot_save(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t, const char *name,
		     const char *version, om_snapshot_step_fn step, void *ud, struct om_snapshot *out,
		     struct om_error *err)
{
	struct strbuf method = STRBUF_INIT, why = STRBUF_INIT, at = STRBUF_INIT;
	char taken[32];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (om_snapshot_check_name(drv, t, name, err) || clear_the_way(drv, c, t, name, err))
		return -1;
	out->name = om_xstrdup(name);
	out->place = om_snapshot_place(drv, t, name);
	/* A file is written under another name and renamed when complete: a killed save is never a snapshot. */
	strbuf_addf(&at, "%s%s", out->place, files(drv) ? PARTIAL : "");
	if (drv->snapshot_save(c, t, at.buf, &method, &why, err)) {
		struct om_snapshot partial = { NULL, at.buf, NULL, NULL, NULL, NULL, NULL, false };
		struct om_error e;

		om_error_clear(&e);
		om_snapshot_drop(drv, c, t, &partial, &e);
		goto out;
	}
	if (step)
		step("snapshot-copied", ud);
	utc_now(taken);
	out->taken = om_xstrdup(taken);
	out->method = strbuf_detach(&method);
	out->why = strbuf_detach(&why);
	out->version = om_xstrdup(version ? version : "unknown");
	out->source = om_xstrdup(files(drv) ? t->path : t->db);
	if (write_marker(drv, t, at.buf, out, err))
		goto out;
	if (files(drv) && rename(at.buf, out->place) != 0) {
		om_error_set(err, OM_EXIT_FAILED, "cannot rename \"%s\" to \"%s\": %s", at.buf, out->place,
			     strerror(errno));
		goto out;
	}
	out->complete = true;
	rc = 0;
out:
	strbuf_release(&method);
	strbuf_release(&why);
	strbuf_release(&at);
	return rc;
}

int om_snapshot_restore(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
			const struct om_snapshot *s, struct strbuf *how, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	if (drv->snapshot_restore(c, t, s->place, OM_SNAPSHOT_TABLE, how, err))
		return -1;
	/* An engine that copies the file whole brings the marker along: it is no part of the database. */
	strbuf_adds(&q, "DROP TABLE IF EXISTS ");
	drv->quote_ident(&q, OM_SNAPSHOT_TABLE);
	rc = drv->exec(c, q.buf, err);
	strbuf_release(&q);
	return rc;
}

/* ---- diff -------------------------------------------------------------------------------------- */

void om_snapdiff_release(struct om_snapdiff *d)
{
	om_strlist_release(&d->schema);
	om_strlist_release(&d->own);
	for (size_t i = 0; i < d->ntables; i++) {
		free(d->tables[i].name);
		om_strlist_release(&d->tables[i].examples);
	}
	free(d->tables);
	memset(d, 0, sizeof(*d));
}

static bool any_table(const char *table, void *ud)
{
	(void)table;
	(void)ud;
	return true;
}

/* Are all columns of index k in table t? */
static bool has_cols(const struct om_ctable *t, const struct om_cindex *k)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (!om_ctable_col(t, k->cols[i]))
			return false;
	return true;
}

/*
 * The columns that name a row in an example, present on both sides: the
 * primary key, else a unique key, else the first three columns.
 */
static void key_of(const struct om_ctable *t, const struct om_ctable *other, struct om_strlist *out)
{
	const struct om_cindex *k = NULL;

	for (int pass = 0; pass < 2 && !k; pass++)
		for (size_t i = 0; i < t->nidx && !k; i++)
			if (t->idx[i].kind == (pass ? OM_KEY_UNIQUE : OM_KEY_PRIMARY) && has_cols(other, &t->idx[i]))
				k = &t->idx[i];
	if (k) {
		for (size_t i = 0; i < k->ncols; i++)
			om_strlist_add(out, k->cols[i]);
		return;
	}
	for (size_t i = 0; i < t->ncols && out->n < 3; i++)
		if (om_ctable_col(other, t->cols[i].name))
			om_strlist_add(out, t->cols[i].name);
}

/*
 * The rows of t: each column as exact text, ordered by all of them (a
 * total order, whatever the collations), then the key columns as they are.
 */
static void rows_sql(const struct om_driver *drv, const struct om_ctable *t, const struct om_strlist *key,
		     struct strbuf *q)
{
	struct strbuf id = STRBUF_INIT;
	size_t n = t->ncols ? t->ncols : 1;

	strbuf_adds(q, "SELECT ");
	if (!t->ncols) {
		drv->quote_ident(&id, "om_t");
		drv->exact_text(q, id.buf);
	}
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_reset(&id);
		drv->quote_ident(&id, t->cols[i].name);
		strbuf_adds(q, i ? ", " : "");
		drv->exact_text(q, id.buf);
	}
	for (size_t i = 0; key && i < key->n; i++) {
		strbuf_adds(q, ", ");
		drv->quote_ident(q, key->v[i]);
	}
	strbuf_adds(q, " FROM ");
	drv->quote_ident(q, t->name);
	strbuf_adds(q, " ");
	drv->quote_ident(q, "om_t");
	strbuf_adds(q, " ORDER BY ");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(q, "%s%zu", i ? ", " : "", i + 1);
	strbuf_release(&id);
}

/* A row into h: each value with its length (NULL apart), so that no two rows hash alike by accident. */
static void hash_row(struct om_sha256 *h, int n, const char *const *v)
{
	for (int i = 0; i < n; i++) {
		unsigned char hdr[9];
		size_t len;

		if (!v[i]) {
			om_sha256_update(h, "N", 1);
			continue;
		}
		len = strlen(v[i]);
		hdr[0] = 'V';
		for (int k = 0; k < 8; k++)
			hdr[1 + k] = (unsigned char)((uint64_t)len >> (8 * k));
		om_sha256_update(h, hdr, sizeof(hdr));
		om_sha256_update(h, v[i], len);
	}
	om_sha256_update(h, "R", 1);
}

struct rowsum {
	struct om_sha256 h;
	long long rows;
};

static int sum_row(void *ud, int n, const char *const *v)
{
	struct rowsum *s = ud;

	s->rows++;
	hash_row(&s->h, n, v);
	return 0;
}

static int table_sum(const struct om_driver *drv, struct om_conn *c, const struct om_ctable *t, long long *rows,
		     char sum[65], struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct rowsum s;
	unsigned char d[32];
	int rc;

	om_sha256_init(&s.h);
	s.rows = 0;
	rows_sql(drv, t, NULL, &q);
	rc = drv->query(c, q.buf, sum_row, &s, err);
	strbuf_release(&q);
	if (rc)
		return om_error_prefix(err, "cannot read the rows of \"%s\"", t->name);
	om_sha256_final(&s.h, d);
	om_hex(d, 32, sum);
	*rows = s.rows;
	return 0;
}

/*
 * Finding the rows one side has and the other has not: the other side's
 * row digests, sorted (a multiset: a duplicate row counts twice), then
 * this side's rows looked up in them.  Only for a table that differs;
 * 8 bytes a row.
 */
struct probe {
	int ncols;               /* the row's columns; the key's follow */
	const struct om_strlist *key;
	bool collect;
	uint64_t *v;
	unsigned char *used;
	size_t n, alloc;
	long long unmatched;
	struct om_strlist examples;
};

static uint64_t row_digest(int n, const char *const *v)
{
	struct om_sha256 h;
	unsigned char d[32];
	uint64_t x = 0;

	om_sha256_init(&h);
	hash_row(&h, n, v);
	om_sha256_final(&h, d);
	for (int i = 0; i < 8; i++)
		x = x << 8 | d[i];
	return x;
}

/* A value for a message: printable ASCII as it is, anything else \xNN, cut at 40 bytes. */
static void add_printable(struct strbuf *sb, const char *s)
{
	size_t i;

	if (!s) {
		strbuf_adds(sb, "NULL");
		return;
	}
	for (i = 0; s[i] && i < 40; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch >= 0x7f)
			strbuf_addf(sb, "\\x%02X", ch);
		else
			strbuf_addch(sb, (char)ch);
	}
	if (s[i])
		strbuf_adds(sb, "...");
}

static void key_text(const struct probe *p, int n, const char *const *v, struct strbuf *sb)
{
	if (!p->key->n) {
		add_printable(sb, n ? v[0] : NULL);
		return;
	}
	for (size_t i = 0; i < p->key->n && p->ncols + (int)i < n; i++) {
		strbuf_addf(sb, "%s%s=", i ? ", " : "", p->key->v[i]);
		add_printable(sb, v[p->ncols + (int)i]);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int probe_row(void *ud, int n, const char *const *v)
{
	struct probe *p = ud;
	uint64_t d = row_digest(n < p->ncols ? n : p->ncols, v);
	size_t lo = 0, hi = p->n;

	if (p->collect) {
		if (p->n == p->alloc) {
			p->alloc = p->alloc ? 2 * p->alloc : 1024;
			p->v = om_xrealloc(p->v, p->alloc * sizeof(*p->v));
		}
		p->v[p->n++] = d;
		return 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->v[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < p->n && p->v[lo] == d && p->used[lo])
		lo++;
	if (lo < p->n && p->v[lo] == d) {
		p->used[lo] = 1;
		return 0;
	}
	p->unmatched++;
	if (p->examples.n < EXAMPLES) {
		struct strbuf sb = STRBUF_INIT;

		key_text(p, n, v, &sb);
		om_strlist_add(&p->examples, sb.buf);
		strbuf_release(&sb);
	}
	return 0;
}

/* The rows of `here` that `there` lacks: their number and up to EXAMPLES keys into p. */
static int rows_missing(const struct om_driver *drv, struct om_conn *here, const struct om_ctable *th,
			struct om_conn *there, const struct om_ctable *tt, const struct om_strlist *key,
			struct probe *p, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	memset(p, 0, sizeof(*p));
	om_strlist_init(&p->examples);
	p->key = key;
	p->collect = true;
	p->ncols = (int)(tt->ncols ? tt->ncols : 1);
	rows_sql(drv, tt, NULL, &q);
	rc = drv->query(there, q.buf, probe_row, p, err);
	if (!rc) {
		if (p->n)
			qsort(p->v, p->n, sizeof(*p->v), cmp_u64);
		p->used = om_xcalloc(p->n ? p->n : 1, 1);
		p->collect = false;
		p->ncols = (int)(th->ncols ? th->ncols : 1);
		strbuf_reset(&q);
		rows_sql(drv, th, key, &q);
		rc = drv->query(here, q.buf, probe_row, p, err);
	}
	free(p->v);
	free(p->used);
	strbuf_release(&q);
	return rc;
}

/* Name the rows that differ: a key on both sides is a changed row. */
static int examples(const struct om_driver *drv, struct om_conn *c, const struct om_ctable *lt, struct om_conn *sc,
		    const struct om_ctable *st, struct om_snapdiff_table *out, struct om_error *err)
{
	struct om_strlist key;
	struct probe here, there;
	int rc;

	om_strlist_init(&key);
	key_of(lt, st, &key);
	rc = rows_missing(drv, c, lt, sc, st, &key, &here, err);
	if (!rc)
		rc = rows_missing(drv, sc, st, c, lt, &key, &there, err);
	else
		om_strlist_init(&there.examples);
	if (!rc) {
		out->live_only = here.unmatched;
		out->snapshot_only = there.unmatched;
		for (size_t i = 0; i < here.examples.n; i++)
			om_strlist_addf(&out->examples, "%s: %s", om_strlist_has(&there.examples, here.examples.v[i]) ?
					"changed" : "only in the live database", here.examples.v[i]);
		for (size_t i = 0; i < there.examples.n; i++)
			if (!om_strlist_has(&here.examples, there.examples.v[i]))
				om_strlist_addf(&out->examples, "only in the snapshot: %s", there.examples.v[i]);
	}
	om_strlist_release(&here.examples);
	om_strlist_release(&there.examples);
	om_strlist_release(&key);
	return rc;
}

static int compare_table(const struct om_driver *drv, struct om_conn *c, const struct om_ctable *lt,
			 struct om_conn *sc, const struct om_ctable *st, struct om_snapdiff_table *out,
			 struct om_error *err)
{
	out->in_live = lt != NULL;
	out->in_snapshot = st != NULL;
	if (lt && table_sum(drv, c, lt, &out->live_rows, out->live_sum, err))
		return -1;
	if (st && table_sum(drv, sc, st, &out->snapshot_rows, out->snapshot_sum, err))
		return -1;
	out->same = lt && st && out->live_rows == out->snapshot_rows && !strcmp(out->live_sum, out->snapshot_sum);
	if (out->same || !lt || !st)
		return 0;
	return examples(drv, c, lt, sc, st, out, err);
}

/* What the catalog comparison does not see: MySQL's storage engine and collation of a table. */
static void storage_diff(const struct om_catalog *snap, const struct om_catalog *live, struct om_strlist *out)
{
	for (size_t i = 0; i < live->ntables; i++) {
		const struct om_ctable *l = &live->tables[i], *s = om_catalog_table(snap, l->name);

		if (!s)
			continue;
		if (l->engine && s->engine && strcmp(l->engine, s->engine))
			om_strlist_addf(out, "table \"%s\": engine %s, %s in the snapshot", l->name, l->engine, s->engine);
		if (l->collation && s->collation && strcmp(l->collation, s->collation))
			om_strlist_addf(out, "table \"%s\": collation %s, %s in the snapshot", l->name, l->collation,
					s->collation);
	}
}

static int compare_rows(const struct om_driver *drv, struct om_conn *c, const struct om_catalog *live,
			struct om_conn *sc, const struct om_catalog *snap, struct om_snapdiff *out, struct om_error *err)
{
	struct om_strlist names;
	int rc = 0;

	om_strlist_init(&names);
	for (size_t i = 0; i < live->ntables; i++)
		om_strlist_add_unique(&names, live->tables[i].name);
	for (size_t i = 0; i < snap->ntables; i++)
		om_strlist_add_unique(&names, snap->tables[i].name);
	om_strlist_sort(&names);
	out->tables = om_xcalloc(names.n ? names.n : 1, sizeof(*out->tables));
	for (size_t i = 0; !rc && i < names.n; i++) {
		struct om_snapdiff_table *dt = &out->tables[out->ntables++];

		dt->name = om_xstrdup(names.v[i]);
		om_strlist_init(&dt->examples);
		rc = compare_table(drv, c, om_catalog_table(live, names.v[i]), sc, om_catalog_table(snap, names.v[i]), dt,
				   err);
		if (!dt->same)
			out->identical = false;
	}
	om_strlist_release(&names);
	return rc;
}

/*
 * The tool's own tables record the runs (a rollback after the snapshot
 * adds to its history): not part of the database compared.
 */
static void leave_out_own(struct om_catalog *cat, struct om_strlist *own)
{
	for (size_t i = 0; i < cat->ntables;) {
		if (strncmp(cat->tables[i].name, OM_OWN_PREFIX, strlen(OM_OWN_PREFIX))) {
			i++;
			continue;
		}
		om_strlist_add_unique(own, cat->tables[i].name);
		om_catalog_remove_table(cat, cat->tables[i].name);
	}
}

int om_snapshot_diff(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     const struct om_snapshot *s, struct om_snapdiff *out, struct om_error *err)
{
	struct om_catalog live, snap;
	struct om_conn *sc = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	om_strlist_init(&out->schema);
	om_strlist_init(&out->own);
	om_catalog_init(&live);
	om_catalog_init(&snap);
	if (open_place(drv, t, s->place, OM_OPEN_READONLY, &sc, err))
		goto out;
	if (drv->introspect(c, NULL, &live, err) || drv->introspect(sc, NULL, &snap, err))
		goto out;
	om_catalog_remove_table(&live, OM_SNAPSHOT_TABLE);
	om_catalog_remove_table(&snap, OM_SNAPSHOT_TABLE);
	leave_out_own(&live, &out->own);
	leave_out_own(&snap, &out->own);
	om_strlist_sort(&out->own);
	/* Exactly: types by their spelling, every table (the retained ones too). */
	om_catalog_diff(&snap, &live, any_table, NULL, &out->schema);
	storage_diff(&snap, &live, &out->schema);
	out->identical = !out->schema.n;
	rc = compare_rows(drv, c, &live, sc, &snap, out, err);
out:
	if (sc)
		drv->close(sc);
	om_catalog_release(&live);
	om_catalog_release(&snap);
	return rc;
}

/* ---- reports ------------------------------------------------------------------------------------- */

static void json_str_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		om_json_string(sb, s);
	else
		strbuf_adds(sb, "null");
}

void om_snapshot_json(struct strbuf *sb, const struct om_snapshot *s)
{
	strbuf_adds(sb, "{\"name\": ");
	om_json_string(sb, s->name);
	strbuf_adds(sb, ", \"place\": ");
	om_json_string(sb, s->place);
	strbuf_addf(sb, ", \"complete\": %s, \"taken\": ", s->complete ? "true" : "false");
	json_str_or_null(sb, s->taken);
	strbuf_adds(sb, ", \"method\": ");
	json_str_or_null(sb, s->method);
	strbuf_adds(sb, ", \"why\": ");
	json_str_or_null(sb, s->why);
	strbuf_adds(sb, ", \"version\": ");
	json_str_or_null(sb, s->version);
	strbuf_adds(sb, "}");
}

void om_snapdiff_text(struct strbuf *sb, const struct om_snapdiff *d)
{
	if (d->own.n) {
		strbuf_adds(sb, "  not compared: the tool's own tables, which record its runs (");
		for (size_t i = 0; i < d->own.n; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", d->own.v[i]);
		strbuf_adds(sb, ")\n");
	}
	for (size_t i = 0; i < d->schema.n; i++)
		strbuf_addf(sb, "  catalog: %s\n", d->schema.v[i]);
	for (size_t i = 0; i < d->ntables; i++) {
		const struct om_snapdiff_table *t = &d->tables[i];

		if (t->same)
			continue;
		if (!t->in_live)
			strbuf_addf(sb, "  table %s: only in the snapshot (%lld rows)\n", t->name, t->snapshot_rows);
		else if (!t->in_snapshot)
			strbuf_addf(sb, "  table %s: only in the live database (%lld rows)\n", t->name, t->live_rows);
		else
			strbuf_addf(sb, "  table %s: rows differ: %lld here, %lld in the snapshot; %lld only here, "
				    "%lld only in the snapshot\n", t->name, t->live_rows, t->snapshot_rows, t->live_only,
				    t->snapshot_only);
		for (size_t k = 0; k < t->examples.n; k++)
			strbuf_addf(sb, "    %s\n", t->examples.v[k]);
	}
}

void om_snapdiff_json(struct strbuf *sb, const struct om_snapdiff *d)
{
	strbuf_addf(sb, "\"identical\": %s, \"not_compared\": [", d->identical ? "true" : "false");
	for (size_t i = 0; i < d->own.n; i++) {
		strbuf_adds(sb, i ? ", " : "");
		om_json_string(sb, d->own.v[i]);
	}
	strbuf_adds(sb, "], \"catalog\": [");
	for (size_t i = 0; i < d->schema.n; i++) {
		strbuf_adds(sb, i ? ", " : "");
		om_json_string(sb, d->schema.v[i]);
	}
	strbuf_adds(sb, "], \"tables\": [");
	for (size_t i = 0; i < d->ntables; i++) {
		const struct om_snapdiff_table *t = &d->tables[i];

		strbuf_adds(sb, i ? ", {\"table\": " : "{\"table\": ");
		om_json_string(sb, t->name);
		strbuf_addf(sb, ", \"same\": %s, \"live_rows\": ", t->same ? "true" : "false");
		if (t->in_live)
			strbuf_addf(sb, "%lld, \"live_sha256\": \"%s\"", t->live_rows, t->live_sum);
		else
			strbuf_adds(sb, "null, \"live_sha256\": null");
		strbuf_adds(sb, ", \"snapshot_rows\": ");
		if (t->in_snapshot)
			strbuf_addf(sb, "%lld, \"snapshot_sha256\": \"%s\"", t->snapshot_rows, t->snapshot_sum);
		else
			strbuf_adds(sb, "null, \"snapshot_sha256\": null");
		strbuf_addf(sb, ", \"live_only\": %lld, \"snapshot_only\": %lld, \"examples\": [", t->live_only,
			    t->snapshot_only);
		for (size_t k = 0; k < t->examples.n; k++) {
			strbuf_adds(sb, k ? ", " : "");
			om_json_string(sb, t->examples.v[k]);
		}
		strbuf_adds(sb, "]}");
	}
	strbuf_adds(sb, "]");
}
