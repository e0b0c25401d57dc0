/*
 * config.h: where the database is and which options hold, from the
 * openserctlrc files and the -d URL (the contract in README.md).
 */
#ifndef OM_CONFIG_H
#define OM_CONFIG_H

#include "driver.h"
#include "rcfile.h"
#include "strlist.h"

struct om_config {
	struct om_rc rc;              /* every variable of the files read */
	struct om_strlist files;      /* the files read, in order */
	struct om_strlist searched;   /* the places looked at */
	struct om_strlist warnings;   /* about the files (a readable DBROOTPW) */
	struct om_dbtarget target;    /* the database to work on */
};

void om_config_init(struct om_config *c);
void om_config_release(struct om_config *c);

/*
 * The default search path of openserctlrc: /etc/openser/openserctlrc,
 * /usr/local/etc/openser/openserctlrc, ~/.openserctlrc (HOME), each
 * overriding the one before.  OPENSER_MIGRATE_RC_PATH, a ':'-separated
 * list, replaces it (for packaging and tests).
 */
void om_config_default_paths(struct om_strlist *out);

/*
 * Read the openserctlrc files (config_file: only that one, which must
 * exist; NULL: the search path, missing files skipped) and take the
 * database from db_url when given, else from the files' DBENGINE and
 * friends.  Neither: target.engine stays OM_ENGINE_NONE.
 */
int om_config_load(struct om_config *c, const char *config_file, const char *db_url,
		   struct om_error *err);

/* A database was configured; else OM_EXIT_USAGE naming the places searched. */
int om_config_require_db(const struct om_config *c, struct om_error *err);

/* Describe the target for messages ("sqlite:x.db"); never shows a password. */
void om_dbtarget_describe(const struct om_dbtarget *t, struct strbuf *sb);

#endif
