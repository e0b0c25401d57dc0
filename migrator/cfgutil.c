/*
 * cfgutil.c: reading a parsed routing script for the rules: values,
 * numbers, the lines a statement is on, which modules are loaded and
 * which parameters set, and how the script writes a module's path.
 */
#include "cfgint.h"

#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cfg_statement_lines(const struct om_cfg_script *s, size_t first, size_t last, size_t *start, size_t *end)
{
	size_t a = s->tok[first].off, b = s->tok[last].off + s->tok[last].len;

	while (a > 0 && s->text[a - 1] != '\n')
		a--;
	while (b < s->len && s->text[b] != '\n')
		b++;
	*start = a;
	*end = b < s->len ? b + 1 : b;
}

static bool blank_bytes(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

bool cfg_statement_alone(const struct om_cfg_script *s, size_t first, size_t last)
{
	size_t start, end, a = s->tok[first].off, b = s->tok[last].off + s->tok[last].len;

	cfg_statement_lines(s, first, last, &start, &end);
	return blank_bytes(s->text + start, a - start) && blank_bytes(s->text + b, end - b);
}

bool cfg_inside_token(const struct om_cfg_script *s, size_t off)
{
	size_t lo = 0, hi = s->all.n;

	/* The last token that starts before off. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->all.v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && off < s->all.v[lo - 1].off + s->all.v[lo - 1].len;
}

bool cfg_avp_name_ok(const char *name)
{
	if (!*name)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("_:.-", *p)))
			return false;
	return true;
}

bool cfg_top_level_at(const struct om_cfg_script *s, size_t off)
{
	int depth = 0;

	if (cfg_inside_token(s, off))
		return false;
	for (size_t i = 0; i < s->ntok && s->tok[i].off < off; i++)
		if (s->match[i] != SIZE_MAX)
			depth += s->match[i] > i ? 1 : -1;
	return depth == 0;
}

char *cfg_value(const struct om_cfg_script *s, size_t tok)
{
	struct strbuf sb = STRBUF_INIT;

	om_cfg_string_value(&s->tok[tok], s->text, &sb);
	return strbuf_detach(&sb);
}

void cfg_add_source(struct strbuf *sb, const struct om_cfg_script *s, size_t first, size_t last)
{
	strbuf_add(sb, s->text + s->tok[first].off, s->tok[last].off + s->tok[last].len - s->tok[first].off);
}

void cfg_add_literal(struct strbuf *sb, const char *value)
{
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p == '\r')
			strbuf_adds(sb, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\%03o", *p);
		else
			strbuf_addch(sb, (char)*p);
	}
	strbuf_addch(sb, '"');
}

bool cfg_number(const struct om_cfg_script *s, size_t tok, long *out)
{
	char buf[32];
	char *end;
	const struct om_cfg_tok *t;

	if (tok >= s->ntok || s->tok[tok].kind != OM_CFG_TOK_NUMBER || s->tok[tok].len >= sizeof(buf))
		return false;
	t = &s->tok[tok];
	memcpy(buf, s->text + t->off, t->len);
	buf[t->len] = '\0';
	errno = 0;
	*out = strtol(buf, &end, 0);
	return !errno && !*end;
}

const struct om_cfg_loadmodule *cfg_module(const struct om_cfg_script *s, const char *name)
{
	for (size_t i = 0; i < s->nmods; i++)
		if (!strcmp(s->mods[i].name, name))
			return &s->mods[i];
	return NULL;
}

static bool plain_name(const char *spec)
{
	if (!*spec)
		return false;
	for (const char *p = spec; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return false;
	return true;
}

bool cfg_spec_plain(const char *spec, const char *module)
{
	return plain_name(spec) && !strcasecmp(spec, module);
}

/* As OpenSER matches a modparam's module: the whole name, extended syntax, any case. */
bool cfg_spec_matches(const char *spec, const char *module)
{
	struct strbuf re = STRBUF_INIT;
	regex_t preg;
	bool yes;

	if (plain_name(spec))
		return !strcasecmp(spec, module);
	strbuf_addf(&re, "^(%s)$", spec);
	yes = regcomp(&preg, re.buf, REG_EXTENDED | REG_NOSUB | REG_ICASE) == 0;
	if (yes) {
		yes = regexec(&preg, module, 0, NULL, 0) == 0;
		regfree(&preg);
	}
	strbuf_release(&re);
	return yes;
}

const struct om_cfg_modparam *cfg_param(const struct om_cfg_script *s, const char *module, const char *param)
{
	const struct om_cfg_modparam *found = NULL;

	for (size_t i = 0; i < s->nparams; i++)
		if (!strcmp(s->params[i].name, param) && cfg_spec_matches(s->params[i].module, module))
			found = &s->params[i];
	return found;
}

bool cfg_param_number(const struct om_cfg_script *s, const char *module, const char *param, long *out)
{
	const struct om_cfg_modparam *p = cfg_param(s, module, param);

	return p && p->value == p->end - 1 && cfg_number(s, p->value, out);
}

/*
 * The script's last loadmodule shows its style: a bare name (mpath does
 * the rest), a directory of modules, or a source tree (modules/tm/tm.so).
 */
void cfg_module_path(struct strbuf *sb, const struct om_cfg_script *s, const char *name)
{
	const struct om_cfg_loadmodule *last = s->nmods ? &s->mods[s->nmods - 1] : NULL;
	char *path = last ? cfg_value(s, last->path) : om_xstrdup("x.so");
	char *slash = strrchr(path, '/');
	size_t n = strlen(path);
	const char *so = n > 3 && !strcmp(path + n - 3, ".so") ? ".so" : "";

	if (slash) {
		char *parent;

		*slash = '\0';
		parent = strrchr(path, '/');
		parent = parent ? parent + 1 : path;
		if (!strcmp(parent, last->name)) {
			*parent = '\0';
			strbuf_addf(sb, "%s%s/%s%s", path, name, name, so);
		} else {
			strbuf_addf(sb, "%s/%s%s", path, name, so);
		}
	} else {
		strbuf_addf(sb, "%s%s", name, so);
	}
	free(path);
}
