/*
 * detect.c: which OpenSER version a live catalog is.  The catalog is
 * compared with every known version's schema, with every combination of
 * its optional classes installed, as the engine would show it; the nearest
 * one wins, with its differences listed.  The migrator's own tables,
 * retained old tables and tables no plan knows are set aside first.
 */
#include "detect.h"

#include <string.h>

#include "driver.h"

void om_detect_init(struct om_detect *d)
{
	memset(d, 0, sizeof(*d));
	om_strlist_init(&d->diff);
	om_strlist_init(&d->classes);
	om_catalog_init(&d->live);
	om_strlist_init(&d->unknown);
	om_strlist_init(&d->retained);
	om_strlist_init(&d->ignored);
	om_strlist_init(&d->own);
}

void om_detect_release(struct om_detect *d)
{
	om_strlist_release(&d->diff);
	om_driftlist_release(&d->drift);
	om_strlist_release(&d->classes);
	om_catalog_release(&d->live);
	om_strlist_release(&d->unknown);
	om_strlist_release(&d->retained);
	om_strlist_release(&d->ignored);
	om_strlist_release(&d->own);
	om_detect_init(d);
}

static bool planset_knows(const struct om_planset *ps, const char *table)
{
	for (size_t i = 0; i < ps->nschemas; i++)
		if (om_schema_table(ps->schemas[i], table))
			return true;
	return false;
}

/*
 * A live table that a schema does not expect is a difference only when
 * some version has it as a regular table; module tables that a version
 * merely tolerates (1.1's pd_multidomain) may stay after an upgrade.
 */
static bool known_strict(const struct om_planset *ps, const char *table)
{
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_table *t = om_schema_table(ps->schemas[i], table);

		if (t && !t->optional)
			return true;
	}
	return false;
}

struct known_ctx {
	const struct om_planset *ps;
	const struct om_strlist *ignored;
};

static bool known_cb(const char *table, void *ud)
{
	const struct known_ctx *k = ud;

	return known_strict(k->ps, table) && !om_strlist_has(k->ignored, table);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Is `name` a retained table (old<digits>_<known table>)? */
static bool is_retained_name(const struct om_planset *ps, const char *name)
{
	const char *p = name;

	if (strncmp(p, "old", 3))
		return false;
	p += 3;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '_' && *p != '.')
		return false;
	return planset_knows(ps, p + 1);
}

static bool class_in_list(const char *cls, void *ud)
{
	return !strcmp(cls, "core") || om_strlist_has(ud, cls);
}

struct candidate {
	struct om_strlist classes;
	struct om_strlist ignored;
	struct om_driftlist drift;
	size_t score;
};

static void candidate_release(struct candidate *c)
{
	om_strlist_release(&c->classes);
	om_strlist_release(&c->ignored);
	om_driftlist_release(&c->drift);
}

/*
 * Compare the live catalog with schema s when exactly the whole classes
 * in `mask` are installed.  Tables of classes not installed are ignored
 * (and cost one point each, so that a class whose tables are there is
 * preferred); tables of partial classes are expected where they exist.
 */
static void try_candidate(const struct om_planset *ps, const struct om_driver *drv,
			  const struct om_schema *s, const struct om_catalog *live, unsigned mask,
			  struct candidate *out)
{
	struct om_catalog exp;
	struct known_ctx k;
	unsigned bit = 0;

	om_strlist_init(&out->classes);
	om_strlist_init(&out->ignored);
	om_driftlist_init(&out->drift);
	om_catalog_init(&exp);
	for (size_t c = 0; c < s->nclasses; c++) {
		const struct om_class *cls = &s->classes[c];

		if (!strcmp(cls->name, "core")) {
			om_strlist_add(&out->classes, cls->name);
		} else if (cls->partial) {
			for (size_t t = 0; t < s->ntables; t++)
				if (!strcmp(s->tables[t].cls, cls->name) && om_catalog_table(live, s->tables[t].name)) {
					om_strlist_add(&out->classes, cls->name);
					break;
				}
		} else {
			if (mask & (1u << bit))
				om_strlist_add(&out->classes, cls->name);
			bit++;
		}
	}
	exp.has_version_table = true;
	for (size_t i = 0; i < s->ntables; i++) {
		const struct om_table *t = &s->tables[i];
		const struct om_class *cls = om_schema_class(s, t->cls);
		bool present = om_catalog_table(live, t->name) != NULL;
		int v;

		if (!class_in_list(t->cls, &out->classes)) {
			if (present)
				om_strlist_add(&out->ignored, t->name);
			continue;
		}
		if (cls && cls->partial && !present)
			continue;
		drv->expected_table(t, class_in_list, &out->classes, &exp);
		if (t->optional)
			om_catalog_table(&exp, t->name)->optional = true;
		if (om_table_version(t, drv->engine, &v))
			om_catalog_add_vrow(&exp, t->name, v);
	}
	k.ps = ps;
	k.ignored = &out->ignored;
	om_catalog_compare(&exp, live, known_cb, &k, drv->compare_types, &out->drift);
	om_catalog_release(&exp);
	out->score = out->drift.n + out->ignored.n;
}

int om_detect_run(struct om_detect *d, const struct om_planset *ps, const struct om_driver *drv,
		  struct om_catalog *full, struct om_error *err)
{
	bool have = false;
	struct candidate best;

	(void)err;
	memset(&best, 0, sizeof(best));
	d->live = *full;
	om_catalog_init(full);
	for (size_t i = 0; i < d->live.ntables;) {
		const char *name = d->live.tables[i].name;

		if (has_prefix(name, OM_OWN_PREFIX)) {
			om_strlist_add(&d->own, name);
			if (!strcmp(name, OM_HISTORY_TABLE))
				d->has_history = true;
		} else if (is_retained_name(ps, name)) {
			om_strlist_add(&d->retained, name);
		} else if (!planset_knows(ps, name)) {
			om_strlist_add(&d->unknown, name);
		} else {
			i++;
			continue;
		}
		om_catalog_remove_table(&d->live, name);
	}
	if (!d->live.ntables)
		return 0;
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_schema *s = ps->schemas[i];
		unsigned nwhole = 0;

		for (size_t c = 0; c < s->nclasses; c++)
			if (strcmp(s->classes[c].name, "core") && !s->classes[c].partial)
				nwhole++;
		if (nwhole > 8)
			nwhole = 8;
		for (unsigned mask = 0; mask < (1u << nwhole); mask++) {
			struct candidate c;

			try_candidate(ps, drv, s, &d->live, mask, &c);
			/* Ties go to the candidate with more classes installed. */
			if (!have || c.score < best.score ||
			    (c.score == best.score && c.classes.n > best.classes.n)) {
				if (have)
					candidate_release(&best);
				best = c;
				have = true;
				d->schema = s;
			} else {
				candidate_release(&c);
			}
		}
	}
	d->exact = best.drift.n == 0;
	d->drift = best.drift;
	for (size_t i = 0; i < d->drift.n; i++)
		om_strlist_add(&d->diff, d->drift.v[i].text);
	d->classes = best.classes;
	d->ignored = best.ignored;
	return 0;
}
