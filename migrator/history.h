/*
 * history.h: what the migrator's own tables say about earlier runs: the
 * history (one row per run: plan, checksum, status) and the journal (the
 * steps a run completed).  A plan edited after it was applied is refused
 * here; an unfinished run of the same plan is resumed.
 */
#ifndef OM_HISTORY_H
#define OM_HISTORY_H

#include <stdbool.h>

#include "driver.h"
#include "planner.h"

struct om_history {
	long long next_id;        /* the id a new run gets */
	long long running_id;     /* an unfinished run, or 0 */
	char running_plan[64];
	char running_checksum[65];
	char running_command[16];
	/* What finished runs kept of the database's differences: "kind\ttable\tname" each. */
	struct om_strlist kept;
};

void om_history_release(struct om_history *h);

/* Is difference x one a finished run kept (recorded in h)? */
bool om_history_kept(const struct om_history *h, const struct om_drift *x);

/* Where the history is read, and what is told. */
struct om_history_ctx {
	const struct om_driver *drv;
	struct om_conn *c;
	const char *db;                 /* NULL: the database connected to */
	struct om_strlist *lines;       /* each recorded run, one line each */
	struct om_strlist *info;        /* notes for the operator */
};

/*
 * Read the history of x->db into h (no table: a fresh h, next id 1):
 * every run as a line, the next run id, an unfinished run.  A plan applied
 * with another checksum than ps gives today is refused (OM_EXIT_SCHEMA)
 * when refuse_edited, else noted in x->info.  A history table of another
 * shape is OM_EXIT_SCHEMA.
 */
int om_history_read(struct om_history *h, const struct om_history_ctx *x, const struct om_planset *ps,
		    bool present, bool refuse_edited, struct om_error *err);

/* Read what finished runs kept (the drift table of x->db) into h->kept. */
int om_history_read_kept(struct om_history *h, const struct om_history_ctx *x, struct om_error *err);

/*
 * Resume the unfinished run of h when it is plan p's (same plan and
 * checksum): p takes its id, and p->done the steps its journal completed
 * whose source still has the rows it had then.  A run of other plans is
 * refused (OM_EXIT_SCHEMA).  *resumed tells whether there was one.
 */
int om_history_resume(const struct om_history *h, const struct om_history_ctx *x, struct om_plan *p,
		      bool *resumed, struct om_error *err);

/* Record the unfinished run of h as done now. */
int om_history_finish(const struct om_history *h, const struct om_history_ctx *x, struct om_error *err);

/* The newest migrate from `source` recorded in x->db. */
struct om_migrate_run {
	bool found;
	long long id;
	char status[16];
};

int om_history_find_migrate(struct om_migrate_run *m, const struct om_history_ctx *x, const char *source,
			    struct om_error *err);

#endif
