/*
 * history.c: reading the history and the journal (history.h).
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "strbuf.h"

struct hist_rows {
	const struct om_history_ctx *x;
	const struct om_planset *ps;
	struct om_strlist edited;
	struct om_history *h;
	long long max_id;
};

static int hist_row(void *ud, int n, const char *const *v)
{
	struct hist_rows *hr = ud;
	struct om_history *h = hr->h;
	char now[65];
	long long id;

	/* id, plan, checksum, command, status, started, finished, source, options */
	if (n < 9)
		return 0;
	id = v[0] ? strtoll(v[0], NULL, 10) : 0;
	if (id > hr->max_id)
		hr->max_id = id;
	om_strlist_addf(hr->x->lines, "#%lld %s %s %s, started %s%s%s", id, v[3] ? v[3] : "?", v[1] ? v[1] : "?",
			v[4] ? v[4] : "?", v[5] ? v[5] : "?", v[6] ? ", finished " : "", v[6] ? v[6] : "");
	if (v[4] && !strcmp(v[4], "running")) {
		h->running_id = id;
		snprintf(h->running_plan, sizeof(h->running_plan), "%s", v[1] ? v[1] : "");
		snprintf(h->running_checksum, sizeof(h->running_checksum), "%s", v[2] ? v[2] : "");
		snprintf(h->running_command, sizeof(h->running_command), "%s", v[3] ? v[3] : "");
	}
	if (v[3] && !strcmp(v[3], "upgrade") && v[4] && !strcmp(v[4], "done") && id > h->upgrade_id) {
		h->upgrade_id = id;
		snprintf(h->upgrade_plan, sizeof(h->upgrade_plan), "%s", v[1] ? v[1] : "");
		snprintf(h->upgrade_checksum, sizeof(h->upgrade_checksum), "%s", v[2] ? v[2] : "");
		free(h->upgrade_options);
		h->upgrade_options = om_xstrdup(v[8] ? v[8] : "");
	}
	if (v[4] && !strcmp(v[4], "done") && v[1] && v[2] && om_planset_checksum(hr->ps, v[1], now) &&
	    strcmp(now, v[2]))
		om_strlist_addf(&hr->edited, "plan %s was applied (run #%lld) with checksum %.16s..., "
				"but the plans now give %.16s...", v[1], id, v[2], now);
	return 0;
}

int om_history_read(struct om_history *h, const struct om_history_ctx *x, const struct om_planset *ps,
		    bool present, bool refuse_edited, struct om_error *err)
{
	struct hist_rows hr = { x, ps, { NULL, 0, 0 }, h, 0 };
	struct strbuf q = STRBUF_INIT;
	int rc = 0;

	om_history_release(h);
	memset(h, 0, sizeof(*h));
	h->next_id = 1;
	if (!present)
		return 0;
	om_render_history_query(&q, x->drv, x->db);
	if (x->drv->query(x->c, q.buf, hist_row, &hr, err)) {
		/* An own table of another shape: not ours to interpret. */
		om_error_prefix(err, "cannot read the history table \"%s\"", OM_HISTORY_TABLE);
		err->code = OM_EXIT_SCHEMA;
		rc = -1;
		goto out;
	}
	h->next_id = hr.max_id + 1;
	if (refuse_edited && hr.edited.n) {
		rc = om_error_set(err, OM_EXIT_SCHEMA,
				  "%s: a plan file was edited after it was applied; restore the plans "
				  "that were used (or the database from its backup) before going on",
				  hr.edited.v[0]);
		goto out;
	}
	for (size_t i = 0; i < hr.edited.n; i++)
		om_strlist_addf(x->info, "warning: %s", hr.edited.v[i]);
out:
	om_strlist_release(&hr.edited);
	strbuf_release(&q);
	return rc;
}

struct journal_rows {
	struct om_plan *p;
};

