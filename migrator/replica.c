/*
 * replica.c: the replica policy (replica.h).
 */
#include "replica.h"

#include "report.h"

void om_replica_init(struct om_replica *r)
{
	r->known = false;
	r->st.replica = false;
	strbuf_init(&r->st.why);
	strbuf_init(&r->st.primary);
}

void om_replica_release(struct om_replica *r)
{
	strbuf_release(&r->st.why);
	strbuf_release(&r->st.primary);
	om_replica_init(r);
}

int om_replica_read(struct om_replica *r, const struct om_driver *drv, struct om_conn *c, struct om_error *err)
{
	r->known = false;
	if (!drv->replica_status)
		return 0;
	if (drv->replica_status(c, &r->st, err))
		return -1;
	r->known = true;
	return 0;
}

int om_replica_refuse(const struct om_replica *r, const char *command, struct om_error *err)
{
	if (!r->known || !r->st.replica)
		return 0;
	return om_error_set(err, OM_EXIT_REFUSED,
			    "this server is a replica (%s)%s%s: %s must run on the primary, and replication carries it "
			    "to every replica; nothing was changed (--force does not override this: changing a replica "
			    "by itself breaks its replication)",
			    r->st.why.buf ? r->st.why.buf : "",
			    r->st.primary.len ? ", its primary is " : ", its primary is not known here",
			    r->st.primary.len ? r->st.primary.buf : "", command);
}

void om_replica_text(const struct om_replica *r, struct strbuf *out)
{
	if (!r->known)
		return;
	if (!r->st.replica) {
		strbuf_adds(out, "replica:   no\n");
		return;
	}
	strbuf_addf(out, "replica:   yes (%s); primary: %s\n", r->st.why.buf ? r->st.why.buf : "",
		    r->st.primary.len ? r->st.primary.buf : "not known here");
	strbuf_adds(out, "           (read only here: upgrade the primary, this server follows)\n");
}

void om_replica_json(const struct om_replica *r, struct strbuf *out)
{
	if (!r->known) {
		strbuf_adds(out, "null");
		return;
	}
	strbuf_addf(out, "{\"replica\": %s, \"why\": ", r->st.replica ? "true" : "false");
	if (r->st.replica)
		om_json_string(out, r->st.why.buf ? r->st.why.buf : "");
	else
		strbuf_adds(out, "null");
	strbuf_adds(out, ", \"primary\": ");
	if (r->st.primary.len)
		om_json_string(out, r->st.primary.buf);
	else
		strbuf_adds(out, "null");
	strbuf_addch(out, '}');
}
