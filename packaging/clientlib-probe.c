/*
 * clientlib-probe.c: for make deb.  openser-migrate loads the engines'
 * client libraries only when it opens a database of their engine
 * (drivers/clientlib.h), so they are not among the libraries it links,
 * where dpkg-shlibdeps looks for Depends.  This program links them and
 * takes the address of every function the binary loads: dpkg-shlibdeps
 * on it gives the packages, and the versions, those functions need.
 * It is never installed.
 */
#define OM_CLIENTLIB_RAW
#include "clientlib.h"

#include <stddef.h>

void (*const om_probe_used[])(void);

/* Global, and read through a volatile pointer: the compiler keeps every address. */
#define OM_PROBE_ADDR(f) (void (*)(void))f,
void (*const om_probe_used[])(void) = {
#ifdef OM_HAVE_MYSQL
	OM_MYSQL_FUNCS(OM_PROBE_ADDR)
#endif
#ifdef OM_HAVE_PGSQL
	OM_PGSQL_FUNCS(OM_PROBE_ADDR)
#endif
	NULL
};

int main(void)
{
	void (*const volatile *used)(void) = om_probe_used;
	size_t n = 0;

	while (used[n])
		n++;
	return n == 0;
}
