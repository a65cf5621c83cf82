# shellcheck shell=bash
# Shared helpers for test/run-tests.sh and test/run-demo.sh (sourced, not run).
#
# Both scripts must work from nothing on a fresh Debian 12 machine: install
# PostgreSQL 15 when missing, build and install the extension, and start a
# throwaway server in a temp directory (never the system cluster).
#
# Settings (environment):
#   PG_CONFIG     pg_config of the server to use (default: PostgreSQL 15's)
#   SVTOMS_PORT   port of the throwaway server (unix socket only; default 54329)
#   SVTOMS_KEEP=1 keep the temp directory after the run, for debugging

SVT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
SVT_PORT=${SVTOMS_PORT:-54329}
# shellcheck disable=SC2034  # used by the scripts that source this file
SVT_TAP_PORT=65432          # PGPORT for TAP tests; their clusters pick their own
SVT_WORK=""                 # temp directory: test files, server data, logs
SVT_BINDIR=""
SVT_PG_REGRESS=""           # pg_regress of PGXS, also needed by TAP tests
# node-postgres comes from Debian's node-pg. Debian's node looks in these
# directories by itself, a node from elsewhere (NodeSource's) only through
# NODE_PATH. The cache is where svt_unpack_node_pg puts node-pg when apt-get
# cannot install it.
SVT_NODE_CACHE=/var/cache/svtoms-test/node-pg
SVT_NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs:$SVT_NODE_CACHE/usr/share/nodejs
SVT_PASSED=0
SVT_FAILED=0
SVT_SUMMARY=0               # 1: every exit ends with the "N passed, N failed" line

# Sub-makes should not pick up flags or jobserver handles of `make test`.
unset MAKEFLAGS MFLAGS MAKELEVEL

# Libpq variables from the caller's shell could point psql and pg_regress at
# another server; only this script decides where to connect.
while IFS= read -r svt_var; do
	case $svt_var in
		PG_CONFIG | PG_TEST_*) ;;
		PG*) unset "$svt_var" ;;
	esac
done < <(compgen -e)
unset svt_var

svt_say() { printf '==> %s\n' "$*"; }

svt_is_root() { [ "$(id -u)" -eq 0 ]; }

svt_summary() {
	if [ "${SVTOMS_KEEP:-0}" = 1 ]; then
		printf 'keeping work directory %s\n' "$SVT_WORK"
	fi
	printf '%d passed, %d failed\n' "$SVT_PASSED" "$SVT_FAILED"
}

# Stop with an error. For the test runner the last line is still the summary,
# with the failed step counted as one failure.
svt_die() {
	printf 'ERROR: %s\n' "$*" >&2
	if [ "$SVT_SUMMARY" = 1 ]; then
		SVT_FAILED=$((SVT_FAILED + 1))
		svt_summary
	fi
	exit 1
}

# Print at most N lines of a file, saying so when it was cut.
svt_show() {
	local file=$1 max=${2:-200} total
	[ -f "$file" ] || return 0
	total=$(wc -l <"$file")
	head -n "$max" "$file"
	if [ "$total" -gt "$max" ]; then
		printf '... (%d more lines)\n' "$((total - max))"
	fi
}

