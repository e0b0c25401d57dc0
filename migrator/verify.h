/*
 * verify.h: the check that runs before an upgrade is made final (before
 * COMMIT, or right after the switch): the catalog of what the plan built
 * equals the target version, and every carried table has its rows.
 */
#ifndef OM_VERIFY_H
#define OM_VERIFY_H

#include "driver.h"
#include "planner.h"

/* Where a run verifies what it built. */
enum om_verify_point {
	OM_VERIFY_COMMIT,         /* one transaction, just before COMMIT */
	OM_VERIFY_BEFORE_SWITCH,  /* shadows, just before the switch */
	OM_VERIFY_AFTER_SWITCH    /* shadows, right after the switch */
};

/*
 * Compare what plan p built (through c) with what it must be, at point
 * `at`.  Before COMMIT: the catalog of the target's tables the plan made or
 * left untouched, their version rows, and each new table's rows.  Before a
 * switch: each shadow holds exactly its source's rows now (a source
 * written to since its copy refuses the switch).  After the switch: the
 * catalog, and each retained table still holds exactly the rows copied.
 * Fills each step's rows_after (and, before a switch, rows_before) and the
 * computed columns' filled counts.  OM_EXIT_FAILED with the differences.
 */
int om_verify_result(struct om_plan *p, struct om_conn *c, enum om_verify_point at, struct om_error *err);

#endif
