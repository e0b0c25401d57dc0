/*
 * render.c: the scripts of upgrade and migrate, for every engine
 * (render.h).  Two policies, chosen by what the driver can do:
 *
 * - one transaction (engines with transactional DDL): each changed table
 *   is retired under its retained name and the new one is built under the
 *   real name; the version rows and the history are written last and the
 *   result is verified just before COMMIT;
 * - shadows and a switch (engines whose DDL commits at once): every
 *   changed table and a new version table are built beside the live ones,
 *   each step journaled with its source's row count so that a killed run
 *   resumes, then ONE statement renames them all in; the result is
 *   verified right after it and the switch is undone on failure.
 *
 * migrate builds every table in the new database the same way, without
 * retiring or switching anything.
 */
#include "render.h"
#include "online.h"
#include "tripwire.h"

#include <stdlib.h>
#include <string.h>

/*
 * The migrator's own tables, in the plan format (plans/README.md): the
 * history of runs and the journal of completed steps.  Each driver renders
 * them like any table.
 */
static const char own_tables[] =
	"schema openser_migrate\n"
	"title \"the tables of openser-migrate itself\"\n"
	"class core\n"
	"table openser_migrate_history\n"
	"  column id       int(10) unsigned not null  sqlite: type integer\n"
	"  column plan     varchar(64) not null\n"
	"  column checksum varchar(64) not null\n"
	"  column engine   varchar(16) not null\n"
	"  column command  varchar(16) not null\n"
	"  column options  varchar(255) not null default ''\n"
	"  column source   varchar(255) null  pgsql: type text  sqlite: type text\n"
	"  column tool     varchar(32) not null\n"
	"  column started  varchar(19) not null\n"
	"  column finished varchar(19) null\n"
	"  column status   varchar(16) not null\n"
	"  primary key (id)\n"
	"end\n"
	"table openser_migrate_journal\n"
	"  column run         int(10) unsigned not null  sqlite: type integer\n"
	"  column step        int(10) unsigned not null  sqlite: type integer\n"
	"  column name        varchar(128) not null\n"
	"  column finished    varchar(19) not null\n"
	"  column source_rows bigint(20) null  sqlite: type integer\n"
	"  column source_digest varchar(64) null\n"
	"  primary key (run, step)\n"
	"end\n"
	"table openser_migrate_drift\n"
	"  column run        int(10) unsigned not null  sqlite: type integer\n"
	"  column kind       varchar(32) not null\n"
	"  column table_name varchar(64) not null\n"
	"  column name       varchar(64) not null default ''\n"
	"  primary key (run, kind, table_name, name)\n"
	"end\n"
	"table openser_migrate_version\n"
	"  column run           int(10) unsigned not null  sqlite: type integer\n"
	"  column table_name    varchar(64) not null\n"
	"  column table_version int(10) null  sqlite: type integer\n"
	"  primary key (run, table_name)\n"
	"end\n";

struct render {
	const struct om_plan *p;
	const struct om_driver *drv;
	struct om_conn *c;
	struct om_script *s;
	bool txn;       /* the whole run is one transaction */
	bool shadows;   /* in place, on an engine whose DDL commits at once */
	bool migrate;
	/* --jobs in one transaction (PostgreSQL): each step's job (0 the run's own), how many have work. */
	int *job;
	int used;
};

/* ---- small pieces --------------------------------------------------------------- */

static void add_list(struct render *r, enum om_stmt_kind kind, struct om_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		om_script_add(r->s, kind, l->v[i]);
	om_strlist_release(l);
}

static void add_comment(struct render *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_comment(struct render *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	om_script_take(r->s, OM_STMT_COMMENT, &sb);
}

/* `table` of database db (NULL: the one connected to), quoted. */
static void qualified(struct strbuf *sb, const struct om_driver *drv, const char *db, const char *table)
{
	if (db) {
		drv->quote_ident(sb, db);
		strbuf_addch(sb, '.');
	}
	drv->quote_ident(sb, table);
}

static void ident_list(struct strbuf *sb, const struct om_driver *drv, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		drv->quote_ident(sb, names[i]);
	}
}

static bool every_class(const char *cls, void *ud)
{
	(void)cls;
	(void)ud;
	return true;
}

/* The statements that build d through the driver, around an optional load. */
static void create_table(struct render *r, const struct om_tabledef *d, struct om_strlist *after)
{
	struct om_strlist before;

	om_strlist_init(&before);
	om_strlist_init(after);
	r->drv->create_table(r->c, d, &before, after);
	add_list(r, OM_STMT_SQL, &before);
}

/* ---- expressions ---------------------------------------------------------------- */

/* The arguments of a call, rendered. */
struct rargs {
	struct strbuf *sb;
	const char **v;
	size_t n;
};

static void rargs_render(struct rargs *a, const struct om_plan *p, struct om_conn *c, const struct om_expr *e)
{
	a->n = e->nargs;
	a->sb = om_xcalloc(a->n ? a->n : 1, sizeof(*a->sb));
	a->v = om_xcalloc(a->n ? a->n : 1, sizeof(*a->v));
	for (size_t i = 0; i < a->n; i++) {
		strbuf_init(&a->sb[i]);
		om_render_expr(&a->sb[i], p, c, e->args[i]);
		a->v[i] = a->sb[i].buf;
	}
}

static void rargs_release(struct rargs *a)
{
	for (size_t i = 0; i < a->n; i++)
		strbuf_release(&a->sb[i]);
	free(a->sb);
	free(a->v);
}

/* "(x is set)": neither NULL nor '' (NULL itself for NULL, false in a WHEN). */
static void add_is_set(struct strbuf *sb, const struct om_driver *drv, const char *x)
{
	strbuf_addch(sb, '(');
	drv->length(sb, x);
	strbuf_adds(sb, " > 0)");
}

/*
 * ha1(user, domain, password) and ha1b: the lower-case hex MD5 of
 * "user:domain:password" (ha1b: "user@domain:domain:password") through
 * the driver's concat and md5, so in the bytes that engine's md5 hashes;
 * '' when the password is not set (no hash is made of an empty password)
 * or the text is NULL.
 */
static void render_digest(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, bool b,
			  const char *const *a)
{
	const struct om_driver *drv = p->drv;
	struct strbuf at = STRBUF_INIT, colon = STRBUF_INIT, text = STRBUF_INIT;
	const char *parts[7];
	size_t n = 0;

	drv->quote_string(c, &at, "@");
	drv->quote_string(c, &colon, ":");
	parts[n++] = a[0];
	if (b) {
		parts[n++] = at.buf;
		parts[n++] = a[1];
	}
	parts[n++] = colon.buf;
	parts[n++] = a[1];
	parts[n++] = colon.buf;
	parts[n++] = a[2];
	drv->fn[OM_FN_concat](&text, parts, n);
	strbuf_adds(sb, "CASE WHEN ");
	add_is_set(sb, drv, a[2]);
	strbuf_adds(sb, " THEN COALESCE(");
	drv->fn[OM_FN_md5](sb, (const char *[]){ text.buf }, 1);
	strbuf_adds(sb, ", '') ELSE '' END");
	strbuf_release(&text);
	strbuf_release(&colon);
	strbuf_release(&at);
}

/*
 * status_join(code, reason): code and reason joined by one space, the
 * code alone where the reason is empty, the reason alone where the code
 * is (a 1.1 acc_db_request comment, which the upgrade put whole into the
 * reason).
 */
static void render_status_join(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const char *const *a)
{
	const struct om_driver *drv = p->drv;
	struct strbuf space = STRBUF_INIT;

	drv->quote_string(c, &space, " ");
	strbuf_adds(sb, "CASE WHEN ");
	add_is_set(sb, drv, a[0]);
	strbuf_adds(sb, " AND ");
	add_is_set(sb, drv, a[1]);
	strbuf_adds(sb, " THEN ");
	drv->fn[OM_FN_concat](sb, (const char *[]){ a[0], space.buf, a[1] }, 3);
	strbuf_adds(sb, " WHEN ");
	add_is_set(sb, drv, a[0]);
	strbuf_addf(sb, " THEN %s ELSE %s END", a[0], a[1]);
	strbuf_release(&space);
}

