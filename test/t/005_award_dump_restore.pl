# A database with awarded tenders survives pg_dump and restore: the award
# guard lets the recorded rows back in, and every evaluation and award comes
# back identical.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('awards');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	SELECT svtoms.import_value_set('council-values', 'toms-sample', 'Council values', '2026-01-01',
		'council', 'internal', E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nGRO1,0.5,0\nENV1,245,0\n');
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
							   price_weight, quality_weight, social_weight)
	SELECT 'T' || n, 'toms-sample', 'council-values', 'Tender ' || n, 1000000, 40, 40, 20
	FROM generate_series(1, 4) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'T' || n, o FROM generate_series(1, 4) n, unnest(ARRAY['JOBS-1', 'GROWTH-1', 'ENV-1']) o;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'T' || n || '-' || b, 'T' || n, 'Bidder ' || b, 900000 + 10000 * b + n, 20 + b
	FROM generate_series(1, 4) n, generate_series(1, 4) b;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT b.id, m, CASE m WHEN 'JOB1' THEN 3 + length(b.id) WHEN 'GRO1' THEN 1000 * length(b.bidder)
					 ELSE 7 - 3 * right(b.id, 1)::int END
	FROM svtoms.bid b, unnest(ARRAY['JOB1', 'GRO1', 'ENV1']) m;
	CALL svtoms.award('T1');
	CALL svtoms.award('T2');
	-- judged quality questions on T3, awarded too
	INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points)
	VALUES ('T3', 'Q1', 'Method', 5, 40);
	INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score, rationale)
	SELECT b.id, 'Q1', e, 1 + (length(b.id) + length(e)) % 5, 'ok'
	FROM svtoms.bid b, unnest(ARRAY['ann', 'bob', 'carol']) e WHERE b.tender_id = 'T3';
	CALL svtoms.award('T3');
	-- deliveries of T1's winner, through their lifecycle
	SELECT svtoms.report_delivery(w.bid_id, 'JOB1', '2026-04-01', '2026-06-30', 3, 'payroll'),
		   svtoms.report_delivery(w.bid_id, 'ENV1', '2026-04-01', '2026-06-30', -2),
		   svtoms.report_delivery(w.bid_id, 'GRO1', '2026-04-01', '2026-06-30', 5000)
	FROM svtoms.award_result w WHERE w.tender_id = 'T1' AND w.rank = 1;
	SELECT svtoms.set_delivery_status(d.id, 'verified') FROM svtoms.delivery d WHERE d.measure_code = 'JOB1';
	SELECT svtoms.set_delivery_status(d.id, 'rejected', NULL, 'no evidence') FROM svtoms.delivery d WHERE d.measure_code = 'GRO1';
	-- a correction: the rejected GRO1 period reported again and verified
	SELECT svtoms.report_delivery(w.bid_id, 'GRO1', '2026-04-01', '2026-06-30', 4000, 'invoices')
	FROM svtoms.award_result w WHERE w.tender_id = 'T1' AND w.rank = 1;
	SELECT svtoms.set_delivery_status(max(d.id), 'verified') FROM svtoms.delivery d WHERE d.measure_code = 'GRO1';
});

my $evaluations = q{
	SELECT string_agg(format('%s %s %s %s %s %s', t.id, e.bid_id, e.value, e.total_points, e.rank, e.status),
					  E'\n' ORDER BY t.id, e.bid_id)
	FROM svtoms.tender t, svtoms.evaluate(t.id) e
};
my $awards = q{
	SELECT string_agg(format('%s %s %s %s', a.tender_id, a.awarded_at, a.value_set_id, a.inputs), E'\n'
					  ORDER BY a.tender_id) FROM svtoms.award a
};
my $deliveries = q{
	SELECT string_agg(format('%s %s %s %s %s', p.bid_id, p.measure_code, p.quantity, p.status, p.amount),
					  E'\n' ORDER BY p.delivery_id)
	FROM svtoms.delivery_progress p
};
my $contracts = q{
	SELECT string_agg(format('%s %s %s %s', c.bid_id, c.verified_net, c.delivery_rate, c.rating), E'\n'
					  ORDER BY c.bid_id) FROM svtoms.delivery_by_contract c
};
my $history = q{
	SELECT string_agg(format('%s %s %s %s', e.delivery_id, e.seq, e.status, e.changed_at), E'\n'
					  ORDER BY e.delivery_id, e.seq) FROM svtoms.delivery_event e
};
my $before = $node->safe_psql('postgres', $evaluations);
my $deliveries_before = $node->safe_psql('postgres', $deliveries);
my $contracts_before = $node->safe_psql('postgres', $contracts);
my $history_before = $node->safe_psql('postgres', "SET TimeZone = 'UTC'; $history");
like($deliveries_before, qr/JOB1 3 verified 24000/, 'a verified delivery before the dump');
like($deliveries_before, qr/GRO1 5000 rejected 2500\n.*GRO1 4000 verified 2000/, 'a corrected report before the dump');
my $awards_before = $node->safe_psql('postgres', $awards);
like($before, qr/T4-1/, 'the unawarded tender evaluates');

my $dir = $node->basedir;
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/awards.dump", '-d', $node->connstr('postgres') ],
	'pg_dump of a database with awards');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
{
	# restore in another time zone than the dump's
	local $ENV{PGOPTIONS} = '-c TimeZone=America/New_York';
	$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$dir/awards.dump" ],
		'pg_restore lets the recorded rows of awarded tenders back in, in another time zone');
}
is($node->safe_psql('restored', $evaluations), $before, 'every evaluation is identical after restore');
is($node->safe_psql('restored', $awards), $awards_before, 'every award record is identical after restore');
is($node->safe_psql('restored', $deliveries), $deliveries_before, 'every delivery keeps its status and value');
is($node->safe_psql('restored', $contracts), $contracts_before, 'every contract keeps its rating');
is($node->safe_psql('restored', "SET TimeZone = 'UTC'; $history"), $history_before,
	'the status history is restored as it was');

# after the restore the awarded tenders are still frozen
my ($ret, $out, $err) = $node->psql('restored',
	q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T1-1' AND measure_code = 'JOB1'});
like($err, qr/tender 'T1' was awarded on .*; its responses can no longer change/,
	'a restored award still refuses changes');
($ret, $out, $err) = $node->psql('restored',
	q{INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('T2-1', 'GRO2', 1)});
like($err, qr/tender 'T2' was awarded/, 'and new responses to it');
$node->safe_psql('restored', q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T4-1' AND measure_code = 'ENV1'});
is($node->safe_psql('restored', q{SELECT quantity FROM svtoms.response WHERE bid_id = 'T4-1' AND measure_code = 'ENV1'}),
	'0', 'the unawarded tender can still change');

$node->stop;
done_testing();
