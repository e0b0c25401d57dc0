/*
 * run.h: the commands (status, plan, upgrade, verify, cleanup, migrate)
 * as library calls.  They connect, detect, plan, check, execute and
 * verify, and hand back everything the CLI prints (it prints; they never
 * do).  Questions and progress go through callbacks.
 */
#ifndef OM_RUN_H
#define OM_RUN_H

#include <stdbool.h>

#include "driver.h"
#include "history.h"
#include "planner.h"
#include "replica.h"
#include "script.h"
#include "snapshot.h"
#include "strlist.h"

/* A copy of one table's rows, as it begins and as it ends (progress, logs). */
struct om_copy {
	const char *table;          /* the table of the target version */
	const char *into;           /* the table filled (a shadow, or the table itself) */
	long long total;            /* rows in its source (the pre-check's count); -1 not known */
	const om_counter *copied;   /* rows inserted so far, as the copy runs; NULL when the engine cannot tell */
	/* Else, maybe: how far it has got, estimated from outside (drv->probe_rows(probe)); NULL none. */
	const struct om_driver *drv;
	struct om_probe *probe;
	bool done;                  /* false: it begins; true: it ended (ok: it succeeded) */
	bool ok;
	long long rows;             /* done and ok: rows copied; -1 not known */
	double seconds;             /* done: how long it took */
	int conn;                   /* --jobs: the connection that runs it (2, 3, ...; told from its thread); 0 the run's own */
};

struct om_run_opts {
	const char *to_version;  /* NULL: the newest version the plans know */
	bool force;
	bool snapshot;           /* upgrade: save a snapshot before changing anything (not --no-snapshot) */
	int lock_timeout;        /* seconds */
	/* openserctlrc variables (HAS_SERWEB, ...); NULL when unset. */
	const char *(*getvar)(const char *name, void *ud);
	/* Ask a yes/no question; returns true for yes.  NULL: always no. */
	bool (*confirm)(const char *question, void *ud);
	/* Called after each completed step of a script (progress, test kill points). */
	void (*after_step)(const char *step, void *ud);
	/* Called as each copy begins and ends; NULL: not told. */
	void (*copy)(const struct om_copy *cp, void *ud);
	/* copy wants the rows counted as they are inserted (the engine's watch_inserts, if any). */
	bool count_rows;
	void *ud;
	/* upgrade as `finish` (online.h): the rebuilt tables are prepare's shadows. */
	bool online;
	/* --jobs: connections that may copy at once (jobs.h); 1 or less: the run's own only. */
	int jobs;
};

struct om_run {
	const struct om_driver *drv;
	struct om_conn *conn;
	struct om_planset *plans;       /* owned */
	struct om_detect detect;
	struct om_plan plan;
	struct om_script script;
	struct om_strlist info;         /* lines for the operator */
	struct om_strlist history;      /* recorded runs, one line each */
	struct om_history hist;         /* what the history table says */
	bool detected;                  /* detect is valid: the catalog was read */
	bool planned;                   /* plan is valid */
	bool upgrading;                 /* upgrade: its pre-check defers counts to the copy (om_plan_opts.defer) */
	bool finishing;                 /* the final statement (the switch or the commit) was begun */
	bool executed;                  /* the script ran and committed */
	bool unswitched;                /* a switch was made and undone */
	bool resumed;                   /* migrate: an earlier run was resumed */
	const char *target_desc;        /* "sqlite:x.db" */
	char *source_qualifier;         /* migrate: how OLD's tables are qualified (owned) */
	char *old_path, *new_path;      /* migrate of files: their canonical paths (owned) */
	struct om_snapshot snap;        /* the snapshot saved (upgrade too), restored, dropped or compared */
	struct om_snapshot_list snaps;  /* snapshot list */
	struct om_snapdiff diff;        /* snapshot diff */
	bool diffed;                    /* diff is valid */
	char *restored_how;             /* snapshot restore: how it was done (owned) */
	struct om_replica replica;      /* is the server a replica (read when connecting) */
	struct om_jobs *jobs;           /* --jobs: the jobs' connections (jobs.h), NULL none */
	int njobs;                      /* how many are open */
};

void om_run_init(struct om_run *r);
/*
 * Connect, read the catalog and the history, plan an upgrade in place and
 * pre-check it, in one read transaction (left open: the caller ends it).
 * For prepare and abort (online.h).
 */
int om_run_look_inplace(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			const struct om_run_opts *o, struct om_error *err);
/* The same again on the connection already open (prepare, once its capture is in place). */
int om_run_look_again(struct om_run *r, const struct om_run_opts *o, struct om_error *err);
/* Closes the connection (rolling back anything open) and frees. */
void om_run_release(struct om_run *r);

/*
 * Ask the running command to stop (from a signal handler: async-signal-safe,
 * also while om_run_release closes the connection).  It stops at the next
 * statement, the running one cut short where the driver can; a command
 * that fails once this was asked fails with OM_EXIT_INTERRUPTED.
 */
void om_run_request_interrupt(struct om_run *r);

/*
 * Each command returns 0, or -1 with err filled: err->code is the exit
 * code of the contract, err->msg says why in one line (a refusal's list
 * follows on indented lines).  `status` fails with OM_EXIT_PENDING when an
 * upgrade is pending and OM_EXIT_SCHEMA when the database is no known
 * version; `plan` with OM_EXIT_REFUSED when the upgrade would be refused
 * (the script is rendered all the same).  What was learnt before a failure
 * stays in r (detected, planned, script) for the report.  plan_dir is the
 * directory of the plans.
 */
int om_cmd_status(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err);
int om_cmd_plan(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		const struct om_run_opts *o, struct om_error *err);
int om_cmd_upgrade(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err);
int om_cmd_verify(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err);
int om_cmd_cleanup(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err);
/*
 * Undo the last in-place upgrade (rollback.h): refused (OM_EXIT_REFUSED)
 * when there is none, a run is unfinished, or its retained tables are
 * gone (after `cleanup`).
 */
int om_cmd_rollback(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		    const struct om_run_opts *o, struct om_error *err);
/* old and new are targets of the same engine (for SQLite: two files). */
int om_cmd_migrate(struct om_run *r, const char *plan_dir, const struct om_dbtarget *old,
		   const struct om_dbtarget *new_db, const struct om_run_opts *o,
		   struct om_error *err);

/*
 * The snapshot commands (snapshot.h): save NAME, list, diff NAME (exit
 * OM_EXIT_SCHEMA when the database differs), restore NAME (asks; the run
 * lock held; refused while OpenSER is connected unless forced) and drop
 * NAME (asks).  A bad NAME is OM_EXIT_USAGE before anything is opened; a
 * snapshot that does not exist, or is the leftover of a killed save
 * (restore, diff), is OM_EXIT_USAGE too.
 */
int om_cmd_snapshot_save(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err);
int om_cmd_snapshot_list(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, struct om_error *err);
int om_cmd_snapshot_diff(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err);
int om_cmd_snapshot_restore(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			    const struct om_run_opts *o, const char *name, struct om_error *err);
int om_cmd_snapshot_drop(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err);

/*
 * Run script statement st, the copy of a plan step's rows (copy.c),
 * telling o->copy as it begins and ends.
 */
int om_copy_exec(struct om_run *r, const struct om_run_opts *o, const struct om_stmt *st, struct om_error *err);

/* The newest version: the one no map starts from.  NULL if ambiguous. */
const char *om_planset_latest(const struct om_planset *ps);

#endif
