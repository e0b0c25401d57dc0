/*
 * planner.h: from a detected version to the steps of an upgrade.
 *
 * The planner decides, table by table, what the upgrade does (untouched,
 * rebuilt once, created), which value every target column gets, where
 * values must be cut, and which version rows change.  The pre-checks
 * (precheck.h) then ask the database what the plan will meet; the
 * renderer (render.h) writes it as SQL.
 */
#ifndef OM_PLANNER_H
#define OM_PLANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "plan.h"
#include "strbuf.h"
#include "strlist.h"

#include "detect.h"

struct om_driver;
struct om_conn;

enum om_plan_mode {
	OM_MODE_INPLACE,   /* upgrade: rebuild in place, keep retained tables */
	OM_MODE_MIGRATE    /* migrate OLD NEW: build everything in NEW */
};

/* A value source for one target column. */
struct om_colmap {
	const struct om_column *col;  /* the target column */
	struct om_expr *expr;         /* owned; NULL: left to its default or a new id */
	int cut;                      /* > 0: the value is cut to this many characters */
	bool computed;                /* the value is computed by a function */
	bool null_check;              /* pre-check: a nullable live column into a NOT NULL one */
	long long null_count;         /* pre-check: NULLs it holds */
	long long cut_count;          /* pre-check: values that will be shortened */
	long long invalid_count;      /* pre-check: inputs the function rejects */
	long long differ_count;       /* pre-check: kept values that differ from the computed ones */
	long long cleared_count;      /* pre-check: values emptied */
	struct om_strlist examples;   /* pre-check: a few of them, with their row key */
	long long filled_count;       /* after the copy: rows where a computed value is not ''; -1 not counted */
	/*
	 * Deferred pre-check (an upgrade's, not plan's): 1 + the column that
	 * holds the other part of the same URI, whose unparsable inputs are
	 * counted on the copy (both parts '') instead of by parsing the
	 * source once more; 0 when not deferred.
	 */
	size_t defer_pair;
	long long defer_nulls;        /* NULL inputs of a deferred test: both parts '', never invalid */
};

enum om_step_kind {
	OM_STEP_REBUILD,   /* the table changes: the old one is retained, the new one filled */
	OM_STEP_CREATE     /* a new table, empty or filled from another one */
};

struct om_step {
	enum om_step_kind kind;
	const struct om_table *target;
	const char *source;            /* source table, or NULL (created empty) */
	const struct om_table *source_def;
	char *retained;                /* REBUILD: the name the old table keeps */
	struct om_colmap *cols;        /* target columns in the engine's order */
	size_t ncols;
	struct om_strlist order;       /* source columns giving the id order; empty: scan */
	bool order_exact;              /* ordered by their bytes (every column of a table without a key) */
	struct om_strlist not_carried; /* source columns no target column reads */
	struct om_strlist drop_indexes; /* indexes of the old table to drop first (global names) */
	struct om_strlist check_unique; /* target unique keys to pre-check ("name") */
	bool ignore_dups;              /* --force: rows colliding on a unique key are skipped */
	long long rows_before;         /* -1: unknown */
	long long dup_count;           /* pre-check: rows that collide */
	long long rows_after;          /* after the copy; -1: not counted */
	/*
	 * --jobs (shadows): the job that copies this step's rows, 0 the run's
	 * own connection; and, while a run verifies, the connection of that
	 * job (NULL: the run's).  Set by the renderer, conn by the run.
	 */
	int job;
	struct om_conn *conn;
	/*
	 * Shadows (MySQL): the writes to the source are counted by triggers
	 * (tripwire.c), and trip_count is that count at the end of the hold
	 * (-1: not read); the switch is verified against it instead of reading
	 * the retained table again.
	 */
	bool tripwire;
	long long trip_count;
	/*
	 * The target as this database gets it: the plan's table plus what it
	 * keeps of the live one (extra columns and indexes, wider types); NULL
	 * when it is the plan's table.  target points at it then.  Owned, with
	 * everything it adds (owned).
	 */
	struct om_table *derived;
	void **owned;
	size_t nowned, aowned;
};

struct om_plan_opts {
	enum om_plan_mode mode;
	bool force;
	/* An openserctlrc variable's value, or NULL when unset ("ask" resolved by the caller). */
	const char *(*getvar)(const char *name, void *ud);
	void *ud;
	const char *source_db;   /* migrate: the name under which OLD is reachable */
	const char *source_path; /* migrate: OLD as the user named it (for the history) */
	bool rollback;           /* the rollback map (B -> A rollback) rather than an upgrade map */
	/*
	 * The pre-check is an upgrade's that copies right after it: counts that
	 * never refuse may be taken on the copy, before anything is visible
	 * (om_precheck_deferred), rather than in a pass of their own.
	 */
	bool defer;
};

