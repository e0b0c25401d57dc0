/*
 * render.h: the one writer of SQL in the core.
 *
 * From a plan it writes the script of an upgrade or of a migrate, for any
 * engine: the policy (the order of the steps, one transaction or shadows
 * and one switch, the journal, the history, the version rows, the point
 * where the result is verified, the retained names) is here once; how an
 * engine says each statement is asked of its driver (driver.h).  It also
 * writes the SQL of the plan's expressions and the bookkeeping statements
 * the commands run (history, journal, cleanup).  `plan` prints what it
 * writes; `upgrade` and `migrate` run it.
 */
#ifndef OM_RENDER_H
#define OM_RENDER_H

#include "driver.h"
#include "planner.h"
#include "script.h"
#include "strbuf.h"

/*
 * The whole script that carries out plan p on connection c (the new
 * database for migrate) into s.  Statements marked with a step name end
 * that step (the journal's and the progress's unit).  Fails only when the
 * driver's look-ups fail (rights, accounts).
 */
int om_render_script(struct om_script *s, const struct om_plan *p, struct om_conn *c, struct om_error *err);

/* The statement that undoes the switch of p (engines with switch_tables). */
void om_render_unswitch(struct strbuf *sb, const struct om_plan *p);

/* Expression e of the plan (over the source table) as the engine's SQL. */
void om_render_expr(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_expr *e);
/*
 * The condition of a row that a counted core function's call finds
 * (plan.h): DIFFERS, both arguments set and different as bytes; CLEARED,
 * every argument set (the value is emptied).
 */
void om_render_fn_check(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_expr *call);
/* Source column col as a key of step st's id order (by its bytes when the order is exact). */
void om_render_order_key(struct strbuf *sb, const struct om_driver *drv, const struct om_step *st, const char *col);
/*
 * The target columns of step st that get a value, into cols (quoted,
 * comma-separated), and the SELECT of their values from `from` (SQL),
 * ordered as the copy orders new ids when `ordered`.
 */
void om_render_copy_select(struct strbuf *cols, struct strbuf *select, const struct om_plan *p, struct om_conn *c,
			   const struct om_step *st, const char *from, bool ordered);
/* The value of colmap m: its expression, cut when needed. */
void om_render_value(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const struct om_colmap *m);
/* The source table as SQL: quoted, qualified with p->source_db when set. */
void om_render_source(struct strbuf *sb, const struct om_plan *p, const char *table);
/* SELECT count(*) FROM table (quoted). */
void om_render_count(struct strbuf *sb, const struct om_driver *drv, const char *table);

/* ---- bookkeeping: the migrator's own tables ---- */

/* The history rows of database db (NULL: the one connected to), oldest first. */
void om_render_history_query(struct strbuf *sb, const struct om_driver *drv, const char *db);
/* The journal rows (name, source_rows) of run id in database db, in step order. */
void om_render_journal_query(struct strbuf *sb, const struct om_driver *drv, const char *db, long long id);
/* The newest migrate from source recorded in database db: id, status. */
void om_render_migrate_query(struct strbuf *sb, const struct om_driver *drv, struct om_conn *c, const char *db,
			     const char *source);
/* What finished runs of database db kept of its differences: kind, table_name, name. */
void om_render_kept_query(struct strbuf *sb, const struct om_driver *drv, const char *db);
/* Mark run id ended with status ("done"; "aborted": an open finish that abort closed), finished now. */
void om_render_history_ended(struct strbuf *sb, const struct om_driver *drv, long long id, const char *status);
/*
 * Engines with a digest hook: SELECT 1 when the rows of `table` (its
 * columns as introspected), read under the name `from` (unquoted), are
 * those whose digest the journal of p's run recorded for step `step`,
 * else 0 (a step without a digest included).
 */
void om_render_digest_same(struct strbuf *sb, const struct om_plan *p, struct om_conn *c, const char *step,
			   const char *table, const char *from);
/* Forget the journal of run id (its steps are to be done again). */
void om_render_journal_forget(struct strbuf *sb, const struct om_driver *drv, long long id);
/*
 * The statements that drop the retained tables (and on engines that keep
 * them in a schema, the schema, never CASCADE: only what is dropped).
 */
void om_render_cleanup(struct om_script *s, const struct om_driver *drv, const struct om_strlist *retained);

#endif
