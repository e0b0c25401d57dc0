/*
 * tripwire.c: a count of the writes to each large source, kept by
 * triggers, that proves after the switch that nothing reached a source
 * between the end of the hold and the switch (tripwire.h).
 */
#include "tripwire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "names.h"

static void counter_name(struct strbuf *sb, const char *source)
{
	strbuf_addf(sb, "%s%s", OM_TRIPWIRE_PREFIX, source);
}

void om_tripwire_choose(struct om_plan *p, long long least)
{
	const struct om_driver *drv = p->drv;

	for (size_t i = 0; i < p->nsteps; i++) {
		struct om_step *st = &p->steps[i];
		bool alone = true;

		for (size_t k = 0; st->source && k < p->nsteps; k++)
			if (k != i && p->steps[k].source && !strcmp(p->steps[k].source, st->source))
				alone = false;
		st->trip_count = -1;
		st->tripwire = drv && drv->tripwire && drv->hold_tables && !p->online && p->mode == OM_MODE_INPLACE &&
			       st->source && st->retained && alone && st->rows_before >= least &&
			       strcmp(st->target->name, "version") != 0;
	}
}

bool om_tripwire_any(const struct om_plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].tripwire)
			return true;
	return false;
}

void om_tripwire_counters(const struct om_plan *p, struct om_strlist *out)
{
	struct strbuf counter = STRBUF_INIT;

	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].tripwire) {
			strbuf_reset(&counter);
			counter_name(&counter, p->steps[i].source);
			om_strlist_add(out, counter.buf);
		}
	strbuf_release(&counter);
}

bool om_tripwire_counter_in(const struct om_strlist *own, const char *source)
{
	struct strbuf counter = STRBUF_INIT;
	bool in;

	counter_name(&counter, source);
	in = om_strlist_has(own, counter.buf);
	strbuf_release(&counter);
	return in;
}

/* The statements that drop the tripwire whose counter is `counter` on `table`: its triggers first. */
static void drop_one(const struct om_driver *drv, const char *table, const char *counter, struct om_strlist *out)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;

	for (const char *e = OM_TRIGGER_SUFFIXES; *e; e++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s_%c", counter, *e);
		drv->drop_trigger(&sb, table, name.buf);
		om_strlist_add(out, sb.buf);
		strbuf_reset(&sb);
	}
	strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
	drv->quote_ident(&sb, counter);
	om_strlist_add(out, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&name);
}

/* The statements that drop the tripwires of p's marked steps. */
static void drop_sql(const struct om_plan *p, struct om_strlist *out)
{
	struct strbuf counter = STRBUF_INIT;

	for (size_t i = 0; i < p->nsteps; i++) {
		if (!p->steps[i].tripwire)
			continue;
		strbuf_reset(&counter);
		counter_name(&counter, p->steps[i].source);
		drop_one(p->drv, p->steps[i].source, counter.buf, out);
	}
	strbuf_release(&counter);
}

/* Run statements, the first failure in err; best: go on past failures. */
static int exec_all(const struct om_driver *drv, struct om_conn *c, const struct om_strlist *l, bool best,
		    struct om_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct om_error e = { 0 };

		if (drv->exec(c, l->v[i], &e)) {
			if (!rc && err)
				*err = e;
			rc = -1;
			if (!best)
				break;
		}
	}
	return rc;
}

void om_tripwire_disarm(const struct om_plan *p, struct om_conn *c)
{
	struct om_strlist l;

	if (!p->drv || !om_tripwire_any(p))
		return;
	om_strlist_init(&l);
	drop_sql(p, &l);
	exec_all(p->drv, c, &l, true, NULL);
	om_strlist_release(&l);
}

void om_tripwire_drop_left(const struct om_driver *drv, struct om_conn *c, const struct om_strlist *own)
{
	struct om_strlist l;

	if (!drv->tripwire)
		return;
	om_strlist_init(&l);
	for (size_t i = 0; i < own->n; i++)
		if (!strncmp(own->v[i], OM_TRIPWIRE_PREFIX, strlen(OM_TRIPWIRE_PREFIX)))
			drop_one(drv, own->v[i] + strlen(OM_TRIPWIRE_PREFIX), own->v[i], &l);
	exec_all(drv, c, &l, true, NULL);
	om_strlist_release(&l);
}

/* A new epoch each time a tripwire is set: a count never matches one of an earlier tripwire. */
static void epoch(const struct om_plan *p, struct strbuf *sb)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	strbuf_addf(sb, "%lld.%09ld-%lld-%ld", (long long)ts.tv_sec, ts.tv_nsec, p->history_id, (long)getpid());
}

struct names_with {
	const char *prefix;
	int n;
};

static int count_prefixed(void *ud, int n, const char *const *v)
{
	struct names_with *w = ud;

	if (n >= 1 && v[0] && !strncmp(v[0], w->prefix, strlen(w->prefix)))
		w->n++;
	return 0;
}

/* Is the tripwire of `table` whole: its counter among our tables, its three triggers on the table? */
static int intact(const struct om_driver *drv, struct om_conn *c, const char *table, const char *counter,
		  const char *prefix, const struct om_strlist *own, bool *whole, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct names_with w = { prefix, 0 };
	int rc;

	*whole = false;
	if (!own || !om_strlist_has(own, counter))
		return 0;
	drv->triggers_query(c, &q, table);
	rc = drv->query(c, q.buf, count_prefixed, &w, err);
	strbuf_release(&q);
	*whole = !rc && w.n == 3;
	return rc;
}

