/*
 * script.c: the ordered statement list of an upgrade.
 */
#include "script.h"

#include <stdlib.h>
#include <string.h>

void om_script_init(struct om_script *s)
{
	memset(s, 0, sizeof(*s));
}

void om_script_release(struct om_script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->stmts[i].sql);
		free(s->stmts[i].step);
		free(s->stmts[i].copy_into);
		free(s->stmts[i].copy_from);
	}
	free(s->stmts);
	om_script_init(s);
}

static void add(struct om_script *s, enum om_stmt_kind kind, char *sql)
{
	OM_GROW(s->stmts, s->n + 1, s->alloc);
	s->stmts[s->n].kind = kind;
	s->stmts[s->n].sql = sql;
	s->stmts[s->n].step = NULL;
	s->stmts[s->n].copy_step = -1;
	s->stmts[s->n].copy_into = NULL;
	s->stmts[s->n].copy_from = NULL;
	s->stmts[s->n].job = 0;
	s->stmts[s->n].fetch = false;
	s->stmts[s->n].bind_from = -1;
	s->n++;
}

void om_script_add(struct om_script *s, enum om_stmt_kind kind, const char *sql)
{
	add(s, kind, om_xstrdup(sql));
}

void om_script_take(struct om_script *s, enum om_stmt_kind kind, struct strbuf *sb)
{
	add(s, kind, strbuf_detach(sb));
}

void om_script_mark(struct om_script *s, const char *step)
{
	if (!s->n)
		return;
	free(s->stmts[s->n - 1].step);
	s->stmts[s->n - 1].step = om_xstrdup(step);
}

void om_script_mark_copy(struct om_script *s, int step, const char *into, const char *from)
{
	if (!s->n)
		return;
	free(s->stmts[s->n - 1].copy_into);
	free(s->stmts[s->n - 1].copy_from);
	s->stmts[s->n - 1].copy_step = step;
	s->stmts[s->n - 1].copy_into = om_xstrdup(into);
	s->stmts[s->n - 1].copy_from = om_xstrdup(from);
}

void om_script_format(const struct om_script *s, struct strbuf *out)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct om_stmt *st = &s->stmts[i];

		if (st->kind == OM_STMT_COMMENT || st->kind == OM_STMT_JOIN || st->kind == OM_STMT_APPLY) {
			if (i)
				strbuf_addch(out, '\n');
			strbuf_addf(out, "-- %s\n", st->sql);
		} else {
			strbuf_addf(out, "%s;\n", st->sql);
		}
	}
}