/* A function of OM_CORE_FUNCTIONS (plan.h), out of the driver's functions. */
static void render_core(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, enum om_fn fn,
			const struct rargs *a)
{
	switch (fn) {
	case OM_FN_prefer:
		/* The first when it is set, as nonempty. */
		p->drv->fn[OM_FN_nonempty](sb, a->v, 2);
		break;
	case OM_FN_ha1:
	case OM_FN_ha1b:
		render_digest(sb, p, c, fn == OM_FN_ha1b, a->v);
		break;
	case OM_FN_cleared:
		/* '' when every other argument is set, else the first. */
		strbuf_adds(sb, "CASE WHEN ");
		for (size_t i = 1; i < a->n; i++) {
			if (i > 1)
				strbuf_adds(sb, " AND ");
			add_is_set(sb, p->drv, a->v[i]);
		}
		strbuf_addf(sb, " THEN '' ELSE %s END", a->v[0]);
		break;
	case OM_FN_status_join:
		render_status_join(sb, p, c, a->v);
		break;
	case OM_FN_for_new:
		/* A rollback reads a changed row's value from its retained row instead (rollback.c). */
		strbuf_adds(sb, a->v[0]);
		break;
	default:
		om_out_of_memory(); /* not reached: every core function is a case */
	}
}

void om_render_fn_check(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_expr *call)
{
	const struct om_driver *drv = p->drv;
	struct rargs a;

	rargs_render(&a, p, c, call);
	for (size_t i = 0; i < a.n; i++) {
		if (i)
			strbuf_adds(sb, " AND ");
		add_is_set(sb, drv, a.v[i]);
	}
	if (om_functions[call->fn].check == OM_CHECK_DIFFERS) {
		/* Compared as bytes, whatever the collation: a hash differs in case too. */
		strbuf_adds(sb, " AND ");
		drv->fn[OM_FN_md5](sb, &a.v[0], 1);
		strbuf_adds(sb, " <> ");
		drv->fn[OM_FN_md5](sb, &a.v[1], 1);
	}
	rargs_release(&a);
}

void om_render_expr(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_expr *e)
{
	const struct om_driver *drv = p->drv;
	struct rargs a;

	switch (e->kind) {
	case OM_EXPR_COLUMN:
		drv->quote_ident(sb, e->text);
		return;
	case OM_EXPR_STRING:
		drv->quote_string(c, sb, e->text);
		return;
	case OM_EXPR_NUMBER:
		strbuf_adds(sb, e->text);
		return;
	case OM_EXPR_NULL:
		strbuf_adds(sb, "NULL");
		return;
	case OM_EXPR_CALL:
		break;
	}
	rargs_render(&a, p, c, e);
	if (e->fn >= OM_NFUNCTIONS)
		render_core(sb, p, c, (enum om_fn)e->fn, &a);
	else
		drv->fn[e->fn](sb, a.v, a.n);
	rargs_release(&a);
}

void om_render_order_key(struct strbuf *sb, const struct om_driver *drv, const struct om_step *st, const char *col)
{
	if (st->order_exact && drv->order_exact)
		drv->order_exact(sb, col);
	else
		drv->quote_ident(sb, col);
}

void om_render_value(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_colmap *m)
{
	struct strbuf x = STRBUF_INIT;

	om_render_expr(&x, p, c, m->expr);
	if (m->cut > 0)
		p->drv->cut(sb, x.buf, m->cut);
	else
		strbuf_add(sb, x.buf, x.len);
	strbuf_release(&x);
}

void om_render_source(struct strbuf *sb, const struct om_plan *p, const char *table)
{
	qualified(sb, p->drv, p->source_db, table);
}

void om_render_count(struct strbuf *sb, const struct om_driver *drv, const char *table)
{
	strbuf_adds(sb, "SELECT count(*) FROM ");
	drv->quote_ident(sb, table);
}

/* ---- the copy of a step --------------------------------------------------------- */

/* Does the step copy any value at all? */
static bool carries(const struct om_step *st)
{
	for (size_t i = 0; i < st->ncols; i++)
		if (st->cols[i].expr)
			return true;
	return false;
}

void om_render_copy_select(struct strbuf *cols, struct strbuf *select, const struct om_plan *p, struct om_conn *c,
			   const struct om_step *st, const char *from, bool ordered)
{
	bool first = true;

	strbuf_adds(select, "SELECT ");
	for (size_t i = 0; i < st->ncols; i++) {
		if (!st->cols[i].expr)
			continue;
		if (!first) {
			strbuf_adds(cols, ", ");
			strbuf_adds(select, ",\n       ");
		}
		first = false;
		p->drv->quote_ident(cols, st->cols[i].col->name);
		om_render_value(select, p, c, &st->cols[i]);
	}
	strbuf_addf(select, "\nFROM %s", from);
	/* New ids follow the old key order. */
	if (ordered && st->order.n) {
		strbuf_adds(select, "\nORDER BY ");
		for (size_t i = 0; i < st->order.n; i++) {
			if (i)
				strbuf_adds(select, ", ");
			om_render_order_key(select, p->drv, st, st->order.v[i]);
		}
	}
}

/* The target columns that get a value, and the SELECT of their values from `from`. */
static void copy_parts(struct render *r, const struct om_step *st, const char *from, struct strbuf *cols,
		       struct strbuf *select)
{
	om_render_copy_select(cols, select, r->p, r->c, st, from, false);
	/* New ids follow the old key order. */
	if (st->order.n) {
		strbuf_adds(select, "\nORDER BY ");
		for (size_t i = 0; i < st->order.n; i++) {
			if (i)
				strbuf_adds(select, ", ");
			om_render_order_key(select, r->drv, st, st->order.v[i]);
		}
	}
}

/*
 * The rows of step st into table `into`: one INSERT ... SELECT on the
 * server, or, from an old database on its own connection, a stream.
 */
static void render_copy(struct render *r, const struct om_step *st, const char *into, int job)
{
	struct strbuf from = STRBUF_INIT, cols = STRBUF_INIT, select = STRBUF_INIT, sb = STRBUF_INIT;
	bool stream = r->migrate && !r->p->source_db;

	if (!carries(st))
		return;
	if (r->txn && st->kind == OM_STEP_REBUILD && job == 0)
		r->drv->quote_ident(&from, st->retained);
	else
		om_render_source(&from, r->p, st->source);
	copy_parts(r, st, from.buf, &cols, &select);
	/* A job's copy reads a source the run's connection holds (driver.h, job_read_word). */
	if (job > 0 && r->drv->job_read_word && !strncmp(select.buf, "SELECT ", 7)) {
		struct strbuf w = STRBUF_INIT;

		strbuf_addf(&w, "SELECT %s %s", r->drv->job_read_word, select.buf + 7);
		strbuf_release(&select);
		select = w;
	}
	if (stream) {
		struct strbuf qinto = STRBUF_INIT;

		r->drv->quote_ident(&qinto, into);
		r->drv->stream_copy(&sb, qinto.buf, cols.buf, select.buf);
		strbuf_release(&qinto);
	} else {
		bool ignore = st->ignore_dups;

		strbuf_addf(&sb, "INSERT %sINTO ", ignore ? r->drv->ignore_word : "");
		r->drv->quote_ident(&sb, into);
		strbuf_addf(&sb, " (%s)\n%s", cols.buf, select.buf);
		if (ignore && *r->drv->ignore_clause)
			strbuf_addf(&sb, "\n%s", r->drv->ignore_clause);
	}
	om_script_take(r->s, OM_STMT_SQL, &sb);
	om_script_mark_copy(r->s, (int)(st - r->p->steps), into, from.buf);
	strbuf_release(&from);
	strbuf_release(&cols);
	strbuf_release(&select);
}

/* ---- bookkeeping rows ------------------------------------------------------------- */

static void render_history_insert(struct render *r)
{
	static const char *const cols[] = { "id", "plan", "checksum", "engine", "command", "options",
					    "source", "tool", "started", "status", NULL };
	const struct om_plan *p = r->p;
	const char *vals[] = { p->plan_id, p->checksum, r->drv->name, r->migrate ? "migrate" : p->rollback ? "rollback" : "upgrade",
			       p->options_text ? p->options_text : "" };
	struct strbuf sb = STRBUF_INIT;

	/* A resumed run keeps the row it started with. */
	strbuf_addf(&sb, "INSERT %sINTO ", r->drv->ignore_word);
	r->drv->quote_ident(&sb, OM_HISTORY_TABLE);
	strbuf_adds(&sb, " (");
	ident_list(&sb, r->drv, cols);
	strbuf_addf(&sb, ") VALUES (%lld", p->history_id);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		strbuf_adds(&sb, ", ");
		r->drv->quote_string(r->c, &sb, vals[i]);
	}
	strbuf_adds(&sb, ", ");
	if (p->source_path)
		r->drv->quote_string(r->c, &sb, p->source_path);
	else
		strbuf_adds(&sb, "NULL");
	strbuf_adds(&sb, ", ");
	r->drv->quote_string(r->c, &sb, "openser-migrate " OM_VERSION);
	strbuf_adds(&sb, ", ");
	r->drv->quote_string(r->c, &sb, p->started);
	strbuf_adds(&sb, ", 'running')");
	if (*r->drv->ignore_clause)
		strbuf_addf(&sb, " %s", r->drv->ignore_clause);
	om_script_take(r->s, OM_STMT_SQL, &sb);
}

