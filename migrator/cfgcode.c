/*
 * cfgcode.c: calls in route blocks of functions that 1.2 removed or
 * reads differently, from the table of cfgrules.c, and the rewrites of
 * those whose 1.2 form follows from the 1.1 one: avp_write(), m_store()'s
 * mode, is_domain_local()'s argument, and the shell's '$' in exec_msg()
 * and exec_dset() commands.
 */
#include "cfgint.h"

#include <stdlib.h>
#include <string.h>

/* The single STRING token of argument k of call, or SIZE_MAX. */
static size_t string_arg(const struct om_cfg_script *s, const struct om_cfg_call *call, size_t k)
{
	const struct om_cfg_arg *a;

	if (k >= call->nargs)
		return (size_t)-1;
	a = &s->args[call->arg0 + k];
	if (a->first != a->last || s->tok[a->first].kind != OM_CFG_TOK_STRING)
		return (size_t)-1;
	return a->first;
}

/* "i:22" as the number 22, "s:text" as the literal "text"; false for anything else. */
static bool avp_write_value(const char *v, struct strbuf *out)
{
	const char *d = v + 2;

	if (!strncmp(v, "s:", 2)) {
		cfg_add_literal(out, v + 2);
		return true;
	}
	if (strncmp(v, "i:", 2))
		return false;
	if (*d == '-')
		d++;
	if (!*d || strspn(d, "0123456789") != strlen(d))
		return false;
	strbuf_adds(out, v + 2);
	return true;
}

/* avp_write(VALUE, AVP); as a statement becomes AVP = VALUE; */
static void avp_write(struct cfg_ctx *c, const struct om_cfg_call *call, const struct om_cfg_call_rule *r,
		      struct om_cfg_finding *f)
{
	const struct om_cfg_script *s = c->s;
	size_t a0 = string_arg(s, call, 0), a1 = string_arg(s, call, 1);
	struct strbuf sb = STRBUF_INIT;
	char *value, *avp;
	bool statement = call->name > 0 && (om_cfg_is(s, call->name - 1, ";") || om_cfg_is(s, call->name - 1, "{") ||
					    om_cfg_is(s, call->name - 1, "}")) && om_cfg_is(s, call->rparen + 1, ";");

	cfg_replacement(f, "%s", r->instead);
	if (a0 == (size_t)-1 || a1 == (size_t)-1)
		return;
	value = cfg_value(s, a0);
	avp = cfg_value(s, a1);
	if (!strncmp(avp, "$avp(", 5) && avp[strlen(avp) - 1] == ')') {
		avp[strlen(avp) - 1] = '\0';
		if (cfg_avp_name_ok(avp + 5))
			strbuf_addf(&sb, "%s)", avp);
	} else if (cfg_avp_name_ok(avp)) {
		strbuf_addf(&sb, "$avp(%s)", avp);
	}
	if (sb.len) {
		strbuf_adds(&sb, " = ");
		if (avp_write_value(value, &sb)) {
			cfg_replacement(f, "%s;", sb.buf);
			if (statement)
				cfg_edit(c, f, s->tok[call->name].off, s->tok[call->rparen].off + 1, sb.buf);
		}
	}
	free(value);
	free(avp);
	strbuf_release(&sb);
}

/* m_store("0"|"1"|"2"): 1.1's modes as 1.2's owners. */
static void m_store(struct cfg_ctx *c, const struct om_cfg_call *call, const struct om_cfg_call_rule *r)
{
	static const char *const modes[][3] = {
		{ "0", "the request URI", NULL }, { "1", "the original request URI", "$ou" }, { "2", "the To URI", "$tu" }
	};
	const struct om_cfg_script *s = c->s;
	size_t a = string_arg(s, call, 0);
	struct om_cfg_finding *f;
	char *v;

	if (a == (size_t)-1)
		return;
	v = cfg_value(s, a);
	for (size_t k = 0; k < 3; k++) {
		if (strcmp(v, modes[k][0]))
			continue;
		f = cfg_finding(c, call->name, r->kind, r->when,
				"%s: \"%s\" was the mode for %s in 1.1, and is the owner \"%s\" in 1.2", r->message, v,
				modes[k][1], v);
		if (modes[k][2]) {
			cfg_replacement(f, "m_store(\"%s\")", modes[k][2]);
			cfg_edit_string(c, f, a, modes[k][2]);
		} else {
			cfg_replacement(f, "m_store()");
			cfg_edit_tok(c, f, a, "");
		}
	}
	free(v);
}

