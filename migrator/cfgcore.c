/*
 * cfgcore.c: the core statements 1.2 removed (the FIFO server's, which
 * moved to the mi_fifo module; fifo_db_url; syn_branch) and the return
 * code keyword retcode / $?.
 */
#include "cfgint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct om_cfg_core_rule *core_rule(const struct om_cfg_script *s, size_t name)
{
	for (const struct om_cfg_core_rule *r = om_cfg_core_rules; r->name; r++)
		if (om_cfg_is(s, name, r->name))
			return r;
	return NULL;
}

/* The last global statement called name, or NULL. */
static const struct om_cfg_global *global(const struct om_cfg_script *s, const char *name)
{
	const struct om_cfg_global *found = NULL;

	for (size_t i = 0; i < s->nglobals; i++)
		if (om_cfg_is(s, s->globals[i].name, name))
			found = &s->globals[i];
	return found;
}

/* The FIFO's mode as 1.1 had it (fifo_mode or file_mode, the last one), as a number token. */
static const struct om_cfg_global *fifo_mode(const struct om_cfg_script *s)
{
	const struct om_cfg_global *found = NULL;

	for (size_t i = 0; i < s->nglobals; i++)
		if ((om_cfg_is(s, s->globals[i].name, "fifo_mode") || om_cfg_is(s, s->globals[i].name, "file_mode")) &&
		    s->tok[s->globals[i].value].kind == OM_CFG_TOK_NUMBER)
			found = &s->globals[i];
	return found;
}

/* fifo="path": loadmodule mi_fifo (unless there is one) and its fifo_name (and fifo_mode) after the modules. */
static void move_fifo(struct cfg_ctx *c, const struct om_cfg_global *g, struct om_cfg_finding *f)
{
	const struct om_cfg_script *s = c->s;
	const struct om_cfg_global *mode = fifo_mode(s);
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;
	bool loaded = cfg_module(s, "mi_fifo") != NULL;

	/* 1.1 took the last fifo=; an earlier one only goes. */
	if (global(s, "fifo") != g) {
		cfg_message_add(f, "; a later fifo= sets it again: delete the line");
		cfg_delete_statement(c, f, g->name, g->end);
		return;
	}
	if (!loaded) {
		struct strbuf path = STRBUF_INIT;

		cfg_module_path(&path, s, "mi_fifo");
		strbuf_adds(&text, "loadmodule ");
		cfg_add_literal(&text, path.buf);
		strbuf_adds(&text, "\n");
		strbuf_release(&path);
	}
	strbuf_adds(&text, "modparam(\"mi_fifo\", \"fifo_name\", ");
	cfg_add_source(&text, s, g->value, g->end);
	strbuf_adds(&text, ")");
	if (mode) {
		strbuf_adds(&text, "\nmodparam(\"mi_fifo\", \"fifo_mode\", ");
		cfg_add_source(&text, s, mode->value, mode->end);
		strbuf_adds(&text, ")");
	}
	cfg_replacement(f, "%s", text.buf);
	if (s->tok[g->value].kind != OM_CFG_TOK_STRING || g->value != g->end)
		goto out;
	if (c->insert_at == SIZE_MAX && s->nmods)
		goto out;
	if (c->insert_at == SIZE_MAX) {
		/* No loadmodule to follow: the new statements take the old one's place. */
		cfg_edit(c, f, s->tok[g->name].off, s->tok[g->end].off + s->tok[g->end].len, text.buf);
		goto out;
	}
	for (size_t i = 0, start = 0; i <= text.len; i++)
		if (i == text.len || text.buf[i] == '\n') {
			strbuf_reset(&line);
			strbuf_add(&line, text.buf + start, i - start);
			cfg_insert_line(c, f, line.buf);
			start = i + 1;
		}
	cfg_delete_statement(c, f, g->name, g->end);
out:
	strbuf_release(&text);
	strbuf_release(&line);
}

/*
 * fifo_mode, file_mode, fifo_user, fifo_group were other names of the
 * unix socket's sock_* in 1.1, and applied to the FIFO as well.  The new
 * name is safe when there is no FIFO, or when mi_fifo gets the FIFO's
 * part: the mode from move_fifo (fifo= in the script), or a parameter
 * the script already gives mi_fifo.  Otherwise the operator decides.
 */
