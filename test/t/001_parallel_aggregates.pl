# Parallel plans of the sv aggregates and of moderate really run in workers
# and give exactly the serial result and plain SQL's arithmetic.
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
	# amounts past 10^12 (read in 128 bits) among smaller ones (read inline),
	# and amounts of 7 decimals, rounded at the 6th
	'grouped social_value over both read paths' => q{SELECT string_agg(v, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.social_value(CASE WHEN id % 3 = 0 THEN amount * 100000000000
			ELSE amount / 10 END)::text AS v FROM response GROUP BY bid) s},
	# moderate keeps every score: its internal state is serialized between
	# the processes, and the median is taken from all of them at the end
	'moderate' => q{SELECT svtoms.moderate(amount, 100)::text FROM response},
	'grouped moderate' => q{SELECT string_agg(m, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.moderate(amount, 1.5)::text AS m FROM response GROUP BY bid) s},
	# equal scores written with 0 and with 2 decimals: which of them is the
	# median, the lowest or the highest must not depend on how the rows
	# were split between the processes
	'moderate of equal scores with different decimals' => q{SELECT string_agg(m, ';' ORDER BY bid) FROM (
		SELECT bid % 5 AS bid, svtoms.moderate(CASE WHEN id % 2 = 0 THEN round(amount / 20)
			ELSE round(amount / 20)::numeric(10, 2) END)::text AS m FROM response GROUP BY 1) s},
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

# The parallel moderate equals plain SQL on the same scores: the lower and
# upper middle scores, their mean with trailing zeros trimmed when the
# count is even, and the spread against the allowed 1.5
my $moderated = $node->safe_psql('postgres', qq{
	$force
	SELECT string_agg(m, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.moderate(amount, 1.5)::text AS m FROM response GROUP BY bid) s
});
my $plain = $node->safe_psql('postgres', q{
	SELECT string_agg(ROW(n, CASE WHEN n % 2 = 1 THEN lo ELSE trim_scale((lo + hi) / 2) END,
						  lo_all, hi_all, hi_all - lo_all, hi_all - lo_all > 1.5)::svtoms.moderation::text,
					  ';' ORDER BY bid)
	FROM (SELECT bid, count(amount)::integer AS n, min(amount) AS lo_all, max(amount) AS hi_all,
				 percentile_disc(0.5) WITHIN GROUP (ORDER BY amount) AS lo,
				 -percentile_disc(0.5) WITHIN GROUP (ORDER BY -amount) AS hi
		  FROM response GROUP BY bid) s
});
is($moderated, $plain, 'parallel moderate equals the median, lowest, highest and spread computed in plain SQL');

$node->stop;
done_testing();
