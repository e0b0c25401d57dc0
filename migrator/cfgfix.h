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
 * Append to out the len bytes of text with the edits of findings f
 * applied, and set applied[i] for each finding whose edits were made
 * (applied has f->n entries).  A finding's edits are made all or none:
 * when two findings' edits overlap, the later finding (in f's order) is
 * left unapplied.  Insertions at one place go in the order they were
 * made.  Returns the number of findings applied.
 */
size_t om_cfg_apply(const char *text, size_t len, const struct om_cfg_findings *f, bool *applied,
		    struct strbuf *out);

#endif
