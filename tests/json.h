/*
 * json.h: a strict JSON reader for the tests, so that --json output is
 * parsed as a client would parse it rather than searched for substrings.
 * Test code only.
 */
#ifndef OM_TEST_JSON_H
#define OM_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum om_test_json_type {
	OM_TEST_JSON_NULL,
	OM_TEST_JSON_BOOL,
	OM_TEST_JSON_NUMBER,
	OM_TEST_JSON_STRING,
	OM_TEST_JSON_ARRAY,
	OM_TEST_JSON_OBJECT
};

struct om_test_json {
	enum om_test_json_type type;
	bool b;                        /* BOOL */
	double num;                    /* NUMBER */
	char *str;                     /* STRING: the decoded UTF-8 (owned) */
	struct om_test_json **items;   /* ARRAY items, OBJECT values (owned) */
	char **keys;                   /* OBJECT keys (owned) */
	size_t n;
};

/*
 * Parse text, which must be exactly one JSON value (RFC 8259: blanks
 * around it allowed; strings valid UTF-8 with no raw control bytes).
 * Returns the tree (free with om_test_json_free), or NULL with a message
 * in err (errlen bytes).
 */
struct om_test_json *om_test_json_parse(const char *text, char *err, size_t errlen);
void om_test_json_free(struct om_test_json *j);

/* The member key of object j, or NULL (also when j is not an object). */
const struct om_test_json *om_test_json_get(const struct om_test_json *j, const char *key);

#endif
