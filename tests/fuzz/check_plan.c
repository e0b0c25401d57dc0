/*
 * check_plan.c: see check_plan.h.
 */
#include "check_plan.h"

#include "fuzz.h"
#include "hash.h"
#include "strbuf.h"

static void check_sha256(const char sha[65], const char *text, size_t len)
{
	FUZZ_CHECK(strlen(sha) == 64 && strspn(sha, "0123456789abcdef") == 64);
	if (text) {
		char want[65];

		om_sha256_hex(text, len, want);
		FUZZ_CHECK(!strcmp(sha, want));
	}
}

static void check_type(const struct om_type *t)
{
	struct strbuf sb = STRBUF_INIT;
	int w = om_type_char_width(t), tw = om_type_text_width(t);

	FUZZ_CHECK(t->base && *t->base);
	FUZZ_CHECK(t->nargs >= 0 && t->nargs <= 2);
	for (int i = 0; i < t->nargs; i++)
		FUZZ_CHECK(t->arg[i] >= 0);
	if (!strcmp(t->base, "varchar") || !strcmp(t->base, "char"))
		FUZZ_CHECK(t->nargs == 1 && w == t->arg[0] && tw == t->arg[0]);
	else
		FUZZ_CHECK(w == -1);
	FUZZ_CHECK(tw >= -1);
	om_type_format(&sb, t);
	FUZZ_CHECK(!strncmp(sb.buf, t->base, strlen(t->base)));
	strbuf_release(&sb);
}

static void check_default(const struct om_default *d)
{
	switch (d->kind) {
	case OM_DEF_STRING:
	case OM_DEF_NUMBER:
		FUZZ_CHECK(d->text);
		break;
	case OM_DEF_NONE:
	case OM_DEF_NULL:
	case OM_DEF_CURRENT_TIMESTAMP:
		FUZZ_CHECK(!d->text);
		break;
	}
}

static void check_column(const struct om_schema *s, const struct om_table *t,
			 const struct om_column *c)
{
	FUZZ_CHECK(c->name && *c->name);
	FUZZ_CHECK(om_table_column(t, c->name) == c);
	FUZZ_CHECK(!c->cls || om_schema_class(s, c->cls));
	check_type(&c->type);
	check_default(&c->def);
	for (int e = OM_ENGINE_SQLITE; e < OM_NENGINES; e++) {
		struct om_type type;
		bool notnull;
		struct om_default def;

		if (c->var[e].present && c->var[e].set_type)
			check_type(&c->var[e].type);
		if (!om_column_effective(c, (enum om_engine)e, &type, &notnull, &def)) {
			FUZZ_CHECK(c->var[e].present && c->var[e].absent);
			continue;
		}
		check_type(&type);
		check_default(&def);
		FUZZ_CHECK(!(notnull && def.kind == OM_DEF_NULL));
	}
	FUZZ_CHECK(!c->var[OM_ENGINE_NONE].present);
}

static const struct om_key *check_keys(const struct om_schema *s, const struct om_table *t)
{
	const struct om_key *pk = NULL;

	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		FUZZ_CHECK(k->ncols >= 1 && k->cols);
		for (size_t j = 0; j < k->ncols; j++) {
			FUZZ_CHECK(om_table_column(t, k->cols[j]));
			for (size_t jj = 0; jj < j; jj++)
				FUZZ_CHECK(strcmp(k->cols[j], k->cols[jj]));
		}
		FUZZ_CHECK(!k->cls || om_schema_class(s, k->cls));
		if (k->kind == OM_KEY_PRIMARY) {
			FUZZ_CHECK(!pk && !k->name);
			pk = k;
			for (int e = 0; e < OM_NENGINES; e++)
				FUZZ_CHECK(!k->ename[e]);
			continue;
		}
		FUZZ_CHECK(k->kind == OM_KEY_UNIQUE || k->kind == OM_KEY_INDEX);
		FUZZ_CHECK(k->name);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(!t->keys[j].name || strcmp(t->keys[j].name, k->name));
		for (int e = OM_ENGINE_SQLITE; e < OM_NENGINES; e++)
			FUZZ_CHECK(om_key_name(k, (enum om_engine)e));
	}
	return pk;
}

