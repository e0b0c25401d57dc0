/*
 * snapshot.h: snapshots of a whole OpenSER database (issue 11), for
 * rollback testing and before an upgrade: save, list, diff, restore,
 * drop.  The core names them, marks them complete, lists, compares and
 * reports; drivers only copy, restore and drop whole databases
 * (driver.h).  Commands (locks, questions) are in run.c; nothing here
 * prints.
 */
#ifndef OM_SNAPSHOT_H
#define OM_SNAPSHOT_H

#include <stdbool.h>

#include "driver.h"
#include "strbuf.h"
#include "strlist.h"

/* The marker table a complete snapshot holds (written last; never in the live database). */
#define OM_SNAPSHOT_TABLE "openser_migrate_snapshot"
/* The longest NAME: with a prefix it still fits MySQL's 64 and PostgreSQL's 63 for usual names. */
#define OM_SNAPSHOT_NAME_MAX 40

struct om_snapshot {
	char *name;
	char *place;     /* the file's path or the database's name */
	char *taken;     /* UTC, "YYYY-MM-DD HH:MM:SS" */
	char *method;    /* "backup", "template", "copy" */
	char *why;       /* why that method */
	char *version;   /* the OpenSER version it holds ("unknown" when none) */
	char *source;    /* the database it was taken of */
	bool complete;   /* marked complete; false: the leftover of a killed save */
};

void om_snapshot_release(struct om_snapshot *s);

struct om_snapshot_list {
	struct om_snapshot *v;
	size_t n;
};

void om_snapshot_list_release(struct om_snapshot_list *l);

/*
 * Is name a snapshot name (1 to OM_SNAPSHOT_NAME_MAX letters, digits, '_'
 * and '-', starting with a letter or digit) whose place the engine can
 * hold?  OM_EXIT_USAGE saying what is wrong.
 */
int om_snapshot_check_name(const struct om_driver *drv, const struct om_dbtarget *t, const char *name,
			   struct om_error *err);

/* Where snapshot name of t lives: "PATH.snapshot-NAME" or "DB__snap_NAME".  Caller frees. */
char *om_snapshot_place(const struct om_driver *drv, const struct om_dbtarget *t, const char *name);

/*
 * Every snapshot of t (complete ones, and the leftovers of killed saves
 * with complete false), sorted by name, into out (released by the caller
 * with om_snapshot_list_release).
 */
int om_snapshot_list(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     struct om_snapshot_list *out, struct om_error *err);

/*
 * Snapshot name of t into *out (released by the caller), or *found false:
 * a leftover of a killed save counts as found, with complete false.
 */
int om_snapshot_find(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t, const char *name,
		     struct om_snapshot *out, bool *found, struct om_error *err);

/* Called after each step of a save or restore (test kill points: "snapshot-copied"). */
typedef void (*om_snapshot_step_fn)(const char *step, void *ud);

/*
 * Save the database of c as snapshot name, holding OpenSER version
 * `version`: copied by the driver (to a temporary file renamed into place
 * when complete, on engines of files), then marked complete.  A leftover
 * of a killed save of that name is replaced; a complete snapshot of that
 * name is OM_EXIT_REFUSED.  *out describes the snapshot (released by the
 * caller).  c may be closed and reopened by the driver.
 */
int om_snapshot_save(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t, const char *name,
		     const char *version, om_snapshot_step_fn step, void *ud, struct om_snapshot *out,
		     struct om_error *err);

/*
 * Make the database of c exactly snapshot s again (the run lock held),
 * saying how into how.
 */
int om_snapshot_restore(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
			const struct om_snapshot *s, struct strbuf *how, struct om_error *err);

/* Remove snapshot s (complete or not). */
int om_snapshot_drop(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     const struct om_snapshot *s, struct om_error *err);

/* One table's rows compared. */
struct om_snapdiff_table {
	char *name;
	bool in_live, in_snapshot;
	long long live_rows, snapshot_rows;
	char live_sum[65], snapshot_sum[65];   /* SHA-256 of the rows in order */
	bool same;
	long long live_only, snapshot_only;    /* rows on one side only (a changed row counts on both) */
	struct om_strlist examples;            /* "changed: id=3", "only in the live database: id=7", ... */
};

struct om_snapdiff {
	struct om_strlist schema;              /* catalog differences, one line each */
	struct om_strlist own;                 /* the tool's own tables, left out of the comparison */
	struct om_snapdiff_table *tables;
	size_t ntables;
	bool identical;
};

void om_snapdiff_release(struct om_snapdiff *d);

/*
 * Compare the database of c with snapshot s: the catalogs (tables,
 * columns, keys, indexes; om_catalog_compare), then per table the row
 * count and the SHA-256 of its rows read in the order of all columns,
 * and for a table that differs up to three rows on each side (by their
 * key).  The marker table and the tool's own tables (openser_migrate_*:
 * the history of the runs since, which a rollback adds to) are left out.
 */
int om_snapshot_diff(const struct om_driver *drv, struct om_conn *c, const struct om_dbtarget *t,
		     const struct om_snapshot *s, struct om_snapdiff *out, struct om_error *err);

/* Text and JSON of a snapshot, a list and a diff (main.c prints them). */
void om_snapshot_json(struct strbuf *sb, const struct om_snapshot *s);
void om_snapdiff_text(struct strbuf *sb, const struct om_snapdiff *d);
void om_snapdiff_json(struct strbuf *sb, const struct om_snapdiff *d);

#endif
