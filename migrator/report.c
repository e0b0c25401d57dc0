/*
 * report.c: the operator's view of status, plans and upgrades, in plain
 * text and in JSON (the same facts in both).
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

void om_json_string(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"':
			strbuf_adds(sb, "\\\"");
			break;
		case '\\':
			strbuf_adds(sb, "\\\\");
			break;
		case '\n':
			strbuf_adds(sb, "\\n");
			break;
		case '\r':
			strbuf_adds(sb, "\\r");
			break;
		case '\t':
			strbuf_adds(sb, "\\t");
			break;
		default:
			if (*p < 0x20)
				strbuf_addf(sb, "\\u%04x", *p);
			else
				strbuf_addch(sb, (char)*p);
		}
	}
	strbuf_addch(sb, '"');
}

static void json_list(struct strbuf *sb, const struct om_strlist *l)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		om_json_string(sb, l->v[i]);
	}
	strbuf_addch(sb, ']');
}

static void text_list(struct strbuf *sb, const char *label, const struct om_strlist *l)
{
	if (!l->n)
		return;
	strbuf_addf(sb, "%s", label);
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : " ", l->v[i]);
	strbuf_addch(sb, '\n');
}

static void text_lines(struct strbuf *sb, const char *label, const struct om_strlist *l)
{
	if (!l->n)
		return;
	if (label)
		strbuf_addf(sb, "%s\n", label);
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(sb, "%s%s\n", label ? "  " : "", l->v[i]);
}

static const char *step_action(const struct om_step *st, char *buf, size_t n)
{
	if (st->kind == OM_STEP_REBUILD)
		snprintf(buf, n, "rebuilt, old table kept as %s", st->retained);
	else if (!st->source)
		snprintf(buf, n, "created empty");
	else if (!strcmp(st->source, st->target->name))
		snprintf(buf, n, "created and filled");
	else
		snprintf(buf, n, "created, filled from %s", st->source);
	return buf;
}

static void count_text(struct strbuf *sb, long long v)
{
	if (v < 0)
		strbuf_addf(sb, "%12s", "-");
	else
		strbuf_addf(sb, "%12lld", v);
}

static void steps_text(const struct om_plan *p, bool after, struct strbuf *out)
{
	if (!p->nsteps)
		return;
	strbuf_addf(out, "%-24s %12s %12s  %s\n", "table", "rows before", after ? "rows after" : "", "action");
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];
		char action[200];

		strbuf_addf(out, "%-24s ", st->target->name);
		count_text(out, st->source ? st->rows_before : -1);
		strbuf_addch(out, ' ');
		if (after)
			count_text(out, st->rows_after);
		else
			strbuf_addf(out, "%12s", "");
		strbuf_addf(out, "  %s\n", step_action(st, action, sizeof(action)));
		if (st->not_carried.n) {
			strbuf_adds(out, "    not carried into 1.2:");
			for (size_t k = 0; k < st->not_carried.n; k++)
				strbuf_addf(out, "%s%s", k ? ", " : " ", st->not_carried.v[k]);
			if (st->retained)
				strbuf_addf(out, " (kept in %s)\n", st->retained);
			else
				strbuf_addf(out, " (kept in %s%s)\n", p->mode == OM_MODE_MIGRATE ? "the old database's " : "",
					    st->source);
		}
		for (size_t k = 0; k < st->ncols; k++) {
			const struct om_colmap *m = &st->cols[k];

			if (m->computed && after && st->rows_after > 0 && m->filled_count < 0)
				strbuf_addf(out, "    %s: computed (not counted: finish reads no table whole)\n",
					    m->col->name);
			else if (m->computed && after && st->rows_after > 0)
				strbuf_addf(out, "    %s: computed, not empty in %lld of %lld rows\n", m->col->name,
					    m->filled_count, st->rows_after);
			if (m->cut_count)
				strbuf_addf(out, "    %s: %lld value%s cut to %d characters\n", m->col->name, m->cut_count,
					    m->cut_count == 1 ? "" : "s", m->cut);
			if (m->invalid_count)
				strbuf_addf(out, "    %s: %lld invalid input%s\n", m->col->name, m->invalid_count,
					    m->invalid_count == 1 ? "" : "s");
			if (m->differ_count)
				strbuf_addf(out, "    %s: %lld value%s kept that differ%s from the computed one\n",
					    m->col->name, m->differ_count, m->differ_count == 1 ? "" : "s",
					    m->differ_count == 1 ? "s" : "");
			if (m->cleared_count)
				strbuf_addf(out, "    %s: %lld value%s emptied\n", m->col->name, m->cleared_count,
					    m->cleared_count == 1 ? "" : "s");
		}
		if (st->ignore_dups && st->dup_count)
			strbuf_addf(out, "    %lld colliding row%s skipped (--force)\n", st->dup_count,
				    st->dup_count == 1 ? "" : "s");
	}
}

static void vrows_text(const struct om_plan *p, struct strbuf *out)
{
	if (!p->nvrows)
		return;
	strbuf_adds(out, "version rows written:");
	for (size_t i = 0; i < p->nvrows; i++)
		strbuf_addf(out, "%s%s=%d", i ? ", " : " ", p->vrows[i].table, p->vrows[i].version);
	strbuf_addch(out, '\n');
}

static void drift_group(const struct om_plan *p, enum om_drift_class cls, const char *label, struct strbuf *out)
{
	bool any = false;

	for (size_t i = 0; i < p->drift.n; i++) {
		if (p->drift.v[i].cls != cls)
			continue;
		if (!any)
			strbuf_addf(out, "  %s\n", label);
		any = true;
		strbuf_addf(out, "    %s\n", p->drift.v[i].text);
	}
}

/*
 * How the database differs from its nearest version: in the groups of
 * what the upgrade does with each difference when it was planned, else
 * (at the newest version, or not planned) each one, marked when a
 * finished upgrade kept it.
 */
