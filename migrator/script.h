/*
 * script.h: the statements an upgrade runs, in order.  Drivers render a
 * plan into a script; `plan` prints it, `upgrade` and `migrate` execute
 * it, so what is printed is what runs.
 */
#ifndef OM_SCRIPT_H
#define OM_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

enum om_stmt_kind {
	OM_STMT_SQL,      /* run it */
	OM_STMT_COMMENT,  /* printed as "-- text", not run */
	OM_STMT_BEGIN,    /* opens the transaction (run by the lock on some engines) */
	OM_STMT_COMMIT,   /* verification runs just before it */
	OM_STMT_SETUP,    /* run when connecting, before the plan is made (ATTACH, SET) */
	OM_STMT_SWITCH,   /* switches the database at once; verified after, undone on failure */
	OM_STMT_UNHOLD,   /* lets held writers go, right before the switch; the shadows are verified just before it */
	OM_STMT_JOIN,     /* --jobs: wait until every job has run its statements (printed as a comment) */
	OM_STMT_APPLY     /* finish with shadows: the changes captured since prepare applied to the shadow of
			     table copy_into (online.c), writers held; printed as a comment */
};

struct om_stmt {
	enum om_stmt_kind kind;
	char *sql;        /* owned; without the final ';' */
	char *step;       /* owned or NULL: after this statement the step is complete */
	/* A copy of a plan step's rows (progress, logs): the step's index, or -1; the table it fills (owned). */
	int copy_step;
	char *copy_into;
	char *copy_from;  /* the source as the copy's FROM names it (quoted; owned) */
	int job;          /* --jobs: the connection that runs it, 0 the run's own */
	/*
	 * --jobs: a job's query whose one row binds the '?' of a later
	 * statement of the run's (fetch), and that statement's index of it
	 * (bind_from, -1 none).
	 */
	bool fetch;
	int bind_from;
};

struct om_script {
	struct om_stmt *stmts;
	size_t n, alloc;
};

void om_script_init(struct om_script *s);
void om_script_release(struct om_script *s);
/* Append; sql is copied. */
void om_script_add(struct om_script *s, enum om_stmt_kind kind, const char *sql);
/* Append and take ownership of sb's text (sb is reset). */
void om_script_take(struct om_script *s, enum om_stmt_kind kind, struct strbuf *sb);
/* Mark the last statement as completing step (copied). */
void om_script_mark(struct om_script *s, const char *step);
/* Mark the last statement as the copy of plan step `step` into table `into` (copied). */
void om_script_mark_copy(struct om_script *s, int step, const char *into, const char *from);
/* The script as text: comments as "-- ", statements ended by ";". */
void om_script_format(const struct om_script *s, struct strbuf *out);

#endif
