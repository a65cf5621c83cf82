# Scale-out over PostgreSQL nodes with postgres_fdw: the same data in one
# database and spread over two shards behind a coordinator give exactly the
# same accounts, theme profiles and bid evaluations, and the aggregates run
# on the shards (the Remote SQL of the plan holds them).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);

my $started = time;

# The coordinator also holds database "single": all the data on one node,
# the reference every answer through the shards is compared with.
my $coord = PostgreSQL::Test::Cluster->new('coordinator');
my %shard = (north => PostgreSQL::Test::Cluster->new('north'), south => PostgreSQL::Test::Cluster->new('south'));
for my $node ($coord, $shard{north}, $shard{south})
{
	$node->init;
	$node->start;
}
$coord->safe_psql('postgres', 'CREATE DATABASE single');

# A fact table of signed responses, as an analyst keeps one (layer 1)
my $responses_table = q{
	CREATE TABLE public.responses (tender text, bid text, theme text, amount numeric, robust boolean)};
# 24,000 responses over 12 tenders: both signs, up to 9 decimals (rounded
# to 6 by the aggregates), and missing answers
my $responses_rows = q{
	INSERT INTO responses
	SELECT 'T' || (1 + g % 12), 'T' || (1 + g % 12) || '-B' || (g / 12 % 7), 'theme' || (g % 5),
		   CASE WHEN g % 97 = 0 THEN NULL
				WHEN g % 13 = 0 THEN ((g * 7919) % 20011 - 10000) * 0.000000123
				ELSE ((g::bigint * 7919 * 104729) % 2000003 - 1000000) * 0.000137 END,
		   g % 7 <> 0
	FROM generate_series(1, 24000) g};

# The reference schema (layer 2): a council's value set and points
# framework, loaded on every node, and tenders T<lo> to T<hi> with bids,
# responses, judgements, awards and deliveries.
my $common_data = q{
	SELECT svtoms.import_value_set('council-values', 'toms-sample', 'Council values', '2026-01-01',
		'council', 'internal',
		E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nGRO1,0.5,0\nGRO2,0.4,0\nENV1,245,0\nSOC1,15.5,0.1\n');
	INSERT INTO svtoms.framework (id, name, valuation) VALUES ('council-points', 'Council points', 'points');
	INSERT INTO svtoms.theme (framework_id, code, name)
	VALUES ('council-points', 'people', 'People'), ('council-points', 'planet', 'Planet');
	INSERT INTO svtoms.outcome (framework_id, code, theme_code, name)
	VALUES ('council-points', 'skills', 'people', 'Skills'), ('council-points', 'fair-pay', 'people', 'Fair pay'),
		   ('council-points', 'carbon', 'planet', 'Carbon');
	INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit_kind, direction, max_points)
	VALUES ('council-points', 'apprentices', 'skills', 'Apprentices', 'count', 'higher_better', 10),
		   ('council-points', 'pay-ratio', 'fair-pay', 'Pay ratio', 'ratio', 'lower_better', 10),
		   ('council-points', 'net-zero', 'carbon', 'Net zero plan', 'boolean', 'higher_better', 5);
};