void om_render_history_ended(struct strbuf *sb, const struct om_driver *drv, long long id, const char *status)
{
	strbuf_adds(sb, "UPDATE ");
	drv->quote_ident(sb, OM_HISTORY_TABLE);
	strbuf_adds(sb, " SET ");
	drv->quote_ident(sb, "status");
	/* (One of our own words: "done", "aborted".) */
	strbuf_addf(sb, " = '%s', ", status);
	drv->quote_ident(sb, "finished");
	strbuf_adds(sb, " = ");
	drv->now(sb);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "id");
	strbuf_addf(sb, " = %lld", id);
}

static void add_history_done(struct render *r, enum om_stmt_kind kind)
{
	struct strbuf sb = STRBUF_INIT;

	om_render_history_ended(&sb, r->drv, r->p->history_id, "done");
	om_script_take(r->s, kind, &sb);
}

/*
 * The journal row of step number `step` (table `name`).  Where a step can
 * outlive its run (no transaction), it records how many rows its source
 * had (count_from, quoted), so that a rerun reuses the step only while the
 * source is unchanged; with shadows also a digest of the source's rows
 * (digest_of), taken while writers are held: exactly the rows copied.
 */
static void render_journal_bound(struct render *r, int step, const char *name, const char *count_from,
				 const char *digest_of, int bind_from);

/* The digest of source digest_of (read as count_from), or what its tripwire counted (tripwire.h). */
static void render_source_digest(struct render *r, struct strbuf *sb, const char *digest_of, const char *count_from)
{
	if (om_tripwire_step(r->p, digest_of))
		om_tripwire_digest(r->p, r->c, sb, digest_of, digest_of);
	else
		r->drv->digest(r->c, sb, digest_of, count_from);
}

static void render_journal(struct render *r, int step, const char *name, const char *count_from,
			   const char *digest_of)
{
	render_journal_bound(r, step, name, count_from, digest_of, -1);
}

/*
 * --jobs: the count and the digest of a job's source, read by the job once
 * its copy is done (the hold keeps the source as copied), for the journal
 * row that the run's connection writes (render_journal_bound).
 */
static void render_journal_values(struct render *r, const char *count_from, const char *digest_of, int job)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "SELECT %s (SELECT count(*) FROM %s)", r->drv->job_read_word, count_from);
	if (digest_of) {
		strbuf_adds(&sb, ", ");
		render_source_digest(r, &sb, digest_of, count_from);
	}
	om_script_take(r->s, OM_STMT_SQL, &sb);
	r->s->stmts[r->s->n - 1].job = job;
	r->s->stmts[r->s->n - 1].fetch = true;
}

/* bind_from >= 0: the count and digest are that job statement's row ('?'). */
static void render_journal_bound(struct render *r, int step, const char *name, const char *count_from,
				 const char *digest_of, int bind_from)
{
	static const char *const cols[] = { "run", "step", "name", "finished", "source_rows", "source_digest", NULL };
	struct strbuf sb = STRBUF_INIT;
	size_t ncols = digest_of ? 6 : count_from ? 5 : 4;

	strbuf_adds(&sb, "INSERT INTO ");
	r->drv->quote_ident(&sb, OM_JOURNAL_TABLE);
	strbuf_adds(&sb, " (");
	for (size_t i = 0; i < ncols; i++) {
		strbuf_adds(&sb, i ? ", " : "");
		r->drv->quote_ident(&sb, cols[i]);
	}
	strbuf_addf(&sb, ") VALUES (%lld, %d, ", r->p->history_id, step);
	r->drv->quote_string(r->c, &sb, name);
	strbuf_adds(&sb, ", ");
	r->drv->now(&sb);
	if (count_from && bind_from >= 0)
		strbuf_adds(&sb, ", ?");
	else if (count_from)
		strbuf_addf(&sb, ", (SELECT count(*) FROM %s)", count_from);
	if (digest_of && bind_from >= 0) {
		strbuf_adds(&sb, ", ?");
	} else if (digest_of) {
		strbuf_adds(&sb, ", ");
		render_source_digest(r, &sb, digest_of, count_from);
	}
	strbuf_addch(&sb, ')');
	om_script_take(r->s, OM_STMT_SQL, &sb);
	r->s->stmts[r->s->n - 1].bind_from = bind_from;
	om_script_mark(r->s, name);
}

/*
 * The journal row of a step to be redone goes: by its name, since an
 * earlier pass may have numbered the steps otherwise, and any row holding
 * its number (a step of that number under another name, equally stale).
 */
static void render_journal_forget_step(struct render *r, int step, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	om_render_journal_forget(&sb, r->drv, r->p->history_id);
	strbuf_adds(&sb, " AND (");
	r->drv->quote_ident(&sb, "step");
	strbuf_addf(&sb, " = %d OR ", step);
	r->drv->quote_ident(&sb, "name");
	strbuf_adds(&sb, " = ");
	r->drv->quote_string(r->c, &sb, name);
	strbuf_addch(&sb, ')');
	om_script_take(r->s, OM_STMT_SQL, &sb);
}

/*
 * The version rows an in-place upgrade replaces, kept (openser_migrate_version)
 * for its rollback: engines that retain no old version table.
 */
static void render_version_kept(struct render *r)
{
	const struct om_plan *p = r->p;
	struct strbuf sb = STRBUF_INIT;

	/* Each row the run writes, with the version it had, NULL where it had none. */
	strbuf_adds(&sb, "INSERT INTO ");
	r->drv->quote_ident(&sb, OM_VERSION_KEPT_TABLE);
	strbuf_adds(&sb, " (");
	ident_list(&sb, r->drv, (const char *const[]){ "run", "table_name", "table_version", NULL });
	strbuf_addf(&sb, ")\nSELECT %lld, n.t, v.", p->history_id);
	r->drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, "\nFROM (");
	for (size_t i = 0; i < p->nvrows; i++) {
		strbuf_adds(&sb, i ? " UNION ALL SELECT " : "SELECT ");
		r->drv->quote_string(r->c, &sb, p->vrows[i].table);
		strbuf_adds(&sb, " AS t");
	}
	strbuf_adds(&sb, ") n LEFT JOIN ");
	r->drv->quote_ident(&sb, "version");
	strbuf_adds(&sb, " v ON v.");
	r->drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, " = n.t");
	om_script_take(r->s, OM_STMT_SQL, &sb);
}

/* The plan's version rows into table `into`: a DELETE of the old rows, then one INSERT. */
static void render_version_rows(struct render *r, const char *into)
{
	const struct om_plan *p = r->p;
	struct strbuf del = STRBUF_INIT, ins = STRBUF_INIT;

	if (!p->nvrows)
		return;
	strbuf_adds(&del, "DELETE FROM ");
	r->drv->quote_ident(&del, into);
	strbuf_adds(&del, " WHERE ");
	r->drv->quote_ident(&del, "table_name");
	strbuf_adds(&del, " IN (");
	strbuf_adds(&ins, "INSERT INTO ");
	r->drv->quote_ident(&ins, into);
	strbuf_adds(&ins, " (");
	r->drv->quote_ident(&ins, "table_name");
	strbuf_adds(&ins, ", ");
	r->drv->quote_ident(&ins, "table_version");
	strbuf_adds(&ins, ") VALUES");
	for (size_t i = 0; i < p->nvrows; i++) {
		if (i)
			strbuf_adds(&del, ", ");
		r->drv->quote_string(r->c, &del, p->vrows[i].table);
		strbuf_adds(&ins, i ? ",\n  (" : "\n  (");
		r->drv->quote_string(r->c, &ins, p->vrows[i].table);
		strbuf_addf(&ins, ", %d)", p->vrows[i].version);
	}
	strbuf_addch(&del, ')');
	om_script_take(r->s, OM_STMT_SQL, &del);
	om_script_take(r->s, OM_STMT_SQL, &ins);
}

/*
 * What the run keeps of the database's differences from its version (an
 * operator's columns, indexes, wider types), so that `verify` expects them
 * afterwards and reports only new ones.
 */
