/*
 * cfgparams.c: module parameters that 1.2 removed, renamed, moved, or
 * reads in another form (the AVP parameters), from the table of
 * cfgrules.c.  A rewrite is made only where the modparam names one
 * module: one that sets a parameter of several (a regular expression such
 * as "usrloc|registrar") is reported and left to the operator.
 */
#include "cfgint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAM_OF "module parameter \"%s\" of \"%s\""

/* modparam("module", "param", VALUE) with the script's own value, or value when it is not NULL. */
static void add_modparam(struct strbuf *sb, const struct om_cfg_script *s, const char *module, const char *param,
			 const struct om_cfg_modparam *p, const char *value)
{
	strbuf_addf(sb, "modparam(\"%s\", \"%s\", ", module, param);
	if (value)
		cfg_add_literal(sb, value);
	else
		cfg_add_source(sb, s, p->value, p->end - 1);
	strbuf_adds(sb, ")");
}

static void set_replacement(struct om_cfg_finding *f, const struct om_cfg_script *s, const char *module,
			    const char *param, const struct om_cfg_modparam *p, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	add_modparam(&sb, s, module, param, p, value);
	cfg_replacement(f, "%s", sb.buf);
	strbuf_release(&sb);
}

static bool single_value(const struct om_cfg_modparam *p)
{
	return p->value + 1 == p->end;
}

/* A plain AVP ("i:24", "s:name", an alias) in the full form; NULL when it is one already (or empty). */
static char *full_avp(const char *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (!*v || *v == '$')
		return NULL;
	strbuf_addf(&sb, "$avp(%s)", v);
	return strbuf_detach(&sb);
}

/* A string value that 1.2 reads as a pseudo-variable: "i:24" becomes "$avp(i:24)". */
static void avp_name(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r,
		     const char *name, bool fix)
{
	const struct om_cfg_script *s = c->s;
	char *v, *full;
	struct om_cfg_finding *f;

	if (!single_value(p) || s->tok[p->value].kind != OM_CFG_TOK_STRING)
		return;
	v = cfg_value(s, p->value);
	full = full_avp(v);
	/* A name that would not read back as one pseudo-variable is left to the operator. */
	fix = fix && (!full || cfg_avp_name_ok(v));
	if (full || name) {
		if (name)
			f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK, PARAM_OF " is called \"%s\" in 1.2%s",
					r->param, r->module, name, full ? " and takes the full AVP form" : "");
		else
			f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_STARTUP,
					PARAM_OF " takes the full AVP form in 1.2: \"%s\" is refused", r->param, r->module,
					v);
		set_replacement(f, s, r->module, name ? name : r->param, p, full);
		if (fix && name)
			cfg_edit_string(c, f, p->param, name);
		if (fix && full)
			cfg_edit_string(c, f, p->value, full);
	}
	free(v);
	free(full);
}

/* 1.1 took an AVP number (42); 1.2 a name ("$avp(i:42)").  0 was off, which is 1.2's default. */
static void avp_id(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r,
		   const char *name, bool fix)
{
	const struct om_cfg_script *s = c->s;
	struct om_cfg_finding *f;
	char full[40];
	long n;

	if (!single_value(p) || !cfg_number(s, p->value, &n)) {
		avp_name(c, p, r, name, fix);
		return;
	}
	if (n == 0) {
		f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK,
				PARAM_OF " takes an AVP name in 1.2%s%s%s; 0 (off) is its 1.2 default: delete the line",
				r->param, r->module, name ? ", as \"" : "", name ? name : "", name ? "\"" : "");
		if (fix)
			cfg_delete_statement(c, f, p->kw, p->end);
		return;
	}
	snprintf(full, sizeof(full), "$avp(i:%ld)", n);
	if (name)
		f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK,
				PARAM_OF " is called \"%s\" in 1.2 and takes an AVP name, not the number %ld", r->param,
				r->module, name, n);
	else
		f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK,
				PARAM_OF " takes an AVP name in 1.2, not the number %ld", r->param, r->module, n);
	set_replacement(f, s, r->module, name ? name : r->param, p, full);
	if (fix) {
		struct strbuf lit = STRBUF_INIT;

		if (name)
			cfg_edit_string(c, f, p->param, name);
		cfg_add_literal(&lit, full);
		cfg_edit_tok(c, f, p->value, lit.buf);
		strbuf_release(&lit);
	}
}

