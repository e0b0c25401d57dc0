/*
 * replica.h: the replica policy, once for every engine.  A replicated
 * database is upgraded on its primary, and its replicas follow through
 * the engine's own replication; a command that changes a database refuses
 * to run on a replica (exit 3), --force or not: upgrading a replica by
 * itself breaks its replication (the primary's statements then find the
 * tables moved) and is never right.  Commands that only look run there,
 * and status says that it is a replica.
 */
#ifndef OM_REPLICA_H
#define OM_REPLICA_H

#include <stdbool.h>

#include "driver.h"
#include "error.h"
#include "strbuf.h"

struct om_replica {
	bool known;                   /* the driver could tell (it has the hook) */
	struct om_replica_state st;
};

void om_replica_init(struct om_replica *r);
void om_replica_release(struct om_replica *r);

/* Ask the driver (when it can tell) whether the server of c is a replica. */
int om_replica_read(struct om_replica *r, const struct om_driver *drv, struct om_conn *c, struct om_error *err);

/*
 * OM_EXIT_REFUSED when r is a replica: a command that changes the database
 * (command, e.g. "upgrade") must run on the primary.  0 otherwise.
 */
int om_replica_refuse(const struct om_replica *r, const char *command, struct om_error *err);

/* One line for status: "replica:   yes (...), primary HOST:PORT" or "no"; nothing when unknown. */
void om_replica_text(const struct om_replica *r, struct strbuf *out);
/* The JSON value of status's "replica": null when unknown, else {"replica": ..., "why": ..., "primary": ...}. */
void om_replica_json(const struct om_replica *r, struct strbuf *out);

#endif