static void render_kept_drift(struct render *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < r->p->drift.n; i++) {
		const struct om_drift *x = &r->p->drift.v[i];

		if (x->cls != OM_DRIFT_KEPT)
			continue;
		if (!n++) {
			strbuf_adds(&sb, "INSERT ");
			strbuf_adds(&sb, r->drv->ignore_word);
			strbuf_adds(&sb, "INTO ");
			r->drv->quote_ident(&sb, OM_DRIFT_TABLE);
			strbuf_adds(&sb, " (");
			ident_list(&sb, r->drv, (const char *const[]){ "run", "kind", "table_name", "name", NULL });
			strbuf_adds(&sb, ") VALUES");
		}
		strbuf_addf(&sb, "%s\n  (%lld, ", n > 1 ? "," : "", r->p->history_id);
		r->drv->quote_string(r->c, &sb, om_drift_kind_name(x->kind));
		strbuf_adds(&sb, ", ");
		r->drv->quote_string(r->c, &sb, x->table);
		strbuf_adds(&sb, ", ");
		r->drv->quote_string(r->c, &sb, x->name ? x->name : "");
		strbuf_addch(&sb, ')');
	}
	if (!n)
		return;
	if (*r->drv->ignore_clause)
		strbuf_addf(&sb, " %s", r->drv->ignore_clause);
	add_comment(r, "what this database keeps of its differences from OpenSER %s", r->p->from->version);
	om_script_take(r->s, OM_STMT_SQL, &sb);
}

/* CREATE TABLE IF NOT EXISTS of the migrator's own tables, and the history row. */
static int render_own(struct render *r, struct om_error *err)
{
	struct om_schema *own;

	if (om_tables_parse(&own, "(openser-migrate's own tables)", own_tables, sizeof(own_tables) - 1, err))
		return -1;
	for (size_t i = 0; i < own->ntables; i++) {
		struct om_tabledef d = { &own->tables[i], own->tables[i].name, NULL, every_class, NULL, true, false, true };
		struct om_strlist after;

		create_table(r, &d, &after);
		add_list(r, OM_STMT_SQL, &after);
	}
	om_schema_free(own);
	render_history_insert(r);
	om_script_mark(r->s, "history");
	return 0;
}

/* ---- the beginning --------------------------------------------------------------- */

static void render_header(struct render *r)
{
	const struct om_plan *p = r->p;

	if (r->migrate && p->source_db)
		add_comment(r, "migrate: OpenSER %s -> %s from database %s into the new database %s (plan %.12s); "
			    "%s is only read", p->from->version, p->to->version, p->source_path, p->target_name,
			    p->checksum, p->source_path);
	else if (r->migrate)
		add_comment(r, "migrate: OpenSER %s -> %s from database %s into the new database %s (plan %.12s); "
			    "rows are streamed from a SELECT on %s, which is only read", p->from->version,
			    p->to->version, p->source_path, p->target_name, p->checksum, p->source_path);
	else if (r->shadows)
		add_comment(r, "upgrade: OpenSER %s -> %s: every table built as a shadow (%s*), then one RENAME TABLE "
			    "switches them all (plan %.12s)", p->from->version, p->to->version, OM_SHADOW_PREFIX,
			    p->checksum);
	else
		add_comment(r, "upgrade: OpenSER %s -> %s in one transaction%s (plan %.12s)", p->from->version,
			    p->to->version, r->drv->retained_schema ? "; the old tables move to a schema of their own" : "",
			    p->checksum);
}

/*
 * Writers wait for the run: the tables it replaces, and those it reads or
 * whose rows it writes (a new table's source, OpenSER's version table).
 */
static void render_lock_tables(struct render *r)
{
	struct om_strlist replace, read, out;

	om_strlist_init(&replace);
	om_strlist_init(&read);
	om_strlist_init(&out);
	om_plan_tables(r->p, &replace, &read);
	/*
	 * --jobs: a source that another connection copies is only held against
	 * writers (the read list's lock) until then; the run's transaction
	 * takes it whole when it sets it aside, after the join (render_txn_jobs).
	 */
	for (size_t i = 0; r->job && i < r->p->nsteps; i++)
		if (r->job[i] && r->p->steps[i].kind == OM_STEP_REBUILD) {
			struct om_strlist keep;

			om_strlist_init(&keep);
			for (size_t k = 0; k < replace.n; k++)
				if (strcmp(replace.v[k], r->p->steps[i].source))
					om_strlist_add(&keep, replace.v[k]);
			om_strlist_release(&replace);
			replace = keep;
			om_strlist_add_unique(&read, r->p->steps[i].source);
		}
	r->drv->lock_tables(&replace, &read, r->p->lock_timeout, &out);
	add_list(r, OM_STMT_SQL, &out);
	om_strlist_release(&replace);
	om_strlist_release(&read);
}

/* The retained tables' schema, on engines that keep them in one. */
static void render_retained_schema(struct render *r)
{
	struct strbuf rn = STRBUF_INIT, sb = STRBUF_INIT;

	om_plan_retained_name(r->p, "", &rn);
	strbuf_setlen(&rn, rn.len - 1);
	strbuf_adds(&sb, "CREATE SCHEMA IF NOT EXISTS ");
	r->drv->quote_ident(&sb, rn.buf);
	om_script_take(r->s, OM_STMT_SQL, &sb);
	strbuf_release(&rn);
}

/*
 * Session, lock, new database, own tables and history row.  In one
 * transaction, migrate records its history row first in a transaction of
 * its own, so that a killed run is recognised and resumed.
 */
static int render_start(struct render *r, struct om_error *err)
{
	struct om_strlist l;

	render_header(r);
	om_strlist_init(&l);
	if (r->drv->session_sql)
		r->drv->session_sql(r->c, &l);
	if (!r->txn && r->drv->lock_sql)
		r->drv->lock_sql(r->c, r->p->lock_timeout, &l);
	add_list(r, OM_STMT_SETUP, &l);
	if (r->migrate && r->drv->create_database) {
		r->drv->create_database(r->c, r->p->new_exists, &l);
		add_list(r, OM_STMT_SQL, &l);
	}
	if (r->txn && r->migrate) {
		om_script_add(r->s, OM_STMT_SQL, "BEGIN");
		if (render_own(r, err))
			return -1;
		om_script_add(r->s, OM_STMT_SQL, "COMMIT");
		om_script_mark(r->s, "history");
	}
	if (r->txn) {
		om_script_add(r->s, OM_STMT_BEGIN, r->drv->begin);
		if (r->drv->lock_sql)
			r->drv->lock_sql(r->c, r->p->lock_timeout, &l);
		add_list(r, OM_STMT_SETUP, &l);
		if (!r->migrate && r->drv->lock_tables)
			render_lock_tables(r);
		if (!r->migrate && r->drv->retained_schema)
			render_retained_schema(r);
	}
	if (!(r->txn && r->migrate) && render_own(r, err))
		return -1;
	return 0;
}

/* ---- the steps ---------------------------------------------------------------------- */

static void step_comment(struct render *r, const struct om_step *st, const char *name)
{
	const char *t = st->target->name;

	if (r->shadows) {
		if (st->kind == OM_STEP_REBUILD)
			add_comment(r, "%s: built as %s; the old table will be kept as %s", t, name, st->retained);
		else if (st->source)
			add_comment(r, "%s: new, built as %s from %s", t, name, st->source);
		else
			add_comment(r, "%s: new, built empty as %s", t, name);
	} else if (!st->source) {
		add_comment(r, "%s: created empty", t);
	} else if (r->migrate && !r->txn) {
		add_comment(r, "%s: built from %s.%s", t, r->p->source_db, st->source);
	} else if (r->migrate) {
		add_comment(r, "%s: created, filled from the old database's %s", t, st->source);
	} else if (st->kind == OM_STEP_REBUILD) {
		add_comment(r, "%s: rebuilt; the old table is kept as %s", t, st->retained);
	} else {
		add_comment(r, "%s: created, filled from %s (which is left as it is)", t, st->source);
	}
}

/* A step an earlier run completed (journal): its table is reused. */
static bool step_reused(struct render *r, const char *table, const char *name)
{
	if (r->txn || !om_strlist_has(&r->p->done, table))
		return false;
	if (r->shadows)
		add_comment(r, "%s: shadow %s already built (journal of run #%lld), reused", table, name,
			    r->p->history_id);
	else
		add_comment(r, "%s: already built (journal of run #%lld)", table, r->p->history_id);
	return true;
}

static void drop_if_exists(struct render *r, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
	r->drv->quote_ident(&sb, name);
	om_script_take(r->s, OM_STMT_SQL, &sb);
}