sub load_tenders
{
	my ($node, $db, $lo, $hi) = @_;
	$node->safe_psql($db, qq{
	-- every third tender is scored in points, the others valued in money;
	-- T2 has a theme floor, T5-4 leaves an outcome unanswered, bids 2
	-- double count local spend, bids 3 leave SOCIAL-1 unanswered
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
							   price_weight, quality_weight, social_weight, theme_floor)
	SELECT 'T' || n, CASE WHEN n % 3 = 0 THEN 'council-points' ELSE 'toms-sample' END,
		   CASE WHEN n % 3 = 0 THEN NULL ELSE 'council-values' END, 'Tender ' || n, 1000000 + 1000 * n,
		   40, 40, 20, CASE WHEN n = 2 THEN 0 END
	FROM generate_series($lo, $hi) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'T' || n, o FROM generate_series($lo, $hi) n,
		   unnest(ARRAY['JOBS-1', 'GROWTH-1', 'ENV-1', 'SOCIAL-1']) WITH ORDINALITY u (o, k)
	WHERE n % 3 <> 0 AND (k < 4 OR n % 2 = 0);
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'T' || n || '-' || b, 'T' || n, 'Bidder ' || ((n + b) % 5), 900000 + 10000 * b + 7 * n, 20 + b
	FROM generate_series($lo, $hi) n, generate_series(1, 4) b;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT 'T' || n || '-' || b, m,
		   CASE m WHEN 'JOB1' THEN 3 + (n * b) % 5 WHEN 'GRO1' THEN 1000 * (n + b) WHEN 'GRO2' THEN 700 * b
				  WHEN 'ENV1' THEN 7 - 3 * b ELSE 40.5 * b END
	FROM generate_series($lo, $hi) n, generate_series(1, 4) b, unnest(ARRAY['JOB1', 'GRO1', 'GRO2', 'ENV1', 'SOC1']) m
	WHERE n % 3 <> 0 AND (m <> 'GRO2' OR b = 2) AND (m <> 'SOC1' OR b <> 3) AND NOT (n = 5 AND b = 4 AND m = 'ENV1');
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT 'T' || n || '-' || b, m,
		   CASE m WHEN 'apprentices' THEN (n + b) % 7 - 2 WHEN 'pay-ratio' THEN 1.5 + b ELSE b % 3 - 1 END
	FROM generate_series($lo, $hi) n, generate_series(1, 4) b, unnest(ARRAY['apprentices', 'pay-ratio', 'net-zero']) m
	WHERE n % 3 = 0;
	-- T6 cannot be evaluated: a bid with a zero price
	INSERT INTO svtoms.bid (id, tender_id, bidder, price)
	SELECT 'T6-5', 'T6', 'Bidder 9', 0 WHERE 6 BETWEEN $lo AND $hi;
	-- officers judge T4's method
	INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points)
	SELECT 'T4', 'Q1', 'Method', 5, 40 WHERE 4 BETWEEN $lo AND $hi;
	INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score, rationale)
	SELECT b.id, 'Q1', e, 1 + (length(e) + right(b.id, 1)::int) % 5, 'ok'
	FROM svtoms.bid b, unnest(ARRAY['ann', 'bob', 'carol']) e WHERE b.tender_id = 'T4';
	});
	for my $n (grep { $_ >= $lo && $_ <= $hi } (1, 3, 4, 5))
	{
		$node->safe_psql($db, "CALL svtoms.award('T$n')");
	}
	# deliveries of the winners, through their lifecycle
	$node->safe_psql($db, q{
	CREATE TEMP VIEW winner AS
	SELECT w.tender_id, w.bid_id, t.framework_id FROM svtoms.award_result w
	JOIN svtoms.tender t ON t.id = w.tender_id WHERE w.rank = 1;
	SELECT svtoms.report_delivery(bid_id, 'JOB1', '2026-04-01', '2026-06-30', 2, 'payroll'),
		   svtoms.report_delivery(bid_id, 'ENV1', '2026-04-01', '2026-06-30', -1),
		   svtoms.report_delivery(bid_id, 'GRO1', '2026-04-01', '2026-06-30', 5000)
	FROM winner WHERE framework_id = 'toms-sample' ORDER BY tender_id;
	SELECT svtoms.report_delivery(bid_id, 'apprentices', '2026-04-01', '2026-06-30', 1, 'register')
	FROM winner WHERE framework_id = 'council-points' ORDER BY tender_id;
	SELECT svtoms.set_delivery_status(d.id, 'verified') FROM svtoms.delivery d
	WHERE d.measure_code IN ('JOB1', 'apprentices') ORDER BY d.id;
	SELECT svtoms.set_delivery_status(d.id, 'rejected', NULL, 'no evidence') FROM svtoms.delivery d
	WHERE d.measure_code = 'GRO1' ORDER BY d.id;
	SELECT svtoms.report_delivery(bid_id, 'GRO1', '2026-04-01', '2026-06-30', 4000, 'invoices')
	FROM winner WHERE framework_id = 'toms-sample' ORDER BY tender_id;
	SELECT svtoms.set_delivery_status(max(d.id), 'verified') FROM svtoms.delivery d
	WHERE d.measure_code = 'GRO1' GROUP BY d.bid_id ORDER BY max(d.id);
	});
}

$coord->safe_psql('single', "CREATE EXTENSION svtoms; $responses_table; $responses_rows; $common_data");
load_tenders($coord, 'single', 1, 6);
for my $name ('north', 'south')
{
	$shard{$name}->safe_psql('postgres', "CREATE EXTENSION svtoms; $responses_table; $common_data");
}
load_tenders($shard{north}, 'postgres', 1, 3);
load_tenders($shard{south}, 'postgres', 4, 6);

# The coordinator: a server and user mapping per shard, and the fact table
# partitioned by tender, one foreign partition on each shard
my $servers = '';
for my $name ('north', 'south')
{
	my ($host, $port) = ($shard{$name}->host, $shard{$name}->port);
	$servers .= qq{
	CREATE SERVER $name FOREIGN DATA WRAPPER postgres_fdw
		OPTIONS (host '$host', port '$port', dbname 'postgres', async_capable 'true', batch_size '1000');
	CREATE USER MAPPING FOR CURRENT_USER SERVER $name;};
}
$coord->safe_psql('postgres', qq{
	CREATE EXTENSION svtoms;
	CREATE EXTENSION postgres_fdw;
	$servers
	CREATE TABLE responses (tender text, bid text, theme text, amount numeric, robust boolean)
		PARTITION BY HASH (tender);
	CREATE FOREIGN TABLE responses_north PARTITION OF responses FOR VALUES WITH (MODULUS 2, REMAINDER 0)
		SERVER north OPTIONS (schema_name 'public', table_name 'responses');
	CREATE FOREIGN TABLE responses_south PARTITION OF responses FOR VALUES WITH (MODULUS 2, REMAINDER 1)
		SERVER south OPTIONS (schema_name 'public', table_name 'responses');
	$responses_rows;
	-- foreign tables are not analyzed automatically; without statistics
	-- the planner may not see that aggregating on the shards is cheaper
	ANALYZE responses;
});
my ($n_north, $n_south) = map { $shard{$_}->safe_psql('postgres', 'SELECT count(*) FROM responses') } ('north', 'south');
ok($n_north > 0 && $n_south > 0 && $n_north + $n_south == 24000,
	"the coordinator routed the responses to both shards ($n_north and $n_south)");

