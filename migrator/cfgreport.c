/*
 * cfgreport.c: the findings of cfg-check and cfg-fix as lines of text
 * ("FILE:LINE:COL: kind: message", which editors jump to) and as JSON.
 */
#include <string.h>

#include "cfgrun.h"
#include "report.h"

static const char *kind_name(enum om_cfg_kind k)
{
	static const char *const names[] = { "error", "warning", "hint", "fixed" };

	return names[k];
}

static void add_line(struct strbuf *out, const char *file, const struct om_cfg_finding *f)
{
	om_cfg_add_shown(out, file, strlen(file));
	strbuf_addf(out, ":%d:%d: %s: %s", f->line, f->col, kind_name(f->kind), f->message);
	if (f->replacement) {
		strbuf_adds(out, "; in 1.2: ");
		for (const char *p = f->replacement; *p; p++)
			if (*p == '\n')
				strbuf_adds(out, " + ");
			else
				strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\n');
}

void om_cfg_report_text(const struct om_cfg_run *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->fixed.n; i++)
		add_line(out, r->file, &r->fixed.v[i]);
	for (size_t i = 0; i < r->findings.n; i++)
		add_line(out, r->output ? r->output : r->file, &r->findings.v[i]);
}

static void add_count(struct strbuf *out, size_t n, const char *what)
{
	strbuf_addf(out, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

void om_cfg_report_summary(const struct om_cfg_run *r, struct strbuf *out)
{
	const struct om_cfg_findings *f = &r->findings;
	size_t fixable = 0;

	for (size_t i = 0; i < f->n; i++)
		fixable += f->v[i].nedits > 0;
	om_cfg_add_shown(out, r->output ? r->output : r->file, strlen(r->output ? r->output : r->file));
	if (r->output) {
		strbuf_adds(out, " written, ");
		add_count(out, r->fixed.n, "change");
		strbuf_adds(out, " made; ");
	} else {
		strbuf_adds(out, ": ");
	}
	if (!om_cfg_needs_change(f)) {
		strbuf_adds(out, r->output ? "nothing left to change for OpenSER 1.2" : "nothing to change for OpenSER 1.2");
	} else {
		strbuf_adds(out, r->output ? "left to change by hand: " : "");
		add_count(out, om_cfg_count(f, OM_CFG_ERROR), "error");
		strbuf_adds(out, ", ");
		add_count(out, om_cfg_count(f, OM_CFG_WARNING), "warning");
	}
	if (om_cfg_count(f, OM_CFG_HINT)) {
		strbuf_adds(out, " (");
		add_count(out, om_cfg_count(f, OM_CFG_HINT), "hint");
		strbuf_adds(out, ")");
	}
	if (!r->output && fixable)
		strbuf_addf(out, "; cfg-fix makes %zu of the changes", fixable);
	strbuf_addch(out, '\n');
}

static void json_shown(struct strbuf *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	om_cfg_add_shown(&sb, s, strlen(s));
	om_json_string(out, sb.buf);
	strbuf_release(&sb);
}

static void json_findings(struct strbuf *out, const char *file, const struct om_cfg_findings *f)
{
	strbuf_addch(out, '[');
	for (size_t i = 0; i < f->n; i++) {
		const struct om_cfg_finding *x = &f->v[i];

		strbuf_adds(out, i ? ", {\"file\": " : "{\"file\": ");
		json_shown(out, file);
		strbuf_addf(out, ", \"line\": %d, \"col\": %d, \"kind\": \"%s\", \"message\": ", x->line, x->col,
			    kind_name(x->kind));
		om_json_string(out, x->message);
		strbuf_adds(out, ", \"replacement\": ");
		if (x->replacement)
			om_json_string(out, x->replacement);
		else
			strbuf_adds(out, "null");
		strbuf_addf(out, ", \"fixable\": %s}", x->nedits || x->kind == OM_CFG_FIXED ? "true" : "false");
	}
	strbuf_addch(out, ']');
}

void om_cfg_report_json(const struct om_cfg_run *r, struct strbuf *out)
{
	const char *file = r->file ? r->file : "";

	strbuf_adds(out, "{\"file\": ");
	json_shown(out, file);
	strbuf_adds(out, ", \"output\": ");
	if (r->output)
		json_shown(out, r->output);
	else
		strbuf_adds(out, "null");
	strbuf_adds(out, ", \"fixed\": ");
	json_findings(out, file, &r->fixed);
	strbuf_adds(out, ", \"findings\": ");
	json_findings(out, r->output ? r->output : file, &r->findings);
	strbuf_addf(out, ", \"counts\": {\"error\": %zu, \"warning\": %zu, \"hint\": %zu, \"fixed\": %zu}}\n",
		    om_cfg_count(&r->findings, OM_CFG_ERROR), om_cfg_count(&r->findings, OM_CFG_WARNING),
		    om_cfg_count(&r->findings, OM_CFG_HINT), r->fixed.n);
}