static void drift_text(const struct om_run *r, int code, struct strbuf *out)
{
	const struct om_detect *d = &r->detect;
	const struct om_plan *p = &r->plan;
	bool blocking = code == OM_EXIT_SCHEMA;
	char to[64];

	snprintf(to, sizeof(to), "%s", p->to ? p->to->version : "the new version");
	if (blocking)
		strbuf_addf(out, "version:   unknown; nearest is OpenSER %s, with %zu difference%s:\n", d->schema->version,
			    d->diff.n, d->diff.n == 1 ? "" : "s");
	else
		strbuf_addf(out, "version:   OpenSER %s, with %zu difference%s:\n", d->schema->version, d->diff.n,
			    d->diff.n == 1 ? "" : "s");
	if (p->drift.n) {
		struct strbuf label = STRBUF_INIT;

		drift_group(p, OM_DRIFT_BLOCKING, "blocking (the upgrade is refused):", out);
		strbuf_addf(&label, "kept (carried into OpenSER %s as they are):", to);
		drift_group(p, OM_DRIFT_KEPT, label.buf, out);
		strbuf_reset(&label);
		strbuf_addf(&label, "absorbed (OpenSER %s builds its own; nothing to keep):", to);
		drift_group(p, OM_DRIFT_ABSORBED, label.buf, out);
		strbuf_release(&label);
		return;
	}
	for (size_t i = 0; i < d->drift.n; i++)
		strbuf_addf(out, "  %s%s\n", d->drift.v[i].text,
			    om_history_kept(&r->hist, &d->drift.v[i]) ? " (kept by an upgrade)" : "");
}

void om_report_status_text(const struct om_run *r, const char *target, int code, struct strbuf *out)
{
	const struct om_detect *d = &r->detect;

	strbuf_addf(out, "database:  %s\n", target);
	strbuf_addf(out, "engine:    %s\n", r->drv ? r->drv->name : "?");
	om_replica_text(&r->replica, out);
	if (!d->schema) {
		strbuf_adds(out, "version:   none (no OpenSER tables)\n");
	} else if (d->exact) {
		strbuf_addf(out, "version:   OpenSER %s (exact match)\n", d->schema->version);
	} else {
		drift_text(r, code, out);
	}
	if (d->schema) {
		text_list(out, "classes:  ", &d->classes);
		text_list(out, "tables of classes not installed (left alone):", &d->ignored);
	}
	if (code == OM_EXIT_PENDING && r->planned) {
		const struct om_plan *p = &r->plan;

		strbuf_addf(out, "pending:   upgrade %s -> %s\n", p->from->version, p->to->version);
		for (size_t i = 0; i < p->nsteps; i++) {
			char action[200];

			strbuf_addf(out, "  %-22s %s\n", p->steps[i].target->name,
				    step_action(&p->steps[i], action, sizeof(action)));
		}
		text_list(out, "  untouched:", &p->untouched);
		vrows_text(p, out);
		text_lines(out, "notes:", &p->notes);
		text_lines(out, "warnings:", &p->warnings);
		text_lines(out, "problems (the upgrade would be refused):", &p->problems);
	} else if (code == 0 && d->schema) {
		strbuf_adds(out, "pending:   nothing, the database is up to date\n");
	}
	if (d->retained.n) {
		text_list(out, "retained: ", &d->retained);
		strbuf_adds(out, "           (the rows as they were before the upgrade; `cleanup` drops them)\n");
	}
	text_list(out, "unknown tables (left alone):", &d->unknown);
	text_lines(out, "history:", &r->history);
	text_lines(out, NULL, &r->info);
}