my $pushdown = 'SET enable_partitionwise_aggregate = on;';
my %layer1 = (
	'per tender' => q{
		SELECT tender, svtoms.social_value(amount), svtoms.social_value(amount, robust),
			   svtoms.theme_profile(theme, amount), svtoms.theme_profile(theme, svtoms.sv(amount)),
			   svtoms.sum(svtoms.sv(amount)), svtoms.min(svtoms.sv(amount)), svtoms.max(svtoms.sv(amount)),
			   svtoms.balance(svtoms.theme_profile(theme, amount)), svtoms.coverage(svtoms.theme_profile(theme, amount))
		FROM responses GROUP BY tender ORDER BY tender},
	'per bid' => q{
		SELECT tender, bid, svtoms.social_value(amount), svtoms.social_value(amount, robust),
			   svtoms.theme_profile(theme, amount), svtoms.net(svtoms.social_value(amount))
		FROM responses GROUP BY tender, bid ORDER BY tender, bid},
	'per bid, not grouped by tender' => q{
		SELECT bid, svtoms.social_value(amount, robust), svtoms.theme_profile(theme, amount)
		FROM responses GROUP BY bid ORDER BY bid},
	'whole table' => q{
		SELECT svtoms.social_value(amount, robust), svtoms.theme_profile(theme, amount) FROM responses},
);

sub remote_sql
{
	my ($query) = @_;
	my $plan = $coord->safe_psql('postgres', "$pushdown EXPLAIN (VERBOSE, COSTS OFF) $query");
	return ($plan, [ $plan =~ /Remote SQL: (.*)$/mg ]);
}

# Before attach_shard, the servers do not list svtoms: postgres_fdw fetches
# the rows and the coordinator aggregates them
my ($plan, $remote) = remote_sql($layer1{'per tender'});
is(scalar(grep { !/svtoms\./ } @$remote), 2, 'without svtoms in the extensions option, no aggregate is shipped')
  or diag($plan);

is($coord->safe_psql('postgres', q{SELECT svtoms.attach_shard('north') || ' ' || svtoms.attach_shard('south')}),
	'svtoms_shard_north svtoms_shard_south', 'attach_shard imports each shard into a schema of its own');
is($coord->safe_psql('postgres', q{SELECT shard, local_schema, array_length(views, 1), ships_svtoms,
										  svtoms.fdw_extensions(server_options) FROM svtoms.shards()}),
	"north|svtoms_shard_north|8|t|{svtoms}\nsouth|svtoms_shard_south|8|t|{svtoms}",
	'shards lists both, with the eight views and svtoms shipped');

# Every view of svtoms_shards, and each of its columns, has a description
# for BI tools: svtoms's own view's (a column's follows svtoms's at the next
# refresh), and column shard's
my $svtoms_columns = $coord->safe_psql('postgres', q{
	SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	WHERE c.relnamespace = 'svtoms'::regnamespace AND c.relkind = 'v'});
is($coord->safe_psql('postgres', q{
	COMMENT ON COLUMN svtoms.bid_evaluation.net IS 'benefit minus harm';
	SELECT svtoms.refresh_shard_views();
	SELECT count(DISTINCT c.oid), count(DISTINCT c.oid) FILTER (WHERE obj_description(c.oid, 'pg_class') IS NULL),
		   count(*), count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL)
	FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	WHERE c.relnamespace = 'svtoms_shards'::regnamespace;
	SELECT count(*) FROM pg_class c
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	JOIN pg_attribute o ON o.attrelid = format('svtoms.%I', c.relname)::regclass AND o.attname = a.attname
	WHERE c.relnamespace = 'svtoms_shards'::regnamespace
	  AND col_description(c.oid, a.attnum) IS DISTINCT FROM coalesce(col_description(o.attrelid, o.attnum),
			format('column %s of svtoms.%s, computed on the shard', a.attname, c.relname));
	SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a
	WHERE a.attrelid = 'svtoms_shards.bid_evaluation'::regclass AND a.attname IN ('shard', 'net')
	ORDER BY a.attnum}),
	"2\n8|0|" . ($svtoms_columns + 8) . "|0\n0\n"
	  . "the shard the row comes from: the name of its postgres_fdw server on the coordinator\nbenefit minus harm",
	'the eight views of svtoms_shards and all their columns have descriptions, svtoms\'s where it has one');
like($coord->safe_psql('postgres', q{SELECT obj_description('svtoms_shards.bid_evaluation'::regclass, 'pg_class')}),
	qr/^svtoms\.bid_evaluation of every attached shard, with the shard's server name in column shard: svtoms\.evaluate for every tender/,
	'a view of svtoms_shards is described as svtoms\'s view is');

