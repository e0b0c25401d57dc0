/*
 * progress.c: the progress line of a copy (progress.h).
 */
#include "progress.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Copies shorter than this (seconds) are not measured for the estimate:
 * a statement's own cost would make a few rows look slow.
 */
#define MIN_MEASURED 0.25

/* A copy running. */
struct running {
	char *table, *into;
	long long total;
	const om_counter *copied;
	const struct om_driver *drv;   /* or a probe of the copy, from outside */
	struct om_probe *probe;
	struct timespec t0;
};

struct om_progress {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int after_ms, period_ms;
	om_progress_draw_fn draw;
	void *ud;
	bool stop;
	bool drawn;
	/* The copies running, in the order they began (several with --jobs). */
	struct running *run;
	size_t nrun;
	/* The copies before: rows and seconds, for an estimated rate. */
	long long past_rows;
	double past_seconds;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void add_seconds(struct strbuf *out, double s)
{
	if (s < 60)
		strbuf_addf(out, "%.0f s", s);
	else if (s < 3600)
		strbuf_addf(out, "%d min %02d s", (int)(s / 60), (int)s % 60);
	else
		strbuf_addf(out, "%d h %02d min", (int)(s / 3600), (int)(s / 60) % 60);
}

void om_progress_format(struct strbuf *out, const char *table, long long copied, bool estimated, long long total,
			double elapsed, double rate)
{
	const char *est = estimated ? "~" : "";

	strbuf_addf(out, "%s: ", table);
	if (copied < 0) {
		/* Nothing to go by: what is copied, and for how long. */
		if (total >= 0)
			strbuf_addf(out, "copying %lld rows, ", total);
		else
			strbuf_adds(out, "copying, ");
		add_seconds(out, elapsed);
		return;
	}
	if (total > 0 && copied > total)
		copied = total;
	strbuf_addf(out, "%s%lld", est, copied);
	if (total >= 0)
		strbuf_addf(out, " of %lld", total);
	strbuf_adds(out, " rows");
	if (total > 0)
		strbuf_addf(out, " (%s%d%%)", est, (int)(100.0 * (double)copied / (double)total));
	if (rate > 0)
		strbuf_addf(out, ", %s%.0f rows/s", est, rate);
	strbuf_adds(out, ", ");
	add_seconds(out, elapsed);
	if (rate > 0 && total > 0) {
		strbuf_addf(out, ", ETA %s", est);
		add_seconds(out, (double)(total - copied) / rate);
	}
}

/*
 * The line: the copy that began first of those running (the longest,
 * with --jobs), and how many others run beside it.  Called with mu held.
 */
static void redraw(struct om_progress *p)
{
	struct strbuf sb = STRBUF_INIT;
	const struct running *c;
	double el, rate = 0;
	long long copied = -1;
	bool estimated = false;

	if (!p->nrun)
		return;
	c = &p->run[0];
	el = since(&c->t0);
	if (el * 1000 < p->after_ms)
		return;
	if (c->copied) {
		copied = atomic_load_explicit(c->copied, memory_order_relaxed);
		rate = el > 0 ? (double)copied / el : 0;
	} else if (c->probe && (copied = c->drv->probe_rows(c->probe)) >= 0) {
		/* Measured from outside, converted to rows: an estimate. */
		if (c->total > 0 && copied >= c->total)
			copied = c->total - 1;
		rate = el > 0 ? (double)copied / el : 0;
		estimated = true;
	} else if (p->past_seconds > 0 && p->past_rows > 0 && c->total > 0) {
		/* The engine cannot tell: the rate of the copies before this one. */
		rate = (double)p->past_rows / p->past_seconds;
		copied = (long long)(rate * el);
		if (copied >= c->total)
			copied = c->total - 1 > 0 ? c->total - 1 : 0;
		estimated = true;
	}
	om_progress_format(&sb, c->table, copied, estimated, c->total, el, rate);
	if (p->nrun > 1)
		strbuf_addf(&sb, " (+%zu other cop%s)", p->nrun - 1, p->nrun == 2 ? "y" : "ies");
	p->draw(sb.buf, p->ud);
	p->drawn = true;
	strbuf_release(&sb);
}

static void *loop(void *arg)
{
	struct om_progress *p = arg;
	sigset_t all;

	/* Signals (an operator's Ctrl-C) are the main thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		struct timespec until;

		redraw(p);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += p->period_ms / 1000;
		until.tv_nsec += (long)(p->period_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!p->stop && pthread_cond_timedwait(&p->cond, &p->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct om_progress *om_progress_start(int after_ms, int period_ms, om_progress_draw_fn draw, void *ud)
{
	struct om_progress *p = om_xcalloc(1, sizeof(*p));

	p->after_ms = after_ms;
	p->period_ms = period_ms > 0 ? period_ms : 1;
	p->draw = draw;
	p->ud = ud;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, loop, p)) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cond);
		free(p);
		return NULL;
	}
	return p;
}

static void clear(struct om_progress *p)
{
	if (p->drawn)
		p->draw("", p->ud);
	p->drawn = false;
}

static void forget(struct om_progress *p, size_t i)
{
	free(p->run[i].table);
	free(p->run[i].into);
	memmove(&p->run[i], &p->run[i + 1], (p->nrun - i - 1) * sizeof(p->run[0]));
	p->nrun--;
}

void om_progress_copy(struct om_progress *p, const struct om_copy *cp)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	/* The line goes; the thread draws it again, for what still runs. */
	clear(p);
	for (size_t i = 0; i < p->nrun; i++)
		if (!strcmp(p->run[i].into, cp->into ? cp->into : cp->table)) {
			forget(p, i);
			break;
		}
	if (!cp->done) {
		struct running *c;

		p->run = om_xrealloc(p->run, (p->nrun + 1) * sizeof(*p->run));
		c = &p->run[p->nrun++];
		c->table = om_xstrdup(cp->table);
		c->into = om_xstrdup(cp->into ? cp->into : cp->table);
		c->total = cp->total;
		c->copied = cp->copied;
		c->drv = cp->drv;
		c->probe = cp->probe;
		clock_gettime(CLOCK_MONOTONIC, &c->t0);
	} else if (cp->ok && cp->rows > 0 && cp->seconds >= MIN_MEASURED) {
		p->past_rows += cp->rows;
		p->past_seconds += cp->seconds;
	}
	pthread_mutex_unlock(&p->mu);
}

void om_progress_hold(struct om_progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	clear(p);
}

void om_progress_release(struct om_progress *p)
{
	if (p)
		pthread_mutex_unlock(&p->mu);
}

void om_progress_stop(struct om_progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	clear(p);
	while (p->nrun)
		forget(p, 0);
	free(p->run);
	p->stop = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cond);
	free(p);
}
