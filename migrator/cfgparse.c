/*
 * cfgparse.c: from the tokens of an openser.cfg to the statements the
 * upgrade checks need.  Brackets are matched first, so that every later
 * step can jump over a block or an argument list it does not care about.
 */
#include "cfgparse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const route_keywords[] = {
	"route", "onreply_route", "failure_route", "branch_route", "error_route", NULL
};

void om_cfg_script_init(struct om_cfg_script *s)
{
	memset(s, 0, sizeof(*s));
	om_cfg_toks_init(&s->all);
}

void om_cfg_script_release(struct om_cfg_script *s)
{
	for (size_t i = 0; i < s->nmods; i++)
		free(s->mods[i].name);
	for (size_t i = 0; i < s->nparams; i++) {
		free(s->params[i].module);
		free(s->params[i].name);
	}
	free(s->mods);
	free(s->params);
	free(s->globals);
	free(s->calls);
	free(s->args);
	free(s->routes);
	free(s->tok);
	free(s->match);
	om_cfg_toks_release(&s->all);
	om_cfg_script_init(s);
}

bool om_cfg_is(const struct om_cfg_script *s, size_t i, const char *str)
{
	return i < s->ntok && om_cfg_tok_is(&s->tok[i], s->text, str);
}

static int opener_of(const struct om_cfg_script *s, size_t i)
{
	static const char open[] = "({[", close[] = ")}]";

	if (s->tok[i].kind != OM_CFG_TOK_PUNCT || s->tok[i].len != 1)
		return 0;
	if (strchr(open, s->text[s->tok[i].off]) && s->text[s->tok[i].off])
		return 1;
	if (strchr(close, s->text[s->tok[i].off]) && s->text[s->tok[i].off])
		return -1;
	return 0;
}

static char partner(char c)
{
	return c == '(' ? ')' : c == '{' ? '}' : ']';
}

static int bracket_error(const struct om_cfg_script *s, size_t i, const char *fmt, size_t other,
			 struct om_cfg_pos *where, struct om_error *err)
{
	const struct om_cfg_tok *t = &s->tok[i];
	char what[160];

	if (where) {
		where->line = t->line;
		where->col = t->col;
	}
	if (other == SIZE_MAX)
		snprintf(what, sizeof(what), fmt, s->text[t->off]);
	else
		snprintf(what, sizeof(what), fmt, s->text[t->off], s->text[s->tok[other].off],
			 s->tok[other].line, s->tok[other].col);
	return om_error_set(err, OM_EXIT_USAGE, "%s:%d:%d: %s", s->file, t->line, t->col, what);
}

/* Match every bracket with its partner, or say which one has none. */
static int match_brackets(struct om_cfg_script *s, struct om_cfg_pos *where, struct om_error *err)
{
	size_t *stack = om_xcalloc(s->ntok + 1, sizeof(*stack));
	size_t depth = 0;
	int ret = 0;

	s->match = om_xcalloc(s->ntok + 1, sizeof(*s->match));
	for (size_t i = 0; i < s->ntok; i++) {
		int kind = opener_of(s, i);

		s->match[i] = SIZE_MAX;
		if (kind > 0) {
			stack[depth++] = i;
		} else if (kind < 0 && !depth) {
			ret = bracket_error(s, i, "unbalanced brackets: this '%c' closes nothing", SIZE_MAX, where, err);
			break;
		} else if (kind < 0 && partner(s->text[s->tok[stack[depth - 1]].off]) != s->text[s->tok[i].off]) {
			ret = bracket_error(s, i, "unbalanced brackets: this '%c' cannot close the '%c' opened at %d:%d",
					    stack[depth - 1], where, err);
			break;
		} else if (kind < 0) {
			depth--;
			s->match[i] = stack[depth];
			s->match[stack[depth]] = i;
		}
	}
	if (!ret && depth)
		ret = bracket_error(s, stack[depth - 1], "unbalanced brackets: the '%c' opened here is never closed",
				    SIZE_MAX, where, err);
	free(stack);
	return ret;
}

/* The arguments between the brackets lp and rp, split at the commas of that level. */
static size_t split_args(struct om_cfg_script *s, size_t lp, size_t rp)
{
	size_t start = lp + 1, n = 0;

	if (start == rp)
		return 0;
	for (size_t i = start; i <= rp; i++) {
		if (i < rp && opener_of(s, i) > 0) {
			i = s->match[i];
		} else if (i == rp || om_cfg_is(s, i, ",")) {
			OM_GROW(s->args, s->nargs + 1, s->aargs);
			s->args[s->nargs].first = start;
			s->args[s->nargs].last = i - 1;
			s->nargs++;
			n++;
			start = i + 1;
		}
	}
	return n;
}

static char *string_value(const struct om_cfg_script *s, size_t i)
{
	struct strbuf sb = STRBUF_INIT;

	om_cfg_string_value(&s->tok[i], s->text, &sb);
	return strbuf_detach(&sb);
}

static void add_loadmodule(struct om_cfg_script *s, size_t kw)
{
	struct om_cfg_loadmodule *m;
	char *path = string_value(s, kw + 1), *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".so"))
		n -= 3;
	OM_GROW(s->mods, s->nmods + 1, s->amods);
	m = &s->mods[s->nmods++];
	m->kw = kw;
	m->path = kw + 1;
	m->name = om_xstrndup(base, n);
	free(path);
}