# Grouped by the partition key, every aggregate runs on the shards
for my $name ('per tender', 'per bid')
{
	($plan, $remote) = remote_sql($layer1{$name});
	is(scalar(grep { /svtoms\.social_value\(amount, robust\)/ && /svtoms\.theme_profile\(theme, amount\)/ && /GROUP BY/ }
			@$remote), 2, "$name: both shards aggregate (Remote SQL)") or diag($plan);
	unlike($plan, qr/Partial|Finalize/, "$name: the coordinator only appends the shards' groups");
	note($plan) if $name eq 'per bid';
}
($plan, $remote) = remote_sql($layer1{'per bid, not grouped by tender'});
ok(@$remote == 2 && !grep({ /svtoms\./ } @$remote) && $plan =~ /^ *(Finalize )?(Hash|Group)Aggregate/m,
	'not grouped by the partition key: the rows are fetched and aggregated on the coordinator') or diag($plan);
note($plan);

for my $name (sort keys %layer1)
{
	my $one = $coord->safe_psql('single', $layer1{$name});
	my $sharded = $coord->safe_psql('postgres', "$pushdown $layer1{$name}");
	is($sharded, $one, "$name: accounts and theme profiles through the shards equal one node's");
}
cmp_ok(scalar(split /\n/, $coord->safe_psql('single', $layer1{'per bid'})), '==', 84, 'per bid: 84 bids compared');

# Two stages: per tender on the shards, then the coordinator adds the
# accounts with svtoms.sum(sv) and the profiles with svtoms.sum(profile)
my $two_stage = q{
	SELECT svtoms.sum(v), svtoms.sum(p) FROM (
		SELECT tender, svtoms.social_value(amount, robust) AS v, svtoms.theme_profile(theme, amount) AS p
		FROM responses GROUP BY tender) s};
($plan, $remote) = remote_sql($two_stage);
is(scalar(grep { /svtoms\.theme_profile\(theme, amount\)/ } @$remote), 2, 'two stages: the first runs on the shards')
  or diag($plan);
is($coord->safe_psql('postgres', "$pushdown $two_stage"), $coord->safe_psql('single', $layer1{'whole table'}),
	'two stages: sum(sv) and sum(profile) of the shards\' groups equal the whole table on one node');

# The aggregates Citus computes in parts on its workers and combines on its
# coordinator when the grouping is not by the distribution column, by its
# rule since 9.5 (AggregateEnabledCustom in multi_logical_optimizer.c): at
# least one argument and any number of them, no ORDER BY in the call (an
# ordered-set aggregate always has one), a combine function, and a state
# that is not a pseudo-type (docs/scale-out.md)
my $citus_eligible = q{
	SELECT string_agg(p.oid::regprocedure::text, ' ' ORDER BY p.oid::regprocedure::text COLLATE "C")
	FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_type t ON t.oid = a.aggtranstype
	WHERE p.pronamespace = 'svtoms'::regnamespace AND p.pronargs >= 1 AND a.aggkind = 'n'
	  AND a.aggcombinefn <> 0 AND (STATE)};
(my $citus_released = $citus_eligible) =~ s/STATE/t.typtype <> 'p'/;
is($coord->safe_psql('single', $citus_released),
	'svtoms.max(svtoms.sv) svtoms.min(svtoms.sv) '
	  . 'svtoms.social_value(numeric) svtoms.social_value(numeric,boolean) svtoms.sum(svtoms.profile) svtoms.sum(svtoms.sv)',
	'six aggregates have a combine function and a state that is not a pseudo-type');
# Citus's main branch (citusdata/citus#8505, in no release yet) also takes
# an internal state that has serialize and deserialize functions
(my $citus_next = $citus_eligible) =~ s/STATE/t.typtype <> 'p' OR (a.aggtranstype = 'internal'::regtype
	  AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0)/;
