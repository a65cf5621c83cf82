#!/usr/bin/env bash
# `make memcheck`: build svtoms with AddressSanitizer and
# UndefinedBehaviorSanitizer, install it into a private copy of PostgreSQL
# (never the system one), run the pg_regress suite of `make test` (sql/,
# expected/) against a server that carries the ASan runtime, and fail on a
# failed test or on any sanitizer report. Last line: "N passed, N failed".
# Settings: SVTOMS_MEMCHECK_TIMEOUT, seconds the whole suite may take before
# it counts as failed (default 900; it takes well under a minute).
set -euo pipefail

# shellcheck source=test/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SVT_SUMMARY=1
exec 2>&1

MC_TIMEOUT=${SVTOMS_MEMCHECK_TIMEOUT:-900}
# -O1 keeps reports close to the source; no recovery, so the first report
# ends the process and fails the test that triggered it.
MC_COPT="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g"
MC_ROOT=""      # private copy of PostgreSQL: $SVT_WORK/pg + the system paths
MC_PKGLIBDIR="" # its pkglibdir and sharedir
MC_SHAREDIR=""
MC_PRELOAD=""   # LD_PRELOAD of the server: libasan, then asan-preload.so
# Reports go to the server's stderr, i.e. server.log, between its own lines.
# postgres frees memory by process exit and memory contexts, so leak reports
# would only be noise; a small quarantine keeps many backends within a few GB.
MC_ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:quarantine_size_mb=64:malloc_context_size=20"
MC_UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Headline of a report: ASan (also for SEGV), UBSan, LSan.
MC_REPORT_RE='ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer)|runtime error:'

# The sanitizer runtimes come with gcc (Debian: libasan8, libubsan1).
mc_runtimes() {
	local cc lib
	cc=$("$PG_CONFIG" --cc | awk '{print $1}')
	for lib in libasan.so libubsan.so; do
		if [ "$("$cc" -print-file-name="$lib")" = "$lib" ]; then
			svt_die "$cc has no $lib (Debian: apt-get install -y libasan8 libubsan1)"
		fi
	done
	MC_PRELOAD="$(readlink -f "$("$cc" -print-file-name=libasan.so)") $SVT_WORK/asan-preload.so"
	if ! "$cc" -shared -fPIC -O2 -Wall -o "$SVT_WORK/asan-preload.so" \
		"$SVT_ROOT/test/memcheck/asan-preload.c" >"$SVT_WORK/preload.log" 2>&1; then
		cat "$SVT_WORK/preload.log"
		svt_die "could not build test/memcheck/asan-preload.c"
	fi
}