/* modparam("module", "name", value); anything of another shape is left alone. */
static void add_modparam(struct om_cfg_script *s, size_t kw)
{
	size_t rp = s->match[kw + 1], a = s->nargs;
	struct om_cfg_modparam *p;

	if (split_args(s, kw + 1, rp) != 3 || s->args[a].first != s->args[a].last ||
	    s->args[a + 1].first != s->args[a + 1].last || s->args[a + 2].first > s->args[a + 2].last ||
	    s->tok[s->args[a].first].kind != OM_CFG_TOK_STRING ||
	    s->tok[s->args[a + 1].first].kind != OM_CFG_TOK_STRING) {
		s->nargs = a;
		return;
	}
	OM_GROW(s->params, s->nparams + 1, s->aparams);
	p = &s->params[s->nparams++];
	p->kw = kw;
	p->mod = s->args[a].first;
	p->param = s->args[a + 1].first;
	p->value = s->args[a + 2].first;
	p->end = rp;
	p->module = string_value(s, p->mod);
	p->name = string_value(s, p->param);
	s->nargs = a;
}

static void add_calls(struct om_cfg_script *s, size_t open, size_t close)
{
	for (size_t i = open + 1; i < close; i++) {
		struct om_cfg_call *c;

		if (s->tok[i].kind != OM_CFG_TOK_ID || !om_cfg_is(s, i + 1, "("))
			continue;
		OM_GROW(s->calls, s->ncalls + 1, s->acalls);
		c = &s->calls[s->ncalls++];
		c->name = i;
		c->lparen = i + 1;
		c->rparen = s->match[i + 1];
		c->arg0 = s->nargs;
		c->nargs = split_args(s, c->lparen, c->rparen);
	}
}

/* A route block at kw: [NAME] is optional; returns the token after it. */
static size_t add_route(struct om_cfg_script *s, size_t kw)
{
	size_t j = kw + 1;

	if (om_cfg_is(s, j, "["))
		j = s->match[j] + 1;
	if (!om_cfg_is(s, j, "{"))
		return kw + 1;
	OM_GROW(s->routes, s->nroutes + 1, s->aroutes);
	s->routes[s->nroutes].kw = kw;
	s->routes[s->nroutes].open = j;
	s->routes[s->nroutes].close = s->match[j];
	s->nroutes++;
	add_calls(s, j, s->match[j]);
	return s->match[j] + 1;
}

static size_t add_global(struct om_cfg_script *s, size_t name)
{
	struct om_cfg_global *g;
	size_t v = name + 2;

	if (v >= s->ntok)
		return v;
	OM_GROW(s->globals, s->nglobals + 1, s->aglobals);
	g = &s->globals[s->nglobals++];
	g->name = name;
	g->value = v;
	g->end = v;
	if (om_cfg_is(s, v, "-") && v + 1 < s->ntok && s->tok[v + 1].kind == OM_CFG_TOK_NUMBER)
		g->end = v + 1;
	return g->end + 1;
}

static bool is_route_keyword(const struct om_cfg_script *s, size_t i)
{
	for (size_t k = 0; route_keywords[k]; k++)
		if (om_cfg_is(s, i, route_keywords[k]))
			return true;
	return false;
}

/* The top level: statements by their first tokens; any other block is jumped over. */
static void walk_top_level(struct om_cfg_script *s)
{
	size_t k = 0;

	while (k < s->ntok) {
		const struct om_cfg_tok *t = &s->tok[k];

		if (opener_of(s, k) > 0) {
			k = s->match[k] + 1;
		} else if (t->kind != OM_CFG_TOK_ID) {
			k++;
		} else if (om_cfg_is(s, k, "loadmodule") && k + 1 < s->ntok && s->tok[k + 1].kind == OM_CFG_TOK_STRING) {
			add_loadmodule(s, k);
			k += 2;
		} else if (om_cfg_is(s, k, "modparam") && om_cfg_is(s, k + 1, "(")) {
			add_modparam(s, k);
			k = s->match[k + 1] + 1;
		} else if (is_route_keyword(s, k)) {
			k = add_route(s, k);
		} else if (om_cfg_is(s, k + 1, "=")) {
			k = add_global(s, k);
		} else {
			k++;
		}
	}
}

int om_cfg_parse(struct om_cfg_script *s, const char *file, const char *text, size_t len,
		 struct om_cfg_pos *where, struct om_error *err)
{
	s->file = file ? file : "-";
	s->text = text ? text : "";
	s->len = text ? len : 0;
	if (om_cfg_lex(&s->all, s->file, s->text, s->len, where, err))
		return -1;
	s->tok = om_xcalloc(s->all.n + 1, sizeof(*s->tok));
	for (size_t i = 0; i < s->all.n; i++)
		if (s->all.v[i].kind != OM_CFG_TOK_COMMENT)
			s->tok[s->ntok++] = s->all.v[i];
	if (match_brackets(s, where, err))
		return -1;
	walk_top_level(s);
	return 0;
}