is($coord->safe_psql('single', "SELECT count(*) FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
		WHERE p.pronamespace = 'svtoms'::regnamespace;
		$citus_next"),
	"10\nsvtoms.max(svtoms.sv) svtoms.min(svtoms.sv) svtoms.moderate(numeric) svtoms.moderate(numeric,numeric) "
	  . 'svtoms.social_value(numeric) svtoms.social_value(numeric,boolean) svtoms.sum(svtoms.profile) svtoms.sum(svtoms.sv) '
	  . 'svtoms.theme_profile(text,numeric) svtoms.theme_profile(text,svtoms.sv)',
	'with internal states that serialize, all ten svtoms aggregates qualify');
# svtoms.sum(profile) in parallel workers, combined by profile_add
my $parallel = q{
	SET parallel_setup_cost = 0;
	SET parallel_tuple_cost = 0;
	SET min_parallel_table_scan_size = 0;
	SET max_parallel_workers_per_gather = 2;};
$coord->safe_psql('single', q{
	CREATE TABLE bid_profile AS
	SELECT bid, svtoms.theme_profile(theme, amount) AS p FROM responses GROUP BY bid});
like($coord->safe_psql('single', "$parallel EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
		SELECT svtoms.sum(p) FROM bid_profile"), qr/Workers Launched: [1-9].*Partial Aggregate/s,
	'svtoms.sum(profile) runs in parallel workers');
is($coord->safe_psql('single', "$parallel SELECT svtoms.sum(p) FROM bid_profile"),
	$coord->safe_psql('single', 'SELECT svtoms.theme_profile(theme, amount) FROM responses'),
	'svtoms.sum(profile) of the bids\' profiles, in parallel, equals theme_profile over their rows');

# Evaluation (layer 2): every shard's views as one on the coordinator
sub rows_of
{
	my ($db, $relation, $drop) = @_;
	return $coord->safe_psql($db, qq{
		SET TimeZone = 'UTC';
		SELECT string_agg(j, E'\n' ORDER BY j COLLATE "C")
		FROM (SELECT (to_jsonb(v) - 'shard' $drop)::text AS j FROM $relation v) s});
}
for my $view (qw(bid_evaluation bid_theme_evaluation question_moderation delivery_progress delivery_by_measure
	delivery_by_contract))
{
	# delivery ids are numbered by each node
	my $drop = $view eq 'delivery_progress' ? q{- 'delivery_id'} : '';
	my $one = rows_of('single', "svtoms.$view", $drop);
	my $sharded = rows_of('postgres', "svtoms_shards.$view", $drop);
	ok(length($one) > 100, "$view: one node has rows (" . scalar(split /\n/, $one) . ')');
	is($sharded, $one, "$view: the shards' rows equal one node's");
}
# a supplier's track record spans the shards: add up the shards' sums
my $track = q{
	SELECT string_agg(format('%s %s %s %s %s', supplier, contracts, committed_net, verified_net, rate), E'\n'
					  ORDER BY supplier)
	FROM (SELECT supplier, sum(contracts) AS contracts, sum(committed_net) AS committed_net,
				 sum(verified_net) AS verified_net,
				 CASE WHEN sum(committed_net) > 0 THEN trim_scale(sum(verified_net) / sum(committed_net)) END AS rate
		  FROM RELATION GROUP BY supplier) s};
(my $track_shards = $track) =~ s/RELATION/svtoms_shards.supplier_track_record/;
(my $track_one = $track) =~ s/RELATION/svtoms.supplier_track_record/;
is($coord->safe_psql('postgres', $track_shards), $coord->safe_psql('single', $track_one),
	'supplier_track_record: the shards\' rows added up per supplier equal one node\'s');
is($coord->safe_psql('postgres', q{
		SELECT shard, string_agg(DISTINCT tender_id, ' '), count(*) FILTER (WHERE status = 'unevaluable'),
			   count(*) FILTER (WHERE awarded)
		FROM svtoms_shards.bid_evaluation GROUP BY shard ORDER BY shard}),
	"north|T1 T2 T3|0|8\nsouth|T4 T5 T6|5|8", 'the shard column names where each tender is');
($plan) = remote_sql(q{SELECT * FROM svtoms_shards.bid_evaluation WHERE tender_id = 'T5'});
like($plan, qr/Remote SQL: SELECT .* FROM svtoms\.bid_evaluation WHERE \(\(tender_id = 'T5'\)\)/,
	'a condition on a tender is evaluated on the shards');
note($plan);

# Staff logins read the views with the mapping of the views' owner; bidders
# and readers cannot attach
$coord->safe_psql('postgres', q{
	CREATE ROLE bi LOGIN IN ROLE svtoms_reader;
	CREATE ROLE supplier LOGIN IN ROLE svtoms_bidder;});
is($coord->safe_psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation', extra_params => [ '-U', 'bi' ]),
	'25', 'a reader login reads the bids of every shard');
my ($rc, $out, $err) = $coord->psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation',
	extra_params => [ '-U', 'supplier' ]);
like($err, qr/permission denied for schema svtoms_shards/, 'a bidder login cannot read them');
($rc, $out, $err) = $coord->psql('postgres', q{SELECT svtoms.attach_shard('north')}, extra_params => [ '-U', 'bi' ]);
like($err, qr/permission denied for function attach_shard/, 'a reader cannot attach a shard');

# Errors name the value, with a specific SQLSTATE
$coord->safe_psql('postgres', q{CREATE EXTENSION file_fdw; CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;});
$shard{north}->safe_psql('postgres', q{CREATE DATABASE plain; CREATE DATABASE old;});
$shard{north}->safe_psql('old', q{CREATE EXTENSION svtoms VERSION '1.0'});
for my $db ('plain', 'old')
{
	my ($host, $port) = ($shard{north}->host, $shard{north}->port);
	$coord->safe_psql('postgres', qq{
		CREATE SERVER $db FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '$host', port '$port', dbname '$db');
		CREATE USER MAPPING FOR CURRENT_USER SERVER $db;});
}
my $long = 'x' x 51;
my $version = $coord->safe_psql('postgres', q{SELECT extversion FROM pg_extension WHERE extname = 'svtoms'});
$coord->safe_psql('postgres', qq{CREATE SERVER $long FOREIGN DATA WRAPPER postgres_fdw});
for my $case (
	[ q{SELECT svtoms.attach_shard(NULL)}, qr/ERROR:  22004: server name cannot be NULL/ ],
	[ q{SELECT svtoms.attach_shard('nowhere')}, qr/ERROR:  42704: server "nowhere" does not exist/ ],
	[ q{SELECT svtoms.attach_shard('files')}, qr/ERROR:  42809: server "files" is not a postgres_fdw server/ ],
	[ q{SELECT svtoms.attach_shard('plain')}, qr/ERROR:  55000: svtoms is not installed on shard "plain"/ ],
	[ q{SELECT svtoms.attach_shard('old')}, qr/ERROR:  55000: shard "old" has svtoms 1\.0, the coordinator \Q$version\E/ ],
	[ qq{SELECT svtoms.attach_shard('$long')}, qr/ERROR:  22023: server name "$long" is too long to name a shard/ ],
	[ q{SELECT svtoms.detach_shard('plain')}, qr/ERROR:  55000: server "plain" is not attached as a shard/ ],
	[ q{SELECT svtoms.detach_shard('nowhere')}, qr/ERROR:  42704: server "nowhere" does not exist/ ],
	[ q{SELECT svtoms.attach_shard('north')}, qr/ERROR:  55000: postgres_fdw is not installed in database "single"/,
		'single' ],
	[ q{BEGIN; DROP FOREIGN TABLE svtoms_shard_south.question_moderation CASCADE; SELECT svtoms.refresh_shard_views()},
		qr/ERROR:  55000: shard "south" has no foreign table for view svtoms\.question_moderation/ ],
	[ q{BEGIN; DROP VIEW svtoms_shards.bid_evaluation;
		ALTER FOREIGN TABLE svtoms_shard_south.bid_evaluation ALTER COLUMN rank TYPE bigint;
		SELECT svtoms.refresh_shard_views()},
		qr/ERROR:  55000: view svtoms\.bid_evaluation of shard "south" does not match the coordinator's\n.*DETAIL:  Column rank is integer on the coordinator and bigint on the shard\./ ])
{
	my $db = $case->[2] // 'postgres';
	(my $name = "$db: $case->[0]") =~ s/\s+/ /g;
	($rc, $out, $err) = $coord->psql($db, "\\set VERBOSITY verbose\n$case->[0]");
	like($err, $case->[1], $name);
	like($err, qr/HINT:  \S/, "$name: with a hint");
}
is($coord->safe_psql('postgres', q{SELECT string_agg(shard, ' ') FROM svtoms.shards();
								   SELECT srvoptions FROM pg_foreign_server WHERE srvname = 'plain'}),
	"north south\n{host=" . $shard{north}->host . ',port=' . $shard{north}->port . ',dbname=plain}',
	'a failed attach changes nothing');
is($coord->safe_psql('postgres', q{
	SELECT svtoms.fdw_extensions('{host=h,"extensions=postgis, \"My Ext\" ,SVTOMS"}');
	SELECT svtoms.fdw_extensions('{host=h}')}), qq({postgis,"My Ext",svtoms}\n{}),
	'fdw_extensions reads the option as postgres_fdw does');

# Attach again (after an update of the shards, say), detach, attach back
my $before = rows_of('postgres', 'svtoms_shards.bid_evaluation', '');
$coord->safe_psql('postgres', q{SELECT svtoms.attach_shard('north')});
is(rows_of('postgres', 'svtoms_shards.bid_evaluation', ''), $before, 'attaching a shard again changes no row');
$coord->safe_psql('postgres', q{SELECT svtoms.detach_shard('north')});
is($coord->safe_psql('postgres', q{
		SELECT string_agg(DISTINCT shard, ' ') FROM svtoms_shards.bid_theme_evaluation;
		SELECT string_agg(shard, ' ') FROM svtoms.shards();
		SELECT count(*) FROM pg_namespace WHERE nspname = 'svtoms_shard_north';
		SELECT srvoptions FROM pg_foreign_server WHERE srvname = 'north'}),
	"south\nsouth\n0\n{host=" . $shard{north}->host . ',port=' . $shard{north}->port
	  . ',dbname=postgres,async_capable=true,batch_size=1000,extensions=svtoms}',
	'detach_shard drops the shard from the views and its schema, and leaves the server');
$coord->safe_psql('postgres', q{SELECT svtoms.detach_shard('south')});
is($coord->safe_psql('postgres', q{SELECT count(*) FROM pg_class WHERE relnamespace = 'svtoms_shards'::regnamespace}),
	'0', 'without shards, the views go');
$coord->safe_psql('postgres', q{SELECT svtoms.attach_shard('south'); SELECT svtoms.attach_shard('north')});
is(rows_of('postgres', 'svtoms_shards.bid_evaluation', ''), $before, 'attached back, the views read the same');

# A server dropped with its foreign tables: the views go with them, and
# refresh_shard_views rebuilds them from the shards left
$coord->safe_psql('postgres', q{
	SET client_min_messages = warning;
	DROP SERVER north CASCADE;
	DROP SCHEMA svtoms_shard_north;});
is($coord->safe_psql('postgres', q{SELECT svtoms.refresh_shard_views();
	SELECT string_agg(DISTINCT shard, ' ') FROM svtoms_shards.bid_evaluation}),
	"1\nsouth", 'refresh_shard_views rebuilds the views after DROP SERVER ... CASCADE');

# An administrator who is not a superuser manages the shards as
# svtoms_admin, which owns the server, the schemas and the views; the views
# read the shard through svtoms_admin's user mapping.  postgres_fdw lets a
# role that is not a superuser connect only when the shard asks for its
# password: the shard authenticates the coordinator's login with
# scram-sha-256 (step 1 of docs/scale-out.md), and trusts the others
my $south_hba = $shard{south}->data_dir . '/pg_hba.conf';
my $hba_lines = slurp_file($south_hba);
open(my $hba, '>', $south_hba) or die "cannot write $south_hba: $!";
print $hba "local all coordinator scram-sha-256\n$hba_lines";
close($hba);
$shard{south}->reload;
$shard{south}->safe_psql('postgres', q{
	CREATE ROLE coordinator LOGIN PASSWORD 'shard secret' IN ROLE svtoms_reader;
	CREATE ROLE trusted LOGIN IN ROLE svtoms_reader;
	GRANT SELECT, INSERT ON public.responses TO coordinator;});
$coord->safe_psql('postgres', q{
	SELECT svtoms.detach_shard('south');
	GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO svtoms_admin;
	GRANT CREATE ON DATABASE postgres TO svtoms_admin;
	ALTER SERVER south OWNER TO svtoms_admin;
	CREATE ROLE lead LOGIN IN ROLE svtoms_admin;});
my $as_admin = "\\set VERBOSITY verbose\nSET ROLE svtoms_admin;\n";
# the last detach left schema svtoms_shards, the superuser's, behind
($rc, $out, $err) = $coord->psql('postgres', "$as_admin SELECT svtoms.attach_shard('south')",
	extra_params => [ '-U', 'lead' ]);
like($err, qr/ERROR:  42501: role "svtoms_admin" does not own schema svtoms_shards\n.*HINT:  No shard is attached: to manage the shards as svtoms_admin, have \w+ or a superuser run ALTER SCHEMA svtoms_shards OWNER TO svtoms_admin\./s,
	'svtoms_admin cannot attach into the superuser\'s schema svtoms_shards');
$coord->safe_psql('postgres', q{
	ALTER SCHEMA svtoms_shards OWNER TO svtoms_admin;
	CREATE USER MAPPING FOR svtoms_admin SERVER south OPTIONS (user 'trusted', password 'unused');});
($rc, $out, $err) = $coord->psql('postgres', "$as_admin SELECT svtoms.attach_shard('south')",
	extra_params => [ '-U', 'lead' ]);
like($err, qr/password is required\n.*DETAIL:  Non-superuser cannot connect if the server does not request a password\./s,
	'a shard that trusts the login instead of asking its password refuses svtoms_admin');
$coord->safe_psql('postgres', q{
	ALTER USER MAPPING FOR svtoms_admin SERVER south OPTIONS (SET user 'coordinator', SET password 'shard secret');});
is($coord->safe_psql('postgres', q{SET ROLE svtoms_admin; SELECT svtoms.attach_shard('south')},
		extra_params => [ '-U', 'lead' ]), 'svtoms_shard_south',
	'an svtoms_admin login attaches a shard that asks the password (scram-sha-256)');
is($coord->safe_psql('postgres', q{
		SELECT count(*) FROM svtoms_shards.bid_evaluation;
		SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ' ') FROM pg_class c
		WHERE c.relnamespace IN ('svtoms_shards'::regnamespace, 'svtoms_shard_south'::regnamespace)},
		extra_params => [ '-U', 'bi' ]), "13\nsvtoms_admin", 'the reader reads it through svtoms_admin\'s views');

# Only svtoms_admin itself attaches, detaches and refreshes now.  A
# superuser's import, or that of a member that did not SET ROLE, would be a
# schema of its own, which svtoms_admin's views cannot read: every reader
# would lose the shard
for my $case ([ 'a superuser', [], q{SELECT svtoms.attach_shard('south')} ],
	[ 'a member of svtoms_admin without SET ROLE', [ '-U', 'lead' ], q{SELECT svtoms.attach_shard('south')} ],
	[ 'a superuser', [], q{SELECT svtoms.refresh_shard_views()} ],
	[ 'a superuser', [], q{SELECT svtoms.detach_shard('south')} ])
{
	($rc, $out, $err) = $coord->psql('postgres', "\\set VERBOSITY verbose\n$case->[2]", extra_params => $case->[1]);
	like($err, qr/ERROR:  42501: role "\w+" does not own schema svtoms_shards\n.*DETAIL:  It belongs to role svtoms_admin\..*HINT:  SET ROLE svtoms_admin, then run it again\./s,
		"$case->[0]: $case->[2] is refused");
	($rc, $out, $err) = $coord->psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation',
		extra_params => [ '-U', 'bi' ]);
	is("$out$err", '13', "$case->[0]: $case->[2]: the reader still reads the shard");
}

