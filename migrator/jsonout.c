/*
 * jsonout.c: the envelope of every --json document (jsonout.h).
 */
#include "jsonout.h"

#include <string.h>

#include "error.h"
#include "report.h"

const char *om_exit_name(int code)
{
	static const char *const names[] = { "ok", "failed", "usage", "refused", "locked",
					     "schema", "interrupted", "pending" };

	if (code >= 0 && code < (int)(sizeof(names) / sizeof(names[0])))
		return names[code];
	return "unknown";
}

void om_json_document(struct strbuf *out, const struct om_json_doc *d)
{
	const char *f = d->fields;

	strbuf_adds(out, "{\"command\": ");
	if (d->command)
		om_json_string(out, d->command);
	else
		strbuf_adds(out, "null");
	strbuf_adds(out, ", \"database\": ");
	if (d->database)
		om_json_string(out, d->database);
	else
		strbuf_adds(out, "null");
	strbuf_addf(out, ", \"result\": \"%s\", \"exit_code\": %d, \"error\": ",
		    !d->exit_code ? "ok" : d->answer ? "differs" : "error", d->exit_code);
	if (d->exit_code && !d->answer) {
		strbuf_adds(out, "{\"code\": ");
		om_json_string(out, om_exit_name(d->exit_code));
		strbuf_addf(out, ", \"exit_code\": %d, \"message\": ", d->exit_code);
		om_json_string(out, d->message && *d->message ? d->message : om_exit_name(d->exit_code));
		strbuf_addf(out, "%s}", d->error_extra ? d->error_extra : "");
	} else {
		strbuf_adds(out, "null");
	}
	strbuf_adds(out, ", \"config_warnings\": [");
	for (size_t i = 0; d->warnings && i < d->warnings->n; i++) {
		strbuf_adds(out, i ? ", " : "");
		om_json_string(out, d->warnings->v[i]);
	}
	strbuf_addch(out, ']');
	/* The command's own members: its object without the braces. */
	if (f) {
		size_t len = strlen(f);

		while (len && (f[len - 1] == '\n' || f[len - 1] == ' '))
			len--;
		if (len >= 2 && f[0] == '{' && f[len - 1] == '}' && len > 2) {
			strbuf_adds(out, ", ");
			strbuf_add(out, f + 1, len - 2);
		}
	}
	strbuf_adds(out, "}\n");
}
