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
	FROM generate_series(1, 3) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'T' || n, o FROM generate_series(1, 3) n, unnest(ARRAY['JOBS-1', 'GROWTH-1', 'ENV-1']) o;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'T' || n || '-' || b, 'T' || n, 'Bidder ' || b, 900000 + 10000 * b + n, 20 + b
	FROM generate_series(1, 3) n, generate_series(1, 4) b;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT b.id, m, CASE m WHEN 'JOB1' THEN 3 + length(b.id) WHEN 'GRO1' THEN 1000 * length(b.bidder)
					 ELSE 7 - 3 * right(b.id, 1)::int END
	FROM svtoms.bid b, unnest(ARRAY['JOB1', 'GRO1', 'ENV1']) m;
	CALL svtoms.award('T1');
	CALL svtoms.award('T2');
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
my $before = $node->safe_psql('postgres', $evaluations);
my $awards_before = $node->safe_psql('postgres', $awards);
like($before, qr/T3-1/, 'the unawarded tender evaluates');

my $dir = $node->basedir;
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/awards.dump", '-d', $node->connstr('postgres') ],
	'pg_dump of a database with awards');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$dir/awards.dump" ],
	'pg_restore lets the recorded rows of awarded tenders back in');
is($node->safe_psql('restored', $evaluations), $before, 'every evaluation is identical after restore');
is($node->safe_psql('restored', $awards), $awards_before, 'every award record is identical after restore');

# after the restore the awarded tenders are still frozen
my ($ret, $out, $err) = $node->psql('restored',
	q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T1-1' AND measure_code = 'JOB1'});
like($err, qr/tender 'T1' was awarded on .*; its responses can no longer change/,
	'a restored award still refuses changes');
($ret, $out, $err) = $node->psql('restored',
	q{INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('T2-1', 'GRO2', 1)});
like($err, qr/tender 'T2' was awarded/, 'and new responses to it');
is($node->safe_psql('restored', q{SELECT count(*) FROM svtoms.response WHERE bid_id = 'T3-1'}),
	'3', 'the unawarded tender can still change');
$node->safe_psql('restored', q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T3-1' AND measure_code = 'ENV1'});

$node->stop;
done_testing();
