/*
 * cfgfix.h: applying the edits of findings to a routing script, byte for
 * byte outside the edited ranges.
 */
#ifndef OM_CFGFIX_H
#define OM_CFGFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "cfgcheck.h"
#include "strbuf.h"

/*
 * Where the bytes of a rewritten text came from: spans of the output in
 * order, each either copied from the input (from offset in on) or the
 * text of an edit made at input offset in.
 */
struct om_cfg_span {
	size_t out, len, in;
	bool copied;
};

struct om_cfg_map {
	struct om_cfg_span *v;
	size_t n, alloc;
	size_t in_len;
};

void om_cfg_map_init(struct om_cfg_map *m);
void om_cfg_map_release(struct om_cfg_map *m);

/*
 * The input offset that output offset off comes from: the same byte for
 * a copied byte, the place of the edit for a byte an edit wrote, the end
 * of the input for the end of the output.
 */
size_t om_cfg_map_back(const struct om_cfg_map *m, size_t off);

/*
 * Append to out the len bytes of text with the edits of findings f
 * applied, and set applied[i] for each finding whose edits were made
 * (applied has f->n entries).  A finding's edits are made all or none:
 * when two findings' edits overlap, the later finding (in f's order) is
 * left unapplied.  Insertions at one place go in the order they were
 * made.  map, unless NULL, is filled with where the appended bytes come
 * from (offsets counted from the start of what is appended).  Returns the
 * number of findings applied.
 */
size_t om_cfg_apply(const char *text, size_t len, const struct om_cfg_findings *f, bool *applied,
		    struct strbuf *out, struct om_cfg_map *map);

#endif
