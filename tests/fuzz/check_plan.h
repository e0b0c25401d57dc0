/*
 * check_plan.h: the invariants of a parsed plan (plan.h), shared by the
 * plan and planset fuzz targets.  Each function walks the whole structure
 * through the accessors the planner and the drivers use, and aborts
 * (FUZZ_CHECK) on anything plan.h or plans/README.md rules out.
 */
#ifndef OM_FUZZ_CHECK_PLAN_H
#define OM_FUZZ_CHECK_PLAN_H

#include <stddef.h>

#include "plan.h"

/* text/len: the bytes it was parsed from (NULL: not known, e.g. derived). */
void fuzz_check_schema(const struct om_schema *s, const char *file, const char *text, size_t len);
void fuzz_check_map(const struct om_map *m, const char *file, const char *text, size_t len);
/* A failed parse or load: code OM_EXIT_USAGE and a message naming file. */
void fuzz_check_error(const struct om_error *err, const char *file);

#endif
