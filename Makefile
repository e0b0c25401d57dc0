# openser-migrate: build, test, demo, bench.
#
#   make               build ./openser-migrate
#   make check         unit and integration tests (real databases)
#   make reliability   random kills, server crashes and concurrent runs, many
#                      trials; a summary per engine (build/reliability.log)
#   make demo          build a sample 1.1 SQLite database and upgrade it
#   make bench         speed against a hand-written one-pass SQL script, on
#                      SQLite, MariaDB and PostgreSQL (BENCH_N="10000 100000"),
#                      then make bench-online
#   make bench-online  prepare/finish against the offline upgrade with a writer
#                      (SQLite; BENCH_ONLINE_N="100000 1000000";
#                      BENCH_ONLINE_ENGINES="sqlite mysql pgsql" adds the servers)
#   make bench-short   the same at N=1000 on SQLite, one round (a smoke test)
#   make install       PREFIX=/usr/local DESTDIR=   (make uninstall: the same files)
#   make deb           build/openser-migrate_VERSION_ARCH.deb (scripts/make-deb)
#   make SANITIZE=address,undefined check
#   make valgrind      the SQLite suites under valgrind
#   make fuzz          libFuzzer targets (clang), FUZZ_SECONDS=60 each
#   make fuzz-short    the same, FUZZ_SHORT_SECONDS=10 each (CI: 6)

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/openser-migrate
MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/openser-migrate
DBCDIR    := $(DATADIR)/dbconfig-common
DESTDIR   ?=
# Where ./openser-migrate looks for its plans: the source tree.  The
# installed binary is built apart, with $(DATADIR)/plans (never DESTDIR).
PLANDIR   ?= $(CURDIR)/plans

CC        ?= cc
PKG_CONFIG ?= pkg-config
BUILD     := build

WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
ifeq ($(CI),true)
WARN      += -Werror
endif
ifneq ($(WERROR),)
WARN      += -Werror
endif

OPT       ?= -O2 -g
CFLAGS    ?=
SAN       :=
ifneq ($(SANITIZE),)
SAN       := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
endif

SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3)
SQLITE_LIBS   := $(shell $(PKG_CONFIG) --libs sqlite3)
# The soname of a client library (pkg-config module $(1)): what the binary
# loads when it opens a database of that engine (drivers/clientlib.h); the
# development link's name when the library's file cannot be read.
soname_of = $(shell lib=$$($(PKG_CONFIG) --libs-only-l $(1) | sed 's/^-l//; s/ .*//'); \
		so=$$(objdump -p "$$($(PKG_CONFIG) --variable=libdir $(1))/lib$$lib.so" 2>/dev/null | \
		awk '$$1 == "SONAME" { print $$2 }'); echo "$${so:-lib$$lib.so}")
# MariaDB Connector/C, else libmysqlclient; without either, no MySQL driver.
MYSQL_PC      := $(shell $(PKG_CONFIG) --exists libmariadb && echo libmariadb || \
                   ($(PKG_CONFIG) --exists mysqlclient && echo mysqlclient))
ifneq ($(MYSQL_PC),)
MYSQL_CFLAGS  := $(shell $(PKG_CONFIG) --cflags $(MYSQL_PC)) -DOM_HAVE_MYSQL \
                 -DOM_MYSQL_SONAME='"$(call soname_of,$(MYSQL_PC))"'
MYSQL_LIBS    := $(shell $(PKG_CONFIG) --libs $(MYSQL_PC))
endif
# libpq; without it, no PostgreSQL driver.
PGSQL_PC      := $(shell $(PKG_CONFIG) --exists libpq && echo libpq)
ifneq ($(PGSQL_PC),)
PGSQL_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libpq) -DOM_HAVE_PGSQL \
                 -DOM_PGSQL_SONAME='"$(call soname_of,libpq)"'
PGSQL_LIBS    := $(shell $(PKG_CONFIG) --libs libpq)
endif
CHECK_CFLAGS   = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS     = $(shell $(PKG_CONFIG) --libs check)

ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) $(SAN) -pthread \
              -Imigrator -Idrivers $(SQLITE_CFLAGS) $(MYSQL_CFLAGS) $(PGSQL_CFLAGS) \
              -DOM_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS)
# The binary does not link the client libraries: it loads them (dlopen) when
# it opens a database of their engine.  The tests link them, for their own calls.
BIN_LIBS   := $(SQLITE_LIBS) -ldl -lm -pthread
LIBS       := $(BIN_LIBS) $(MYSQL_LIBS) $(PGSQL_LIBS)