# Temp directory plus the traps that always remove it (and stop any server
# started in it), on success, failure or Ctrl-C.
svt_init() {
	SVT_WORK=$(mktemp -d /tmp/svtoms-test.XXXXXX)
	trap svt_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

svt_cleanup() {
	local rc=$? pidfile
	trap - EXIT INT TERM HUP
	if [ -n "$SVT_WORK" ] && [ -d "$SVT_WORK" ]; then
		# Every server under the work dir: ours and any a TAP test left behind.
		while IFS= read -r pidfile; do
			svt_as_user "$SVT_BINDIR/pg_ctl" -D "$(dirname "$pidfile")" \
				-m immediate -w stop >/dev/null 2>&1 || true
		done < <(find "$SVT_WORK" -name postmaster.pid 2>/dev/null)
		if [ "${SVTOMS_KEEP:-0}" = 1 ]; then
			# The test runner has said so before its summary line.
			[ "$SVT_SUMMARY" = 1 ] || printf 'keeping work directory %s\n' "$SVT_WORK" >&2
		else
			rm -rf "$SVT_WORK" || true
		fi
	fi
	exit "$rc"
}

# Run a command as the user that owns the throwaway servers, inside the work
# dir (the checkout itself may be unreadable for that user). initdb and
# postgres refuse to run as root, so root uses the `postgres` system user
# (made by the postgresql-15 package) with a clean environment.
svt_as_user() {
	local path=/usr/local/bin:/usr/bin:/bin
	local envs=(
		"HOME=$SVT_WORK"
		"TMPDIR=$SVT_WORK/tmp"
		"LANG=$SVT_LOCALE"
		"LC_ALL=$SVT_LOCALE"
	)
	local var
	# Pass through knobs of PostgreSQL's TAP framework (timeouts, PG_TEST_NOCLEAN).
	while IFS= read -r var; do
		case $var in PG_TEST_*) envs+=("$var=${!var}") ;; esac
	done < <(compgen -e)
	if svt_is_root; then
		(cd "$SVT_WORK" && runuser -u postgres -- \
			env -i "PATH=$SVT_BINDIR:$path" "USER=postgres" "${envs[@]}" "$@")
	else
		(cd "$SVT_WORK" && env "PATH=$SVT_BINDIR:$PATH" "${envs[@]}" "$@")
	fi
}

# A UTF-8 locale keeps psql output and TAP-created clusters predictable.
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
	SVT_LOCALE=C.UTF-8
else
	SVT_LOCALE=C
fi

# Install what a fresh Debian 12 lacks (as root), or say how (otherwise).
# Argument: "tap" when the TAP tests' Perl modules are needed as well.
svt_deps() {
	local need_tap=${1:-} missing=()
	svt_missing_deps "$need_tap"
	missing=("${SVT_MISSING[@]}")
	if [ "${#missing[@]}" -gt 0 ]; then
		if ! svt_is_root; then
			printf 'Missing packages: %s\n' "${missing[*]}" >&2
			printf 'Install them with:\n  sudo apt-get update\n  sudo apt-get install -y %s\n' \
				"${missing[*]}" >&2
			svt_die "missing dependencies"
		fi
		svt_say "installing ${missing[*]} (apt-get, takes a minute)"
		if ! apt-get update >"$SVT_WORK/apt.log" 2>&1 ||
			{ ! svt_apt_install "${missing[@]}" && ! svt_apt_install_no_node_pg "${missing[@]}"; }; then
			tail -n 40 "$SVT_WORK/apt.log"
			svt_die "apt-get install failed"
		fi
		svt_missing_deps "$need_tap"
		if [ "${#SVT_MISSING[@]}" -gt 0 ]; then
			svt_die "still missing after apt-get install: ${SVT_MISSING[*]} (PG_CONFIG=$PG_CONFIG)"
		fi
	fi
	if svt_is_root && ! id -u postgres >/dev/null 2>&1; then
		svt_die "running as root needs the 'postgres' system user (from package postgresql-15)"
	fi
	SVT_BINDIR=$("$PG_CONFIG" --bindir)
	# shellcheck disable=SC2034
	SVT_PG_REGRESS="$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress"
	svt_say "dependencies ok ($("$PG_CONFIG" --version), $PG_CONFIG)"
}

svt_apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >>"$SVT_WORK/apt.log" 2>&1
}

