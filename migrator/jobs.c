/*
 * jobs.c: --jobs (jobs.h).  One thread per job, each with a connection of
 * its own; a thread only ever touches its own connection and its own
 * slots, and the run reads them once it has joined the thread.
 */
#include "jobs.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"

#define OM_JOBS_MAX 64

/* What a job did with one of its statements. */
struct slot {
	size_t stmt;      /* index in the script */
	bool ran, ok;
	long long rows;   /* copies: rows inserted, -1 not known */
	double seconds;
	char *vals[4];    /* fetch: its row (owned; NULL for SQL NULL) */
	int nvals;
	bool got;         /* fetch: a row came */
};

struct job {
	struct om_jobs *all;
	struct om_conn *conn;
	int k;
	pthread_t thread;
	bool started;
	struct slot *slots;
	size_t nslots;
	struct om_error err;
	int failed;
};

struct om_jobs {
	const struct om_driver *drv;
	const struct om_script *script;
	struct job job[OM_JOBS_MAX];
	int n;
	int running;
	om_jobs_watch_fn watch;
	void *watch_ud;
	volatile sig_atomic_t stop;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

struct om_jobs *om_jobs_open(const struct om_driver *drv, const struct om_dbtarget *t, int n, int *opened,
			     struct om_error *why)
{
	struct om_jobs *j;
	struct om_dbtarget quiet = *t;

