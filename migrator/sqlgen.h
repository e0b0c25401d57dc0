/*
 * sqlgen.h: the statements every driver's script shares (the history and
 * journal rows, the version rows, INSERT ... SELECT of a step), written
 * once and parameterised by the driver's own quoting, clock and dialect
 * bits.  The engine-specific ones stay in each driver.
 */
#ifndef OM_SQLGEN_H
#define OM_SQLGEN_H

#include <stdbool.h>

#include "driver.h"
#include "planner.h"
#include "script.h"
#include "strbuf.h"

/*
 * INSERT of the plan's history row, status 'running'.  insert is the
 * engine's way to say "unless the row is there" at the front ("INSERT OR
 * IGNORE INTO", "INSERT IGNORE INTO", or "INSERT INTO"), suffix at the end
 * (" ON CONFLICT ... DO NOTHING", or "").
 */
void om_sql_history_insert(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			   const char *command, const char *insert, const char *suffix, struct strbuf *sb);

/* UPDATE of the plan's history row to 'done', finished now. */
void om_sql_history_done(const struct om_driver *drv, const struct om_plan *p, struct strbuf *sb);

/*
 * INSERT of the journal row of step number `step` (name); count_from, when
 * not NULL, is the (quoted) table whose row count is recorded.
 */
void om_sql_journal(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p, int step,
		    const char *name, const char *count_from, struct strbuf *sb);

/*
 * The plan's version rows into table `into` (quoted as given): a DELETE
 * of the old rows, then one INSERT (two statements, into del and ins).
 * Nothing when the plan writes no row.
 */
void om_sql_version_rows(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			 const char *into, struct strbuf *del, struct strbuf *ins);

/* Both statements of om_sql_version_rows, appended to script s (nothing when no row). */
void om_sql_add_version_rows(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			     const char *into, struct om_script *s);
/* om_sql_history_done appended to s as a statement of the given kind. */
void om_sql_add_history_done(const struct om_driver *drv, const struct om_plan *p, struct om_script *s,
			     enum om_stmt_kind kind);

/*
 * The end of a script that is one transaction: the version rows (into
 * `version`, under a comment), the history row marked done, the mark
 * "version" and COMMIT.
 */
void om_sql_add_commit_end(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			   struct om_script *s);

/* The step's target columns that get a value: "a", "b", ... */
void om_sql_column_list(const struct om_driver *drv, const struct om_step *st, struct strbuf *sb);
/* Their values, as the SELECT list. */
void om_sql_select_list(const struct om_driver *drv, struct om_conn *c, const struct om_step *st,
			struct strbuf *sb);
/* "\nORDER BY ..." when new ids follow the old key order, else nothing. */
void om_sql_order_by(const struct om_driver *drv, const struct om_step *st, struct strbuf *sb);
/* Does the step copy any value at all? */
bool om_sql_carries(const struct om_step *st);

/*
 * INSERT <insert> INTO into (...) SELECT ... FROM from [ORDER BY]<suffix>,
 * where insert is "" or the engine's "skip collisions" word ("OR IGNORE ",
 * "IGNORE ") and from is already quoted.  False (and nothing appended)
 * when the step copies no value.
 */
bool om_sql_insert_select(const struct om_driver *drv, struct om_conn *c, const struct om_step *st,
			  const char *insert, const char *into, const char *from, const char *suffix,
			  struct strbuf *sb);

#endif
