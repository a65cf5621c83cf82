# Parallel plans of the sv aggregates really run in workers and give exactly
# the serial result and the plain sum(numeric) arithmetic.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('parallel');
$node->init;
$node->append_conf('postgresql.conf', qq{
max_worker_processes = 8
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
});
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	-- 200,000 responses with up to six decimals, both signs, 1 in 500 missing
	CREATE TABLE response AS
	SELECT g AS id, g % 50 AS bid,
		CASE WHEN g % 500 = 0 THEN NULL
			 ELSE (((g::bigint * 7919 * 104729) % 200000033) - 50000000) * 0.000001 END AS amount
	FROM generate_series(1, 200000) g;
	ANALYZE response;
});

my $force = q{
	SET parallel_setup_cost = 0;
	SET parallel_tuple_cost = 0;
	SET min_parallel_table_scan_size = 0;
	SET max_parallel_workers_per_gather = 2;
};
my $serial = q{SET max_parallel_workers_per_gather = 0;};

my %queries = (
	'social_value' => q{SELECT svtoms.social_value(amount)::text FROM response},
	'social_value with counts' =>
	  q{SELECT svtoms.social_value(amount, id % 7 <> 0)::text FROM response},
	'sum of sv' => q{SELECT svtoms.sum(svtoms.sv(amount))::text FROM response},
	'grouped social_value' => q{SELECT string_agg(v, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.social_value(amount)::text AS v FROM response GROUP BY bid) s},
);

for my $name (sort keys %queries)
{
	my $q = $queries{$name};
	my $plan = $node->safe_psql('postgres',
		"$force EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $q");
	like($plan, qr/Partial (?:Hash)?Aggregate/, "$name: plan has a partial aggregate");
	like($plan, qr/Workers Launched: [1-9]/, "$name: parallel workers ran");

	my $par = $node->safe_psql('postgres', "$force $q");
	my $ser = $node->safe_psql('postgres', "$serial $q");
	is($par, $ser, "$name: parallel result equals serial result");
}

# The account agrees with numeric arithmetic to the last digit.
my $check = $node->safe_psql('postgres', qq{
	$force
	SELECT svtoms.benefit(v) = (SELECT sum(amount) FROM response WHERE amount > 0),
	       svtoms.harm(v) = (SELECT -sum(amount) FROM response WHERE amount < 0),
	       svtoms.net(v) = (SELECT sum(amount) FROM response),
	       svtoms.responses(v) = (SELECT count(amount) FROM response),
	       svtoms.negatives(v) = (SELECT count(*) FROM response WHERE amount < 0),
	       svtoms.missing(v) = 400
	FROM (SELECT svtoms.social_value(amount) AS v FROM response) s
});
is($check, 't|t|t|t|t|t', 'parallel account equals sum(numeric) arithmetic');

$node->stop;
done_testing();