LIB_SRC  := $(filter-out migrator/main.c,$(wildcard migrator/*.c)) \
            $(filter-out $(if $(MYSQL_PC),,drivers/mysql.c) $(if $(PGSQL_PC),,drivers/pgsql.c),$(wildcard drivers/*.c))
LIB_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
LIB      := $(BUILD)/libopenser-migrate.a
BIN      := openser-migrate

TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUPPORT := $(BUILD)/tests/support.o $(BUILD)/tests/passwords.o $(BUILD)/tests/json.o

# Trials of each kind for `make reliability` (five to seven kinds an engine).
OM_RELIABILITY_TRIALS ?= 20

.PHONY: all check reliability demo bench bench-online bench-short install uninstall deb clean tests valgrind valgrind-short fuzz fuzz-build fuzz-short FORCE
all: $(BIN)

# The flags a build was compiled with: when they change (a driver's library
# installed since the last build, SANITIZE=, OPT=), every object is compiled
# again, never a binary linked from objects that lack a driver (warnings
# change no object: not counted).
FLAGS_STAMP := $(BUILD)/flags
FLAGS_NOW   := $(CC) $(filter-out $(WARN),$(ALL_CFLAGS)) $(CHECK_CFLAGS) | $(LIBS) | $(LIB_SRC) | $(PLANDIR)
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),all)),)
ifneq ($(file < $(FLAGS_STAMP)),$(FLAGS_NOW))
$(shell mkdir -p $(BUILD))
$(file > $(FLAGS_STAMP),$(FLAGS_NOW))
endif
endif
# (make clean all: the stamp goes with the clean)
$(FLAGS_STAMP):
	@: $(shell mkdir -p $(BUILD))$(file > $@,$(FLAGS_NOW))

$(BUILD)/%.o: %.c $(wildcard migrator/*.h drivers/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Only main.c names the plans directory.
$(BUILD)/migrator/main.o: ALL_CFLAGS += -DOM_PLANDIR='"$(PLANDIR)"'

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/migrator/main.o $(LIB) $(FLAGS_STAMP)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter-out $(FLAGS_STAMP),$^) $(BIN_LIBS)

$(BUILD)/tests/support.o $(BUILD)/tests/passwords.o $(BUILD)/tests/json.o: $(BUILD)/tests/%.o: tests/%.c tests/%.h tests/support.h \
		$(wildcard migrator/*.h drivers/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -DOM_SRCDIR='"$(CURDIR)"' -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_SUPPORT) $(LIB) tests/support.h tests/passwords.h tests/json.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -DOM_SRCDIR='"$(CURDIR)"' -o $@ $< $(TEST_SUPPORT) $(LIB) $(CHECK_LIBS) $(LIBS)

$(BUILD)/tests/sqlfile: tests/sqlfile.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS)

tests: $(BIN) $(TEST_BIN) $(BUILD)/tests/sqlfile

# CHECK_SKIP: suites left out (CI's sanitized pass, .ci/run, leaves out
# some that its plain pass has run whole, to stay within 20 minutes).
# CHECK_JOBS=N: suites run at once (default: the processors; see
# tests/run-tests.sh).
CHECK_SKIP ?=
check: tests
	@tests/run-tests.sh $(filter-out $(addprefix $(BUILD)/tests/,$(CHECK_SKIP)),$(TEST_BIN))

reliability: $(BIN) $(BUILD)/tests/test_reliability
	@OM_RELIABILITY_TRIALS=$(OM_RELIABILITY_TRIALS) OM_RELIABILITY_LOG=$(BUILD)/reliability.log \
		tests/reliability.sh $(BUILD)/tests/test_reliability

# The SQLite suites under valgrind, the binary they run included: 0 errors,
# 0 definitely lost (any error makes the process exit 99, and a test fail).
VALGRIND_SUITES ?= test_planner test_sqlite test_badinput test_cfg
VALGRIND = CK_FORK=no CK_DEFAULT_TIMEOUT=900 valgrind -q --vgdb=no --trace-children=yes \
		--trace-children-skip='*/sh,*/bash,*/sqlite3,*/mariadb*,*/psql,*/kill,*/sleep' \
		--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
valgrind: tests
	@for t in $(VALGRIND_SUITES); do \
		echo "== valgrind $$t"; \
		$(VALGRIND) $(BUILD)/tests/$$t || exit 1; \
	done

# The bounded form (about 4 minutes; CI leaves valgrind to its sanitized
# pass): the small suites whole, and test_sqlite's case that runs the
# upgrade's main path (its crash-safety and signal cases, which run the
# binary hundreds of times, take most of make valgrind's time).
VALGRIND_SHORT_SUITES ?= test_planner test_badinput test_cfg
# (make valgrind-short VALGRIND_SHORT_CASES="upgrade rollback migrate" adds the other commands' main paths.)
VALGRIND_SHORT_CASES ?= upgrade
valgrind-short: tests
	@for t in $(VALGRIND_SHORT_SUITES); do \
		echo "== valgrind $$t"; \
		$(VALGRIND) $(BUILD)/tests/$$t || exit 1; \
	done
	@for c in $(VALGRIND_SHORT_CASES); do \
		echo "== valgrind test_sqlite, case $$c"; \
		CK_RUN_CASE=$$c $(VALGRIND) $(BUILD)/tests/test_sqlite || exit 1; \
	done

demo: $(BIN) $(BUILD)/tests/sqlfile
	@tests/demo.sh $(BUILD)/tests/sqlfile

bench: $(BIN) $(BUILD)/tests/sqlfile
	@tests/bench.sh $(BUILD)/tests/sqlfile
	@tests/bench-online.sh $(BUILD)/tests/sqlfile

# prepare/finish against the offline upgrade, with a writer (SQLite; BENCH_ONLINE_N)
bench-online: $(BIN) $(BUILD)/tests/sqlfile
	@tests/bench-online.sh $(BUILD)/tests/sqlfile

bench-short: $(BIN) $(BUILD)/tests/sqlfile
	@BENCH_N=1000 BENCH_ENGINES=sqlite BENCH_ROUNDS=1 tests/bench.sh $(BUILD)/tests/sqlfile

# ---- install: the binary that make install copies is built apart (always
# again: PREFIX may differ from the last time), with the installed plans
# directory compiled in, so that it needs no option nor environment.
INST_BIN := $(BUILD)/install/$(BIN)
DBC_TYPES := mysql pgsql sqlite3
SUBST     = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DBCDIR@|$(DBCDIR)|g'

$(INST_BIN): $(LIB) FORCE
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DOM_PLANDIR='"$(DATADIR)/plans"' $(LDFLAGS) -o $@ migrator/main.c $(LIB) $(BIN_LIBS)

install: $(INST_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plans $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DOCDIR)/examples $(addprefix $(DESTDIR)$(DBCDIR)/upgrade/,$(DBC_TYPES))
	install -m 755 $(INST_BIN) $(DESTDIR)$(BINDIR)/$(BIN)
	install -m 644 plans/*.schema plans/*.map plans/README.md $(DESTDIR)$(DATADIR)/plans/
	install -m 644 man/openser-migrate.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 README.md openserctlrc.sample $(DESTDIR)$(DOCDIR)/
	install -m 644 examples/postinst $(DESTDIR)$(DOCDIR)/examples/
	$(SUBST) dbconfig-common/dbc-upgrade.in > $(DESTDIR)$(DBCDIR)/dbc-upgrade
	chmod 755 $(DESTDIR)$(DBCDIR)/dbc-upgrade
	for t in $(DBC_TYPES); do \
		$(SUBST) -e "s|@DBTYPE@|$$t|g" dbconfig-common/upgrade.in > $(DESTDIR)$(DBCDIR)/upgrade/$$t/1.2.0 && \
		chmod 755 $(DESTDIR)$(DBCDIR)/upgrade/$$t/1.2.0 || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(BIN) $(DESTDIR)$(MANDIR)/man1/openser-migrate.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# A Debian binary package from make install (scripts/make-deb says how).
deb:
	@scripts/make-deb

# For make deb: linked to the client libraries the binary loads, and
# calling each function it loads from them (packaging/clientlib-probe.c).
$(BUILD)/clientlib-probe: packaging/clientlib-probe.c drivers/clientlib.h $(FLAGS_STAMP)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

# ---- fuzzing: libFuzzer targets of tests/fuzz/, built with clang whatever CC is.
# Each runs FUZZ_SECONDS from a temporary copy of tests/fuzz/corpus/TARGET
# (tests/fuzz/run.sh); crash inputs and logs stay in build/fuzz/.
FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 60
FUZZ_SHORT_SECONDS ?= 10
FUZZ_DIR      := $(BUILD)/fuzz
FUZZ_TARGETS  := rcfile url plan planset sipfn cfg
FUZZ_BIN      := $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))
FUZZ_CFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O1 -g \
                 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
                 -Imigrator -Itests/fuzz -DOM_FUZZ_PLANDIR='"$(CURDIR)/plans"'
# The library code the targets reach, and what they share.
FUZZ_LIB_SRC  := $(addprefix migrator/,error.c strbuf.c hash.c url.c rcfile.c plan.c sipfn.c \
                   cfglex.c cfgparse.c cfgcheck.c cfgutil.c cfgcore.c cfgparams.c cfgcode.c cfgmods.c \
                   cfgrules.c cfgfix.c cfgrun.c) \
                 tests/fuzz/check_plan.c
FUZZ_LIB_OBJ  := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRC))

$(FUZZ_DIR)/obj/%.o: %.c $(wildcard migrator/*.h tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libfuzz.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BIN): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_DIR)/libfuzz.a $(wildcard migrator/*.h tests/fuzz/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libfuzz.a

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SHORT_SECONDS)

clean:
	rm -rf $(BUILD) $(BIN)
