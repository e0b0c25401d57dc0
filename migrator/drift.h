/*
 * drift.h: databases that are not pristine.  Detection lists how a live
 * database differs from its nearest version (by meaning: catalog.h); here
 * each difference is classified against the plan and handled: kept (an
 * operator's extra column, index or wider type: carried into the new
 * version), absorbed (a missing or renamed index, a missing optional
 * table, a version row: the new version builds its own), or blocking (a
 * column the upgrade reads is missing or of another kind, a table
 * half-way to the new version, another primary key: refused).
 */
#ifndef OM_DRIFT_H
#define OM_DRIFT_H

#include <stdbool.h>

#include "planner.h"

/*
 * Are all of table's differences (if any) ones it keeps as it is (extra
 * columns and indexes, wider types, a version row)?  Such a table may be
 * left untouched; any other difference makes it rebuilt.
 */
bool om_drift_keeps(const struct om_detect *d, const char *table);

/*
 * Classify every difference of d for plan p (its steps built) into
 * p->drift, put what is kept into the steps' derived targets, mark the
 * NULL checks, and warn of what is absorbed that the operator should know.
 * Blocking differences fail (OM_EXIT_SCHEMA, each with why), except those
 * --force can carry: a missing column that is read gets the new column's
 * default (a warning says so).
 */
int om_drift_plan(struct om_plan *p, const struct om_detect *d, const struct om_plan_opts *o, struct om_error *err);

#endif