/* is_domain_local("$ruri"|"$from"|"i:5"): what 1.1 meant, as 1.2 pseudo-variables. */
static void domain_arg(struct cfg_ctx *c, const struct om_cfg_call *call, const struct om_cfg_call_rule *r)
{
	const struct om_cfg_script *s = c->s;
	size_t a = string_arg(s, call, 0);
	struct strbuf to = STRBUF_INIT;
	struct om_cfg_finding *f;
	char *v;

	if (a == (size_t)-1)
		return;
	v = cfg_value(s, a);
	if (!strcmp(v, "$ruri") || !strcmp(v, "$from")) {
		strbuf_adds(&to, v[1] == 'r' ? "$rd" : "$fd");
		f = cfg_finding(c, call->name, r->kind, r->when,
				"%s: \"%s\" is the whole %s URI there, and its domain is \"%s\"", r->message, v,
				v[1] == 'r' ? "request" : "From", to.buf);
	} else if (*v && *v != '$') {
		strbuf_addf(&to, "$avp(%s)", v);
		f = cfg_finding(c, call->name, r->kind, r->when,
				"%s: \"%s\" is a plain text there, and the AVP is \"%s\"", r->message, v, to.buf);
	} else {
		goto out;
	}
	cfg_replacement(f, "is_domain_local(\"%s\")", to.buf);
	if (*v == '$' || cfg_avp_name_ok(v))
		cfg_edit_string(c, f, a, to.buf);
out:
	free(v);
	strbuf_release(&to);
}

static bool pv_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* Does the '$' at p (before end) start a pseudo-variable 1.2 knows, or "$$"?  *skip: bytes to pass over. */
static bool known_dollar(const char *p, const char *end, size_t *skip)
{
	size_t n = 1;

	*skip = 1;
	if (p + 1 < end && (p[1] == '$' || p[1] == '(')) {
		*skip = 2;
		return true;
	}
	while (p + n < end && pv_char(p[n]))
		n++;
	*skip = n;
	if (n == 1)
		return false;
	if ((p + n < end && p[n] == '(') || (n > 3 && p[1] == 'T' && p[2] == '_'))
		return true;
	for (const char *const *k = om_cfg_pvars_12; *k; k++)
		if (strlen(*k) == n - 1 && !memcmp(*k, p + 1, n - 1))
			return true;
	return false;
}

/* exec_msg("... $SIP_OUSER ..."): the shell's '$' written "$$". */
static void shell_dollars(struct cfg_ctx *c, const struct om_cfg_call *call, const struct om_cfg_call_rule *r)
{
	const struct om_cfg_script *s = c->s;
	size_t a = string_arg(s, call, 0), skip;
	const char *start, *end;
	struct strbuf fixed = STRBUF_INIT, first = STRBUF_INIT;
	struct om_cfg_finding *f = NULL;

	if (a == (size_t)-1)
		return;
	start = s->text + s->tok[a].off;
	end = start + s->tok[a].len - 1;
	strbuf_add(&fixed, s->text + s->tok[call->name].off, s->tok[a].off - s->tok[call->name].off + 1);
	for (const char *p = start + 1; p < end; p += skip) {
		skip = 1;
		if (*p == '$' && !known_dollar(p, end, &skip)) {
			if (!f) {
				/* A lone '$' is shown with the byte after it: "${", "$1". */
				strbuf_add(&first, p, skip == 1 && p + 1 < end ? 2 : skip);
				f = cfg_finding(c, call->name, r->kind, r->when, "%s: \"%s\" is no pseudo-variable", r->message,
						first.buf);
			}
			cfg_edit(c, f, (size_t)(p - s->text), (size_t)(p - s->text), "$");
			strbuf_addch(&fixed, '$');
		}
		strbuf_add(&fixed, p, skip);
	}
	if (f) {
		strbuf_add(&fixed, end, (size_t)(s->text + s->tok[call->rparen].off + 1 - end));
		cfg_replacement(f, "%s", fixed.buf);
	}
	strbuf_release(&fixed);
	strbuf_release(&first);
}

static void apply(struct cfg_ctx *c, const struct om_cfg_call *call, const struct om_cfg_call_rule *r)
{
	struct om_cfg_finding *f;

	switch (r->fix) {
	case OM_CFG_CALL_AVP_WRITE:
		f = cfg_finding(c, call->name, r->kind, r->when, "%s", r->message);
		avp_write(c, call, r, f);
		break;
	case OM_CFG_CALL_M_STORE:
		m_store(c, call, r);
		break;
	case OM_CFG_CALL_DOMAIN:
		domain_arg(c, call, r);
		break;
	case OM_CFG_CALL_SHELL:
		shell_dollars(c, call, r);
		break;
	default:
		f = cfg_finding(c, call->name, r->kind, r->when, "%s", r->message);
		if (r->instead)
			cfg_replacement(f, "%s", r->instead);
	}
}

void cfg_check_calls(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;

	for (size_t i = 0; i < s->ncalls; i++) {
		const struct om_cfg_call *call = &s->calls[i];

		for (const struct om_cfg_call_rule *r = om_cfg_call_rules; r->name; r++)
			if (om_cfg_is(s, call->name, r->name) && (r->nargs < 0 || (size_t)r->nargs == call->nargs))
				apply(c, call, r);
	}
}