	*opened = 0;
	if (n < 1)
		return NULL;
	if (n > OM_JOBS_MAX - 1)
		n = OM_JOBS_MAX - 1;
	j = om_xcalloc(1, sizeof(*j));
	j->drv = drv;
	/* A password asked on the terminal is not kept: a job that needs one is not used. */
	quiet.ask_password = NULL;
	for (int k = 1; k <= n; k++) {
		struct om_error e = { 0 };

		if (drv->open(&j->job[k].conn, &quiet, 0, &e)) {
			if (why)
				*why = e;
			break;
		}
		j->job[k].all = j;
		j->job[k].k = k;
		j->n = k;
	}
	*opened = j->n;
	if (!j->n) {
		free(j);
		return NULL;
	}
	return j;
}

struct om_conn *om_jobs_conn(const struct om_jobs *j, int k)
{
	return j && k >= 1 && k <= j->n ? j->job[k].conn : NULL;
}

static int keep_row(void *ud, int ncols, const char *const *vals)
{
	struct slot *sl = ud;

	if (sl->got)
		return 0;
	sl->got = true;
	for (int i = 0; i < ncols && i < 4; i++)
		sl->vals[i] = vals[i] ? om_xstrdup(vals[i]) : NULL;
	sl->nvals = ncols < 4 ? ncols : 4;
	return 0;
}

static void free_slots(struct job *jb)
{
	for (size_t i = 0; i < jb->nslots; i++)
		for (int v = 0; v < jb->slots[i].nvals; v++)
			free(jb->slots[i].vals[v]);
	free(jb->slots);
	jb->slots = NULL;
	jb->nslots = 0;
}

static void *run_job(void *arg)
{
	struct job *jb = arg;
	const struct om_script *s = jb->all->script;
	const struct om_driver *drv = jb->all->drv;

	for (size_t i = 0; i < jb->nslots; i++) {
		struct slot *sl = &jb->slots[i];
		const struct om_stmt *st = &s->stmts[sl->stmt];
		struct timespec t0;

		if (jb->all->stop) {
			om_error_set(&jb->err, OM_EXIT_INTERRUPTED, "interrupted; nothing was changed, run the command "
				     "again to do it");
			jb->failed = 1;
			break;
		}
		if (st->copy_step >= 0 && jb->all->watch)
			jb->all->watch(st, jb->k, false, false, -1, 0, jb->all->watch_ud);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		sl->ran = true;
		if (st->fetch)
			sl->ok = drv->query(jb->conn, st->sql, keep_row, sl, &jb->err) == 0 && sl->got;
		else
			sl->ok = drv->exec(jb->conn, st->sql, &jb->err) == 0;
		if (st->fetch && drv->query && !sl->ok && !jb->err.code)
			om_error_set(&jb->err, OM_EXIT_FAILED, "no row from: %.200s", st->sql);
		sl->seconds = since(&t0);
		sl->rows = sl->ok && drv->last_rows ? drv->last_rows(jb->conn) : -1;
		if (st->copy_step >= 0 && jb->all->watch)
			jb->all->watch(st, jb->k, true, sl->ok, sl->rows, sl->seconds, jb->all->watch_ud);
		if (!sl->ok) {
			jb->failed = 1;
			break;
		}
	}
	return NULL;
}

int om_jobs_start(struct om_jobs *j, const struct om_script *s, om_jobs_watch_fn watch, void *ud,
		  struct om_error *err)
{
	j->script = s;
	j->watch = watch;
	j->watch_ud = ud;
	for (int k = 1; k <= j->n; k++)
		free_slots(&j->job[k]);
	for (size_t i = 0; i < s->n; i++) {
		const struct om_stmt *st = &s->stmts[i];
		struct job *jb;

		if (st->job <= 0 || st->kind != OM_STMT_SQL)
			continue;
		if (st->job > j->n)
			return om_error_set(err, OM_EXIT_FAILED, "internal error: statement for job %d, %d open", st->job,
					    j->n);
		jb = &j->job[st->job];
		jb->slots = om_xrealloc(jb->slots, (jb->nslots + 1) * sizeof(*jb->slots));
		memset(&jb->slots[jb->nslots], 0, sizeof(jb->slots[0]));
		jb->slots[jb->nslots].stmt = i;
		jb->slots[jb->nslots].rows = -1;
		jb->nslots++;
	}
	for (int k = 1; k <= j->n; k++) {
		struct job *jb = &j->job[k];

		if (!jb->nslots)
			continue;
		om_error_clear(&jb->err);
		jb->failed = 0;
		if (pthread_create(&jb->thread, NULL, run_job, jb)) {
			om_error_set(err, OM_EXIT_FAILED, "cannot start a thread for --jobs");
			j->stop = 1;
			return -1;
		}
		jb->started = true;
		j->running++;
	}
	return 0;
}

int om_jobs_running(const struct om_jobs *j)
{
	return j && j->running > 0;
}

int om_jobs_join(struct om_jobs *j, struct om_error *err)
{
	int rc = 0;

	if (!j)
		return 0;
	for (int k = 1; k <= j->n; k++) {
		struct job *jb = &j->job[k];

		if (jb->started) {
			pthread_join(jb->thread, NULL);
			jb->started = false;
			j->running--;
		}
	}
	for (int k = 1; k <= j->n; k++) {
		struct job *jb = &j->job[k];

		if (jb->failed && !rc) {
			*err = jb->err;
			om_error_prefix(err, "--jobs, connection %d", k + 1);
			rc = -1;
		}
		jb->failed = 0;
	}
	return rc;
}

int om_jobs_row(const struct om_jobs *j, size_t stmt, const char *const **vals, int *n)
{
	const struct om_stmt *st;

	if (!j || !j->script || stmt >= j->script->n)
		return -1;
	st = &j->script->stmts[stmt];
	if (st->job < 1 || st->job > j->n)
		return -1;
	for (size_t m = 0; m < j->job[st->job].nslots; m++) {
		const struct slot *sl = &j->job[st->job].slots[m];

		if (sl->stmt == stmt && sl->got) {
			*vals = (const char *const *)sl->vals;
			*n = sl->nvals;
			return 0;
		}
	}
	return -1;
}

void om_jobs_interrupt(struct om_jobs *j)
{
	if (!j)
		return;
	j->stop = 1;
	for (int k = 1; k <= j->n; k++)
		if (j->job[k].conn && j->drv->interrupt)
			j->drv->interrupt(j->job[k].conn);
}

void om_jobs_close(struct om_jobs *j)
{
	struct om_error e = { 0 };

	if (!j)
		return;
	if (j->running) {
		j->stop = 1;
		om_jobs_join(j, &e);
	}
	for (int k = 1; k <= j->n; k++) {
		free_slots(&j->job[k]);
		if (j->job[k].conn) {
			j->drv->rollback(j->job[k].conn);
			j->drv->close(j->job[k].conn);
		}
	}
	free(j);
}
