/*
 * plan.h: plans as data.  The in-memory form of plans/NAME.schema (one
 * OpenSER version's complete schema, engine-neutral, with per-engine
 * variants) and plans/NAME.map (how rows move from one version to the next),
 * and their loading and validation.  The format is documented in
 * plans/README.md.  Rendering for an engine is the drivers' job; choosing
 * what to do with a live database is the planner's.
 */
#ifndef OM_PLAN_H
#define OM_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "url.h"

/* Variant slots are indexed by enum om_engine (NONE is unused). */
#define OM_NENGINES 4

/* A column type as written: base name, up to two arguments, unsigned. */
struct om_type {
	char *base;      /* lower case: "varchar", "int", "float", ... */
	int nargs;       /* 0, 1 or 2 */
	int arg[2];
	bool is_unsigned;
};

enum om_default_kind {
	OM_DEF_NONE = 0,          /* no declared default */
	OM_DEF_NULL,              /* default null */
	OM_DEF_STRING,            /* default 'text' */
	OM_DEF_NUMBER,            /* default 42 */
	OM_DEF_CURRENT_TIMESTAMP  /* default current_timestamp */
};

struct om_default {
	enum om_default_kind kind;
	char *text;      /* the string's contents or the number's digits */
};

/* What a `pgsql:`/`sqlite:`/`mysql:` variant changes on a column. */
struct om_colvariant {
	bool present;        /* a variant for this engine was written */
	bool set_type;
	struct om_type type;
	bool set_default;
	struct om_default def;  /* kind NONE with set_default = `no default` */
	int notnull;         /* -1 unchanged, 0 null, 1 not null */
	bool absent;         /* the column does not exist on this engine */
};

struct om_column {
	char *name;
	struct om_type type;
	bool notnull;
	struct om_default def;
	bool autoinc;
	bool on_update_ts;   /* on update current_timestamp (MySQL) */
	char *cls;           /* NULL: the table's class */
	struct om_colvariant var[OM_NENGINES];
	int line;
	/*
	 * A column kept from a live database as it is (an operator's extra
	 * column, a type widened beyond the plan's): type.base is the engine's
	 * own type text and def.text its own default text, both rendered
	 * verbatim by the driver of that engine only.
	 */
	bool raw;
};

enum om_key_kind { OM_KEY_PRIMARY, OM_KEY_UNIQUE, OM_KEY_INDEX };

struct om_key {
	enum om_key_kind kind;
	char *name;          /* NULL for the primary key */
	char **cols;
	size_t ncols;
	char *cls;           /* NULL: the table's class */
	char *ename[OM_NENGINES]; /* per-engine name, or NULL */
	int line;
};

struct om_check {
	char *name;
	enum om_engine engine;
	char *sql;           /* verbatim, with its outer parentheses */
	int line;
};

struct om_table {
	char *name;
	char *cls;           /* never NULL ("core" by default) */
	bool has_version;
	int version;
	bool has_eversion[OM_NENGINES];
	int eversion[OM_NENGINES];
	bool optional;
	struct om_column *cols;
	size_t ncols, acols;
	struct om_key *keys;
	size_t nkeys, akeys;
	struct om_check *checks;
	size_t nchecks, achecks;
	char **order[OM_NENGINES]; /* column order on an engine, or NULL */
	int order_line[OM_NENGINES];
	int line;
};

struct om_class {
	char *name;
	char *option;        /* openserctlrc variable, or NULL (always) */
	bool partial;        /* its tables may be installed one by one */
};

/* An edit of a derived schema (`base V` followed by edits). */
enum om_edit_kind { OM_EDIT_DROP_COLUMN, OM_EDIT_SET_VERSION };

struct om_edit {
	enum om_edit_kind kind;
	char *table;
	char *column;         /* OM_EDIT_DROP_COLUMN */
	enum om_engine engine;/* OM_EDIT_SET_VERSION: OM_ENGINE_NONE for every engine */
	int version;
	int line;
};

struct om_schema {
	char *version;       /* "1.1" */
	char *title;
	char *file;          /* path it was loaded from */
	char sha256[65];
	struct om_class *classes;
	size_t nclasses, aclasses;
	struct om_table *tables;
	size_t ntables, atables;
	/*
	 * A derived schema names its base and the edits that make it from
	 * the base; om_planset_load replaces it by the base with the edits
	 * applied (base NULL afterwards).
	 */
	char *base;
	struct om_edit *edits;
	size_t nedits, aedits;
};

enum om_expr_kind {
	OM_EXPR_COLUMN, OM_EXPR_STRING, OM_EXPR_NUMBER, OM_EXPR_NULL, OM_EXPR_CALL
};

struct om_expr {
	enum om_expr_kind kind;
	char *text;          /* column, literal contents, or function name */
	int fn;              /* OM_EXPR_CALL: index into om_functions */
	struct om_expr **args;
	size_t nargs;
};

struct om_assign {
	char *column;
	struct om_expr *expr;
	char *when_var;      /* NULL: always */
	char *when_value;
	int line;
};