/* A completed step is reused only while its source has the rows it had then. */
static int journal_row(void *ud, int n, const char *const *v)
{
	struct journal_rows *j = ud;
	const struct om_plan *p = j->p;

	(void)n;
	if (!v[0])
		return 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		if (strcmp(st->target->name, v[0]))
			continue;
		if (st->source && v[1] && strtoll(v[1], NULL, 10) != st->rows_before) {
			om_strlist_add(&j->p->stale, v[0]);
			return 0;
		}
	}
	om_strlist_add(&j->p->done, v[0]);
	return 0;
}

void om_history_release(struct om_history *h)
{
	om_strlist_release(&h->kept);
	free(h->upgrade_options);
	h->upgrade_options = NULL;
}

static int kept_row(void *ud, int n, const char *const *v)
{
	struct om_history *h = ud;

	if (n >= 3 && v[0] && v[1])
		om_strlist_addf(&h->kept, "%s\t%s\t%s", v[0], v[1], v[2] ? v[2] : "");
	return 0;
}

int om_history_read_kept(struct om_history *h, const struct om_history_ctx *x, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	om_render_kept_query(&q, x->drv, x->db);
	rc = x->drv->query(x->c, q.buf, kept_row, h, err);
	strbuf_release(&q);
	return rc;
}

bool om_history_kept(const struct om_history *h, const struct om_drift *x)
{
	struct strbuf key = STRBUF_INIT;
	bool has;

	strbuf_addf(&key, "%s\t%s\t%s", om_drift_kind_name(x->kind), x->table ? x->table : "", x->name ? x->name : "");
	has = om_strlist_has(&h->kept, key.buf);
	strbuf_release(&key);
	return has;
}

int om_history_resume(const struct om_history *h, const struct om_history_ctx *x, struct om_plan *p,
		      bool *resumed, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct journal_rows j = { p };
	int rc;

	*resumed = false;
	if (!h->running_id)
		return 0;
	if (strcmp(h->running_plan, p->plan_id) || strcmp(h->running_checksum, p->checksum))
		return om_error_set(err, OM_EXIT_SCHEMA,
				    "run #%lld (%s %s) is unfinished and used other plans than these (%s, checksum %.16s...): "
				    "finish it with the plans it used, or restore the database", h->running_id,
				    h->running_command, h->running_plan, p->plan_id, p->checksum);
	p->history_id = h->running_id;
	*resumed = true;
	om_render_journal_query(&q, x->drv, x->db, h->running_id);
	rc = x->drv->query(x->c, q.buf, journal_row, &j, err);
	strbuf_release(&q);
	if (!rc)
		om_strlist_addf(x->info, "resuming the unfinished %s #%lld: %zu step%s already done",
				h->running_command, h->running_id, p->done.n, p->done.n == 1 ? "" : "s");
	for (size_t i = 0; !rc && i < p->stale.n; i++)
		om_strlist_addf(x->info, "%s: its source changed since it was built: built again", p->stale.v[i]);
	return rc;
}

int om_history_finish(const struct om_history *h, const struct om_history_ctx *x, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	om_render_history_ended(&q, x->drv, h->running_id, "done");
	rc = x->drv->exec(x->c, q.buf, err);
	strbuf_release(&q);
	return rc;
}

static int migrate_row(void *ud, int n, const char *const *v)
{
	struct om_migrate_run *m = ud;

	if (n < 2 || !v[0])
		return 0;
	m->found = true;
	m->id = strtoll(v[0], NULL, 10);
	snprintf(m->status, sizeof(m->status), "%s", v[1] ? v[1] : "");
	return 0;
}

int om_history_find_migrate(struct om_migrate_run *m, const struct om_history_ctx *x, const char *source,
			    struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	memset(m, 0, sizeof(*m));
	om_render_migrate_query(&q, x->drv, x->c, x->db, source);
	rc = x->drv->query(x->c, q.buf, migrate_row, m, err);
	strbuf_release(&q);
	return rc;
}
