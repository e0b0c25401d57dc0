/*
 * cfgcheck.h: what an OpenSER 1.1 routing script must change to run on
 * OpenSER 1.2, as findings with a position, a message and the 1.2 text,
 * and for the mechanical ones the edits that make the change.
 *
 * The rules are data (cfgrules.h); cfgfix.h applies the edits.  Nothing
 * here reads or writes files or prints.
 */
#ifndef OM_CFGCHECK_H
#define OM_CFGCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "cfgparse.h"

enum om_cfg_kind {
	OM_CFG_ERROR,    /* 1.2 refuses the script: its -c check or its start-up fails */
	OM_CFG_WARNING,  /* 1.2 starts, but does something else than 1.1 did */
	OM_CFG_HINT,     /* nothing breaks: something worth doing with 1.2 */
	OM_CFG_FIXED     /* cfg-fix made the change */
};

/* Replace bytes [start, end) of the script with text (an insertion when start == end). */
struct om_cfg_edit {
	size_t start, end;
	char *text;     /* owned */
	unsigned seq;   /* creation order: the order of insertions at one place */
};

struct om_cfg_finding {
	int line, col;          /* where, in the checked text */
	enum om_cfg_kind kind;
	char *message;          /* owned; printable (see om_cfg_add_shown) */
	char *replacement;      /* owned; the 1.2 text (lines joined by '\n'), or NULL when there is none */
	struct om_cfg_edit *edits;  /* owned; none: the change is left to the operator */
	size_t nedits, aedits;
};

struct om_cfg_findings {
	struct om_cfg_finding *v;
	size_t n, alloc;
};

void om_cfg_findings_init(struct om_cfg_findings *f);
/* Free every finding and the list; f is empty after. */
void om_cfg_findings_release(struct om_cfg_findings *f);
/* Free what one finding owns (it stays in its list, emptied). */
void om_cfg_finding_release(struct om_cfg_finding *f);

/*
 * Check the parsed script s and append its findings to out (which owns
 * them; om_cfg_findings_release frees them), ordered by line and column.
 * The edits' offsets are into s->text.  Every rule is applied; none fails.
 */
void om_cfg_check(struct om_cfg_findings *out, const struct om_cfg_script *s);

/* The number of findings of kind k. */
size_t om_cfg_count(const struct om_cfg_findings *f, enum om_cfg_kind k);

/* Does anything need changing (an error or a warning)? */
bool om_cfg_needs_change(const struct om_cfg_findings *f);

/*
 * n bytes of a script made printable for a message: valid UTF-8 is kept,
 * a control byte or an invalid byte becomes \xNN.
 */
void om_cfg_add_shown(struct strbuf *sb, const char *s, size_t n);

#endif
