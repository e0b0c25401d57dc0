/*
 * sqlfile.c: run SQL files against an SQLite database file (created if
 * missing).  Builds the fixtures of the tests, the demo and the benchmark
 * without needing the sqlite3 shell.
 *   sqlfile DB FILE...
 */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	int rc = 0;

	if (argc < 3) {
		fputs("usage: sqlfile DB FILE...\n", stderr);
		return 2;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "sqlfile: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	for (int i = 2; i < argc && !rc; i++) {
		char *sql = slurp(argv[i]);
		char *msg = NULL;

		if (!sql) {
			fprintf(stderr, "sqlfile: cannot read %s\n", argv[i]);
			rc = 1;
			break;
		}
		if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
			fprintf(stderr, "sqlfile: %s: %s\n", argv[i], msg);
			sqlite3_free(msg);
			rc = 1;
		}
		free(sql);
	}
	sqlite3_close(db);
	return rc;
}