struct om_plan {
	enum om_engine engine;
	const struct om_driver *drv;
	enum om_plan_mode mode;
	const struct om_schema *from, *to;
	const struct om_map *map;
	const char *source_db;         /* NULL: the same database */
	struct om_strlist classes;     /* installed target classes */
	struct om_strlist src_classes; /* source classes taken into account */
	struct om_step *steps;
	size_t nsteps, asteps;
	struct om_strlist untouched;   /* tables already as the target wants them */
	struct om_strlist left;        /* source tables left as they are */
	struct om_strlist unknown;     /* tables no plan knows (untouched) */
	struct om_vrow *vrows;         /* version rows to write */
	size_t nvrows, avrows;
	struct om_strlist notes;       /* decisions to tell the operator */
	struct om_strlist problems;    /* pre-check refusals (exit 3 unless --force) */
	struct om_strlist warnings;    /* values cut, rows skipped under --force, ... */
	char plan_id[64];              /* "1.1->1.2" */
	char checksum[65];             /* over the files used */
	char *options_text;            /* "HAS_SERWEB=yes ..." for the history */
	bool force;
	long long history_id;          /* the history row this run writes */
	char started[32];              /* UTC, "YYYY-MM-DD HH:MM:SS" */
	const char *source_path;       /* migrate: OLD */
	struct om_strlist done;        /* resumed run: steps its journal says are complete */
	struct om_strlist stale;       /* resumed run: steps its journal has, to be done again */
	struct om_strlist scratch;     /* job schemas killed runs left (--jobs, driver.h job_schema) */
	struct om_driftlist drift;     /* the live database's differences from `from`, classified */
	const char *target_name;       /* migrate: NEW as the user named it */
	int lock_timeout;              /* seconds, as the lock statement shows it */
	/*
	 * --jobs: connections that may copy at once (shadows; 1: the run's
	 * own only), and the fewest source rows that give a copy a job of its
	 * own (smaller copies stay on the run's connection).
	 */
	int jobs;
	long long job_rows;
	bool new_exists;               /* migrate: NEW exists already (a resumed run) */
	bool rollback;                 /* built from a rollback map (a forced rollback) */
	struct om_strlist drop;        /* tables dropped at the end (a rollback: those the upgrade created) */
	/*
	 * finish (online.c): the tables rebuilt in place were built and kept
	 * up to date by prepare as shadows (OM_SHADOW_PREFIX); the script
	 * renames them in instead of creating and filling them.
	 */
	bool online;
};

void om_plan_init(struct om_plan *p);
void om_plan_release(struct om_plan *p);

/*
 * Build the plan that takes the database detected in d to version
 * `to_version`.  Errors: OM_EXIT_SCHEMA (no known version, drift, no map),
 * OM_EXIT_USAGE (bad option values, a downgrade).  When d is already at
 * to_version the plan has no steps and no version rows.
 */
int om_plan_build(struct om_plan *p, const struct om_planset *ps, const struct om_detect *d,
		  const char *to_version, const struct om_plan_opts *o,
		  const struct om_driver *drv, struct om_error *err);

/*
 * The checksum of plan "FROM->TO" as the plans in ps give it today (what
 * the history records when it is applied).  False if ps has no such plan.
 */
bool om_planset_checksum(const struct om_planset *ps, const char *plan_id, char out[65]);

/*
 * An openserctlrc yes/no option as the plan reads it: 1 yes, 0 no, -1
 * unset, -2 neither.
 */
int om_plan_yesno(const struct om_plan_opts *o, const char *var);

/* The first key of kind `kind` of t, or NULL. */
const struct om_key *om_table_first_key(const struct om_table *t, enum om_key_kind kind);

/*
 * The existing tables plan p replaces (rebuilt in place) and reads or
 * writes rows of (a new table's source, OpenSER's version table) into the
 * two lists.
 */
void om_plan_tables(const struct om_plan *p, struct om_strlist *replace, struct om_strlist *read);

/* True when the plan changes nothing. */
bool om_plan_is_empty(const struct om_plan *p);
/* The rows a copy of source_rows rows of st's source gives: less the collisions --force skips. */
long long om_step_rows_kept(const struct om_step *st, long long source_rows);

/* The class callback drivers use when rendering a target table of p. */
bool om_plan_has_class(const char *cls, void *plan);

/*
 * Where the old table `table` is kept: "old11_acc", or "old11.acc" on
 * engines that keep old tables in a schema (the digits are the source
 * version's: "old120_acc" for 1.2.0).
 */
void om_plan_retained_name(const struct om_plan *p, const char *table, struct strbuf *sb);

#endif
