/*
 * online.h: the upgrade with minimal downtime (prepare, finish, abort).
 *
 * prepare, while OpenSER 1.1 runs, installs change capture on every table
 * the plan rebuilds (triggers that copy each written row, raw, into a
 * change table of ours), builds and fills the 1.2 tables as shadows with
 * the upgrade's own mapping, and applies the captured changes to them.
 * finish, OpenSER stopped, is `upgrade` whose rebuilt tables are those
 * shadows: in its transaction it applies what is left, checks each shadow
 * against its source, drops the capture and renames the shadows in.
 * abort drops all of it.  README.md, "Minimal downtime", says why each
 * step is safe; the core never prints (run.h).
 */
#ifndef OM_ONLINE_H
#define OM_ONLINE_H

#include "run.h"

/* The bookkeeping table of a prepare: one row per table captured. */
#define OM_ONLINE_TABLE "openser_migrate_online"
/* openser_migrate_chg_<table>: the change table of a source table. */
#define OM_CHANGES_PREFIX "openser_migrate_chg_"
/* openser_migrate_trg_<table>_i, _u, _d: the triggers on a source table. */
#define OM_TRIGGER_PREFIX "openser_migrate_trg_"

/*
 * prepare: capture, build the shadows, catch up.  Engines without change
 * capture are refused (OM_EXIT_REFUSED) before anything is changed.
 */
int om_cmd_prepare(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t, const struct om_run_opts *o,
		   struct om_error *err);
/* abort: the triggers, the change tables, the shadows and the bookkeeping dropped, in one transaction. */
int om_cmd_abort(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t, const struct om_run_opts *o,
		 struct om_error *err);

/* ---- hooks of run.c ---- */

/* Is a prepare in place (its bookkeeping table among the database's own tables)? */
bool om_online_prepared(const struct om_run *r);
/*
 * finish, in the upgrade's transaction, after the plan and before its
 * script: apply the rest of the changes, check every shadow against its
 * source, drop the triggers and the change tables.  Engines whose
 * upgrade switches shadows (MySQL) only check here that prepare built
 * every shadow: their script applies the rest while it holds the writers
 * (om_online_apply_held) and drops the capture after its switch.
 */
int om_online_finish(struct om_run *r, const struct om_run_opts *o, struct om_error *err);
/*
 * The script's OM_STMT_APPLY (engines with shadows): the changes to the
 * source of the step that builds `table` applied to its shadow, then the
 * shadow's rows counted against the source's; the writers are held.
 */
int om_online_apply_held(struct om_run *r, const char *table, struct om_error *err);
/*
 * The names of what the capture of a prepare made: the change tables of
 * the plan's rebuilt tables (into `read`) and the bookkeeping table (into
 * `write`), for the script's hold; the statements that drop the capture
 * (the triggers first) after the switch, into `drop`.
 */
void om_online_capture_names(const struct om_plan *p, struct om_strlist *read, struct om_strlist *write,
			     struct om_strlist *drop);
/*
 * finish run again on a database its switch reached (a finish killed
 * after the switch, on an engine with shadows): what is left of the
 * capture is dropped.
 */
int om_online_forget(struct om_run *r, struct om_error *err);
/*
 * finish's pre-checks of step st read the rows that arrived since the
 * capture (its change table's 'I' rows) rather than the whole table:
 * `from` is replaced by them.  om_online_rows_before then sets the step's
 * row count from the table itself.
 */
void om_online_precheck_from(const struct om_plan *p, const struct om_step *st, struct strbuf *from);
int om_online_rows_before(struct om_plan *p, struct om_step *st, struct om_conn *c, struct om_error *err);
/* Is st a step whose table finish takes from prepare (a table rebuilt in place, p->online)? */
bool om_online_step(const struct om_plan *p, const struct om_step *st);
/*
 * Engines with shadows, after finish's switch: how many change rows of
 * st's source lie past the position finish applied (writes to the old
 * table since then, which its triggers still record).
 */
int om_online_changes_after(const struct om_plan *p, struct om_conn *c, const struct om_step *st, long long *n,
			    struct om_error *err);
/* finish's switch undone (engines with shadows): every table's shadow is to be built again by prepare. */
int om_online_forget_shadows(struct om_run *r, struct om_error *err);
/* status: the phase of a prepare, one line per table, into r->info. */
int om_online_status(struct om_run *r, struct om_error *err);

#endif
