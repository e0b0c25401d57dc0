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
 * left untouched, their version rows, and each new table's rows against
 * its source counted now (under the run's locks).  Before a switch: each
 * shadow holds as many rows as its source now, and a shadow an earlier
 * run built still has its source's digest (journal).  After the switch:
 * the catalog, and each retained table (or left source) still holds
 * exactly the rows copied, by count and digest.  Fills each step's
 * rows_after (and rows_before) and the computed columns' filled counts.
 * OM_EXIT_FAILED with the differences.
 */
int om_verify_result(struct om_plan *p, struct om_conn *c, enum om_verify_point at, struct om_error *err);

#endif