/*
 * Sequences of ids that were copied into the table the step creates go
 * past the highest one.  The sequence is the new table's, created in the
 * same run: a rollback takes it away with the table.
 */
static void sync_serials(struct render *r, const struct om_table *t, const struct om_step *st)
{
	for (size_t i = 0; i < t->ncols; i++) {
		struct strbuf sb = STRBUF_INIT;
		bool copied = false;

		if (!t->cols[i].autoinc)
			continue;
		for (size_t k = 0; k < st->ncols; k++)
			if (st->cols[k].col == &t->cols[i] && st->cols[k].expr)
				copied = true;
		if (!copied)
			continue;
		r->drv->sync_serial(&sb, t->name, t->cols[i].name);
		om_script_take(r->s, OM_STMT_SQL, &sb);
	}
}

static int render_grants(struct render *r, const struct om_step *st, struct om_error *err)
{
	const char *like = NULL;
	struct om_strlist l;

	if (!r->migrate)
		like = st->kind == OM_STEP_REBUILD ? st->source : "version";
	om_strlist_init(&l);
	if (r->drv->grant_table(r->c, st->target, like, &l, err)) {
		om_strlist_release(&l);
		return -1;
	}
	add_list(r, OM_STMT_SQL, &l);
	return 0;
}

/* finish (online.c): a table rebuilt in place whose shadow prepare built and kept up to date. */
static bool online_step(const struct render *r, const struct om_step *st)
{
	return (r->txn || r->shadows) && om_online_step(r->p, st);
}

/*
 * finish with shadows: the changes captured since prepare applied to the
 * step's shadow by online.c while the script holds the writers.
 */
static void render_apply(struct render *r, const struct om_step *st, const char *shadow)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s: the changes captured since prepare applied to %s (writers held), then its rows "
		    "counted against the table's", st->source, shadow);
	om_script_take(r->s, OM_STMT_APPLY, &sb);
	r->s->stmts[r->s->n - 1].copy_into = om_xstrdup(st->target->name);
}

/*
 * The first half of a step: the old table set aside (one transaction) or
 * an earlier run's table dropped, and the new one created; the statements
 * that follow its load go into after.  False when an earlier run completed
 * the step (its table is reused).
 */
static bool render_step_create(struct render *r, const struct om_step *st, int stepno, struct om_strlist *after)
{
	struct strbuf name = STRBUF_INIT;
	struct om_tabledef d = { st->target, NULL, NULL, om_plan_has_class, (void *)r->p, false, st->source != NULL, false };
	struct om_strlist l;
	bool todo = false;

	om_strlist_init(after);
	strbuf_addf(&name, "%s%s", r->shadows ? OM_SHADOW_PREFIX : "", st->target->name);
	if (step_reused(r, st->target->name, name.buf))
		goto out;
	todo = true;
	step_comment(r, st, name.buf);
	/* A step an earlier run did from a source that changed since: its journal row goes, the step is redone. */
	if (om_strlist_has(&r->p->stale, st->target->name))
		render_journal_forget_step(r, stepno, st->target->name);
	if (r->txn && st->kind == OM_STEP_REBUILD) {
		om_strlist_init(&l);
		r->drv->retire_table(st->source, st->retained, &st->drop_indexes, &l);
		add_list(r, OM_STMT_SQL, &l);
	}
	/* finish with shadows: prepare's shadow is the table switched in; its rest comes by render_apply. */
	if (!r->txn && online_step(r, st))
		goto out;
	/* Where a run does not undo itself, a table of an earlier one may be there. */
	if (!r->txn)
		drop_if_exists(r, name.buf);
	d.name = name.buf;
	d.like = st->kind == OM_STEP_REBUILD || r->migrate ? st->source : NULL;
	if (online_step(r, st)) {
		/* finish: prepare's shadow, up to date, takes the name; indexes it could not have yet are created. */
		struct strbuf sb = STRBUF_INIT;

		r->drv->online_switch(&sb, st->target->name);
		om_script_take(r->s, OM_STMT_SQL, &sb);
		d.if_not_exists = true;
		if (r->drv->online_schema)
			goto out;
	}
	create_table(r, &d, after);
out:
	strbuf_release(&name);
	return todo;
}

/*
 * The second half: the rows and the statements after the load (on job
 * `job`'s connection when it is not 0), then, unless rows_only, the rest.
 */
static int render_step_fill_job(struct render *r, const struct om_step *st, int stepno, struct om_strlist *after,
				int job, bool rows_only, int bind_from, struct om_error *err);

static int render_step_fill(struct render *r, const struct om_step *st, int stepno, struct om_strlist *after,
			    struct om_error *err)
{
	return render_step_fill_job(r, st, stepno, after, 0, false, -1, err);
}

/*
 * The rest of a step whose rows a job copied: the run's connection
 * journals it once every job is done, with the count and digest the job
 * read (statement bind_from).
 */
static int render_step_fill_rest(struct render *r, const struct om_step *st, int stepno, int bind_from,
				 struct om_error *err)
{
	add_comment(r, "%s: its journal row (the count and digest that connection %d read)", st->target->name,
		    bind_from >= 0 ? r->s->stmts[bind_from].job + 1 : 1);
	return render_step_fill_job(r, st, stepno, NULL, 0, false, bind_from, err);
}

static int render_step_fill_job(struct render *r, const struct om_step *st, int stepno, struct om_strlist *after,
				int job, bool rows_only, int bind_from, struct om_error *err)
{
	struct strbuf name = STRBUF_INIT, count = STRBUF_INIT;
	int rc = 0;

	strbuf_addf(&name, "%s%s", r->shadows ? OM_SHADOW_PREFIX : "", st->target->name);
	if (after) {
		size_t first = r->s->n;

		if (r->shadows && job > 0)
			add_comment(r, "%s: its rows, on connection %d (--jobs)", st->target->name, job + 1);
		else if (r->shadows)
			add_comment(r, "%s: %s", st->target->name, st->source ? "its rows" : "its journal row");
		if (st->source && !online_step(r, st))
			render_copy(r, st, name.buf, job);
		else if (st->source && !r->txn)
			render_apply(r, st, name.buf);
		add_list(r, OM_STMT_SQL, after);
		for (size_t i = first; i < r->s->n; i++)
			r->s->stmts[i].job = job;
		if (rows_only) {
			/* A job reads its source's count and digest itself (render_journal_values). */
			if (!r->txn && st->source && r->shadows && r->drv->digest) {
				om_render_source(&count, r->p, st->source);
				render_journal_values(r, count.buf, st->source, job);
			}
			goto out;
		}
	}
	if (r->drv->sync_serial)
		sync_serials(r, st->target, st);
	if (r->drv->grant_table && render_grants(r, st, err)) {
		rc = -1;
		goto out;
	}
	if (!r->txn && !strcmp(st->target->name, "version"))
		render_version_rows(r, name.buf);
	if (!r->txn && st->source)
		om_render_source(&count, r->p, st->source);
	/* finish: no digest of the source (a whole pass); the capture tells of late writes (verify.c). */
	render_journal_bound(r, stepno, st->target->name, count.len ? count.buf : NULL,
			     r->shadows && st->source && !online_step(r, st) ? st->source : NULL, bind_from);
out:
	strbuf_release(&name);
	strbuf_release(&count);
	return rc;
}

/*
 * Shadows: OpenSER's version table is switched like the others, so a new
 * one is built with the old rows and the plan's.  The first half; false
 * when an earlier run built it.
 */
static bool render_version_create(struct render *r, int stepno, struct om_strlist *after)
{
	const struct om_table *vt = om_schema_table(r->p->to, "version");
	struct om_tabledef d = { vt, OM_SHADOW_PREFIX "version", "version", om_plan_has_class, (void *)r->p, false,
				 true, false };
	struct strbuf rn = STRBUF_INIT;

	om_strlist_init(after);
	if (om_strlist_has(&r->p->done, "version")) {
		add_comment(r, "version: shadow already built (journal), reused");
		return false;
	}
	om_plan_retained_name(r->p, "version", &rn);
	add_comment(r, "version: a new version table with the %s rows; the old one will be kept as %s",
		    r->p->to->version, rn.buf);
	if (om_strlist_has(&r->p->stale, "version"))
		render_journal_forget_step(r, stepno, "version");
	drop_if_exists(r, d.name);
	create_table(r, &d, after);
	strbuf_release(&rn);
	return true;
}