# Before that check, such an attach left the shard's schema and foreign
# tables the superuser's, and the readers without the shard; the repair of
# docs/scale-out.md: drop the schema, then refresh and attach as svtoms_admin
$coord->safe_psql('postgres', q{
	ALTER SCHEMA svtoms_shard_south OWNER TO CURRENT_USER;
	DO $$
	DECLARE
		t regclass;
	BEGIN
		FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'svtoms_shard_south'::regnamespace LOOP
			EXECUTE format('ALTER FOREIGN TABLE %s OWNER TO CURRENT_USER', t);
		END LOOP;
	END
	$$;});
($rc, $out, $err) = $coord->psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation',
	extra_params => [ '-U', 'bi' ]);
like($err, qr/permission denied for foreign table bid_evaluation/, 'a shard imported by another role is lost to the readers');
$coord->safe_psql('postgres', 'SET client_min_messages = warning; DROP SCHEMA svtoms_shard_south CASCADE');
is($coord->safe_psql('postgres', q{
		SET ROLE svtoms_admin;
		SELECT svtoms.refresh_shard_views();
		SELECT svtoms.attach_shard('south')}, extra_params => [ '-U', 'lead' ]),
	"0\nsvtoms_shard_south", 'svtoms_admin attaches it again');
is($coord->safe_psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation', extra_params => [ '-U', 'bi' ]),
	'13', 'the readers have the shard back');