# Copy the server's files under $SVT_WORK/pg. Debian's PostgreSQL finds its
# share directory and libraries relative to its programs, so the copied
# initdb, postgres and pg_regress use the copy, where the sanitized svtoms
# goes; the system installation is only read.
mc_private_pg() {
	local bindir sharedir pkglibdir libroot got_share got_lib
	bindir=$("$PG_CONFIG" --bindir)
	sharedir=$("$PG_CONFIG" --sharedir)
	pkglibdir=$("$PG_CONFIG" --pkglibdir)
	libroot=$(dirname "$bindir")
	case $pkglibdir in
		"$libroot"/*) ;;
		*) svt_die "pkglibdir $pkglibdir is not next to bindir $bindir; cannot make a private copy" ;;
	esac
	MC_ROOT="$SVT_WORK/pg"
	mkdir -p "$MC_ROOT$(dirname "$libroot")" "$MC_ROOT$(dirname "$sharedir")"
	cp -a "$libroot" "$MC_ROOT$libroot"
	cp -a "$sharedir" "$MC_ROOT$sharedir"
	MC_PKGLIBDIR="$MC_ROOT$pkglibdir"
	MC_SHAREDIR="$MC_ROOT$sharedir"
	# Only the sanitized build may be found; JIT bitcode of a normal build
	# would even be inlined uninstrumented.
	rm -rf "$MC_PKGLIBDIR/svtoms.so" "$MC_PKGLIBDIR/bitcode/svtoms" \
		"$MC_PKGLIBDIR/bitcode/svtoms.index.bc" "$MC_SHAREDIR"/extension/svtoms[.-]*
	got_share=$("$MC_ROOT$bindir/pg_config" --sharedir)
	got_lib=$("$MC_ROOT$bindir/pg_config" --pkglibdir)
	if [ "$got_share" != "$MC_SHAREDIR" ] || [ "$got_lib" != "$MC_PKGLIBDIR" ]; then
		svt_die "the copied PostgreSQL still uses $got_share and $got_lib, not the copy"
	fi
	SVT_BINDIR="$MC_ROOT$bindir"
	SVT_PG_REGRESS="$MC_PKGLIBDIR/pgxs/src/test/regress/pg_regress"
	svt_say "private PostgreSQL in $MC_ROOT ($(du -sm "$MC_ROOT" | cut -f1) MB)"
}

# Build in a copy of the sources, so the checkout never holds sanitized
# objects that a later `make` would reuse, and install into the private copy.
mc_build() {
	local build="$SVT_WORK/build" log="$SVT_WORK/build.log"
	mkdir -p "$build"
	cp -R "$SVT_ROOT/Makefile" "$SVT_ROOT"/*.control "$SVT_ROOT/src" "$build/"
	# objects of an earlier build in the checkout came along, newer than
	# their sources
	make -C "$build" PG_CONFIG="$PG_CONFIG" clean >/dev/null 2>&1 || true
	# with_llvm=no: no bitcode, so JIT cannot inline uninstrumented code.
	if ! make -C "$build" -j "$(nproc 2>/dev/null || echo 2)" PG_CONFIG="$PG_CONFIG" \
		WERROR=1 with_llvm=no COPT="$MC_COPT" >"$log" 2>&1; then
		svt_show "$log" 200
		svt_die "sanitized build failed"
	fi
	if ! make -C "$build" PG_CONFIG="$PG_CONFIG" with_llvm=no DESTDIR="$MC_ROOT" \
		install >>"$log" 2>&1; then
		svt_show "$log" 100
		svt_die "make install into the private copy failed"
	fi
	if [ ! -f "$MC_PKGLIBDIR/svtoms.so" ]; then
		svt_die "svtoms.so did not land in $MC_PKGLIBDIR"
	fi
	svt_say "built with $MC_COPT (warnings are errors), installed into the private copy"
}

# Run a command as the test user with the server's sanitizer environment.
mc_as_user_sanitized() {
	svt_as_user env LD_PRELOAD="$MC_PRELOAD" \
		ASAN_OPTIONS="$MC_ASAN_OPTIONS" UBSAN_OPTIONS="$MC_UBSAN_OPTIONS" \
		"$@"
}

# As svt_start_cluster, but every server process has the ASan runtime
# preloaded (the postgres binary itself is not instrumented, so its malloc
# and free are ASan's only this way) and JIT is off.
mc_start_cluster() {
	local data="$SVT_WORK/data"
	if ! svt_as_user "$SVT_BINDIR/initdb" -D "$data" --no-sync -A trust -E UTF8 \
		--locale=C >"$SVT_WORK/initdb.log" 2>&1; then
		tail -n 30 "$SVT_WORK/initdb.log"
		svt_die "initdb failed"
	fi
	if ! mc_as_user_sanitized "$SVT_BINDIR/pg_ctl" -w -t 120 -D "$data" \
		-l "$SVT_WORK/server.log" \
		-o "-c listen_addresses='' -k '$SVT_WORK' -p $SVT_PORT -c fsync=off -c jit=off" \
		start >"$SVT_WORK/pg_ctl.log" 2>&1; then
		cat "$SVT_WORK/pg_ctl.log"
		echo "--- server log (tail) ---"
		tail -n 40 "$SVT_WORK/server.log" 2>/dev/null || true
		mc_scan_reports || true
		svt_die "could not start the test server under AddressSanitizer"
	fi
	svt_say "test server started with ASan preloaded (socket in $SVT_WORK, port $SVT_PORT)"
}

# Prove the server runs from the copy and loads the sanitized svtoms.so
# with the ASan runtime, before trusting a clean result.
mc_check_server() {
	local out="$SVT_WORK/check.out"
	if ! svt_as_user "$SVT_BINDIR/psql" -X -q -At -h "$SVT_WORK" -p "$SVT_PORT" \
		-d postgres -v ON_ERROR_STOP=1 >"$out" 2>&1 <<-'SQL'; then
		CREATE DATABASE svtoms_memcheck_check;
		\c svtoms_memcheck_check
		CREATE EXTENSION svtoms;
		SELECT 'sharedir ' || setting FROM pg_config WHERE name = 'SHAREDIR';
		SELECT 'pkglibdir ' || setting FROM pg_config WHERE name = 'PKGLIBDIR';
		SELECT 'sv ' || 'benefit=1 responses=1'::svtoms.sv;
		SELECT pg_read_file('/proc/self/maps');
		\c postgres
		DROP DATABASE svtoms_memcheck_check;
	SQL
		cat "$out"
		mc_scan_reports || true
		svt_die "svtoms does not load in the sanitized server"
	fi
	grep -qx "sharedir $MC_SHAREDIR" "$out" ||
		svt_die "the server's share directory is not the private copy: $(grep '^sharedir' "$out")"
	grep -qx "pkglibdir $MC_PKGLIBDIR" "$out" ||
		svt_die "the server's pkglibdir is not the private copy: $(grep '^pkglibdir' "$out")"
	grep -q " $MC_PKGLIBDIR/svtoms.so\$" "$out" ||
		svt_die "the backend did not map $MC_PKGLIBDIR/svtoms.so"
	grep -q '/libasan\.so' "$out" ||
		svt_die "the backend runs without the ASan runtime"
	svt_say "server uses the private copy: sanitized svtoms.so and libasan mapped"
}

# Show each sanitizer report in the server log (at most 60 lines), whether
# svtoms is on its stack, and the statement the dying process was running.
# Sets MC_NREPORTS; returns 1 if there was any report or crash.
mc_scan_reports() {
	local log="$SVT_WORK/server.log"
	MC_NREPORTS=0
	[ -f "$log" ] || return 0
	MC_NREPORTS=$(grep -c -E "$MC_REPORT_RE" "$log" || true)
	awk -v re="$MC_REPORT_RE" -v max=60 '
		function verdict() {
			printf "--- end of report %d (%s) ---\n", n,
				svt ? "svtoms code on the stack" : "no svtoms frame on the stack"
		}
		$0 ~ re && state != 1 {
			if (state == 2) verdict()
			n++; state = 1; shown = 0; svt = 0; detail = 0; skip = 0
			printf "--- sanitizer report %d (server.log line %d) ---\n", n, NR
		}
		# report lines run until the next line of the server itself
		state == 1 && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { state = 2 }
		# ASan: the shadow byte map and its legend say nothing more here
		state == 1 && /^Shadow bytes around/ { skip = 1; print "(shadow bytes omitted)" }
		state == 1 && skip && /^==[0-9]+==/ { skip = 0 }
		state == 1 && skip { next }
		state == 1 {
			if ($0 ~ /svtoms\.so|[ \t]src\/([a-z_]+\/)?[a-z_]+\.c:[0-9]/) svt = 1
			if (shown++ < max) print
			else if (shown == max + 1) print "..."
			next
		}
		state == 2 && /exited with exit code|terminated by signal/ { print; next }
		state == 2 && /DETAIL: +Failed process was running/ { print; detail = 1; next }
		state == 2 && detail && /^\t/ && detail++ < 6 { print; next }
		state == 2 && detail { verdict(); state = 0 }
		END { if (state) verdict() }' "$log"
	if grep -E 'terminated by signal|PANIC' "$log"; then
		MC_NREPORTS=$((MC_NREPORTS + 1))
	fi
	[ "$MC_NREPORTS" -eq 0 ]
}

svt_init
svt_deps notap
mc_runtimes
mc_private_pg
mc_build
svt_stage_tests
mc_start_cluster
mc_check_server
svt_say "regress under ASan+UBSan; all of make test's sql/ tests"
svt_run_regress timeout --kill-after=30 "$MC_TIMEOUT"
svt_stop_cluster
if mc_scan_reports; then
	svt_say "sanitizers: no reports"
else
	svt_say "sanitizers: $MC_NREPORTS report(s), see above"
	SVT_FAILED=$((SVT_FAILED + MC_NREPORTS))
fi
svt_say "memcheck took ${SECONDS}s"
svt_summary
[ "$SVT_FAILED" -eq 0 ]