enum om_order_kind { OM_ORDER_DEFAULT, OM_ORDER_BY, OM_ORDER_SCAN };

struct om_map_table {
	char *target;
	char *source;
	bool if_exists;
	struct om_assign *assigns;
	size_t nassigns, aassigns;
	enum om_order_kind order;
	char **order_cols;
	size_t norder_cols;
	int order_line;
	int line;
};

/*
 * An openserctlrc variable a map's `when` lines test, and the values it
 * may have (any other is refused before anything changes).
 */
struct om_map_option {
	char *var;
	char **values;
	size_t nvalues;
	int line;
};

struct om_map {
	char *from, *to;
	int line;            /* of the `map` statement */
	/*
	 * `map B -> A rollback`: how rows written since an upgrade A -> B go
	 * back into A's tables (only the `rollback` command uses it; an
	 * upgrade never goes from B to A).
	 */
	bool rollback;
	char *title;
	char *file;
	char sha256[65];
	struct om_map_table *tables;
	size_t ntables, atables;
	struct om_map_option *options;
	size_t noptions, aoptions;
};

/*
 * The mapping functions a map may call (plans/README.md, "Functions"; C
 * reference in sipfn.h): X(name, min_args, max_args (-1: any), width
 * rule, width, check).  Every driver renders each of them through a
 * table built from this list (driver.h), so a function that a driver
 * cannot render is a compile error there, not a failure at run time.
 */
#define OM_FUNCTIONS(X) \
	X(uri_user,       1,  1, OM_W_ARG,      0,  OM_CHECK_COUNTED) \
	X(uri_host,       1,  1, OM_W_ARG,      0,  OM_CHECK_COUNTED) \
	X(status_code,    1,  1, OM_W_FIXED,    3,  OM_CHECK_NONE) \
	X(status_reason,  1,  1, OM_W_ARG,      0,  OM_CHECK_NONE) \
	X(ip_from_le_int, 1,  1, OM_W_FIXED,    15, OM_CHECK_REFUSED) \
	X(nonempty,       2,  2, OM_W_MAX_ARGS, 0,  OM_CHECK_NONE) \
	X(concat,         1, -1, OM_W_SUM_ARGS, 0,  OM_CHECK_NONE) \
	X(md5,            1,  1, OM_W_FIXED,    32, OM_CHECK_NONE) \
	X(ip_to_le_int,   1,  1, OM_W_FIXED,    10, OM_CHECK_REFUSED)

/*
 * The functions the core renders itself (render.c), out of the driver
 * functions above and SQL every engine shares (CASE, COALESCE, AND), so
 * that no driver writes them: the digest hashes of OpenSER's subscriber
 * (ha1, ha1b), a kept value preferred to a computed one (prefer), a
 * value emptied once others are set (cleared), a 1.1 sip_status from
 * 1.2's code and reason (status_join), a value for the rows written since
 * an upgrade only (for_new: a rollback keeps a changed row's old value).
 */
#define OM_CORE_FUNCTIONS(X) \
	X(prefer,         2,  2, OM_W_MAX_ARGS, 0,  OM_CHECK_DIFFERS) \
	X(ha1,            3,  3, OM_W_FIXED,    32, OM_CHECK_NONE) \
	X(ha1b,           3,  3, OM_W_FIXED,    32, OM_CHECK_NONE) \
	X(cleared,        2, -1, OM_W_ARG,      0,  OM_CHECK_CLEARED) \
	X(status_join,    2,  2, OM_W_SUM_ARGS, 0,  OM_CHECK_NONE) \
	X(for_new,        1,  1, OM_W_ARG,      0,  OM_CHECK_NONE)

/*
 * OM_FN_uri_user, ...: the index of each function in om_functions, the
 * driver functions (below OM_NFUNCTIONS) first, then the core ones.
 */
enum om_fn {
#define OM_FN_ENUM(name, ...) OM_FN_##name,
	OM_FUNCTIONS(OM_FN_ENUM)
	OM_NFUNCTIONS,
	OM_FN_CORE_BEFORE_ = OM_NFUNCTIONS - 1,
	OM_CORE_FUNCTIONS(OM_FN_ENUM)
#undef OM_FN_ENUM
	OM_NALL_FUNCTIONS
};

enum om_fn_width {
	OM_W_FIXED,          /* result is at most `width` characters */
	OM_W_ARG,            /* at most as long as argument `width` */
	OM_W_MAX_ARGS,       /* at most the longest argument */
	OM_W_SUM_ARGS        /* at most the sum of the arguments */
};

/*
 * What the pre-check asks about a function's inputs, through the driver's
 * `invalid` predicate (driver.h).
 */
enum om_fn_check {
	OM_CHECK_NONE,       /* every input has a value */
	OM_CHECK_REFUSED,    /* invalid inputs stop the upgrade, unless --force */
	OM_CHECK_COUNTED,    /* inputs the rules cannot parse give '' and are
	                        counted and reported (a warning), never refused */
	OM_CHECK_DIFFERS,    /* rows where both arguments are set and differ
	                        (the first is kept) are counted and reported */
	OM_CHECK_CLEARED     /* rows whose value is emptied are counted and
	                        reported (it stays in the retained table) */
};

