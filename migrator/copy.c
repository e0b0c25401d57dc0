/*
 * copy.c: one copy statement of a script, told as it begins and ends
 * (progress on a terminal, a log line without one).  The rows are counted
 * as they are inserted only where the engine can do it for free
 * (watch_inserts) and only when asked (o->count_rows).
 */
#include <stdatomic.h>
#include <time.h>

#include "driver.h"
#include "run.h"

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int om_copy_exec(struct om_run *r, const struct om_run_opts *o, const struct om_stmt *st, struct om_error *err)
{
	const struct om_step *step;
	struct om_copy cp = { 0 };
	om_counter inserted = 0;
	struct timespec t0;
	int rc;

	if (!o->copy || st->copy_step < 0 || (size_t)st->copy_step >= r->plan.nsteps)
		return r->drv->exec(r->conn, st->sql, err);
	step = &r->plan.steps[st->copy_step];
	cp.table = step->target->name;
	cp.into = st->copy_into;
	cp.total = step->source ? step->rows_before : -1;
	cp.rows = -1;
	if (o->count_rows && r->drv->watch_inserts) {
		r->drv->watch_inserts(r->conn, st->copy_into, &inserted);
		cp.copied = &inserted;
	} else if (o->count_rows && r->drv->probe_begin && st->copy_from) {
		cp.drv = r->drv;
		cp.probe = r->drv->probe_begin(r->conn, st->copy_into, st->copy_from, cp.total);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	o->copy(&cp, o->ud);
	rc = r->drv->exec(r->conn, st->sql, err);
	cp.seconds = since(&t0);
	if (cp.copied)
		r->drv->watch_inserts(r->conn, NULL, NULL);
	cp.done = true;
	cp.ok = rc == 0;
	if (cp.ok && r->drv->last_rows)
		cp.rows = r->drv->last_rows(r->conn);
	if (cp.ok && cp.rows < 0 && cp.copied)
		cp.rows = atomic_load_explicit(&inserted, memory_order_relaxed);
	/* The progress line stops reading the probe before it goes. */
	o->copy(&cp, o->ud);
	if (cp.probe)
		r->drv->probe_end(cp.probe);
	return rc;
}

