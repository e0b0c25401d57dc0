/*
 * rollback.h: the rollback of the last in-place upgrade.
 *
 * The upgrade is planned again over the database as it found it: its
 * retained tables (old11_*) put back under their names, the version rows
 * it replaced put back.  That plan says what each new row was made from;
 * the rollback map (`map 1.2 -> 1.1 rollback`) says how a row written
 * since goes back.  For each table the upgrade rebuilt:
 *
 *   - a retained row whose upgraded image is still there, unchanged, comes
 *     back exactly as it was (values 1.2 has no column for, cut values);
 *   - a row changed since comes back in the 1.1 shape, with the 1.1
 *     columns 1.2 lacks taken from its retained row;
 *   - a row written since comes back in the 1.1 shape, those columns at
 *     their defaults;
 *   - a row deleted since stays deleted.
 *
 * Row identity is the 1.2 id: kept from the old table (silo's mid), or
 * given in the old key order (the scan order without a key), which the
 * rollback numbers again the same way.  Tables the upgrade created are
 * dropped, those it left alone are left alone, the version rows are the
 * old ones again, and the retained tables are consumed.
 *
 * On engines with transactional DDL the whole rollback is one
 * transaction: the retained table is brought up to date in place and
 * takes its name back.
 */
#ifndef OM_ROLLBACK_H
#define OM_ROLLBACK_H

#include "detect.h"
#include "driver.h"
#include "history.h"
#include "planner.h"
#include "script.h"

struct om_rollback {
	struct om_detect view;       /* the database as the upgrade found it */
	struct om_plan up;           /* that upgrade, planned again over the view */
	struct om_plan down;         /* the rollback map over the live tables */
	struct om_strlist vars;      /* its recorded options: name, value, name, value... */
	struct om_strlist vrows;     /* replaced version rows: "table", "version" or "" (absent) pairs */
	bool all_vrows;              /* vrows are the whole old version table */
	long long run;               /* the upgrade's history id */
	long long *rows;             /* rows of each rebuilt table now (one per up step) */
	const char *old_version;     /* the retained version table (MySQL: old11_version), or NULL */
	struct om_strlist lines;     /* what the rollback does, for the operator */
};

/*
 * The options an upgrade recorded ("HAS_SERWEB=unset(yes) ...") as name,
 * value pairs into vars (a class option as it came out; an unset one left
 * out), and a getvar over them (ud: vars).
 */
void om_rollback_options(const char *text, struct om_strlist *vars);
const char *om_rollback_getvar(const char *name, void *ud);

void om_rollback_init(struct om_rollback *rb);
void om_rollback_release(struct om_rollback *rb);

/*
 * Plan the rollback of upgrade h->upgrade_id on connection c, whose
 * catalog was detected as live.  OM_EXIT_SCHEMA when the database is not
 * at the upgrade's target or the plans changed since it ran;
 * OM_EXIT_REFUSED when the upgrade cannot be taken back.
 */
int om_rollback_plan(struct om_rollback *rb, const struct om_planset *ps, const struct om_driver *drv,
		     struct om_conn *c, const struct om_history *h, const struct om_detect *live,
		     struct om_error *err);

/*
 * The statements of the rollback (inside the transaction the lock began),
 * up to and excluding the COMMIT; history_id is the rollback's own run.
 */
void om_rollback_render(struct om_script *s, const struct om_rollback *rb, const struct om_driver *drv,
			struct om_conn *c, long long history_id);

/*
 * A rollback of the upgrade in h that was killed after its switch (engines
 * that switch tables): the database is back at the upgrade's source
 * version and tables the switch set aside (openser_migrate_gone_*) are
 * still there.  Renders what the rollback had left to do (drop them and
 * the retained tables it consumed, record it in the history as run
 * history_id), with a line per table into info, and returns 0; returns 1
 * when the database is not in that state.
 */
int om_rollback_finish_switched(struct om_script *s, const struct om_planset *ps, const struct om_driver *drv,
				struct om_conn *c, const struct om_history *h, const struct om_detect *live,
				long long history_id, struct om_strlist *info, struct om_error *err);

/* Engines that switch tables: each shadow has as many rows as its 1.2 table (OM_EXIT_FAILED). */
int om_rollback_check_shadows(const struct om_rollback *rb, const struct om_driver *drv, struct om_conn *c,
			      struct om_error *err);

/*
 * After the statements, before the COMMIT: the database is the one the
 * upgrade found (the same version and differences), and each rolled back
 * table has as many rows as its 1.2 table had.  OM_EXIT_FAILED naming what
 * differs.
 */
int om_rollback_verify(const struct om_rollback *rb, const struct om_planset *ps, const struct om_driver *drv,
		       struct om_conn *c, struct om_error *err);

#endif
