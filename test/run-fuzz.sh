#!/usr/bin/env bash
# `make fuzz`: run sqlsmith against a throwaway server holding svtoms with
# data (the demo's tenders, awards and deliveries), for a bounded number of
# random queries, and fail if the server crashed.
# Settings: SVTOMS_FUZZ_QUERIES (default 5000), SVTOMS_FUZZ_SEED (default 1).
set -euo pipefail

# shellcheck source=test/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
queries=${SVTOMS_FUZZ_QUERIES:-5000}
seed=${SVTOMS_FUZZ_SEED:-1}

svt_init
svt_deps notap
if ! command -v sqlsmith >/dev/null 2>&1; then
	if svt_is_root; then
		svt_say "installing sqlsmith"
		DEBIAN_FRONTEND=noninteractive apt-get install -y sqlsmith >"$SVT_WORK/apt-sqlsmith.log" 2>&1 ||
			svt_die "apt-get install sqlsmith failed"
	else
		svt_die "sqlsmith is missing: sudo apt-get install -y sqlsmith"
	fi
fi
svt_build
svt_install
svt_stage_tests
svt_start_cluster

svt_as_user "$SVT_BINDIR/createdb" -h "$SVT_WORK" -p "$SVT_PORT" svtoms_fuzz
# the demo leaves frameworks, a tender, bids, an award and deliveries behind
svt_as_user "$SVT_BINDIR/psql" -X -q -h "$SVT_WORK" -p "$SVT_PORT" -v ON_ERROR_STOP=1 \
	-d svtoms_fuzz -f test/demo.sql >/dev/null
svt_say "sqlsmith: $queries queries, seed $seed"
rc=0
svt_as_user sqlsmith --target="host=$SVT_WORK port=$SVT_PORT dbname=svtoms_fuzz" \
	--max-queries="$queries" --seed="$seed" --verbose >"$SVT_WORK/sqlsmith.log" 2>&1 || rc=$?
tail -n 5 "$SVT_WORK/sqlsmith.log"

# a crash shows in the server log; sqlsmith itself stops when it loses the server
if grep -E "terminated by signal|PANIC|TRAP:" "$SVT_WORK/server.log"; then
	svt_die "the server crashed under sqlsmith (see the lines above)"
fi
if ! svt_as_user "$SVT_BINDIR/psql" -X -h "$SVT_WORK" -p "$SVT_PORT" -d svtoms_fuzz -c 'SELECT 1' >/dev/null; then
	svt_die "the server does not answer after sqlsmith"
fi
svt_stop_cluster
svt_say "no crash in $queries queries (sqlsmith exit status $rc)"
