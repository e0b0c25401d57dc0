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

/* How a live type compares with an expected one, as the engine stores values. */
enum om_type_order {
	OM_TYPE_SAME,      /* the same storage, whatever the spelling */
	OM_TYPE_WIDER,     /* holds every value of the expected type, and more */
	OM_TYPE_NARROWER,  /* the expected type holds every value of it */
	OM_TYPE_OTHER      /* neither */
};

/* An engine's comparison of two type texts (driver.h); NULL: equal when spelled alike. */
typedef enum om_type_order (*om_type_cmp_fn)(const char *live, const char *expected);

/* What differs between a live catalog and an expected one. */
enum om_drift_kind {
	OM_DRIFT_MISSING_TABLE,
	OM_DRIFT_EXTRA_TABLE,
	OM_DRIFT_MISSING_COLUMN,
	OM_DRIFT_EXTRA_COLUMN,
	OM_DRIFT_COLUMN_ORDER,
	OM_DRIFT_TYPE,          /* order says how */
	OM_DRIFT_NULL,          /* NULL-ness */
	OM_DRIFT_DEFAULT,
	OM_DRIFT_AUTOINC,
	OM_DRIFT_ON_UPDATE,
	OM_DRIFT_PRIMARY_KEY,   /* missing, extra or on other columns */
	OM_DRIFT_MISSING_INDEX, /* a unique key or index (name: the expected one's) */
	OM_DRIFT_EXTRA_INDEX,   /* a unique key or index (name: the live one's) */
	OM_DRIFT_CHECK,
	OM_DRIFT_VERSION_ROW
};

/* How an upgrade treats a difference (detect.c classifies). */
enum om_drift_class {
	OM_DRIFT_KEPT,      /* carried into the new version as it is */
	OM_DRIFT_ABSORBED,  /* nothing to keep: the new version builds its own */
	OM_DRIFT_BLOCKING   /* the plan cannot be carried out: refused */
};

struct om_drift {
	enum om_drift_kind kind;
	enum om_type_order order;   /* OM_DRIFT_TYPE */
	enum om_drift_class cls;    /* set by the caller that classifies */
	char *table;
	char *name;                 /* column, index or check; NULL for a table or a version row */
	char *text;                 /* one human-readable line */
};

struct om_driftlist {
	struct om_drift *v;
	size_t n, alloc;
};

/* "extra column", "missing index", ...: the kind as one word group (recorded in the history). */
const char *om_drift_kind_name(enum om_drift_kind kind);

void om_driftlist_init(struct om_driftlist *l);
void om_driftlist_release(struct om_driftlist *l);

/*
 * Compare live against expected by meaning, appending every difference to
 * out: missing and unexpected tables (a live table that expected lacks
 * counts only if `known` returns true for it: tables that no plan knows
 * are not differences), columns (name, order, type through cmp, NULL-ness,
 * default by value, auto-increment), the primary key, unique keys and
 * indexes (by their kind and columns: names never count), CHECK
 * constraints, and version rows of the expected tables.  Optional
 * expected tables may be absent.  Defaults compare by value: no default is
 * DEFAULT NULL, a quoted number is the number.
 */
void om_catalog_compare(const struct om_catalog *expected, const struct om_catalog *live,
			bool (*known)(const char *table, void *ud), void *ud, om_type_cmp_fn cmp,
			struct om_driftlist *out);

/* The same, as text lines only (types compared by their spelling). */
void om_catalog_diff(const struct om_catalog *expected, const struct om_catalog *live,
		     bool (*known)(const char *table, void *ud), void *ud,
		     struct om_strlist *out);

#endif