static void check_table(const struct om_schema *s, const struct om_table *t)
{
	const struct om_key *pk;
	const struct om_column **cols;

	FUZZ_CHECK(t->name && *t->name);
	FUZZ_CHECK(om_schema_table(s, t->name) == t);
	FUZZ_CHECK(t->cls && om_schema_class(s, t->cls));
	FUZZ_CHECK(t->ncols <= t->acols);
	for (size_t i = 0; i < t->ncols; i++)
		check_column(s, t, &t->cols[i]);
	pk = check_keys(s, t);
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].autoinc)
			FUZZ_CHECK(pk && pk->ncols == 1 && !strcmp(pk->cols[0], t->cols[i].name));
	for (size_t i = 0; i < t->nchecks; i++) {
		const struct om_check *c = &t->checks[i];
		size_t n = c->sql ? strlen(c->sql) : 0;

		FUZZ_CHECK(c->name && c->engine != OM_ENGINE_NONE);
		FUZZ_CHECK(n >= 2 && c->sql[0] == '(' && c->sql[n - 1] == ')');
	}
	/* Every engine's order is all the columns, each once. */
	cols = malloc((t->ncols ? t->ncols : 1) * sizeof(*cols));
	if (!cols)
		abort();
	for (int e = OM_ENGINE_SQLITE; e < OM_NENGINES; e++) {
		int v;

		FUZZ_CHECK(om_table_columns(t, (enum om_engine)e, cols) == t->ncols);
		for (size_t i = 0; i < t->ncols; i++) {
			FUZZ_CHECK(cols[i] >= t->cols && cols[i] < t->cols + t->ncols);
			for (size_t j = 0; j < i; j++)
				FUZZ_CHECK(cols[i] != cols[j]);
		}
		FUZZ_CHECK(om_table_version(t, (enum om_engine)e, &v) ==
			   (t->has_version || t->has_eversion[e]));
	}
	free(cols);
}

void fuzz_check_schema(const struct om_schema *s, const char *file, const char *text, size_t len)
{
	FUZZ_CHECK(s);
	FUZZ_CHECK(s->version && *s->version);
	FUZZ_CHECK(s->file && !strcmp(s->file, file));
	check_sha256(s->sha256, text, len);
	for (size_t i = 0; i < s->nclasses; i++) {
		FUZZ_CHECK(s->classes[i].name);
		FUZZ_CHECK(om_schema_class(s, s->classes[i].name) == &s->classes[i]);
	}
	for (size_t i = 0; i < s->ntables; i++)
		check_table(s, &s->tables[i]);
	if (!s->base) {
		FUZZ_CHECK(!s->nedits);
		return;
	}
	/* A derived schema: only its edits (plans/README.md). */
	FUZZ_CHECK(!s->ntables && !s->nclasses);
	for (size_t i = 0; i < s->nedits; i++) {
		const struct om_edit *e = &s->edits[i];

		FUZZ_CHECK(e->table);
		if (e->kind == OM_EDIT_DROP_COLUMN)
			FUZZ_CHECK(e->column);
		else
			FUZZ_CHECK(e->kind == OM_EDIT_SET_VERSION && !e->column);
	}
}

static void check_expr(const struct om_expr *e, int depth)
{
	FUZZ_CHECK(e && depth <= 33);
	if (e->kind != OM_EXPR_CALL) {
		FUZZ_CHECK(e->nargs == 0 && e->fn == -1);
		FUZZ_CHECK(e->kind == OM_EXPR_NULL || e->text);
		return;
	}
	FUZZ_CHECK(e->fn >= 0 && e->fn < OM_NFUNCTIONS);
	FUZZ_CHECK(e->text && !strcmp(e->text, om_functions[e->fn].name));
	FUZZ_CHECK(om_function_find(e->text) == e->fn);
	FUZZ_CHECK((int)e->nargs >= om_functions[e->fn].min_args);
	FUZZ_CHECK(om_functions[e->fn].max_args < 0 || (int)e->nargs <= om_functions[e->fn].max_args);
	for (size_t i = 0; i < e->nargs; i++)
		check_expr(e->args[i], depth + 1);
}

void fuzz_check_map(const struct om_map *m, const char *file, const char *text, size_t len)
{
	FUZZ_CHECK(m);
	FUZZ_CHECK(m->from && m->to);
	FUZZ_CHECK(m->file && !strcmp(m->file, file));
	check_sha256(m->sha256, text, len);
	for (size_t i = 0; i < m->ntables; i++) {
		const struct om_map_table *mt = &m->tables[i];

		FUZZ_CHECK(mt->target && mt->source);
		FUZZ_CHECK(om_map_table_for(m, mt->target) == mt);
		for (size_t j = 0; j < mt->nassigns; j++) {
			const struct om_assign *a = &mt->assigns[j];

			FUZZ_CHECK(a->column);
			FUZZ_CHECK(!a->when_var == !a->when_value);
			check_expr(a->expr, 0);
		}
		if (mt->order == OM_ORDER_BY)
			FUZZ_CHECK(mt->norder_cols >= 1 && mt->order_cols);
		else
			FUZZ_CHECK(!mt->norder_cols && !mt->order_cols);
	}
}

void fuzz_check_error(const struct om_error *err, const char *file)
{
	size_t n = strlen(file);

	FUZZ_CHECK(err->code == OM_EXIT_USAGE);
	FUZZ_CHECK(!strncmp(err->msg, file, n) && err->msg[n] == ':');
}