int om_tripwire_arm(struct om_plan *p, struct om_conn *c, const struct om_strlist *own, struct strbuf *why,
		    struct om_error *err)
{
	const struct om_driver *drv = p->drv;
	struct om_strlist l, left;
	struct strbuf counter = STRBUF_INIT, prefix = STRBUF_INIT, ep = STRBUF_INIT;
	struct om_error e = { 0 };
	int rc = 0;

	/* A killed run's tripwires on sources this run does not count are dropped; the others are set anew. */
	om_strlist_init(&left);
	for (size_t i = 0; own && i < own->n; i++)
		if (!strncmp(own->v[i], OM_TRIPWIRE_PREFIX, strlen(OM_TRIPWIRE_PREFIX)) &&
		    !om_tripwire_step(p, own->v[i] + strlen(OM_TRIPWIRE_PREFIX)))
			om_strlist_add(&left, own->v[i]);
	om_tripwire_drop_left(drv, c, &left);
	om_strlist_release(&left);
	if (!om_tripwire_any(p))
		return 0;
	om_strlist_init(&l);
	epoch(p, &ep);
	for (size_t i = 0; i < p->nsteps && !rc; i++) {
		bool whole = false;

		if (!p->steps[i].tripwire)
			continue;
		strbuf_reset(&counter);
		strbuf_reset(&prefix);
		counter_name(&counter, p->steps[i].source);
		strbuf_addf(&prefix, "%s_", counter.buf);
		/* Whole, it has counted every write since a killed run journaled its count: kept. */
		rc = intact(drv, c, p->steps[i].source, counter.buf, prefix.buf, own, &whole, &e);
		if (rc || whole)
			continue;
		drop_one(drv, p->steps[i].source, counter.buf, &l);
		drv->tripwire(c, p->steps[i].source, counter.buf, prefix.buf, ep.buf, &l);
	}
	if (!rc)
		rc = exec_all(drv, c, &l, false, &e);
	strbuf_release(&ep);
	om_strlist_release(&l);
	strbuf_release(&counter);
	strbuf_release(&prefix);
	if (!rc)
		return 0;
	if (e.code == OM_EXIT_INTERRUPTED) {
		*err = e;
		return -1;
	}
	/*
	 * Nothing of them is left behind; the run reads the retained tables
	 * again instead.  A shadow a killed run built is proved by its
	 * tripwire's count alone (its journal has no digest): built again.
	 */
	om_tripwire_disarm(p, c);
	for (size_t i = 0; i < p->nsteps; i++) {
		struct om_step *st = &p->steps[i];

		if (st->tripwire && om_strlist_has(&p->done, st->target->name)) {
			struct om_strlist keep;

			om_strlist_init(&keep);
			for (size_t k = 0; k < p->done.n; k++)
				if (strcmp(p->done.v[k], st->target->name))
					om_strlist_add(&keep, p->done.v[k]);
			om_strlist_release(&p->done);
			p->done = keep;
			om_strlist_add_unique(&p->stale, st->target->name);
		}
		st->tripwire = false;
	}
	strbuf_addf(why, "the writes to the large tables could not be counted by triggers (%s): the retained tables "
		    "are read again after the switch instead", e.msg);
	return 1;
}

static int read_count(const struct om_plan *p, struct om_conn *c, const struct om_step *st, long long *n,
		      struct om_error *err)
{
	struct strbuf q = STRBUF_INIT, counter = STRBUF_INIT;
	int rc;

	counter_name(&counter, st->source);
	strbuf_adds(&q, "SELECT ");
	p->drv->quote_ident(&q, "n");
	strbuf_adds(&q, " FROM ");
	p->drv->quote_ident(&q, counter.buf);
	*n = -1;
	rc = om_query_counts(p->drv, c, q.buf, n, 1, err);
	strbuf_release(&q);
	strbuf_release(&counter);
	return rc;
}

int om_tripwire_read(struct om_plan *p, struct om_conn *c, struct om_error *err)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].tripwire && read_count(p, c, &p->steps[i], &p->steps[i].trip_count, err))
			return -1;
	return 0;
}

int om_tripwire_moved(const struct om_plan *p, struct om_conn *c, const struct om_step *st, bool *moved,
		      struct om_error *err)
{
	long long n;

	*moved = false;
	if (read_count(p, c, st, &n, err))
		return -1;
	*moved = n != st->trip_count;
	return 0;
}

const struct om_step *om_tripwire_step(const struct om_plan *p, const char *source)
{
	for (size_t i = 0; source && i < p->nsteps; i++)
		if (p->steps[i].tripwire && !strcmp(p->steps[i].source, source))
			return &p->steps[i];
	return NULL;
}

void om_tripwire_digest(const struct om_plan *p, struct om_conn *c, struct strbuf *sb, const char *source,
			const char *now)
{
	struct strbuf counter = STRBUF_INIT, prefix = STRBUF_INIT;

	counter_name(&counter, source);
	strbuf_addf(&prefix, "%s_", counter.buf);
	p->drv->tripwire_digest(c, sb, now, counter.buf, prefix.buf);
	strbuf_release(&counter);
	strbuf_release(&prefix);
}
