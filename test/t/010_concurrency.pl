# Nothing is lost under concurrency: pgbench clients add bids and responses,
# evaluate and award tenders at the same time.  No transaction fails (a
# change to a tender awarded meanwhile is refused, and counted); afterwards
# every award equals a fresh evaluation of the data it froze, and no
# response was added or changed after its tender's award.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $tenders = 60;
my $seconds = $ENV{SVTOMS_PGBENCH_SECONDS} || 12;

my $node = PostgreSQL::Test::Cluster->new('concurrency');
$node->init;
$node->append_conf('postgresql.conf', "max_connections = 40\n");
$node->start;

$node->safe_psql('postgres', qq{
	CREATE EXTENSION svtoms;
	SELECT svtoms.import_value_set('bench-values', 'toms-sample', 'Bench values', '2026-01-01', 'test', 'test',
		E'measure_code,proxy_value,deadweight\\nJOB1,10000,0.2\\nGRO1,0.5,0\\nENV1,245,0\\n');
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
	SELECT 'C' || n, 'toms-sample', 'bench-values', 1000000, 50, 20, 30 FROM generate_series(1, $tenders) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'C' || n, o FROM generate_series(1, $tenders) n, unnest(ARRAY['JOBS-1', 'ENV-1']) o;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'C' || n || '-' || b, 'C' || n, 'Bidder ' || b, 900000 + 1000 * b, 10 + b
	FROM generate_series(1, $tenders) n, generate_series(1, 3) b;

	-- what the clients call: a refusal because the tender was awarded
	-- meanwhile is the documented outcome, counted rather than failed
	CREATE TABLE refusal (what text, sqlstate text);
	CREATE FUNCTION respond(tender int, bid int, measure int, quantity int) RETURNS void LANGUAGE plpgsql AS \$\$
	BEGIN
		INSERT INTO svtoms.response (bid_id, measure_code, quantity)
		VALUES ('C' || tender || '-' || bid, (ARRAY['JOB1', 'GRO1', 'ENV1'])[measure], quantity)
		ON CONFLICT (bid_id, measure_code) DO UPDATE SET quantity = excluded.quantity;
	EXCEPTION WHEN object_not_in_prerequisite_state THEN
		INSERT INTO refusal VALUES ('response', SQLSTATE);
	END \$\$;
	CREATE FUNCTION add_bid(tender int, price int) RETURNS void LANGUAGE plpgsql AS \$\$
	BEGIN
		INSERT INTO svtoms.bid (id, tender_id, bidder, price)
		VALUES ('C' || tender || '-x' || price, 'C' || tender, 'Late ' || price, 800000 + price)
		ON CONFLICT (id) DO NOTHING;
	EXCEPTION WHEN object_not_in_prerequisite_state THEN
		INSERT INTO refusal VALUES ('bid', SQLSTATE);
	END \$\$;
	CREATE FUNCTION award_once(tender int) RETURNS void LANGUAGE plpgsql AS \$\$
	BEGIN
		CALL svtoms.award('C' || tender);
	EXCEPTION WHEN unique_violation THEN
		INSERT INTO refusal VALUES ('award again', SQLSTATE);
	END \$\$;
});

my $dir = $node->basedir;
my %scripts = (
	'respond.sql' => "\\set t random(1, $tenders)\n\\set b random(1, 3)\n\\set m random(1, 3)\n"
	  . "\\set q random(-20, 60)\nSELECT respond(:t, :b, :m, :q);\n",
	'bid.sql' => "\\set t random(1, $tenders)\n\\set p random(1, 100000)\nSELECT add_bid(:t, :p);\n",
	'evaluate.sql' => "\\set t random(1, $tenders)\nSELECT count(*) FROM svtoms.evaluate('C' || :t);\n",
	'award.sql' => "\\set t random(1, $tenders)\nSELECT award_once(:t);\n",
);
for my $name (keys %scripts)
{
	open my $fh, '>', "$dir/$name" or die "$dir/$name: $!";
	print $fh $scripts{$name};
	close $fh;
}

my ($out, $err) = ('', '');
my @cmd = (
	'pgbench', '--no-vacuum', '--client=8', '--jobs=2', "--time=$seconds", '--max-tries=10',
	'--failures-detailed',
	# about one transaction in 270 awards, so that awards come through the run
	'--file', "$dir/respond.sql\@200", '--file', "$dir/bid.sql\@30",
	'--file', "$dir/evaluate.sql\@40", '--file', "$dir/award.sql\@1",
	$node->connstr('postgres'));