# Debian's node-* packages depend on nodejs:any, which a nodejs from elsewhere
# (NodeSource's) does not provide, so apt-get refuses node-pg beside it. When
# node-pg was among the packages: install the others, then unpack node-pg.
svt_apt_install_no_node_pg() {
	local p rest=() node_pg=0
	for p in "$@"; do
		if [ "$p" = node-pg ]; then node_pg=1; else rest+=("$p"); fi
	done
	[ "$node_pg" = 1 ] || return 1
	if [ "${#rest[@]}" -gt 0 ]; then
		svt_apt_install "${rest[@]}" || return 1
	fi
	svt_has_node_pg || svt_unpack_node_pg
}

# node-pg and the node-* packages it depends on, from Debian's archive,
# unpacked into SVT_NODE_CACHE without dpkg. Only those of Architecture all
# (JavaScript): pg does not need node-libpq, a native addon built for Debian's
# node. A cache under /var/cache rather than the work directory, so that later
# runs find pg there without apt-get or the network, as they would an
# installed package; dpkg does not know it: remove /var/cache/svtoms-test by
# hand once node-pg is installed.
svt_unpack_node_pg() {
	local dir deb pkgs=()
	install -d -m 755 "${SVT_NODE_CACHE%/*}"
	dir=$(mktemp -d "$SVT_NODE_CACHE.XXXXXX")
	mapfile -t pkgs < <(apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances node-pg | grep '^node-' | sort -u)
	if ! (cd "$dir" && apt-get download "${pkgs[@]}") >>"$SVT_WORK/apt.log" 2>&1; then
		rm -rf "$dir"
		return 1
	fi
	for deb in "$dir"/*.deb; do
		if [ "$(dpkg-deb -f "$deb" Architecture)" = all ] && ! dpkg-deb -x "$deb" "$dir"; then
			rm -rf "$dir"
			return 1
		fi
	done
	rm -f "$dir"/*.deb
	chmod 755 "$dir"
	rm -rf "$SVT_NODE_CACHE"
	mv "$dir" "$SVT_NODE_CACHE"
	svt_say "unpacked node-pg into $SVT_NODE_CACHE (apt-get cannot install it beside this nodejs)"
	svt_has_node_pg
}

svt_has_node_pg() {
	NODE_PATH=$SVT_NODE_PATH node -e "require('pg')" >/dev/null 2>&1
}

# Sets SVT_MISSING to the Debian packages whose files are not found.
svt_missing_deps() {
	local need_tap=$1 bindir=/usr/lib/postgresql/15/bin f
	SVT_MISSING=()
	[ -x "$PG_CONFIG" ] && bindir=$("$PG_CONFIG" --bindir)
	# Server, initdb, pg_ctl and psql (pg_config comes with its client package).
	for f in pg_config postgres initdb pg_ctl psql createdb; do
		if [ ! -x "$bindir/$f" ] || [ ! -x "$PG_CONFIG" ]; then
			SVT_MISSING+=(postgresql-15)
			break
		fi
	done
	# Server headers, PGXS and pg_regress.
	if [ ! -x "$PG_CONFIG" ] ||
		[ ! -f "$("$PG_CONFIG" --includedir-server)/postgres.h" ] ||
		[ ! -f "$("$PG_CONFIG" --pgxs)" ] ||
		[ ! -x "$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress" ]; then
		SVT_MISSING+=(postgresql-server-dev-15)
	fi
	command -v make >/dev/null 2>&1 || SVT_MISSING+=(make)
	command -v gcc >/dev/null 2>&1 || SVT_MISSING+=(gcc)
	if [ "$need_tap" = tap ]; then
		perl -MIPC::Run -e1 >/dev/null 2>&1 || SVT_MISSING+=(libipc-run-perl)
		command -v prove >/dev/null 2>&1 || SVT_MISSING+=(perl)
		# plpgsql_check, run over every PL/pgSQL function (015_plpgsql_check.pl)
		if [ ! -x "$PG_CONFIG" ] ||
			[ ! -f "$("$PG_CONFIG" --sharedir)/extension/plpgsql_check.control" ] ||
			[ ! -f "$("$PG_CONFIG" --pkglibdir)/plpgsql_check.so" ]; then
			SVT_MISSING+=(postgresql-15-plpgsql-check)
		fi
		# client drivers, OCDS schema checks and the report in a browser
		/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || SVT_MISSING+=(python3-psycopg2)
		/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || SVT_MISSING+=(python3-jsonschema)
		command -v node >/dev/null 2>&1 || SVT_MISSING+=(nodejs)
		svt_has_node_pg || SVT_MISSING+=(node-pg)
		command -v chromium >/dev/null 2>&1 || SVT_MISSING+=(chromium)
	fi
}

# Build with warnings as errors; compiler output only when it fails.
svt_build() {
	local log="$SVT_WORK/build.log"
	# Objects built earlier without WERROR would hide their warnings.
	make -C "$SVT_ROOT" PG_CONFIG="$PG_CONFIG" clean >/dev/null 2>&1 || true
	if ! make -C "$SVT_ROOT" -j "$(nproc 2>/dev/null || echo 2)" \
		PG_CONFIG="$PG_CONFIG" WERROR=1 >"$log" 2>&1; then
		svt_show "$log" 200
		svt_die "build failed (make WERROR=1)"
	fi
	svt_say "built (warnings are errors)"
}

# Install into the server's directories. A normal user who cannot write there
# can still run the tests once `sudo make install` has put this very build in.
svt_install() {
	local log="$SVT_WORK/install.log" stage="$SVT_WORK/stage" f stale=0
	local pkglibdir sharedir
	pkglibdir=$("$PG_CONFIG" --pkglibdir)
	sharedir=$("$PG_CONFIG" --sharedir)
	if svt_is_root || { [ -w "$pkglibdir" ] && [ -w "$sharedir/extension" ]; }; then
		if ! make -C "$SVT_ROOT" PG_CONFIG="$PG_CONFIG" install >"$log" 2>&1; then
			svt_show "$log" 100
			svt_die "make install failed"
		fi
		svt_say "installed into $pkglibdir"
		return 0
	fi
	# Not writable: stage the install and compare it with what is installed.
	if ! make -C "$SVT_ROOT" PG_CONFIG="$PG_CONFIG" DESTDIR="$stage" install >"$log" 2>&1; then
		svt_show "$log" 100
		svt_die "make install (staged) failed"
	fi
	while IFS= read -r f; do
		cmp -s "$stage$f" "$f" || stale=1
	done < <(cd "$stage" && find . -type f | sed 's/^\.//')
	if [ "$stale" = 1 ]; then
		printf 'Cannot install into %s as %s, and the installed svtoms differs from this build.\n' \
			"$pkglibdir" "$(id -un)" >&2
		printf 'Install it with:\n  sudo make -C %q PG_CONFIG=%q install\nthen run this again.\n' \
			"$SVT_ROOT" "$PG_CONFIG" >&2
		svt_die "extension not installed"
	fi
	svt_say "installed copy in $pkglibdir is up to date"
}

# Copy what the tests read into the work dir, which the test user owns.
svt_stage_tests() {
	local d
	# the release-files test reads the sources, the control file and the
	# packaging files beside the tests; 018 runs the statements printed in
	# docs/security.md
	for d in sql expected input output test src svtoms.control Makefile META.json CHANGELOG.md debian docs; do
		if [ -e "$SVT_ROOT/$d" ]; then
			cp -R "$SVT_ROOT/$d" "$SVT_WORK/"
		fi
	done
	mkdir -p "$SVT_WORK/tmp"
	if svt_is_root; then
		chown -R postgres: "$SVT_WORK"
	fi
}

# Throwaway server: unix socket in the work dir only, so it never clashes
# with another server on this machine.
svt_start_cluster() {
	local data="$SVT_WORK/data"
	if ! svt_as_user "$SVT_BINDIR/initdb" -D "$data" --no-sync -A trust -E UTF8 \
		--locale=C >"$SVT_WORK/initdb.log" 2>&1; then
		tail -n 30 "$SVT_WORK/initdb.log"
		svt_die "initdb failed"
	fi
	if ! svt_as_user "$SVT_BINDIR/pg_ctl" -w -D "$data" -l "$SVT_WORK/server.log" \
		-o "-c listen_addresses='' -k '$SVT_WORK' -p $SVT_PORT -c fsync=off" \
		start >"$SVT_WORK/pg_ctl.log" 2>&1; then
		cat "$SVT_WORK/pg_ctl.log"
		echo "--- server log (tail) ---"
		tail -n 40 "$SVT_WORK/server.log" 2>/dev/null || true
		svt_die "could not start the test server"
	fi
	svt_say "test server started (socket in $SVT_WORK, port $SVT_PORT)"
}

svt_stop_cluster() {
	svt_as_user "$SVT_BINDIR/pg_ctl" -D "$SVT_WORK/data" -m fast -w stop \
		>/dev/null 2>&1 || true
}

# pg_regress: one test per sql/*.sql, sorted bytewise like the Makefile's REGRESS.
# Arguments, if any: a command to run pg_regress under (such as timeout).
svt_run_regress() {
	local wrap=("$@") tests=() f out="$SVT_WORK/regress.out" rc=0 counts start=$SECONDS
	while IFS= read -r f; do
		tests+=("$f")
	done < <(cd "$SVT_WORK/sql" 2>/dev/null && printf '%s\n' *.sql | grep -v '^\*\.sql$' |
		sed 's/\.sql$//' | LC_ALL=C sort)
	if [ "${#tests[@]}" -eq 0 ]; then
		svt_say "regress: no sql/*.sql tests"
		return 0
	fi
	svt_say "regress: ${#tests[@]} tests"
	svt_as_user "${wrap[@]}" "$SVT_PG_REGRESS" --inputdir="$SVT_WORK" --outputdir="$SVT_WORK" \
		--bindir="$SVT_BINDIR" --host="$SVT_WORK" --port="$SVT_PORT" \
		--load-extension=svtoms --dbname=svtoms_regress "${tests[@]}" \
		>"$out" 2>&1 || rc=$?

	# Per-test lines. PG 15: "test name ... ok  25 ms" / "... FAILED";
	# PG 16+: "ok 1 - name  25 ms" / "not ok 2 - name".
	local result_re='^(test +|  +)[^ ]+ +\.\.\. +(ok|FAILED|failed)|^(not )?ok [0-9]+ +[-+] '
	grep -E "$result_re" "$out" || true
	counts=$(awk '
		/^(test +|  +)[^ ]+ +\.\.\. +ok/                    { p++; next }
		/^(test +|  +)[^ ]+ +\.\.\. +FAILED/                { f++; next }
		/^not ok [0-9]+ +[-+] / && !/# (SKIP|\(ignored\))/  { f++; next }
		/^ok [0-9]+ +[-+] / && !/# SKIP/                    { p++; next }
		END { printf "%d %d\n", p, f }' "$out")
	local passed=${counts% *} failed=${counts#* }
	if [ "${#wrap[@]}" -gt 0 ] && { [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; }; then
		svt_say "regress: stopped by ${wrap[*]}"
		failed=$((failed + 1))
	elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		# pg_regress itself failed (no connection, no extension, ...).
		cat "$out"
		failed=1
	fi
	if [ -s "$SVT_WORK/regression.diffs" ]; then
		echo "--- regression.diffs (first 200 lines) ---"
		svt_show "$SVT_WORK/regression.diffs" 200
		echo "--- end of regression.diffs ---"
	fi
	svt_say "regress: $passed passed, $failed failed ($((SECONDS - start))s)"
	SVT_PASSED=$((SVT_PASSED + passed))
	SVT_FAILED=$((SVT_FAILED + failed))
}