void om_report_status_json(const struct om_run *r, const char *target, int code, struct strbuf *out)
{
	const struct om_detect *d = &r->detect;

	(void)target;
	strbuf_adds(out, "{\"engine\": ");
	om_json_string(out, r->drv ? r->drv->name : "");
	strbuf_adds(out, ", \"replica\": ");
	om_replica_json(&r->replica, out);
	strbuf_adds(out, ", \"version\": ");
	if (d->schema)
		om_json_string(out, d->schema->version);
	else
		strbuf_adds(out, "null");
	strbuf_addf(out, ", \"exact\": %s, \"differences\": ", d->exact ? "true" : "false");
	json_list(out, &d->diff);
	strbuf_adds(out, ", \"drift\": [");
	for (size_t i = 0; i < r->plan.drift.n; i++) {
		static const char *const cls[] = { "kept", "absorbed", "blocking" };

		strbuf_adds(out, i ? ", {\"class\": " : "{\"class\": ");
		om_json_string(out, cls[r->plan.drift.v[i].cls]);
		strbuf_adds(out, ", \"kind\": ");
		om_json_string(out, om_drift_kind_name(r->plan.drift.v[i].kind));
		strbuf_adds(out, ", \"difference\": ");
		om_json_string(out, r->plan.drift.v[i].text);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	strbuf_adds(out, ", \"classes\": ");
	json_list(out, &d->classes);
	strbuf_adds(out, ", \"pending\": [");
	if (code == OM_EXIT_PENDING && r->planned)
		for (size_t i = 0; i < r->plan.nsteps; i++) {
			char action[200];

			strbuf_adds(out, i ? ", {\"table\": " : "{\"table\": ");
			om_json_string(out, r->plan.steps[i].target->name);
			strbuf_adds(out, ", \"action\": ");
			om_json_string(out, step_action(&r->plan.steps[i], action, sizeof(action)));
			strbuf_addch(out, '}');
		}
	strbuf_adds(out, "], \"retained\": ");
	json_list(out, &d->retained);
	strbuf_adds(out, ", \"unknown\": ");
	json_list(out, &d->unknown);
	strbuf_adds(out, ", \"history\": ");
	json_list(out, &r->history);
	/* A prepare in place (online.h): its lines, one per table, then the phase. */
	strbuf_adds(out, ", \"prepare\": [");
	for (size_t i = 0, n = 0; i < r->info.n; i++)
		if (!strncmp(r->info.v[i], "prepare: ", 9)) {
			strbuf_adds(out, n++ ? ", " : "");
			om_json_string(out, r->info.v[i] + 9);
		}
	strbuf_adds(out, "]}\n");
}

void om_report_run_text(const struct om_run *r, const char *command, const char *target, struct strbuf *out)
{
	const struct om_plan *p = &r->plan;
	bool after = r->executed;

	if (!r->planned || om_plan_is_empty(p)) {
		text_lines(out, NULL, &r->info);
		return;
	}
	strbuf_addf(out, "%s of %s: OpenSER %s -> %s%s\n", command, target, p->from->version, p->to->version,
		    after ? ", done" : "");
	text_lines(out, "notes:", &p->notes);
	if (p->drift.n) {
		strbuf_addf(out, "differences from OpenSER %s:\n", p->from->version);
		drift_group(p, OM_DRIFT_KEPT, "kept (carried as they are):", out);
		drift_group(p, OM_DRIFT_ABSORBED, "absorbed (built as the new version has them):", out);
	}
	steps_text(p, after, out);
	text_list(out, "untouched (already as 1.2 wants them):", &p->untouched);
	if (p->mode == OM_MODE_INPLACE)
		text_list(out, "left as they are:", &p->left);
	else
		text_list(out, "not copied (not part of the target):", &p->left);
	vrows_text(p, out);
	text_list(out, "unknown tables (untouched):", &p->unknown);
	text_lines(out, "warnings:", &p->warnings);
	text_lines(out, "problems (refused unless --force):", &p->problems);
	if (after) {
		bool any = false;

		for (size_t i = 0; i < p->nsteps; i++)
			if (p->steps[i].retained)
				any = true;
		if (any && p->drv && p->from) {
			struct strbuf rn = STRBUF_INIT;

			om_plan_retained_name(p, "", &rn);
			/* "old11." names a schema, "old11_" a prefix. */
			if (p->drv->retained_schema)
				strbuf_addf(out, "the old tables are retained in the schema %.*s",
					    (int)rn.len - 1, rn.buf);
			else
				strbuf_addf(out, "the old tables are retained (%s*)", rn.buf);
			strbuf_addf(out, " with every %s value until `openser-migrate cleanup`\n", p->from->version);
			strbuf_release(&rn);
		}
	}
	text_lines(out, NULL, &r->info);
}

void om_report_run_json(const struct om_run *r, struct strbuf *out)
{
	const struct om_plan *p = &r->plan;

	strbuf_addf(out, "{\"done\": %s", r->executed ? "true" : "false");
	if (r->planned && p->from) {
		strbuf_adds(out, ", \"from\": ");
		om_json_string(out, p->from->version);
		strbuf_adds(out, ", \"to\": ");
		om_json_string(out, p->to->version);
		strbuf_adds(out, ", \"checksum\": ");
		om_json_string(out, p->checksum);
		strbuf_adds(out, ", \"tables\": [");
		for (size_t i = 0; i < p->nsteps; i++) {
			const struct om_step *st = &p->steps[i];
			char action[200];
			bool first = true;

			strbuf_adds(out, i ? ", {\"table\": " : "{\"table\": ");
			om_json_string(out, st->target->name);
			strbuf_adds(out, ", \"action\": ");
			om_json_string(out, step_action(st, action, sizeof(action)));
			strbuf_adds(out, ", \"source\": ");
			if (st->source)
				om_json_string(out, st->source);
			else
				strbuf_adds(out, "null");
			strbuf_adds(out, ", \"retained\": ");
			if (st->retained)
				om_json_string(out, st->retained);
			else
				strbuf_adds(out, "null");
			strbuf_addf(out, ", \"rows_before\": %lld, \"rows_after\": %lld, \"not_carried\": ",
				    st->source ? st->rows_before : 0, st->rows_after);
			json_list(out, &st->not_carried);
			strbuf_adds(out, ", \"columns\": {");
			for (size_t k = 0; k < st->ncols; k++) {
				const struct om_colmap *m = &st->cols[k];

				if (!m->computed && !m->cut_count && !m->invalid_count)
					continue;
				strbuf_adds(out, first ? "" : ", ");
				first = false;
				om_json_string(out, m->col->name);
				strbuf_addf(out, ": {\"computed\": %s, \"not_empty\": ", m->computed ? "true" : "false");
				/* null: not counted (finish reads no table whole). */
				if (m->filled_count < 0)
					strbuf_adds(out, "null");
				else
					strbuf_addf(out, "%lld", m->filled_count);
				strbuf_addf(out, ", \"cut\": %lld, \"invalid\": %lld, \"differ\": %lld, \"emptied\": %lld}",
					    m->cut_count, m->invalid_count, m->differ_count, m->cleared_count);
			}
			strbuf_addf(out, "}, \"skipped_duplicates\": %lld}", st->ignore_dups ? st->dup_count : 0);
		}
		strbuf_adds(out, "], \"untouched\": ");
		json_list(out, &p->untouched);
		strbuf_adds(out, ", \"left\": ");
		json_list(out, &p->left);
		strbuf_adds(out, ", \"version_rows\": {");
		for (size_t i = 0; i < p->nvrows; i++) {
			strbuf_adds(out, i ? ", " : "");
			om_json_string(out, p->vrows[i].table);
			strbuf_addf(out, ": %d", p->vrows[i].version);
		}
		strbuf_adds(out, "}, \"unknown\": ");
		json_list(out, &p->unknown);
		strbuf_adds(out, ", \"notes\": ");
		json_list(out, &p->notes);
		strbuf_adds(out, ", \"warnings\": ");
		json_list(out, &p->warnings);
		strbuf_adds(out, ", \"problems\": ");
		json_list(out, &p->problems);
	}
	if (r->snap.name) {
		strbuf_adds(out, ", \"snapshot\": ");
		om_snapshot_json(out, &r->snap);
	}
	strbuf_adds(out, ", \"info\": ");
	json_list(out, &r->info);
	strbuf_adds(out, "}\n");
}
