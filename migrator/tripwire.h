/*
 * tripwire.h: on engines whose hold on writers ends right before the
 * switch (MySQL: RENAME TABLE is refused under LOCK TABLES), a write can
 * reach a source between the two.  Instead of reading every retained
 * table again after the switch, the large sources get triggers that count
 * their writes (driver.h, tripwire); the count at the end of the hold and
 * the count after the switch must be the same.  The triggers are set once
 * the run is confirmed, dropped once the switch is verified (or undone),
 * and never fail a write of OpenSER's.  Where they cannot be set (no
 * TRIGGER privilege, binary logging without SUPER, an operator's trigger
 * on a server that allows one per event), the run reads the retained
 * tables as before.
 */
#ifndef OM_TRIPWIRE_H
#define OM_TRIPWIRE_H

#include "driver.h"
#include "planner.h"
#include "strbuf.h"
#include "strlist.h"

/*
 * Mark the steps whose source gets a tripwire: with shadows, a source of
 * at least `least` rows that one step alone reads and that the switch
 * retains.  Decides only; nothing is executed.
 */
void om_tripwire_choose(struct om_plan *p, long long least);

/* Is any step of p marked? */
bool om_tripwire_any(const struct om_plan *p);

/* Counter tables of p's marked steps (the hold reads them), into out. */
void om_tripwire_counters(const struct om_plan *p, struct om_strlist *out);

/* Is the counter of source's tripwire among `own` (the migrator's tables as read)? */
bool om_tripwire_counter_in(const struct om_strlist *own, const char *source);

/*
 * Set the marked tripwires, after dropping any a killed run left on other
 * sources (`own`: the migrator's tables as read); one that is whole (its
 * counter and its three triggers) is kept, since a killed run's journal
 * holds its count.  0: set; 1: they could not be set (why in *why, a
 * note): every mark is cleared, the steps a killed run built with them are
 * to be built again, and nothing of them is left, so the script must be
 * rendered again; -1: the server is gone (err).
 */
int om_tripwire_arm(struct om_plan *p, struct om_conn *c, const struct om_strlist *own, struct strbuf *why,
		    struct om_error *err);

/* Drop every tripwire the migrator's tables `own` show, best effort (a run that switched, then stopped). */
void om_tripwire_drop_left(const struct om_driver *drv, struct om_conn *c, const struct om_strlist *own);

/* Drop p's marked tripwires, best effort (a run that failed). */
void om_tripwire_disarm(const struct om_plan *p, struct om_conn *c);

/* Under the hold: each marked step's count (trip_count). */
int om_tripwire_read(struct om_plan *p, struct om_conn *c, struct om_error *err);

/* After the switch: has st's source been written to since its count was read (*moved)? */
int om_tripwire_moved(const struct om_plan *p, struct om_conn *c, const struct om_step *st, bool *moved,
		      struct om_error *err);

/* The step that reads `source` with a tripwire, or NULL. */
const struct om_step *om_tripwire_step(const struct om_plan *p, const char *source);

/*
 * What the journal keeps of `source`, which has a tripwire, in place of
 * its digest (driver.h, tripwire_digest); `now`: the name the source has
 * now (its retained name after the switch).
 */
void om_tripwire_digest(const struct om_plan *p, struct om_conn *c, struct strbuf *sb, const char *source,
			const char *now);

#endif