static void sock_alias(struct cfg_ctx *c, const struct om_cfg_global *g, const struct om_cfg_core_rule *r,
		       struct om_cfg_finding *f)
{
	const struct om_cfg_script *s = c->s;
	const char *what = !strcmp(r->to, "sock_mode") ? "mode" : !strcmp(r->to, "sock_user") ? "owner" : "group";
	const char *param = !strcmp(r->to, "sock_mode") ? "fifo_mode" : !strcmp(r->to, "sock_user") ? "fifo_user"
												  : "fifo_group";
	/* move_fifo gives mi_fifo the last numeric mode. */
	bool moved = global(s, "fifo") && !strcmp(what, "mode") && fifo_mode(s);
	bool fifo = global(s, "fifo") || cfg_module(s, "mi_fifo");
	struct strbuf value = STRBUF_INIT, lit = STRBUF_INIT;
	char *v = cfg_value(s, g->value);

	cfg_add_source(&value, s, g->value, g->end);
	if (s->tok[g->value].kind == OM_CFG_TOK_NUMBER)
		strbuf_add(&lit, value.buf, value.len);
	else
		cfg_add_literal(&lit, v);
	if (fifo)
		cfg_message_add(f, "; it set the FIFO's %s too, which is mi_fifo's %s in 1.2", what, param);
	if (!fifo || moved || cfg_param(s, "mi_fifo", param)) {
		cfg_replacement(f, "%s=%s", r->to, value.buf);
		cfg_edit_tok(c, f, g->name, r->to);
	} else {
		cfg_replacement(f, "%s=%s\nmodparam(\"mi_fifo\", \"%s\", %s)", r->to, value.buf, param, lit.buf);
	}
	free(v);
	strbuf_release(&value);
	strbuf_release(&lit);
}

/* syn_branch=N: the same value as a tm parameter, after the modules. */
static void to_tm(struct cfg_ctx *c, const struct om_cfg_global *g, const struct om_cfg_core_rule *r,
		  struct om_cfg_finding *f)
{
	struct strbuf text = STRBUF_INIT;

	strbuf_addf(&text, "modparam(\"tm\", \"%s\", ", r->to);
	cfg_add_source(&text, c->s, g->value, g->end);
	strbuf_adds(&text, ")");
	cfg_replacement(f, "%s", text.buf);
	if (cfg_module(c->s, "tm") && cfg_insert_line(c, f, text.buf))
		cfg_delete_statement(c, f, g->name, g->end);
	strbuf_release(&text);
}

static void check_globals(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;

	for (size_t i = 0; i < s->nglobals; i++) {
		const struct om_cfg_global *g = &s->globals[i];
		const struct om_cfg_core_rule *r = core_rule(s, g->name);
		struct om_cfg_finding *f;

		if (!r)
			continue;
		f = cfg_finding(c, g->name, OM_CFG_ERROR, OM_CFG_AT_CHECK, "%s", r->message);
		if (r->fix == OM_CFG_CORE_MI_FIFO)
			move_fifo(c, g, f);
		else if (r->fix == OM_CFG_CORE_SOCK_ALIAS)
			sock_alias(c, g, r, f);
		else if (r->fix == OM_CFG_CORE_TM_PARAM)
			to_tm(c, g, r, f);
	}
}

/* retcode and $? are $retcode in 1.2 (or $rc); only in route blocks, never a call. */
static void check_retcode(struct cfg_ctx *c)
{
	const struct om_cfg_script *s = c->s;

	for (size_t r = 0; r < s->nroutes; r++)
		for (size_t i = s->routes[r].open + 1; i < s->routes[r].close; i++) {
			struct om_cfg_finding *f;
			bool word = om_cfg_is(s, i, "retcode") && !om_cfg_is(s, i + 1, "(");

			if (!word && !om_cfg_is(s, i, "$?"))
				continue;
			f = cfg_finding(c, i, OM_CFG_ERROR, OM_CFG_AT_CHECK,
					"\"%s\" was removed in 1.2: the return code is the pseudo-variable $retcode (or $rc)",
					word ? "retcode" : "$?");
			cfg_replacement(f, "$retcode");
			cfg_edit_tok(c, f, i, "$retcode");
		}
}

void cfg_check_core(struct cfg_ctx *c)
{
	check_globals(c);
	check_retcode(c);
}
