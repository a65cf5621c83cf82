# svtoms — PGXS build.  `make`, `make install`, `make test`, `make demo`.
EXTENSION = svtoms
# The version lives in svtoms.control only.
EXTVERSION := $(shell sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\\(.*\\)'/\\1/p" $(EXTENSION).control)

MODULE_big = svtoms
OBJS = src/extension/svtoms.o src/extension/drop_guard.o \
	src/account/decimal.o src/account/sv.o src/account/sv_ops.o src/account/sv_agg.o \
	src/profile/profile.o src/profile/profile_agg.o \
	src/scoring/scoring.o src/scoring/sroi_fixed.o src/scoring/evidence.o \
	src/frameworks/csv.o \
	src/award/award.o src/award/award_record.o \
	src/judgements/moderate.o \
	src/robustness/rank_acceptability.o \
	src/extension/restore.o
PG_CPPFLAGS = -I$(srcdir)/src

# The install script is built from the concepts' SQL, in this order
# (src/README.md says why the order matters).
SQL_SOURCES = \
	src/extension/header.sql \
	src/extension/locks.sql \
	src/account/account.sql \
	src/profile/profile.sql \
	src/scoring/scoring.sql \
	src/frameworks/frameworks.sql \
	src/frameworks/value_set_import.sql \
	src/frameworks/framework_json.sql \
	src/tenders/tenders.sql \
	src/frameworks/triggers.sql \
	src/tenders/triggers.sql \
	src/valuation/tables.sql \
	src/valuation/valuation.sql \
	src/award/tables.sql \
	src/evaluation/response_value.sql \
	src/award/award.sql \
	src/judgements/judgements.sql \
	src/judgements/moderation.sql \
	src/evaluation/evaluation.sql \
	src/award/frozen.sql \
	src/delivery/tables.sql \
	src/delivery/delivery.sql \
	src/delivery/triggers.sql \
	src/extension/drop_guard.sql \
	src/roles/roles.sql \
	src/roles/grants.sql \
	src/robustness/robustness.sql \
	src/report/report.sql \
	src/ocds/tables.sql \
	src/ocds/ocds.sql \
	src/scale_out/scale_out.sql \
	src/extension/restore.sql \
	src/data/ccin-coop-2022.sql \
	src/data/uk-social-value-model-2020.sql \
	src/data/toms-sample.sql \
	src/data/green-book.sql

# The update script from the last release: src/updates/<last>--<this>.sql
# (what changed, in statements of its own), then the sources of what this
# version adds or replaces, each of which can run again.
UPDATE_FROM := $(patsubst src/updates/%--$(EXTVERSION).sql,%,$(wildcard src/updates/*--$(EXTVERSION).sql))
UPDATE_SOURCES = \
	src/extension/locks.sql \
	src/extension/drop_guard.sql \
	src/scoring/scoring.sql \
	src/frameworks/value_set_import.sql \
	src/frameworks/framework_json.sql \
	src/frameworks/triggers.sql \
	src/tenders/triggers.sql \
	src/valuation/valuation.sql \
	src/award/award.sql \
	src/judgements/moderation.sql \
	src/evaluation/evaluation.sql \
	src/award/frozen.sql \
	src/delivery/delivery.sql \
	src/delivery/triggers.sql \
	src/roles/grants.sql \
	src/robustness/robustness.sql \
	src/report/report.sql \
	src/ocds/ocds.sql \
	src/scale_out/scale_out.sql \
	src/extension/restore.sql \
	src/data/green-book.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--$(UPDATE_FROM)--$(EXTVERSION).sql
# Released scripts, frozen (test/t/016_release_files.pl checks their hashes)
DATA = $(wildcard src/released/*.sql)

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
# the TAP tests share test/t/SvtomsData.pm (after PGXS, which empties PROVE_FLAGS)
override PROVE_FLAGS += -I test/t
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

# One blank line between sources, none added inside them.
$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) $(EXTENSION).control Makefile
	awk 'FNR == 1 && NR > 1 { print "" } { print }' $(SQL_SOURCES) >$@

$(EXTENSION)--$(UPDATE_FROM)--$(EXTVERSION).sql: src/updates/$(UPDATE_FROM)--$(EXTVERSION).sql $(UPDATE_SOURCES) $(EXTENSION).control Makefile
	awk 'FNR == 1 && NR > 1 { print "" } { print }' $< $(UPDATE_SOURCES) >$@
