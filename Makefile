# svtoms — PGXS build.  `make`, `make install`, `make test`, `make demo`.
EXTENSION = svtoms
MODULE_big = svtoms
OBJS = src/svtoms.o src/decimal.o src/sv.o src/sv_ops.o src/sv_agg.o src/csv.o src/profile.o src/profile_agg.o \
       src/scoring.o src/evidence.o src/award.o
DATA = src/svtoms--1.0.sql src/svtoms--1.1.sql src/svtoms--1.0--1.1.sql

# One pg_regress script per feature; each runs on its own after CREATE EXTENSION.
REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=svtoms
TAP_TESTS = 1
PROVE_TESTS = test/t/*.pl

ifdef WERROR
PG_CFLAGS += -Werror
endif

PG_CONFIG ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PGXS := $(wildcard $(shell $(PG_CONFIG) --pgxs 2>/dev/null))
ifneq ($(PGXS),)
include $(PGXS)
else
# No server development files yet: `make test` and `make demo` install them.
all install installcheck:
	@echo "PostgreSQL server development files not found."
	@echo "Run 'make test' (as root it installs them) or: apt-get install -y postgresql-15 postgresql-server-dev-15 libipc-run-perl"
	@exit 1
endif

# The two commands of the README: each installs what a fresh Debian machine
# lacks, builds, installs and runs against a throwaway cluster.
.PHONY: test demo
test:
	@bash test/run-tests.sh

demo:
	@bash test/run-demo.sh

.PHONY: bench fuzz memcheck
bench:
	@bash test/bench/run-bench.sh

# sqlsmith's random queries against svtoms with data; fails on a crash
fuzz:
	@bash test/run-fuzz.sh

# the regress suite against an ASan+UBSan build in a private PostgreSQL copy
memcheck:
	@bash test/run-memcheck.sh