print "# Running: @cmd\n";
my $ok = IPC::Run::run(\@cmd, '>', \$out, '2>', \$err);
print "# pgbench output:\n", map { "#   $_\n" } split /\n/, $out;
ok($ok, 'pgbench ran to the end') or diag($err);
my ($committed) = $out =~ /number of transactions actually processed: (\d+)/;
my ($failed) = $out =~ /number of failed transactions: (\d+)/;
my ($retried) = $out =~ /number of transactions retried: (\d+)/;
cmp_ok($committed // 0, '>', 1000, 'more than 1,000 transactions committed (' . ($committed // 0) . ')');
is($failed, '0', 'no transaction failed' . (defined $retried ? " ($retried retried after a serialization or deadlock failure)" : ''));
unlike($err, qr/ERROR|aborted/, 'no client reported an error');

my $awarded = $node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.award');
cmp_ok($awarded, '>', 0, "tenders were awarded while bids changed ($awarded of $tenders)");
note('refusals: ' . $node->safe_psql('postgres',
	q{SELECT coalesce(string_agg(what || ' ' || n, ', '), 'none') FROM (SELECT what, count(*) n FROM refusal GROUP BY 1) r}));

# Every award froze exactly the rows that are there now: nothing was
# added, changed or removed after it.
is($node->safe_psql('postgres', q{
	SELECT count(*) FROM svtoms.award a
	WHERE a.inputs -> 'responses' IS DISTINCT FROM coalesce(
			(SELECT jsonb_agg(to_jsonb(r) - 'framework_id' ORDER BY r.bid_id, r.measure_code)
			 FROM svtoms.response r JOIN svtoms.bid b ON b.id = r.bid_id WHERE b.tender_id = a.tender_id), '[]')
	   OR a.inputs -> 'bids' IS DISTINCT FROM coalesce(
			(SELECT jsonb_agg(to_jsonb(b) ORDER BY b.id) FROM svtoms.bid b WHERE b.tender_id = a.tender_id), '[]')}),
	'0', 'no award differs from the bids and responses of its tender');

# Recompute: copy each awarded tender's data under a new id, evaluate it
# afresh and compare with the stored award, bid by bid.
$node->safe_psql('postgres', q{
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
	SELECT 'copy-' || t.id, t.framework_id, t.value_set_id, t.contract_value, t.price_weight, t.quality_weight, t.social_weight
	FROM svtoms.tender t JOIN svtoms.award a ON a.tender_id = t.id;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'copy-' || s.tender_id, s.outcome_code FROM svtoms.tender_outcome s JOIN svtoms.award a ON a.tender_id = s.tender_id;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'copy-' || b.id, 'copy-' || b.tender_id, b.bidder, b.price, b.quality_points
	FROM svtoms.bid b JOIN svtoms.award a ON a.tender_id = b.tender_id;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT 'copy-' || r.bid_id, r.measure_code, r.quantity
	FROM svtoms.response r JOIN svtoms.bid b ON b.id = r.bid_id JOIN svtoms.award a ON a.tender_id = b.tender_id;
});
my $mismatches = $node->safe_psql('postgres', q{
	SELECT count(*) FROM svtoms.award_result ar
	FULL JOIN (SELECT substr(t.id, 6) AS tender_id, substr(e.bid_id, 6) AS bid_id, e.value, e.profile, e.total_points,
					  e.rank, e.status
			   FROM svtoms.tender t, svtoms.evaluate(t.id) e WHERE t.id LIKE 'copy-%') f
		ON f.tender_id = ar.tender_id AND f.bid_id = ar.bid_id
	WHERE f.value::text IS DISTINCT FROM ar.value::text OR f.profile::text IS DISTINCT FROM ar.profile::text
	   OR f.total_points IS DISTINCT FROM ar.total_points OR f.rank IS DISTINCT FROM ar.rank
	   OR f.status IS DISTINCT FROM ar.status});
my $results = $node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.award_result');
is($mismatches, '0', "a recomputation matches every stored award ($results bid results of $awarded awards)");

# A writer at REPEATABLE READ whose snapshot predates an award cannot see
# it; the guard still finds it and fails the write as a serialization
# failure (40001), so a retry sees the award and is refused.
for my $isolation ('REPEATABLE READ', 'SERIALIZABLE')
{
	my $tender = $isolation eq 'SERIALIZABLE' ? 'SR' : 'RR';
	$node->safe_psql('postgres', qq{
		INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
		VALUES ('$tender', 'toms-sample', 'bench-values', 50, 0, 50);
		INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('$tender-1', '$tender', 'One', 100);
	});
	my $writer = $node->background_psql('postgres', on_error_stop => 0);
	$writer->query_safe("BEGIN ISOLATION LEVEL $isolation");
	$writer->query_safe('SELECT count(*) FROM svtoms.bid');    # takes the snapshot
	$node->safe_psql('postgres', qq{CALL svtoms.award('$tender')});
	$writer->query(qq{\\set VERBOSITY verbose
		INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('$tender-1', 'JOB1', 5)});
	like($writer->{stderr}, qr/40001: tender '$tender' was awarded after this transaction began/,
		"a $isolation write to a tender awarded after its snapshot is a serialization failure");
	$writer->query('ROLLBACK');
	$writer->quit;
}
is($node->safe_psql('postgres', q{SELECT count(*) FROM svtoms.response WHERE bid_id IN ('RR-1', 'SR-1')}), '0',
	'nothing was added to the awarded tenders');

$node->stop;
done_testing();