/* The second half: the old rows, the plan's, the journal. */
static void render_version_fill(struct render *r, int stepno, struct om_strlist *after)
{
	struct strbuf sb = STRBUF_INIT;

	add_comment(r, "version: its rows");
	strbuf_adds(&sb, "INSERT INTO ");
	r->drv->quote_ident(&sb, OM_SHADOW_PREFIX "version");
	strbuf_adds(&sb, " (");
	r->drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, ", ");
	r->drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, ") SELECT ");
	r->drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, ", ");
	r->drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, " FROM ");
	r->drv->quote_ident(&sb, "version");
	om_script_take(r->s, OM_STMT_SQL, &sb);
	add_list(r, OM_STMT_SQL, after);
	render_version_rows(r, OM_SHADOW_PREFIX "version");
	r->drv->quote_ident(&sb, "version");
	render_journal(r, stepno, "version", sb.buf, "version");
	strbuf_release(&sb);
}

static bool has_step(const struct om_plan *p, const char *table)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].target->name, table))
			return true;
	return false;
}

/* ---- the switch ---------------------------------------------------------------------- */

/*
 * The renames of the switch, forward or undone.  Forward, each step moves
 * the old table aside and its shadow in; undone, each step's renames are
 * reversed, in reverse order, except that the switched-in table goes to a
 * name of its own (OM_KEPT_PREFIX, with the run id), not back to its
 * shadow's: OpenSER may have written to it meanwhile, and a rerun drops
 * shadows.  The names are built into names (which owns them).
 */
static size_t switch_pairs(const struct om_plan *p, bool undo, struct om_rename *out, struct om_strlist *names)
{
	size_t n = 0;

	for (size_t g = 0; g <= p->nsteps; g++) {
		const char *table = g < p->nsteps ? p->steps[g].target->name : "version";
		const char *old = NULL, *retained = NULL, *aside;

		if (g == p->nsteps && has_step(p, "version"))
			break;
		if (g < p->nsteps && p->steps[g].kind == OM_STEP_REBUILD) {
			old = p->steps[g].source;
			retained = p->steps[g].retained;
		} else if (g == p->nsteps) {
			struct strbuf rn = STRBUF_INIT;

			om_plan_retained_name(p, "version", &rn);
			om_strlist_add(names, rn.buf);
			strbuf_release(&rn);
			old = "version";
			retained = names->v[names->n - 1];
		}
		if (undo)
			om_strlist_addf(names, "%s%lld_%s", OM_KEPT_PREFIX, p->history_id, table);
		else
			om_strlist_addf(names, "%s%s", OM_SHADOW_PREFIX, table);
		aside = names->v[names->n - 1];
		if (!undo) {
			if (old)
				out[n++] = (struct om_rename){ old, retained };
			out[n++] = (struct om_rename){ aside, table };
		} else {
			out[n++] = (struct om_rename){ table, aside };
			if (old)
				out[n++] = (struct om_rename){ retained, old };
		}
	}
	return n;
}

static void render_switch(struct strbuf *sb, const struct om_plan *p, bool undo)
{
	struct om_rename *pairs = om_xcalloc(2 * (p->nsteps + 1), sizeof(*pairs));
	struct om_strlist names;
	size_t n;

	om_strlist_init(&names);
	n = switch_pairs(p, undo, pairs, &names);
	p->drv->switch_tables(sb, pairs, n);
	om_strlist_release(&names);
	free(pairs);
}

void om_render_unswitch(struct strbuf *sb, const struct om_plan *p)
{
	render_switch(sb, p, true);
}

/* ---- the end ------------------------------------------------------------------------- */

/* The tables the plan drops (a forced rollback: those the upgrade had created). */
static void render_drops(struct render *r)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < r->p->drop.n; i++) {
		strbuf_addf(&sb, "-- %s: created by the upgrade rolled back, dropped", r->p->drop.v[i]);
		om_script_take(r->s, OM_STMT_COMMENT, &sb);
		strbuf_adds(&sb, "DROP TABLE ");
		r->drv->quote_ident(&sb, r->p->drop.v[i]);
		om_script_take(r->s, OM_STMT_SQL, &sb);
		strbuf_adds(&sb, "DELETE FROM ");
		r->drv->quote_ident(&sb, "version");
		strbuf_adds(&sb, " WHERE ");
		r->drv->quote_ident(&sb, "table_name");
		strbuf_adds(&sb, " = ");
		r->drv->quote_string(r->c, &sb, r->p->drop.v[i]);
		om_script_take(r->s, OM_STMT_SQL, &sb);
	}
	strbuf_release(&sb);
}

static int render_end(struct render *r, struct om_error *err)
{
	const struct om_plan *p = r->p;
	struct strbuf sb = STRBUF_INIT;
	struct om_strlist l;

	if (!r->shadows)
		render_kept_drift(r);
	if (r->txn) {
		/* finish (online.c): the schema that held prepare's shadows is empty now. */
		if (p->online && r->drv->online_schema) {
			strbuf_adds(&sb, "DROP SCHEMA IF EXISTS ");
			r->drv->quote_ident(&sb, r->drv->online_schema);
			om_script_take(r->s, OM_STMT_SQL, &sb);
		}
		render_drops(r);
		if (p->nvrows) {
			add_comment(r, "version rows (the ones replaced are kept for a rollback)");
			if (!r->migrate)
				render_version_kept(r);
			render_version_rows(r, "version");
		}
		add_history_done(r, OM_STMT_SQL);
		om_script_mark(r->s, "version");
		om_script_add(r->s, OM_STMT_COMMIT, "COMMIT");
		return 0;
	}
	if (r->shadows) {
		add_comment(r, "the switch: one statement, atomic; verified after, undone if the result is not the target");
		if (r->drv->unhold)
			om_script_add(r->s, OM_STMT_UNHOLD, r->drv->unhold);
		render_switch(&sb, p, false);
		om_script_take(r->s, OM_STMT_SWITCH, &sb);
		om_script_mark(r->s, "switch");
		/* finish: the capture goes once the switch is verified (its triggers are on the old tables now). */
		if (p->online) {
			om_strlist_init(&l);
			om_online_capture_names(p, NULL, NULL, &l);
			add_comment(r, "the capture of prepare: triggers, change tables, bookkeeping");
			add_list(r, OM_STMT_SQL, &l);
		}
		render_drops(r);
		add_history_done(r, OM_STMT_SQL);
	} else {
		/* migrate: OpenSER's users get their rights on the new database; passwords are not touched. */
		om_strlist_init(&l);
		if (r->drv->grant_database && r->drv->grant_database(r->c, &l, err)) {
			om_strlist_release(&l);
			return -1;
		}
		add_list(r, OM_STMT_SQL, &l);
		/* The verification runs before the run is recorded as done. */
		add_history_done(r, OM_STMT_COMMIT);
	}
	om_script_mark(r->s, "done");
	return 0;
}

/*
 * Shadows: writers of the tables whose rows are copied wait from before the
 * first copy until the switch (the driver's hold); meanwhile the run writes
 * only its shadows and its journal.
 */
static void render_hold(struct render *r, const int *job)
{
	struct om_strlist read, write, out;

	om_strlist_init(&read);
	om_strlist_init(&write);
	om_strlist_init(&out);
	om_plan_tables(r->p, &read, &read);
	/* The counts of the tripwires, read when the hold ends (tripwire.h). */
	om_tripwire_counters(r->p, &read);
	/* A job's shadow is written by its own connection, which holds nothing: the run's leaves it out. */
	for (size_t i = 0; i < r->p->nsteps; i++)
		if (!job[i])
			om_strlist_addf(&write, "%s%s", OM_SHADOW_PREFIX, r->p->steps[i].target->name);
	if (!has_step(r->p, "version"))
		om_strlist_add(&write, OM_SHADOW_PREFIX "version");
	om_strlist_add(&write, OM_JOURNAL_TABLE);
	/* finish: the change tables are read, the prepare's bookkeeping written (online.c). */
	if (r->p->online)
		om_online_capture_names(r->p, &read, &write, NULL);
	add_comment(r, "writers of the tables copied wait from here until the switch; readers go on");
	r->drv->hold_tables(&read, &write, r->p->lock_timeout, &out);
	add_list(r, OM_STMT_SQL, &out);
	om_strlist_release(&read);
	om_strlist_release(&write);
}

/* --jobs in the one transaction of the run (driver.h, job_schema). */
static bool txn_jobs(const struct render *r)
{
	return r->txn && !r->migrate && !r->p->online && r->drv->job_schema && r->drv->job_move && r->p->jobs > 1;
}

/*
 * --jobs: which connection copies each step's rows (job[i], 0 the run's
 * own).  A copy gets a job of its own when its source has at least
 * p->job_rows rows and no other step reads that source; the largest
 * first, each to the least loaded connection (the run's included), so
 * that the longest copy sets the time.  Returns how many jobs have work.
 */
