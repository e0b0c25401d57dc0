/*
 * progress.h: the progress of a long copy, redrawn in place (README,
 * "Progress and logs").  A thread wakes every period and, once a copy
 * has run `after` milliseconds, formats one line: table, rows copied of
 * the total, percent, rate, ETA (of the copy that began first, when
 * several run at once with --jobs, and how many others run).  Where the engine counts the rows as
 * they are inserted (om_copy.copied) the figures are exact; elsewhere
 * they are estimated from the rate of the copies before it, and marked
 * with '~'.  The library never prints: draw() does, in main.c.
 */
#ifndef OM_PROGRESS_H
#define OM_PROGRESS_H

#include <stdbool.h>

#include "run.h"
#include "strbuf.h"

struct om_progress;

/* Draw line in place of the last one; "" clears it.  Called from the progress thread. */
typedef void (*om_progress_draw_fn)(const char *line, void *ud);

/* Start the thread; NULL if it cannot be started (no progress, nothing else lost). */
struct om_progress *om_progress_start(int after_ms, int period_ms, om_progress_draw_fn draw, void *ud);
/*
 * A copy begins or ends (cp->done); copies are told apart by cp->into,
 * and several may run at once (--jobs), told from any thread.  A line
 * drawn is cleared before it returns; the thread draws it again, for
 * the copies still running, at its next period.
 */
void om_progress_copy(struct om_progress *p, const struct om_copy *cp);
/*
 * Clear the line and keep it from being drawn until om_progress_release:
 * between the two the caller writes its own lines on the terminal.
 * Both do nothing when p is NULL.
 */
void om_progress_hold(struct om_progress *p);
void om_progress_release(struct om_progress *p);
/* Stop the thread (a line drawn is cleared) and free p. */
void om_progress_stop(struct om_progress *p);

/*
 * The line: copied rows of total (-1: not known) after elapsed seconds,
 * at rate rows a second (<= 0: not known); estimated marks the figures
 * with '~'.
 */
void om_progress_format(struct strbuf *out, const char *table, long long copied, bool estimated, long long total,
			double elapsed, double rate);

#endif
