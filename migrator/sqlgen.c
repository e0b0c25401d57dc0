/*
 * sqlgen.c: statements shared by the drivers' scripts, built with each
 * driver's quoting and clock (sqlgen.h).
 */
#include "sqlgen.h"

void om_sql_history_insert(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			   const char *command, const char *insert, const char *suffix, struct strbuf *sb)
{
	strbuf_addf(sb, "%s ", insert);
	drv->quote_ident(sb, OM_HISTORY_TABLE);
	strbuf_adds(sb, " (");
	{
		static const char *const cols[] = { "id", "plan", "checksum", "engine", "command", "options",
						    "source", "tool", "started", "status", NULL };

		for (int i = 0; cols[i]; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			drv->quote_ident(sb, cols[i]);
		}
	}
	strbuf_addf(sb, ") VALUES (%lld, ", p->history_id);
	drv->quote_string(c, sb, p->plan_id);
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, p->checksum);
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, drv->name);
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, command);
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, p->options_text ? p->options_text : "");
	strbuf_adds(sb, ", ");
	if (p->source_path)
		drv->quote_string(c, sb, p->source_path);
	else
		strbuf_adds(sb, "NULL");
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, "openser-migrate " OM_VERSION);
	strbuf_adds(sb, ", ");
	drv->quote_string(c, sb, p->started);
	strbuf_addf(sb, ", 'running')%s", suffix);
}

void om_sql_history_done(const struct om_driver *drv, const struct om_plan *p, struct strbuf *sb)
{
	strbuf_adds(sb, "UPDATE ");
	drv->quote_ident(sb, OM_HISTORY_TABLE);
	strbuf_adds(sb, " SET ");
	drv->quote_ident(sb, "status");
	strbuf_adds(sb, " = 'done', ");
	drv->quote_ident(sb, "finished");
	strbuf_adds(sb, " = ");
	drv->render_now(sb);
	strbuf_adds(sb, " WHERE ");
	drv->quote_ident(sb, "id");
	strbuf_addf(sb, " = %lld", p->history_id);
}

void om_sql_journal(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p, int step,
		    const char *name, const char *count_from, struct strbuf *sb)
{
	static const char *const cols[] = { "run", "step", "name", "finished", "source_rows", NULL };

	strbuf_adds(sb, "INSERT INTO ");
	drv->quote_ident(sb, OM_JOURNAL_TABLE);
	strbuf_adds(sb, " (");
	for (int i = 0; cols[i] && (count_from || i < 4); i++) {
		if (i)
			strbuf_adds(sb, ", ");
		drv->quote_ident(sb, cols[i]);
	}
	strbuf_addf(sb, ") VALUES (%lld, %d, ", p->history_id, step);
	drv->quote_string(c, sb, name);
	strbuf_adds(sb, ", ");
	drv->render_now(sb);
	if (count_from)
		strbuf_addf(sb, ", (SELECT count(*) FROM %s)", count_from);
	strbuf_addch(sb, ')');
}

void om_sql_version_rows(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			 const char *into, struct strbuf *del, struct strbuf *ins)
{
	if (!p->nvrows)
		return;
	strbuf_adds(del, "DELETE FROM ");
	drv->quote_ident(del, into);
	strbuf_adds(del, " WHERE ");
	drv->quote_ident(del, "table_name");
	strbuf_adds(del, " IN (");
	for (size_t i = 0; i < p->nvrows; i++) {
		if (i)
			strbuf_adds(del, ", ");
		drv->quote_string(c, del, p->vrows[i].table);
	}
	strbuf_addch(del, ')');
	strbuf_adds(ins, "INSERT INTO ");
	drv->quote_ident(ins, into);
	strbuf_adds(ins, " (");
	drv->quote_ident(ins, "table_name");
	strbuf_adds(ins, ", ");
	drv->quote_ident(ins, "table_version");
	strbuf_adds(ins, ") VALUES");
	for (size_t i = 0; i < p->nvrows; i++) {
		strbuf_adds(ins, i ? ",\n  (" : "\n  (");
		drv->quote_string(c, ins, p->vrows[i].table);
		strbuf_addf(ins, ", %d)", p->vrows[i].version);
	}
}

bool om_sql_carries(const struct om_step *st)
{
	for (size_t i = 0; i < st->ncols; i++)
		if (st->cols[i].expr)
			return true;
	return false;
}

void om_sql_column_list(const struct om_driver *drv, const struct om_step *st, struct strbuf *sb)
{
	bool first = true;

	for (size_t i = 0; i < st->ncols; i++) {
		if (!st->cols[i].expr)
			continue;
		if (!first)
			strbuf_adds(sb, ", ");
		first = false;
		drv->quote_ident(sb, st->cols[i].col->name);
	}
}

void om_sql_select_list(const struct om_driver *drv, struct om_conn *c, const struct om_step *st,
			struct strbuf *sb)
{
	bool first = true;

	for (size_t i = 0; i < st->ncols; i++) {
		if (!st->cols[i].expr)
			continue;
		if (!first)
			strbuf_adds(sb, ",\n       ");
		first = false;
		om_plan_render_value(drv, c, sb, &st->cols[i], NULL);
	}
}

void om_sql_order_by(const struct om_driver *drv, const struct om_step *st, struct strbuf *sb)
{
	if (!st->order.n)
		return;
	strbuf_adds(sb, "\nORDER BY ");
	for (size_t i = 0; i < st->order.n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		drv->quote_ident(sb, st->order.v[i]);
	}
}

bool om_sql_insert_select(const struct om_driver *drv, struct om_conn *c, const struct om_step *st,
			  const char *insert, const char *into, const char *from, const char *suffix,
			  struct strbuf *sb)
{
	if (!om_sql_carries(st))
		return false;
	strbuf_addf(sb, "INSERT %sINTO ", insert);
	drv->quote_ident(sb, into);
	strbuf_adds(sb, " (");
	om_sql_column_list(drv, st, sb);
	strbuf_adds(sb, ")\nSELECT ");
	om_sql_select_list(drv, c, st, sb);
	strbuf_addf(sb, "\nFROM %s", from);
	om_sql_order_by(drv, st, sb);
	strbuf_adds(sb, suffix);
	return true;
}

void om_sql_add_version_rows(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			     const char *into, struct om_script *s)
{
	struct strbuf del = STRBUF_INIT, ins = STRBUF_INIT;

	if (!p->nvrows)
		return;
	strbuf_init(&del);
	strbuf_init(&ins);
	om_sql_version_rows(drv, c, p, into, &del, &ins);
	om_script_take(s, OM_STMT_SQL, &del);
	om_script_take(s, OM_STMT_SQL, &ins);
}

void om_sql_add_history_done(const struct om_driver *drv, const struct om_plan *p, struct om_script *s,
			     enum om_stmt_kind kind)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	om_sql_history_done(drv, p, &sb);
	om_script_take(s, kind, &sb);
}

void om_sql_add_commit_end(const struct om_driver *drv, struct om_conn *c, const struct om_plan *p,
			   struct om_script *s)
{
	if (p->nvrows) {
		om_script_add(s, OM_STMT_COMMENT, "version rows");
		om_sql_add_version_rows(drv, c, p, "version", s);
	}
	om_sql_add_history_done(drv, p, s, OM_STMT_SQL);
	om_script_mark(s, "version");
	om_script_add(s, OM_STMT_COMMIT, "COMMIT");
}
