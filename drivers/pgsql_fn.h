/*
 * pgsql_fn.h: the plan's mapping functions (plans/README.md, "Functions";
 * reference definitions in migrator/sipfn.h) as PostgreSQL SQL
 * expressions, built from built-in functions only and evaluated on the
 * server: no row passes through the client, and nothing is created in the
 * database.  The expressions work on PostgreSQL 11+, whatever the
 * database's or the column's collation, and whatever
 * standard_conforming_strings says.
 */
#ifndef OM_PGSQL_FN_H
#define OM_PGSQL_FN_H

#include <stddef.h>

#include "driver.h"

/*
 * The renderers of the mapping functions, indexed by enum om_fn (plan.h):
 * each appends the SQL of its function applied to the SQL expressions
 * args[0..nargs).  Each argument
 * may be any expression (a column, a nested call, a literal, NULL) of a
 * character type, or an integer type for ip_from_le_int; it may be
 * repeated in the result (status_code, uri_user and uri_host repeat it most,
 * twice; the URI functions bind it in a scalar subquery).
 * A character(n) argument is read as its text, without its padding spaces.
 * A NULL argument gives '' (uri_*, status_*) or '0.0.0.0'
 * (ip_from_le_int), NULL for md5 and concat, as in SQLite.  Text results
 * carry the collation "C" explicitly.
 */
extern const om_fn_render om_pgsql_fn[OM_NFUNCTIONS];

/* expr cut to its first n characters. */
void om_pgsql_cut(struct strbuf *sb, const char *expr, int n);
/* The length of expr in characters. */
void om_pgsql_length(struct strbuf *sb, const char *expr);
/*
 * A boolean, never NULL: for ip_from_le_int true where it rejects arg, a
 * NULL included; for uri_user and uri_host true where arg is not NULL and
 * its user and host are both '' (om_sip_uri_unparsable); false for the
 * other functions.
 */
void om_pgsql_invalid(struct strbuf *sb, enum om_fn fn, const char *arg);

#endif