# Step 5: a role that reads the fact table reaches the shards with a user
# mapping of its own (a mapping is not inherited from a role it is a member
# of, and the views' owner's is used for the views only)
$coord->safe_psql('postgres', q{
	GRANT SELECT ON responses TO bi;
	CREATE USER MAPPING FOR svtoms_reader SERVER south OPTIONS (user 'coordinator', password 'shard secret');});
($rc, $out, $err) = $coord->psql('postgres', 'SELECT count(*) FROM responses', extra_params => [ '-U', 'bi' ]);
like($err, qr/user mapping not found for "bi"/, 'without a mapping of its own, a reader cannot read the fact table');
$coord->safe_psql('postgres', q{
	CREATE USER MAPPING FOR bi SERVER south OPTIONS (user 'coordinator', password 'shard secret');});
is($coord->safe_psql('postgres', 'SELECT count(*) FROM responses', extra_params => [ '-U', 'bi' ]), $n_south,
	'with its own user mapping, the reader reads the fact table');

# Backup.  GRANT CREATE ON DATABASE and ALTER DATABASE ... SET are the
# database's own: pg_dump writes them only with --create (pg_restore
# --create for an archive).  Restored without, svtoms_admin cannot attach
# again and enable_partitionwise_aggregate is off
$coord->safe_psql('postgres', 'ALTER DATABASE postgres SET enable_partitionwise_aggregate = on');
my $dump_dir = PostgreSQL::Test::Utils::tempdir;
my @coord_conn = ('-h', $coord->host, '-p', $coord->port);
$coord->command_ok([ 'pg_dumpall', @coord_conn, '--globals-only', '-f', "$dump_dir/globals.sql" ], 'pg_dumpall --globals-only');
$coord->command_ok([ 'pg_dump', @coord_conn, '--create', '-f', "$dump_dir/coordinator.sql", 'postgres' ],
	'pg_dump --create of the coordinator');