static int assign_jobs(const struct render *r, const bool *todo, int *job)
{
	const struct om_plan *p = r->p;
	long long load[64] = { 0 };
	int njobs = p->jobs < 1 ? 1 : p->jobs > 64 ? 64 : p->jobs, used = 1;
	bool *placed = om_xcalloc(p->nsteps + 1, sizeof(*placed));

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];
		bool eligible = njobs > 1 && (r->shadows ? r->drv->job_read_word != NULL : txn_jobs(r)) && todo[i] &&
				st->source &&
				carries(st) && !online_step(r, st) && st->rows_before >= p->job_rows &&
				strcmp(st->target->name, "version") != 0;

		for (size_t k = 0; eligible && k < p->nsteps; k++)
			if (k != i && p->steps[k].source && !strcmp(p->steps[k].source, st->source))
				eligible = false;
		job[i] = 0;
		placed[i] = !eligible;
		if (!eligible && todo[i])
			load[0] += st->rows_before > 0 ? st->rows_before : 0;
	}
	for (;;) {
		size_t big = p->nsteps;
		int least = 0;

		for (size_t i = 0; i < p->nsteps; i++)
			if (!placed[i] && (big == p->nsteps || p->steps[i].rows_before > p->steps[big].rows_before))
				big = i;
		if (big == p->nsteps)
			break;
		for (int k = 1; k < njobs; k++)
			if (load[k] < load[least])
				least = k;
		job[big] = least;
		load[least] += p->steps[big].rows_before;
		placed[big] = true;
		if (least + 1 > used)
			used = least + 1;
	}
	free(placed);
	return used;
}

/*
 * Shadows: every shadow is created first (a table cannot be created while
 * writers are held), then, with writers held, each is filled and
 * journaled; the switch ends the hold.  With --jobs, the copies given a
 * job come first and run on their own connections while the run's
 * connection fills the others; once every job is done, the run's
 * connection (which holds the sources) journals them.
 */
static int render_shadows(struct render *r, struct om_error *err)
{
	const struct om_plan *p = r->p;
	struct om_strlist *after = om_xcalloc(p->nsteps + 1, sizeof(*after));
	bool *todo = om_xcalloc(p->nsteps + 1, sizeof(*todo));
	int *job = om_xcalloc(p->nsteps + 1, sizeof(*job));
	int *fetch_at = om_xcalloc(p->nsteps + 1, sizeof(*fetch_at));
	int rc = 0, used;

	for (size_t i = 0; i < p->nsteps; i++)
		todo[i] = render_step_create(r, &p->steps[i], (int)i + 1, &after[i]);
	om_strlist_init(&after[p->nsteps]);
	if (!has_step(p, "version"))
		todo[p->nsteps] = render_version_create(r, (int)p->nsteps + 1, &after[p->nsteps]);
	render_kept_drift(r);
	used = assign_jobs(r, todo, job);
	if (r->drv->hold_tables)
		render_hold(r, job);
	for (size_t i = 0; i <= p->nsteps; i++)
		fetch_at[i] = -1;
	for (int k = 1; k < used; k++) {
		/* A job waits for a lock (a DBA's DDL queued on a source) no longer than the run does. */
		if (r->drv->job_timeout) {
			struct strbuf sb = STRBUF_INIT;

			add_comment(r, "connection %d (--jobs)", k + 1);
			strbuf_addf(&sb, r->drv->job_timeout, p->lock_timeout > 0 ? p->lock_timeout : 1);
			om_script_take(r->s, OM_STMT_SQL, &sb);
			r->s->stmts[r->s->n - 1].job = k;
		}
		for (size_t i = 0; i < p->nsteps && !rc; i++)
			if (todo[i] && job[i] == k) {
				rc = render_step_fill_job(r, &p->steps[i], (int)i + 1, &after[i], k, true, -1, err);
				if (r->s->n && r->s->stmts[r->s->n - 1].fetch)
					fetch_at[i] = (int)r->s->n - 1;
			}
	}
	for (size_t i = 0; i < p->nsteps && !rc; i++)
		if (todo[i] && !job[i])
			rc = render_step_fill(r, &p->steps[i], (int)i + 1, &after[i], err);
	if (used > 1)
		om_script_add(r->s, OM_STMT_JOIN, "every connection's copies done (--jobs)");
	for (size_t i = 0; i < p->nsteps && !rc; i++)
		if (todo[i] && job[i])
			rc = render_step_fill_rest(r, &p->steps[i], (int)i + 1, fetch_at[i], err);
	free(job);
	free(fetch_at);
	if (!rc && todo[p->nsteps])
		render_version_fill(r, (int)p->nsteps + 1, &after[p->nsteps]);
	for (size_t i = 0; i <= p->nsteps; i++)
		om_strlist_release(&after[i]);
	free(after);
	free(todo);
	return rc;
}

static void job_schema_name(const struct render *r, int k, struct strbuf *sb)
{
	strbuf_addf(sb, "%s%d", r->drv->job_schema, k + 1);
}

/*
 * --jobs in one transaction, the jobs' half: job k drops what a failed
 * run left in its schema, then builds its steps' tables there from the
 * live sources (which the run's transaction holds against writers from
 * before any job starts) in a transaction of its own, and commits.
 */
static void render_txn_job_builds(struct render *r)
{
	const struct om_plan *p = r->p;

	for (int k = 1; k < r->used; k++) {
		struct strbuf schema = STRBUF_INIT, sb = STRBUF_INIT, name = STRBUF_INIT;
		size_t first = r->s->n;

		job_schema_name(r, k, &schema);
		add_comment(r, "connection %d (--jobs): its tables built in schema %s and committed there; the run's "
			    "transaction moves them in", k + 1, schema.buf);
		if (r->drv->job_timeout) {
			strbuf_addf(&sb, r->drv->job_timeout, p->lock_timeout > 0 ? p->lock_timeout : 1);
			om_script_take(r->s, OM_STMT_SQL, &sb);
		}
		strbuf_adds(&sb, "DROP SCHEMA IF EXISTS ");
		r->drv->quote_ident(&sb, schema.buf);
		strbuf_adds(&sb, " CASCADE");
		om_script_take(r->s, OM_STMT_SQL, &sb);
		strbuf_adds(&sb, "CREATE SCHEMA ");
		r->drv->quote_ident(&sb, schema.buf);
		om_script_take(r->s, OM_STMT_SQL, &sb);
		om_script_add(r->s, OM_STMT_SQL, "BEGIN");
		for (size_t i = 0; i < p->nsteps; i++) {
			const struct om_step *st = &p->steps[i];
			struct om_tabledef d = { st->target, NULL, NULL, om_plan_has_class, (void *)p, false,
						 st->source != NULL, false };
			struct om_strlist after;

			if (r->job[i] != k)
				continue;
			strbuf_reset(&name);
			strbuf_addf(&name, "%s.%s", schema.buf, st->target->name);
			add_comment(r, "%s: built by connection %d (--jobs)", st->target->name, k + 1);
			d.name = name.buf;
			d.like = st->kind == OM_STEP_REBUILD ? st->source : NULL;
			create_table(r, &d, &after);
			render_copy(r, st, name.buf, k);
			add_list(r, OM_STMT_SQL, &after);
		}
		om_script_add(r->s, OM_STMT_SQL, "COMMIT");
		for (size_t i = first; i < r->s->n; i++)
			r->s->stmts[i].job = k;
		strbuf_release(&schema);
		strbuf_release(&sb);
		strbuf_release(&name);
	}
}

/*
 * The schemas of jobs a killed run left that no job of this run builds in
 * (those it does, each job empties first): dropped in the run's
 * transaction, with what they hold (scratch tables of ours, never read).
 */
static void render_scratch_drops(struct render *r)
{
	struct strbuf sb = STRBUF_INIT, mine = STRBUF_INIT;

	for (size_t i = 0; i < r->p->scratch.n; i++) {
		bool used = false;

		for (int k = 1; r->job && k < r->used && !used; k++) {
			strbuf_reset(&mine);
			job_schema_name(r, k, &mine);
			used = !strcmp(mine.buf, r->p->scratch.v[i]);
		}
		if (used)
			continue;
		add_comment(r, "%s: left by a killed run (--jobs): dropped", r->p->scratch.v[i]);
		strbuf_adds(&sb, "DROP SCHEMA IF EXISTS ");
		r->drv->quote_ident(&sb, r->p->scratch.v[i]);
		strbuf_adds(&sb, " CASCADE");
		om_script_take(r->s, OM_STMT_SQL, &sb);
	}
	strbuf_release(&mine);
	strbuf_release(&sb);
}

