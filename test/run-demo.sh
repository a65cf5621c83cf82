#!/usr/bin/env bash
# `make demo`: same setup as `make test` (packages, build, install, throwaway
# server), then run test/demo.sql in a fresh database and print its tables.
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
# demo.sql runs CREATE EXTENSION itself; stop at its first error.
if ! svt_as_user "$SVT_BINDIR/psql" -X -h "$SVT_WORK" -p "$SVT_PORT" \
	-v ON_ERROR_STOP=1 --pset=footer=off -d svtoms_demo -f test/demo.sql; then
	svt_die "demo failed"
fi
svt_stop_cluster
svt_say "demo finished"
