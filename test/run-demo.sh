#!/usr/bin/env bash
# `make demo`: same setup as `make test` (packages, build, install, throwaway
# server), then run test/demo.sql in a fresh database and print its tables.
# The demo tender's HTML report goes to svtoms-report.html in the current
# directory, or to SVTOMS_REPORT (a file, or a directory to put it in).
set -euo pipefail

# shellcheck source=test/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

svt_init
svt_deps notap
svt_build
svt_install
svt_stage_tests
[ -f "$SVT_WORK/test/demo.sql" ] || svt_die "test/demo.sql not found"
svt_start_cluster

if ! svt_as_user "$SVT_BINDIR/createdb" -h "$SVT_WORK" -p "$SVT_PORT" svtoms_demo; then
	svt_die "createdb svtoms_demo failed"
fi
svt_say "running test/demo.sql"
echo
# demo.sql runs CREATE EXTENSION itself; stop at its first error.  The
# server's user writes the report in the work dir; it is copied out below,
# so that it belongs to whoever ran the demo.
if ! svt_as_user "$SVT_BINDIR/psql" -X -h "$SVT_WORK" -p "$SVT_PORT" \
	-v ON_ERROR_STOP=1 -v report="$SVT_WORK/report.html" --pset=footer=off \
	-d svtoms_demo -f test/demo.sql; then
	svt_die "demo failed"
fi
report=${SVTOMS_REPORT:-svtoms-report.html}
if [ -d "$report" ]; then
	report="$report/svtoms-report.html"
fi
if ! cp "$SVT_WORK/report.html" "$report"; then
	svt_die "could not write the report to $report"
fi
svt_stop_cluster
svt_say "demo finished; the evaluation report is $(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