$coord->command_ok([ 'pg_dump', @coord_conn, '-Fc', '-f', "$dump_dir/coordinator.dump", 'postgres' ],
	'pg_dump -Fc of the coordinator');
my $restored = PostgreSQL::Test::Cluster->new('restored');
$restored->init;
$restored->start;
# the roles first (the bootstrap superuser's already exists)
$restored->psql('postgres', slurp_file("$dump_dir/globals.sql"), on_error_stop => 0);
my $database_properties = q{SHOW enable_partitionwise_aggregate;
	SELECT has_database_privilege('svtoms_admin', current_database(), 'CREATE')};
my %restore = (
	'psql of pg_dump --create' => [ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$dump_dir/coordinator.sql" ],
	'pg_restore --create' => [ 'pg_restore', '--exit-on-error', '--create', "$dump_dir/coordinator.dump" ],
	'pg_restore into an empty database' => [ 'pg_restore', '--exit-on-error', "$dump_dir/coordinator.dump" ]);
for my $how (sort keys %restore)
{
	$restored->safe_psql('template1', 'DROP DATABASE postgres');
	my $into = 'template1';
	if ($how eq 'pg_restore into an empty database')
	{
		$restored->safe_psql('template1', 'CREATE DATABASE postgres');
		$into = 'postgres';
	}
	$restored->command_ok([ @{ $restore{$how} }, '-d', $restored->connstr($into) ], "$how restores the coordinator");
	if ($how =~ /--create/)
	{
		is($restored->safe_psql('postgres', $database_properties), "on\nt",
			"$how: the database keeps its setting and svtoms_admin's grant");
		is($restored->safe_psql('postgres', 'SELECT count(*) FROM svtoms_shards.bid_evaluation; SELECT count(*) FROM responses',
				extra_params => [ '-U', 'bi' ]), "13\n$n_south", "$how: the reader reads the shard's views and the fact table");
		is($restored->safe_psql('postgres', q{SET ROLE svtoms_admin; SELECT svtoms.attach_shard('south')},
				extra_params => [ '-U', 'lead' ]), 'svtoms_shard_south', "$how: svtoms_admin attaches the shard again");
	}
	else
	{
		is($restored->safe_psql('postgres', $database_properties), "off\nf",
			"$how: the database's setting and svtoms_admin's grant are lost");
		($rc, $out, $err) = $restored->psql('postgres', "$as_admin SELECT svtoms.attach_shard('south')",
			extra_params => [ '-U', 'lead' ]);
		like($err, qr/permission denied for database postgres/, "$how: svtoms_admin cannot attach the shard again");
	}
}
$restored->stop;

note(sprintf('014_scale_out took %.1f s', time - $started));

$_->stop for ($coord, $shard{north}, $shard{south});
done_testing();
