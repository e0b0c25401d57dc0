/*
 * report.h: what the commands tell the operator, as text or JSON.
 * The library formats into a buffer; main.c prints it.
 */
#ifndef OM_REPORT_H
#define OM_REPORT_H

#include "run.h"
#include "strbuf.h"

/* `status`: engine, detected version, differences, pending steps, retained tables, history. */
void om_report_status_text(const struct om_run *r, const char *target, int code, struct strbuf *out);
void om_report_status_json(const struct om_run *r, const char *target, int code, struct strbuf *out);

/*
 * The report of an upgrade or migrate (plan-1.1-to-1.2 "The report"):
 * per table rows before and after, columns not carried and where they
 * stay, transformed and shortened values, version rows written, notes.
 * Also used by `plan` (before: counts only).
 */
void om_report_run_text(const struct om_run *r, const char *command, const char *target, struct strbuf *out);
/* The command's own members (jsonout.h wraps them in the common shape). */
void om_report_run_json(const struct om_run *r, struct strbuf *out);

/* A JSON string literal of s (with quotes), escaped. */
void om_json_string(struct strbuf *sb, const char *s);

#endif