/*
 * The run's half, once every job is done: each table a job built takes
 * its place (the old one set aside first), then the rest of its step;
 * the jobs' schemas, empty now, go with the same transaction.
 */
static int render_txn_job_takes(struct render *r, struct om_error *err)
{
	const struct om_plan *p = r->p;
	struct strbuf schema = STRBUF_INIT, sb = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < p->nsteps && !rc; i++) {
		const struct om_step *st = &p->steps[i];

		if (!r->job[i])
			continue;
		strbuf_reset(&schema);
		job_schema_name(r, r->job[i], &schema);
		step_comment(r, st, st->target->name);
		add_comment(r, "%s: the table connection %d built takes its place", st->target->name, r->job[i] + 1);
		if (st->kind == OM_STEP_REBUILD) {
			struct om_strlist l;

			om_strlist_init(&l);
			r->drv->retire_table(st->source, st->retained, &st->drop_indexes, &l);
			add_list(r, OM_STMT_SQL, &l);
		}
		r->drv->job_move(&sb, schema.buf, st->target->name);
		om_script_take(r->s, OM_STMT_SQL, &sb);
		rc = render_step_fill_job(r, st, (int)i + 1, NULL, 0, false, -1, err);
	}
	for (int k = 1; k < r->used && !rc; k++) {
		strbuf_reset(&schema);
		job_schema_name(r, k, &schema);
		strbuf_adds(&sb, "DROP SCHEMA ");
		r->drv->quote_ident(&sb, schema.buf);
		om_script_take(r->s, OM_STMT_SQL, &sb);
	}
	strbuf_release(&schema);
	strbuf_release(&sb);
	return rc;
}

static int render_all(struct render *r, struct om_error *err);

int om_render_script(struct om_script *s, const struct om_plan *p, struct om_conn *c, struct om_error *err)
{
	struct render r = { p, p->drv, c, s, !p->drv->switch_tables, false, p->mode == OM_MODE_MIGRATE, NULL, 0 };

	int rc;

	r.shadows = !r.txn && !r.migrate;
	if (txn_jobs(&r)) {
		bool *todo = om_xcalloc(p->nsteps + 1, sizeof(*todo));

		for (size_t i = 0; i < p->nsteps; i++)
			todo[i] = true;
		r.job = om_xcalloc(p->nsteps + 1, sizeof(*r.job));
		r.used = assign_jobs(&r, todo, r.job);
		free(todo);
		if (r.used < 2) {
			free(r.job);
			r.job = NULL;
		}
	}
	rc = render_all(&r, err);
	free(r.job);
	return rc;
}

/* The script (om_render_script), r set up. */
static int render_all(struct render *r, struct om_error *err)
{
	const struct om_plan *p = r->p;

	if (render_start(r, err))
		return -1;
	if (r->txn && !r->migrate)
		render_scratch_drops(r);
	if (r->job)
		render_txn_job_builds(r);
	if (r->shadows && render_shadows(r, err))
		return -1;
	for (size_t i = 0; !r->shadows && i < p->nsteps; i++) {
		struct om_strlist after;

		if (r->job && r->job[i])
			continue;
		if (render_step_create(r, &p->steps[i], (int)i + 1, &after) &&
		    render_step_fill(r, &p->steps[i], (int)i + 1, &after, err)) {
			om_strlist_release(&after);
			return -1;
		}
		om_strlist_release(&after);
	}
	if (r->job) {
		om_script_add(r->s, OM_STMT_JOIN, "every connection's tables built (--jobs)");
		if (render_txn_job_takes(r, err))
			return -1;
	}
	/*
	 * Tables left as they are keep their sequences untouched: moving one is
	 * not undone by a rollback (PostgreSQL's setval is not transactional).
	 */
	return render_end(r, err);
}

/* ---- what the commands run ------------------------------------------------------------- */

/* SELECT cols FROM db.table */
static void select_from(struct strbuf *sb, const struct om_driver *drv, const char *const *cols, const char *db,
			const char *table)
{
	strbuf_adds(sb, "SELECT ");
	ident_list(sb, drv, cols);
	strbuf_adds(sb, " FROM ");
	qualified(sb, drv, db, table);
}

void om_render_history_query(struct strbuf *sb, const struct om_driver *drv, const char *db)
{
	static const char *const cols[] = { "id", "plan", "checksum", "command", "status", "started", "finished",
					    "source", "options", NULL };

	select_from(sb, drv, cols, db, OM_HISTORY_TABLE);
	strbuf_adds(sb, " ORDER BY ");
	drv->quote_ident(sb, "id");
}

void om_render_journal_query(struct strbuf *sb, const struct om_driver *drv, const char *db, long long id)
{
	static const char *const cols[] = { "name", "source_rows", NULL };

	select_from(sb, drv, cols, db, OM_JOURNAL_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "run");
	strbuf_addf(sb, " = %lld ORDER BY ", id);
	drv->quote_ident(sb, "step");
}

void om_render_migrate_query(struct strbuf *sb, const struct om_driver *drv, struct om_conn *c, const char *db,
			     const char *source)
{
	static const char *const cols[] = { "id", "status", NULL };

	select_from(sb, drv, cols, db, OM_HISTORY_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "command");
	strbuf_adds(sb, " = 'migrate' AND ");
	drv->quote_ident(sb, "source");
	strbuf_adds(sb, " = ");
	drv->quote_string(c, sb, source);
	strbuf_adds(sb, " ORDER BY ");
	drv->quote_ident(sb, "id");
	strbuf_adds(sb, " DESC LIMIT 1");
}

void om_render_kept_query(struct strbuf *sb, const struct om_driver *drv, const char *db)
{
	static const char *const cols[] = { "kind", "table_name", "name", NULL };

	select_from(sb, drv, cols, db, OM_DRIFT_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "run");
	strbuf_adds(sb, " IN (SELECT ");
	drv->quote_ident(sb, "id");
	strbuf_adds(sb, " FROM ");
	qualified(sb, drv, db, OM_HISTORY_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "status");
	strbuf_adds(sb, " = 'done')");
}

void om_render_journal_forget(struct strbuf *sb, const struct om_driver *drv, long long id)
{
	strbuf_adds(sb, "DELETE FROM ");
	drv->quote_ident(sb, OM_JOURNAL_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "run");
	strbuf_addf(sb, " = %lld", id);
}

void om_render_cleanup(struct om_script *s, const struct om_driver *drv, const struct om_strlist *retained)
{
	struct om_strlist schemas;
	struct strbuf sb = STRBUF_INIT;

	om_strlist_init(&schemas);
	for (size_t i = 0; i < retained->n; i++) {
		const char *dot = strchr(retained->v[i], '.');

		strbuf_adds(&sb, "DROP TABLE ");
		drv->quote_ident(&sb, retained->v[i]);
		om_script_take(s, OM_STMT_SQL, &sb);
		if (drv->retained_schema && dot) {
			char *schema = om_xstrndup(retained->v[i], (size_t)(dot - retained->v[i]));

			om_strlist_add_unique(&schemas, schema);
			free(schema);
		}
	}
	/* A retained schema goes with its last table (never CASCADE: only what was dropped). */
	for (size_t i = 0; i < schemas.n; i++) {
		strbuf_adds(&sb, "DROP SCHEMA IF EXISTS ");
		drv->quote_ident(&sb, schemas.v[i]);
		om_script_take(s, OM_STMT_SQL, &sb);
	}
	om_strlist_release(&schemas);
}

void om_render_digest_same(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const char *step,
			   const char *table, const char *from)
{
	const struct om_driver *drv = p->drv;
	struct strbuf q = STRBUF_INIT;

	strbuf_adds(sb, "SELECT CASE WHEN (SELECT ");
	drv->quote_ident(sb, "source_digest");
	strbuf_adds(sb, " FROM ");
	drv->quote_ident(sb, OM_JOURNAL_TABLE);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "run");
	strbuf_addf(sb, " = %lld AND ", p->history_id);
	drv->quote_ident(sb, "name");
	strbuf_adds(sb, " = ");
	drv->quote_string(c, sb, step);
	strbuf_adds(sb, ") = ");
	drv->quote_ident(&q, from);
	if (om_tripwire_step(p, table))
		om_tripwire_digest(p, c, sb, table, from);
	else
		drv->digest(c, sb, table, q.buf);
	strbuf_adds(sb, " THEN 1 ELSE 0 END");
	strbuf_release(&q);
}