struct om_function {
	const char *name;
	int min_args, max_args;  /* max -1: any number */
	enum om_fn_width width_rule;
	int width;
	enum om_fn_check check;
};

/* OM_NALL_FUNCTIONS entries in enum om_fn order, then one with name NULL. */
extern const struct om_function om_functions[];
/* Index of the function called name, or -1. */
int om_function_find(const char *name);

/* All the plans of a directory. */
struct om_planset {
	char *dir;
	struct om_schema **schemas;
	size_t nschemas, aschemas;
	struct om_map **maps;
	size_t nmaps, amaps;
};

/*
 * Parse one schema file's text (file is its name in messages).  On
 * success *out is a new schema the caller frees with om_schema_free.  On
 * failure *out is NULL and err says "FILE:LINE: message" (OM_EXIT_USAGE).
 */
int om_schema_parse(struct om_schema **out, const char *file, const char *text,
		    size_t len, struct om_error *err);
void om_schema_free(struct om_schema *s);

/*
 * The same format for a set of tables that is not an OpenSER version (the
 * migrator's own bookkeeping tables): neither "class core" nor a "version"
 * table is required, and the derived-schema statements (base, drop, set)
 * are refused.  Classes are checked as in a schema: a table without
 * `class` is of class core, which must then be declared.  *out as for
 * om_schema_parse: a new schema the caller frees with om_schema_free, or
 * NULL on failure, with err saying "FILE:LINE: message" (OM_EXIT_USAGE).
 */
int om_tables_parse(struct om_schema **out, const char *file, const char *text,
		    size_t len, struct om_error *err);

/* The same for a map file; free with om_map_free. */
int om_map_parse(struct om_map **out, const char *file, const char *text,
		 size_t len, struct om_error *err);
void om_map_free(struct om_map *m);

/*
 * Load every *.schema and *.map file of dir, then validate the maps
 * against the schemas they join (tables, columns; functions and their
 * arguments are checked when parsing).
 * *out is freed by the caller with om_planset_free; NULL on failure.
 */
int om_planset_load(struct om_planset **out, const char *dir, struct om_error *err);
void om_planset_free(struct om_planset *ps);

/*
 * Check a loaded map against its two schemas (om_planset_load does this
 * for every map).  Errors name the map file and line.
 */
int om_map_validate(const struct om_map *m, const struct om_schema *from,
		    const struct om_schema *to, struct om_error *err);

const struct om_schema *om_planset_schema(const struct om_planset *ps, const char *version);
/* The map from -> to, or NULL. */
const struct om_map *om_planset_map(const struct om_planset *ps, const char *from, const char *to);
/* The rollback map from `from` back to `to` (the reverse of upgrade map to -> from), or NULL. */
const struct om_map *om_planset_rollback_map(const struct om_planset *ps, const char *from, const char *to);

const struct om_table *om_schema_table(const struct om_schema *s, const char *name);
const struct om_class *om_schema_class(const struct om_schema *s, const char *name);
const struct om_column *om_table_column(const struct om_table *t, const char *name);
/* The option declaration of var in m, or NULL; whether value is one of its values. */
const struct om_map_option *om_map_option_find(const struct om_map *m, const char *var);
bool om_map_option_allows(const struct om_map_option *o, const char *value);
const struct om_map_table *om_map_table_for(const struct om_map *m, const char *target);

/* The version row of t on engine e (has_version false: no row). */
bool om_table_version(const struct om_table *t, enum om_engine e, int *version);

/*
 * The effective column on engine e: type, NULL-ness and default after the
 * engine's variant.  Returns false when the column is absent on e.
 */
bool om_column_effective(const struct om_column *c, enum om_engine e,
			 struct om_type *type, bool *notnull, struct om_default *def);

/*
 * The columns of t in engine e's order (its `order` variant, else as
 * written) into out, which has room for t->ncols; returns their number.
 */
size_t om_table_columns(const struct om_table *t, enum om_engine e, const struct om_column **out);

/* The name of key k on engine e (variant, else for sqlite the pgsql one). */
const char *om_key_name(const struct om_key *k, enum om_engine e);

/*
 * Is a column or key of class cls (NULL: none of its own, it follows its
 * table) installed?  A table's own class decides whether the table is
 * there at all; only parts with a class of their own (subscriber's serweb
 * columns) are then checked.
 */
bool om_part_selected(const char *cls, bool (*has_class)(const char *cls, void *ud), void *ud);

/* Append "varchar(64)", "int(10) unsigned" ... to sb. */
struct strbuf;
void om_type_format(struct strbuf *sb, const struct om_type *t);

/*
 * The declared maximum length in characters of a value of type t, or -1
 * when unbounded or not a character type (text, blob, numbers, dates).
 */
int om_type_char_width(const struct om_type *t);
/* Maximum length of the text of any value of t (numbers, dates too), -1 unbounded. */
int om_type_text_width(const struct om_type *t);

void om_expr_free(struct om_expr *e);

#endif
