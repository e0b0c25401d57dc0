/*
 * cfgfix.c: the edits of findings applied to a script.  Every byte that
 * no edit covers is copied as it is: comments, blank lines, indentation
 * and line ends stay the operator's.
 */
#include "cfgfix.h"

#include <stdlib.h>
#include <string.h>

struct edit_ref {
	const struct om_cfg_edit *e;
	size_t finding;
};

/* By place; at one place insertions first, then in the order they were made. */
static int edit_order(const void *pa, const void *pb)
{
	const struct om_cfg_edit *a = ((const struct edit_ref *)pa)->e, *b = ((const struct edit_ref *)pb)->e;
	bool ia = a->start == a->end, ib = b->start == b->end;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (ia != ib)
		return ia ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool overlap(const struct om_cfg_edit *a, const struct om_cfg_edit *b)
{
	bool ia = a->start == a->end, ib = b->start == b->end;

	if (ia && ib)
		return false;
	if (ia)
		return b->start < a->start && a->start < b->end;
	if (ib)
		return a->start < b->start && b->start < a->end;
	return a->start < b->end && b->start < a->end;
}

/* Leave out the later of two findings whose edits overlap, until none do. */
static void drop_conflicts(const struct edit_ref *refs, size_t n, bool *applied)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < n && !changed; i++)
			for (size_t j = i + 1; j < n && !changed; j++) {
				size_t fi = refs[i].finding, fj = refs[j].finding;

				if (fi == fj || !applied[fi] || !applied[fj] || !overlap(refs[i].e, refs[j].e))
					continue;
				applied[fi > fj ? fi : fj] = false;
				changed = true;
			}
	}
}

void om_cfg_map_init(struct om_cfg_map *m)
{
	m->v = NULL;
	m->n = m->alloc = 0;
	m->in_len = 0;
}

void om_cfg_map_release(struct om_cfg_map *m)
{
	free(m->v);
	om_cfg_map_init(m);
}

size_t om_cfg_map_back(const struct om_cfg_map *m, size_t off)
{
	size_t lo = 0, hi = m->n;
	const struct om_cfg_span *sp;

	/* The last span that starts at or before off (spans are in output order). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].out <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return 0;
	sp = &m->v[lo - 1];
	if (off >= sp->out + sp->len)
		return m->in_len;
	return sp->copied ? sp->in + (off - sp->out) : sp->in;
}

/* Record a span of len bytes appended at output offset out. */
static void map_add(struct om_cfg_map *m, size_t out, size_t len, size_t in, bool copied)
{
	if (!m || !len)
		return;
	OM_GROW(m->v, m->n + 1, m->alloc);
	m->v[m->n++] = (struct om_cfg_span){ .out = out, .len = len, .in = in, .copied = copied };
}

size_t om_cfg_apply(const char *text, size_t len, const struct om_cfg_findings *f, bool *applied,
		    struct strbuf *out, struct om_cfg_map *map)
{
	struct edit_ref *refs;
	size_t n = 0, pos = 0, count = 0, base = out->len;

	for (size_t i = 0; i < f->n; i++) {
		applied[i] = f->v[i].nedits > 0;
		n += f->v[i].nedits;
	}
	refs = om_xcalloc(n + 1, sizeof(*refs));
	n = 0;
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; k < f->v[i].nedits; k++) {
			refs[n].e = &f->v[i].edits[k];
			refs[n++].finding = i;
		}
	qsort(refs, n, sizeof(*refs), edit_order);
	drop_conflicts(refs, n, applied);
	for (size_t i = 0; i < n; i++) {
		const struct om_cfg_edit *e = refs[i].e;

		if (!applied[refs[i].finding] || e->start < pos || e->end > len)
			continue;
		map_add(map, out->len - base, e->start - pos, pos, true);
		strbuf_add(out, text + pos, e->start - pos);
		map_add(map, out->len - base, strlen(e->text), e->start, false);
		strbuf_adds(out, e->text);
		pos = e->end;
	}
	map_add(map, out->len - base, len - pos, pos, true);
	strbuf_add(out, text + pos, len - pos);
	if (map)
		map->in_len = len;
	for (size_t i = 0; i < f->n; i++)
		count += applied[i];
	free(refs);
	return count;
}
