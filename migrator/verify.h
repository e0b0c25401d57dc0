/*
 * verify.h: the check that runs before an upgrade is made final (before
 * COMMIT, or right after the switch): the catalog of what the plan built
 * equals the target version, and every carried table has its rows.
 */
#ifndef OM_VERIFY_H
#define OM_VERIFY_H

#include "driver.h"
#include "planner.h"

/*
 * Compare the live result of plan p (through c) with what it must be:
 * the target's tables that the plan made or left untouched, their version
 * rows, each step's row count (and, after a switch, the retained table
 * still holding exactly the rows copied).  Fills each step's rows_after
 * and the computed columns' filled counts.  OM_EXIT_FAILED with the
 * differences when the result is not the target.
 */
int om_verify_result(struct om_plan *p, struct om_conn *c, struct om_error *err);

#endif
