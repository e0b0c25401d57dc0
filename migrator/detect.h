/*
 * detect.h: version detection.  The live catalog is matched against every
 * known version (exact, or the nearest with the differences).
 */
#ifndef OM_DETECT_H
#define OM_DETECT_H

#include <stdbool.h>

#include "catalog.h"
#include "error.h"
#include "names.h"
#include "plan.h"
#include "strlist.h"

struct om_driver;

struct om_detect {
	const struct om_schema *schema; /* nearest known version; NULL: no OpenSER tables */
	bool exact;                     /* no difference at all */
	struct om_driftlist drift;      /* live vs that version, by meaning (classified by the planner) */
	struct om_strlist diff;         /* the same, as text lines */
	struct om_strlist classes;      /* classes of that version present in the database */
	struct om_catalog live;         /* the OpenSER tables (unknown/own/retained removed) */
	struct om_strlist unknown;      /* tables that no plan knows */
	struct om_strlist retained;     /* retained old tables (prefix or schema) */
	struct om_strlist ignored;      /* tables of classes that are not installed */
	struct om_strlist own;          /* the migrator's own tables (history, journal, shadows) */
	bool has_history;               /* the migrator's own tables exist */
};

void om_detect_init(struct om_detect *d);
void om_detect_release(struct om_detect *d);

/*
 * Detect the version of the database whose whole catalog is `full` (which
 * this function takes over and releases).  Fails only on bad input; "no
 * OpenSER tables" is d->schema == NULL.
 */
int om_detect_run(struct om_detect *d, const struct om_planset *ps, const struct om_driver *drv,
		  struct om_catalog *full, struct om_error *err);

#endif
