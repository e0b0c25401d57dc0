/*
 * cfgmods.c: what involves more than one statement: 1.1 defaults that
 * 1.2 turned off while the script relies on them, the load order usrloc
 * needs, the modules registrar and nathelper need set, the NAT flag that
 * became a branch flag, and the acc columns of the upgraded database.
 */
#include "cfgint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool word_in(const char *hay, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (!memcmp(hay + i, word, w) && (i + w == n || !(hay[i + w] == '_' || (hay[i + w] >= '0' && hay[i + w] <= '9') ||
								  ((hay[i + w] | 0x20) >= 'a' && (hay[i + w] | 0x20) <= 'z'))))
			return true;
	return false;
}

/* Does a string or pseudo-variable of the script hold word? */
static bool mentioned(const struct om_cfg_script *s, const char *word)
{
	for (size_t i = 0; i < s->ntok; i++)
		if ((s->tok[i].kind == OM_CFG_TOK_STRING || s->tok[i].kind == OM_CFG_TOK_PVAR) &&
		    word_in(s->text + s->tok[i].off, s->tok[i].len, word))
			return true;
	return false;
}

static bool called(const struct om_cfg_script *s, const char *name)
{
	for (size_t i = 0; i < s->ncalls; i++)
		if (om_cfg_is(s, s->calls[i].name, name))
			return true;
	return false;
}

static void check_defaults(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;

	for (const struct om_cfg_default_rule *r = om_cfg_default_rules; r->param; r++) {
		const struct om_cfg_loadmodule *m = cfg_module(s, r->module);
		struct om_cfg_finding *f;
		struct strbuf line = STRBUF_INIT;
		long flags = 0;

		if (!m || cfg_param(s, r->module, r->param) || (r->old_param && cfg_param(s, r->module, r->old_param)))
			continue;
		if (!((r->mention && mentioned(s, r->mention)) || (r->call && called(s, r->call)) ||
		      (r->flags_param && cfg_param_number(s, r->module, r->flags_param, &flags) && (flags & r->flags_bit))))
			continue;
		f = cfg_finding(c, m->kw, OM_CFG_WARNING, OM_CFG_AT_RUNTIME, "%s", r->message);
		strbuf_addf(&line, "modparam(\"%s\", \"%s\", \"%s\")", r->module, r->param, r->value);
		cfg_replacement(f, "%s", line.buf);
		cfg_insert_line(c, f, line.buf);
		strbuf_release(&line);
	}
}

/* The modules that bind to usrloc when they start, under the condition of the second column. */
static bool binds_usrloc(const struct om_cfg_script *s, const char *module)
{
	long n = 0;

	if (!strcmp(module, "registrar") || !strcmp(module, "pua_usrloc"))
		return true;
	if (!strcmp(module, "nathelper") || !strcmp(module, "mediaproxy"))
		return cfg_param_number(s, module, "natping_interval", &n) && n > 0;
	if (!strcmp(module, "cpl-c"))
		return cfg_param(s, module, "lookup_domain") != NULL;
	return false;
}

/*
 * Modules start in loadmodule order, and 1.2's usrloc refuses a module
 * that binds to it before it started.  The fix moves usrloc's line up,
 * before the first such module: its own modparams stay after it.
 */
static void check_load_order(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;
	const struct om_cfg_loadmodule *u = cfg_module(s, "usrloc"), *first = NULL;
	struct strbuf names = STRBUF_INIT, line = STRBUF_INIT;
	struct om_cfg_finding *f;
	size_t start, end, at, ignored;

	size_t n = 0;

	for (size_t i = 0; u && i < s->nmods && s->mods[i].kw < u->kw; i++)
		if (binds_usrloc(s, s->mods[i].name)) {
			first = first ? first : &s->mods[i];
			strbuf_addf(&names, "%s\"%s\"", n++ ? " and " : "", s->mods[i].name);
		}
	if (!first)
		goto out;
	f = cfg_finding(c, u->kw, OM_CFG_ERROR, OM_CFG_AT_STARTUP,
			"usrloc is loaded after %s, which bind%s to it: in 1.2 usrloc must be loaded first", names.buf,
			n > 1 ? "" : "s");
	cfg_add_source(&line, s, u->kw, u->path);
	cfg_replacement(f, "%s", line.buf);
	if (!cfg_statement_alone(s, u->kw, u->path) || !cfg_statement_alone(s, first->kw, first->path))
		goto out;
	cfg_statement_lines(s, u->kw, u->path, &start, &end);
	cfg_statement_lines(s, first->kw, first->path, &at, &ignored);
	if (!cfg_top_level_at(s, at))
		goto out;
	strbuf_reset(&line);
	strbuf_add(&line, s->text + start, end - start);
	if (end == s->len && (end == start || s->text[end - 1] != '\n'))
		strbuf_adds(&line, c->eol);
	cfg_edit(c, f, at, at, line.buf);
	cfg_edit(c, f, start, end, "");
out:
	strbuf_release(&names);
	strbuf_release(&line);
}

