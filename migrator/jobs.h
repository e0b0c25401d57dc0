/*
 * jobs.h: --jobs, the copies of an upgrade with shadows spread over
 * connections of their own (README.md, "--jobs").
 *
 * The renderer gives each large copy a job (om_stmt.job > 0): its
 * INSERT ... SELECT and the statements after its load, which fill a
 * shadow that nothing else touches and read a source that the run's own
 * connection holds against writers (driver.h, job_read_word).  The run
 * opens one connection per job before it renders (so that the script
 * names only jobs that can run), starts the jobs where the script's first
 * job statement stands (after the hold), goes on with its own statements,
 * and waits for every job at OM_STMT_JOIN; the journal rows of the jobs'
 * steps follow, written by the run's connection, which holds their
 * sources: a step is journaled only once its shadow is complete, as
 * without jobs.
 */
#ifndef OM_JOBS_H
#define OM_JOBS_H

#include "driver.h"
#include "error.h"
#include "script.h"

struct om_jobs;

/*
 * Open up to n connections to t (never asking for a password: a job
 * that cannot connect is simply not used).  *opened is how many were
 * opened; why the first one failed, if it did, goes into why (may be
 * NULL).  Returns NULL when none was opened.
 */
struct om_jobs *om_jobs_open(const struct om_driver *drv, const struct om_dbtarget *t, int n, int *opened,
			     struct om_error *why);
/* The connection of job k (1 .. opened), or NULL. */
struct om_conn *om_jobs_conn(const struct om_jobs *j, int k);
/*
 * A copy of a job begins (done false) or ends (done true; ok, rows: -1
 * not known, seconds): called from the job's own thread.
 */
typedef void (*om_jobs_watch_fn)(const struct om_stmt *st, int job, bool done, bool ok, long long rows,
				 double seconds, void *ud);

/*
 * Run the statements of script s whose job is k > 0 on their connections,
 * in the background; watch (may be NULL) is told of each copy.
 */
int om_jobs_start(struct om_jobs *j, const struct om_script *s, om_jobs_watch_fn watch, void *ud,
		  struct om_error *err);
/* Are jobs running (started and not yet joined)? */
int om_jobs_running(const struct om_jobs *j);
/* Wait for every job; the first failure goes into err (-1). */
int om_jobs_join(struct om_jobs *j, struct om_error *err);
/* After the join: the row that the job's fetch statement `stmt` read (jobs.c keeps it until the next start). */
int om_jobs_row(const struct om_jobs *j, size_t stmt, const char *const **vals, int *n);
/* Ask the running jobs to stop (async-signal-safe: the driver's interrupt). */
void om_jobs_interrupt(struct om_jobs *j);
/* Stop (interrupting what runs), wait, close every connection, free. */
void om_jobs_close(struct om_jobs *j);

#endif
