#!/usr/bin/env bash
# `make test`: install missing packages, build (warnings are errors), install,
# then run the pg_regress suite (sql/, expected/) against a throwaway server
# and the TAP tests (test/t/*.pl). Last line: "N passed, N failed".
set -euo pipefail

# shellcheck source=test/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SVT_SUMMARY=1
# One stream, so the summary stays the last line however output is captured.
exec 2>&1

# pg_regress: one test per sql/*.sql, sorted bytewise like the Makefile's REGRESS.
run_regress() {
	local tests=() f out="$SVT_WORK/regress.out" rc=0 counts
	while IFS= read -r f; do
		tests+=("$f")
	done < <(cd "$SVT_WORK/sql" 2>/dev/null && printf '%s\n' *.sql | grep -v '^\*\.sql$' |
		sed 's/\.sql$//' | LC_ALL=C sort)
	if [ "${#tests[@]}" -eq 0 ]; then
		svt_say "regress: no sql/*.sql tests"
		return 0
	fi
	svt_say "regress: ${#tests[@]} tests"
	svt_as_user "$SVT_PG_REGRESS" --inputdir="$SVT_WORK" --outputdir="$SVT_WORK" \
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
	if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		# pg_regress itself failed (no connection, no extension, ...).
		cat "$out"
		failed=1
	fi
	if [ -s "$SVT_WORK/regression.diffs" ]; then
		echo "--- regression.diffs (first 200 lines) ---"
		svt_show "$SVT_WORK/regression.diffs" 200
		echo "--- end of regression.diffs ---"
	fi
	svt_say "regress: $passed passed, $failed failed"
	SVT_PASSED=$((SVT_PASSED + passed))
	SVT_FAILED=$((SVT_FAILED + failed))
}

# TAP::Harness gives prove's normal output plus per-file results to count:
# assertions that passed or failed (TODO and SKIP not counted); a file that
# dies or exits non-zero without a failed assertion counts as one failure.
# Writes "passed failed" and then the names of failing files to $1.
# shellcheck disable=SC2016  # Perl code, not expanded by the shell
TAP_RUNNER='
use strict;
use warnings;
use TAP::Harness;
my $out = shift @ARGV;
my $harness = TAP::Harness->new({ verbosity => 0, color => 0 });
my $agg = $harness->runtests(@ARGV);
my ($pass, $fail, @bad) = (0, 0);
for my $file ($agg->descriptions) {
	for my $p ($agg->parsers($file)) {
		my $ok  = scalar($p->actual_passed) - scalar($p->skipped) - scalar($p->todo_passed);
		my $bad = scalar($p->failed);
		$bad = 1 if !$bad && $p->has_problems;
		$pass += $ok > 0 ? $ok : 0;
		$fail += $bad;
		push @bad, $file if $bad;
	}
}
open my $fh, ">", $out or die "$out: $!";
print $fh "$pass $fail\n", map { "$_\n" } @bad;
close $fh;
'

run_tap() {
	local files=() f counts="$SVT_WORK/tap.counts" passed failed name log
	local pgxs_perl
	pgxs_perl="$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/perl"
	for f in "$SVT_WORK"/test/t/*.pl; do
		[ -f "$f" ] && files+=("test/t/${f##*/}")
	done
	if [ "${#files[@]}" -eq 0 ]; then
		svt_say "TAP: no test/t/*.pl tests"
		return 0
	fi
	svt_say "TAP: ${#files[@]} test file(s)"
	# The environment PGXS's prove_installcheck sets up.
	svt_as_user env \
		TESTDIR="$SVT_WORK" \
		PG_REGRESS="$SVT_PG_REGRESS" \
		PGPORT="$SVT_TAP_PORT" \
		PERL5LIB="$pgxs_perl:$SVT_WORK:$SVT_WORK/test/t" \
		perl -e "$TAP_RUNNER" "$counts" "${files[@]}" || true
	if [ ! -s "$counts" ]; then
		svt_say "TAP: the harness did not finish"
		SVT_FAILED=$((SVT_FAILED + 1))
		return 0
	fi
	read -r passed failed <"$counts"
	# Tail of the log of each failing file (PostgreSQL::Test::Utils writes
	# tmp_check/log/regress_log_<name>).
	while IFS= read -r f; do
		name=${f##*/}
		log="$SVT_WORK/tmp_check/log/regress_log_${name%.*}"
		if [ -f "$log" ]; then
			echo "--- tail of $(basename "$log") ---"
			tail -n 60 "$log"
		fi
	done < <(tail -n +2 "$counts")
	svt_say "TAP: $passed passed, $failed failed"
	SVT_PASSED=$((SVT_PASSED + passed))
	SVT_FAILED=$((SVT_FAILED + failed))
}

svt_init
svt_deps tap
svt_build
svt_install
svt_stage_tests
svt_start_cluster
run_regress
run_tap
svt_stop_cluster
svt_summary
[ "$SVT_FAILED" -eq 0 ]