/* Modules that 1.2 needs loaded or set for another module to start. */
static void check_needs(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;
	const struct om_cfg_loadmodule *reg = cfg_module(s, "registrar");
	const struct om_cfg_modparam *p;
	long ping = 0, interval = 0, flag;

	if (reg && !cfg_module(s, "sl"))
		cfg_finding(c, reg->kw, OM_CFG_ERROR, OM_CFG_AT_STARTUP, "registrar needs the sl module loaded in 1.2");
	p = cfg_param(s, "nathelper", "ping_nated_only");
	if (p && cfg_param_number(s, "nathelper", "ping_nated_only", &ping) && ping &&
	    cfg_param_number(s, "nathelper", "natping_interval", &interval) && interval > 0 &&
	    !cfg_param(s, "usrloc", "nat_bflag")) {
		struct om_cfg_finding *f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_STARTUP,
						       "nathelper's ping_nated_only needs usrloc's nat_bflag in 1.2, "
						       "where 1.1 used registrar's nat_flag");

		if (cfg_param_number(s, "registrar", "nat_flag", &flag))
			cfg_replacement(f, "modparam(\"usrloc\", \"nat_bflag\", %ld)", flag);
	}
	p = cfg_param(s, "nathelper", "sipping_bflag");
	if (p && !cfg_param(s, "nathelper", "sipping_from"))
		cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_STARTUP,
			    "nathelper's sipping_bflag needs sipping_from set (the From URI of the pings)");
}

/* setflag(N) / isflagset(N) / resetflag(N) on 1.1's NAT or SIP-ping flag: a branch flag in 1.2. */
static void check_nat_flags(struct cfg_ctx *c)
{
	static const char *const params[][2] = {
		{ "registrar", "nat_flag" }, { "cpl-c", "nat_flag" }, { "registrar", "sip_natping_flag" }
	};
	static const char *const calls[][2] = { { "setflag", "setbflag" }, { "isflagset", "isbflagset" },
						{ "resetflag", "resetbflag" } };
	const struct om_cfg_script *s = c->s;

	for (size_t i = 0; i < s->ncalls; i++) {
		const struct om_cfg_call *call = &s->calls[i];
		const struct om_cfg_arg *a;
		long n, flag;

		if (call->nargs != 1)
			continue;
		a = &s->args[call->arg0];
		if (a->first != a->last || !cfg_number(s, a->first, &n))
			continue;
		for (size_t k = 0; k < 3; k++) {
			if (!om_cfg_is(s, call->name, calls[k][0]))
				continue;
			for (size_t p = 0; p < 3; p++) {
				struct om_cfg_finding *f;

				if (!cfg_param_number(s, params[p][0], params[p][1], &flag) || flag != n)
					continue;
				f = cfg_finding(c, call->name, OM_CFG_WARNING, OM_CFG_AT_RUNTIME,
						"flag %ld is %s's %s: 1.2 keeps that mark in a branch flag, which %s() "
						"does not touch", n, params[p][0], params[p][1], calls[k][0]);
				cfg_replacement(f, "%s(%ld)", calls[k][1], n);
				break;
			}
		}
	}
}

/* 1.2's acc writes the extra columns of the upgraded tables only when told to. */
static void check_acc(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;
	const struct om_cfg_loadmodule *acc = cfg_module(s, "acc");
	struct om_cfg_finding *f;
	bool db = false;

	if (!acc || cfg_param(s, "acc", "log_extra") || cfg_param(s, "acc", "db_extra") ||
	    cfg_param(s, "acc", "radius_extra"))
		return;
	for (size_t i = 0; i < s->nparams; i++)
		db |= cfg_spec_matches(s->params[i].module, "acc") && !strncmp(s->params[i].name, "db_", 3);
	f = cfg_finding(c, acc->kw, OM_CFG_HINT, OM_CFG_AT_RUNTIME,
			"1.2's acc records the method, the tags, the Call-ID and the reply's code and reason; the "
			"upgraded acc and missed_calls tables have src_user, src_domain, dst_user and dst_domain, "
			"which %s fills (the upgrade took dst_* of the old rows from the request URI as it arrived, "
			"$oU and $od)", db ? "db_extra" : "log_extra (db_extra for the database)");
	cfg_replacement(f, "modparam(\"acc\", \"%s\", \"src_user=$fU;src_domain=$fd;dst_user=$oU;dst_domain=$od\")",
			db ? "db_extra" : "log_extra");
}

void cfg_check_modules(struct cfg_ctx *c)
{
	check_defaults(c);
	check_load_order(c);
	check_needs(c);
	check_nat_flags(c);
	check_acc(c);
}