/* auth_db's "avp=column;column;...": each AVP in the full form. */
static void credentials(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r,
			bool fix)
{
	const struct om_cfg_script *s = c->s;
	struct strbuf out = STRBUF_INIT;
	bool changed = false;
	char *v, *item, *next;

	if (!single_value(p) || s->tok[p->value].kind != OM_CFG_TOK_STRING)
		return;
	v = cfg_value(s, p->value);
	for (item = v; item; item = next) {
		char *eq, *full, *name, *trail;
		size_t lead;

		next = strchr(item, ';');
		if (next)
			*next++ = '\0';
		eq = strchr(item, '=');
		lead = strspn(item, " \t");
		trail = eq ? eq : item;
		while (trail > item + lead && (trail[-1] == ' ' || trail[-1] == '\t'))
			trail--;
		name = eq ? om_xstrndup(item + lead, (size_t)(trail - item) - lead) : NULL;
		full = name ? full_avp(name) : NULL;
		fix = fix && (!full || cfg_avp_name_ok(name));
		strbuf_add(&out, item, lead);
		strbuf_adds(&out, full ? full : item + lead);
		if (full)
			strbuf_adds(&out, trail);
		changed |= full != NULL;
		if (next)
			strbuf_addch(&out, ';');
		free(name);
		free(full);
	}
	if (changed) {
		struct om_cfg_finding *f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_STARTUP,
						       "the AVPs of " PARAM_OF " take the full AVP form in 1.2", r->param,
						       r->module);

		set_replacement(f, s, r->module, r->param, p, out.buf);
		if (fix)
			cfg_edit_string(c, f, p->value, out.buf);
	}
	free(v);
	strbuf_release(&out);
}

/* registrar's use_domain is usrloc's in 1.2: the line goes when usrloc has the same value. */
static void use_domain(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r,
		       bool fix)
{
	struct om_cfg_finding *f;
	long mine, theirs = 0;

	if (!single_value(p) || !cfg_number(c->s, p->value, &mine))
		return;
	cfg_param_number(c->s, "usrloc", "use_domain", &theirs);
	f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK,
			PARAM_OF " was removed in 1.2: registrar uses usrloc's use_domain", r->param, r->module);
	if (mine == theirs) {
		cfg_message_add(f, ", which has the same value here: delete the line");
		if (fix)
			cfg_delete_statement(c, f, p->kw, p->end);
	} else {
		cfg_message_add(f, " (%ld here): set it there", theirs);
		set_replacement(f, c->s, "usrloc", "use_domain", p, NULL);
	}
}

static void removed(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r)
{
	struct om_cfg_finding *f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK, PARAM_OF " was removed in 1.2",
					       r->param, r->module);
	long n;

	if (r->note)
		cfg_message_add(f, ": %s", r->note);
	if (r->fix == OM_CFG_PARAM_MOVED) {
		set_replacement(f, c->s, r->to_module, r->to, p, NULL);
	} else if (r->fix == OM_CFG_PARAM_MILLISECONDS) {
		cfg_message_add(f, ": %s replaces it, in milliseconds", r->to);
		if (single_value(p) && cfg_number(c->s, p->value, &n))
			cfg_replacement(f, "modparam(\"%s\", \"%s\", %ld)", r->module, r->to, n * 1000);
	}
}

static void apply(struct cfg_ctx *c, const struct om_cfg_modparam *p, const struct om_cfg_param_rule *r)
{
	bool fix = cfg_spec_plain(p->module, r->module);
	struct om_cfg_finding *f;

	switch (r->fix) {
	case OM_CFG_PARAM_RENAMED:
		f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK, PARAM_OF " is called \"%s\" in 1.2",
				r->param, r->module, r->to);
		set_replacement(f, c->s, r->module, r->to, p, NULL);
		if (fix)
			cfg_edit_string(c, f, p->param, r->to);
		break;
	case OM_CFG_PARAM_AVP_NAME:
		avp_name(c, p, r, NULL, fix);
		break;
	case OM_CFG_PARAM_AVP_ID:
	case OM_CFG_PARAM_RENAMED_AVP_ID:
		avp_id(c, p, r, r->fix == OM_CFG_PARAM_RENAMED_AVP_ID ? r->to : NULL, fix);
		break;
	case OM_CFG_PARAM_CREDENTIALS:
		credentials(c, p, r, fix);
		break;
	case OM_CFG_PARAM_TO_CORE: {
		struct strbuf sb = STRBUF_INIT;

		f = cfg_finding(c, p->param, OM_CFG_ERROR, OM_CFG_AT_CHECK,
				PARAM_OF " moved to the core in 1.2: a global statement with the same value", r->param,
				r->module);
		strbuf_addf(&sb, "%s=", r->to);
		cfg_add_source(&sb, c->s, p->value, p->end - 1);
		cfg_replacement(f, "%s", sb.buf);
		if (fix)
			cfg_edit(c, f, c->s->tok[p->kw].off, c->s->tok[p->end].off + 1, sb.buf);
		strbuf_release(&sb);
		break;
	}
	case OM_CFG_PARAM_USE_DOMAIN:
		use_domain(c, p, r, fix);
		break;
	default:
		removed(c, p, r);
	}
}

void cfg_check_params(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;

	for (size_t i = 0; i < s->nparams; i++)
		for (const struct om_cfg_param_rule *r = om_cfg_param_rules; r->param; r++)
			if (!strcmp(s->params[i].name, r->param) && cfg_spec_matches(s->params[i].module, r->module))
				apply(c, &s->params[i], r);
}
