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

/*
 * After the copy of step st (before anything is visible: a shadow, or
 * inside the transaction), with om_plan_opts.defer: both_empty is the
 * copy's rows where the parts of column col's URI and of its pair
 * (defer_pair) are both ''.  Sets their unparsable counts and warnings as
 * the pre-check would have (examples read from `from`, where the source's
 * rows are now, as SQL).  Nothing to do when col is not deferred.
 */
int om_precheck_deferred(struct om_plan *p, struct om_conn *c, struct om_step *st, size_t col, long long both_empty,
			 const char *from, struct om_error *err);

/* The rows of `table` (om_render_count) into *n. */
int om_count_rows(const struct om_driver *drv, struct om_conn *c, const char *table, long long *n,
		  struct om_error *err);

#endif
