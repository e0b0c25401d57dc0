/*
 * precheck.h: what the plan will meet in the database, asked before
 * anything changes.
 */
#ifndef OM_PRECHECK_H
#define OM_PRECHECK_H

#include "planner.h"

/*
 * Ask the database (through c) what the plan will meet: rows per source
 * table, values to cut, invalid function inputs, collisions on new unique
 * keys, and serweb rows an explicit HAS_SERWEB=no would drop.  Fills the
 * counts, problems and warnings; with --force the problems become
 * warnings and the plan adapts (ignore_dups).  Changes nothing.
 */
int om_plan_precheck(struct om_plan *p, struct om_conn *c, const struct om_plan_opts *o,
		     struct om_error *err);

#endif
