/*
 * catalog.h: a database's catalog as an engine shows it (tables,
 * columns with their engine type text, NULL-ness, default text, keys,
 * indexes, CHECKs, version rows), and the comparison of two of them.
 *
 * Drivers fill one from a live database (introspection) and render one
 * from a plan schema (the expected catalog), in the same textual forms, so
 * that "the catalog equals the target" is a plain comparison.
 */
#ifndef OM_CATALOG_H
#define OM_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "strlist.h"

struct om_ccol {
	char *name;
	char *type;      /* as the engine reports it */
	bool notnull;
	char *def;       /* default as the engine reports it; NULL = none */
	bool autoinc;
	bool on_update;  /* ON UPDATE CURRENT_TIMESTAMP (MySQL) */
};

struct om_cindex {
	char *name;      /* "PRIMARY" for the primary key */
	enum om_key_kind kind;
	char **cols;
	size_t ncols;
};

struct om_ccheck {
	char *name;
	char *sql;
};

struct om_ctable {
	char *name;
	struct om_ccol *cols;
	size_t ncols, acols;
	struct om_cindex *idx;
	size_t nidx, aidx;
	struct om_ccheck *checks;
	size_t nchecks, achecks;
	bool optional;   /* expected catalogs: may be absent */
	char *engine;    /* MySQL: storage engine (live catalogs only), or NULL */
	char *collation; /* MySQL: table collation (live catalogs only), or NULL */
};

struct om_vrow {
	char *table;
	int version;
};

struct om_catalog {
	struct om_ctable *tables;
	size_t ntables, atables;
	bool has_version_table;
	struct om_vrow *vrows;
	size_t nvrows, avrows;
};

void om_catalog_init(struct om_catalog *c);
void om_catalog_release(struct om_catalog *c);

/* Builders; strings are copied.  Return the new element (owned by c). */
struct om_ctable *om_catalog_add_table(struct om_catalog *c, const char *name);
struct om_ccol *om_ctable_add_col(struct om_ctable *t, const char *name, const char *type,
				  bool notnull, const char *def, bool autoinc);
struct om_cindex *om_ctable_add_index(struct om_ctable *t, const char *name,
				      enum om_key_kind kind);
void om_cindex_add_col(struct om_cindex *i, const char *col);
void om_ctable_add_check(struct om_ctable *t, const char *name, const char *sql);
void om_catalog_add_vrow(struct om_catalog *c, const char *table, int version);

struct om_ctable *om_catalog_table(const struct om_catalog *c, const char *name);
const struct om_ccol *om_ctable_col(const struct om_ctable *t, const char *name);
/* The version row of table, or false. */
bool om_catalog_vrow(const struct om_catalog *c, const char *table, int *version);
/* Remove table (and nothing else) from c. */
void om_catalog_remove_table(struct om_catalog *c, const char *name);

/*
 * Compare live against expected, appending every difference to out (one
 * human-readable line each):
 * missing and unexpected tables (a live table that expected lacks counts
 * only if `known` returns true for it: tables that no plan knows are not
 * differences), columns (name, order, type, NULL-ness, default,
 * auto-increment), primary key, unique keys and indexes (by name), CHECK
 * constraints, and version rows of the expected tables.  Optional expected
 * tables may be absent.
 */
void om_catalog_diff(const struct om_catalog *expected, const struct om_catalog *live,
		     bool (*known)(const char *table, void *ud), void *ud,
		     struct om_strlist *out);

#endif
