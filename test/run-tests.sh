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
	# The environment PGXS's prove_installcheck sets up, and where node finds
	# Debian's node-pg.
	svt_as_user env \
		TESTDIR="$SVT_WORK" \
		PG_REGRESS="$SVT_PG_REGRESS" \
		PGPORT="$SVT_TAP_PORT" \
		PERL5LIB="$pgxs_perl:$SVT_WORK:$SVT_WORK/test/t" \
		NODE_PATH="$SVT_NODE_PATH" \
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
# shellcheck disable=SC2119  # no wrapper command here
svt_run_regress
run_tap
svt_stop_cluster
svt_summary
[ "$SVT_FAILED" -eq 0 ]
