# What a bidder can infer about other bids (docs/security.md): at every size
# of the bid and response tables, EXPLAIN ANALYZE as a bidder counts no more
# of other suppliers' rows than the table's total, and from a few hundred
# bids none at all; the planner's estimates cannot spell competitors' names;
# the channels the page says remain (estimates by tender, activity counters,
# other sessions' locks) are there, and the council's remedies printed on
# the page close them.  Sizes and planner choices vary here, which a
# regression script's fixed output cannot follow: sql/roles.sql checks one
# realistic size.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('inference');
$node->init;
# the test analyzes when it means to: plans depend on nothing else
$node->append_conf('postgresql.conf', "autovacuum = off\n");
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	CREATE ROLE greenfield_bids LOGIN IN ROLE svtoms_bidder;
	CREATE ROLE parks_bids LOGIN IN ROLE svtoms_bidder;
	CREATE ROLE officer LOGIN IN ROLE svtoms_evaluator;
	CREATE ROLE monitor LOGIN IN ROLE pg_monitor;
	SELECT svtoms.import_value_set('values', 'toms-sample', 'Values', '2026-01-01', 'test', 'test',
		E'measure_code,proxy_value\nJOB1,10000\nGRO1,0.5\nENV1,245\n');
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
	SELECT 'T' || t, 'toms-sample', 'values', 'Tender ' || t, 60, 30, 10 FROM generate_series(1, 12) t;
	INSERT INTO svtoms.bidder_account (role_name, bidder)
	VALUES ('greenfield_bids', 'Greenfield Ltd'), ('parks_bids', 'Parks Co-op');
});

# run as a login; returns (stdout, stderr)
sub as
{
	my ($login, $sql) = @_;
	my ($out, $err) = ('', '');
	$node->psql('postgres', $sql, stdout => \$out, stderr => \$err, extra_params => [ '-U', $login ]);
	return ($out, $err);
}

# $per_tender x t competitors' bids on tender Tt (t = 1..12), from 25
# suppliers; Greenfield's 2 bids on T1 and T2; 3 responses each; analyzed
sub fill
{
	my ($per_tender) = @_;
	$node->safe_psql('postgres', qq{
		DELETE FROM svtoms.response;
		DELETE FROM svtoms.bid;
		VACUUM FULL svtoms.bid;
		VACUUM FULL svtoms.response;
		INSERT INTO svtoms.bid (id, tender_id, bidder, price)
		SELECT 'T' || t || '-' || k, 'T' || t, 'Supplier ' || k % 25, 100000 + 10 * k + t
		FROM generate_series(1, 12) t, generate_series(1, $per_tender * t) k;
		INSERT INTO svtoms.bid (id, tender_id, bidder, price)
		VALUES ('GF-1', 'T1', 'Greenfield Ltd', 450000), ('GF-2', 'T2', 'Greenfield Ltd', 460000);
		INSERT INTO svtoms.response (bid_id, measure_code, quantity, evidence_ref, note)
		SELECT b.id, m, 2, 'https://evidence.example/' || b.bidder, 'apprentices of ' || b.bidder
		FROM svtoms.bid b, unnest(ARRAY['JOB1', 'GRO1', 'ENV1']) m;
		VACUUM ANALYZE svtoms.bid;
		VACUUM ANALYZE svtoms.response;
	});
	return (78 * $per_tender + 2, 3 * (78 * $per_tender + 2));
}

# A bidder's EXPLAIN ANALYZE of a query: for each plan node on bid or
# response, or on one of their indexes, [table, actual rows, rows removed]
sub analyze_as_greenfield
{
	my ($query, $settings) = @_;
	my ($plan, $err) = as('greenfield_bids',
		($settings // '') . "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $query");
	die "$query: $err" if $err;
	my (@nodes, $current);
	for my $line (split /\n/, $plan)
	{
		if ($line =~ /\(actual rows=(\d+)/)
		{
			my $rows = $1;
			my ($relation) = $line =~ / on (\w+)/;
			my $table =
			    !defined $relation ? undef
			  : $relation =~ /^bid(?:_\w+)?$/ && $relation !~ /^bidder/ ? 'bid'
			  : $relation =~ /^response(?:_\w+)?$/ ? 'response'
			  :                                       undef;
			$current = $table ? [ $table, $rows, 0 ] : undef;
			push @nodes, $current if $current;
		}
		elsif ($line =~ /Rows Removed by [A-Za-z ]+: (\d+)/ && $current)
		{
			$current->[2] += $1;
		}
	}
	return (\@nodes, $plan);
}

# Greenfield's own rows: 2 bids, 6 responses
my %own = (bid => 2, response => 6);
my @queries = (
	q{SELECT * FROM svtoms.bid},
	q{SELECT * FROM svtoms.bid WHERE tender_id = 'T5'},
	q{SELECT * FROM svtoms.bid WHERE tender_id = 'T1'},
	q{SELECT * FROM svtoms.bid WHERE id BETWEEN 'T5-' AND 'T5-~'},
	q{SELECT * FROM svtoms.bid WHERE id IN ('T5-1', 'T5-2', 'T5-3')},
	q{SELECT * FROM svtoms.bid ORDER BY id DESC LIMIT 1},
	q{SELECT count(*) FROM svtoms.bid WHERE price > 0},
	q{SELECT t.id, b.id FROM svtoms.tender t CROSS JOIN LATERAL
				(SELECT b.id FROM svtoms.bid b WHERE b.tender_id = t.id) b WHERE t.id = 'T7'},
	q{SELECT * FROM svtoms.response},
	q{SELECT * FROM svtoms.response WHERE measure_code = 'JOB1'},
	q{SELECT * FROM svtoms.response WHERE bid_id >= 'T5-' AND bid_id < 'T5.'},
	q{SELECT b.id, r.measure_code FROM svtoms.bid b JOIN svtoms.response r ON r.bid_id = b.id},
);

# 1. From a table of one page up to thousands of rows, no plan of a
# bidder's reads a competitor's row.  Were one to (the planner's choice
# is a matter of costs), it should read the whole table, which tells no
# more than reltuples, never a tender's or a supplier's share.
my %private_from;    # table => smallest size from which no plan counted a competitor
for my $per_tender (1, 2, 3, 4, 5, 6, 8, 10, 13, 20, 40)
{
	my ($bids, $responses) = fill($per_tender);
	my %rows = (bid => $bids, response => $responses);
	my %counted;
	for my $query (@queries)
	{
		my ($nodes, $plan) = analyze_as_greenfield($query);
		my $whole = 1;
		for my $n (@$nodes)
		{
			my ($t, $rows, $removed) = @$n;
			next if $rows <= $own{$t} && $removed <= $own{$t};
			$counted{$t} = 1;
			# a node that counts competitors' rows read its whole table
			$whole &&= $removed + $rows >= $rows{$t} - $own{$t} && $removed + $rows <= $rows{$t};
		}
		ok($whole, "$bids bids: $query counts no share of a table") or diag($plan);
	}
	for my $table ('bid', 'response')
	{
		if ($counted{$table})
		{
			delete $private_from{$table};
		}
		else
		{
			$private_from{$table} //= $rows{$table};
		}
	}
}
is_deeply(\%private_from, { bid => 80, response => 240 },
	'at every size, from 80 bids and 240 responses up, a bidder\'s plans read no competitor\'s row');

# A bidder can turn index scans off: then the planner reads whole tables,
# and counts the rows of the whole table (docs), not those of a tender
for my $case ([ bid => q{SELECT * FROM svtoms.bid WHERE tender_id = 'T5'}, 3122 ],
	[ response => q{SELECT * FROM svtoms.response WHERE bid_id LIKE 'T5-%'}, 9366 ])
{
	my ($table, $query, $rows_of_table) = @$case;
	my ($nodes, $plan) = analyze_as_greenfield($query, 'SET enable_indexscan = off; SET enable_bitmapscan = off; ');
	my @counted = map { $_->[1] + $_->[2] } grep { $_->[0] eq $table } @$nodes;
	is("@counted", $rows_of_table, "with index scans off, $query counts the rows of the whole table")
	  or diag($plan);
}

# 2. Estimates (the table holds 3,122 bids now): nothing from the names,
# ids, notes and evidence; the share of each tender still shows
sub estimate_as_greenfield
{
	my ($query) = @_;
	my ($plan, $err) = as('greenfield_bids', "EXPLAIN $query");
	die "$query: $err" if $err;
	my ($rows) = $plan =~ /rows=(\d+)/;
	return $rows;
}
# a cross join scales the estimates up past their rounding
my $many = 'CROSS JOIN generate_series(1, 1000000) g';
for my $pair (
	[ 'bid', q{bidder = 'Supplier 7'}, q{bidder = 'No Such Ltd'} ],
	[ 'bid', q{bidder < 'Supplier 2'}, q{bidder < 'A'} ],
	[ 'bid', q{id < 'T5'}, q{id < 'T1'} ],
	[ 'response', q{note < 'apprentices of T'}, q{note < 'apprentices of A'} ],
	[ 'response', q{evidence_ref = 'https://evidence.example/Supplier 7'}, q{evidence_ref = 'https://evidence.example/'} ])
{
	my ($table, $one, $other) = @$pair;
	is(estimate_as_greenfield("SELECT * FROM svtoms.$table $many WHERE $one"),
		estimate_as_greenfield("SELECT * FROM svtoms.$table $many WHERE $other"),
		"estimates cannot tell $table.$one from $other");
}
# Estimates by tender (docs): whole rows of about one per 600 bids, the
# selectivity of the policy being one in 600; at this size they cannot tell
# a tender of 200 bids from one of 480
is(estimate_as_greenfield(q{SELECT * FROM svtoms.bid WHERE tender_id = 'T5'}),
	estimate_as_greenfield(q{SELECT * FROM svtoms.bid WHERE tender_id = 'T12'}),
	'estimates by tender are too coarse to tell tenders apart at 3,122 bids');
is(estimate_as_greenfield(q{SELECT * FROM svtoms.bid}), 5, 'a bidder\'s estimate of a table is a 600th of it');

# 3. pg_stats: nothing of tables under row-level security for bidders and
# staff; the installer sees that only the columns the evaluation needs have
# statistics
for my $login ('greenfield_bids', 'officer')
{
	is((as($login, q{SELECT count(*) FROM pg_stats WHERE schemaname = 'svtoms'
					  AND tablename IN ('bid', 'response', 'bidder_account')}))[0],
		"0", "pg_stats shows $login no statistics of bid, response or bidder_account");
}
is($node->safe_psql('postgres', q{SELECT string_agg(tablename || '.' || attname, ' ' ORDER BY tablename, attname)
	FROM pg_stats WHERE schemaname = 'svtoms' AND tablename IN ('bid', 'response', 'bidder_account')}),
	'bid.compliance bid.tender_id response.framework_id response.measure_code',
	'statistics only where the evaluation needs them');

# 4. What remains visible (docs): table sizes, activity counters, who holds
# which tender's lock
is((as('greenfield_bids', q{SELECT reltuples FROM pg_class WHERE oid = 'svtoms.bid'::regclass}))[0],
	"3122", 'a bidder reads the number of bids from pg_class');
my $inserted = sub {
	return $node->safe_psql('postgres', q{SELECT pg_stat_get_tuples_inserted('svtoms.bid'::regclass)});
};
my $before = $inserted->();
as('parks_bids', q{INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('P-1', 'T5', 'Parks Co-op', 1)});
$node->poll_query_until('postgres',
	qq{SELECT pg_stat_get_tuples_inserted('svtoms.bid'::regclass) > $before})
  or die 'the insert was never counted';
is((as('greenfield_bids', q{SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'svtoms.bid'::regclass}))[0],
	$before + 1 . "", 'a bidder sees another\'s insert counted in pg_stat_user_tables');

# the tenders' ids are published: anyone can compute their lock keys
my $lock_query = q{
	SELECT a.usename || ' ' || t.id
	FROM pg_locks l JOIN pg_stat_activity a USING (pid) JOIN (SELECT 'T' || n FROM generate_series(1, 12) n) t (id)
		ON l.locktype = 'advisory' AND l.classid::int = hashtext('svtoms.tender') AND l.objid::int = hashtext(t.id)};
my $parks = $node->background_psql('postgres', extra_params => [ '-U', 'parks_bids' ]);
$parks->query_safe('BEGIN');
$parks->query_safe(q{INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('P-2', 'T6', 'Parks Co-op', 2)});
is((as('greenfield_bids', $lock_query))[0], 'parks_bids T6',
	'a bidder sees which login is bidding on which tender (pg_locks, pg_stat_activity)');
$parks->query_safe('ROLLBACK');

# 5. The council's remedy, exactly as docs/security.md prints it
my $doc = slurp_file(($ENV{TESTDIR} // '.') . '/docs/security.md');
my ($revoke) = $doc =~ /```sql\n(-- the activity counters, other sessions and locks.*?)```/s;
ok($revoke, 'docs/security.md holds the statements that hide the counters');
$node->safe_psql('postgres', $revoke);
for my $query (
	q{SELECT n_tup_ins FROM pg_stat_user_tables},
	q{SELECT pg_stat_get_tuples_inserted(oid) FROM pg_class WHERE relname = 'bid'},
	q{SELECT pg_stat_get_live_tuples(oid) FROM pg_class WHERE relname = 'bid'},
	q{SELECT * FROM pg_stat_activity},
	q{SELECT * FROM pg_locks},
	q{SELECT * FROM pg_statio_user_tables},
	q{SELECT * FROM pg_stat_database})
{
	like((as('greenfield_bids', $query))[1], qr/permission denied/, "then a bidder is refused $query");
	is((as('monitor', "SELECT count(*) > 0 FROM ($query) q"))[0], "t", "and pg_monitor reads it");
}
$parks->query_safe('BEGIN');
$parks->query_safe(q{INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('P-2', 'T6', 'Parks Co-op', 2)});
like((as('greenfield_bids', $lock_query))[1], qr/permission denied/, 'nor sees who bids on which tender');
is((as('monitor', $lock_query))[0], "parks_bids T6", 'which the monitor still does');
$parks->query_safe('ROLLBACK');
$parks->quit;
is((as('greenfield_bids', q{SELECT reltuples FROM pg_class WHERE oid = 'svtoms.bid'::regclass}))[0],
	"3122", 'still shown (docs): the number of bids in pg_class');
$node->command_like([ 'pg_dump', '--schema-only', '--dbname', 'postgres' ],
	qr/REVOKE ALL ON FUNCTION pg_catalog\.pg_stat_get_tuples_inserted\(oid\) FROM PUBLIC;/,
	'pg_dump keeps the revoked privileges');

# 6. Or: bidders' changes kept out of the counters
my ($per_login) = $doc =~ /```sql\n(ALTER ROLE greenfield_bids SET track_counts = off;)\n```/;
ok($per_login, 'docs/security.md holds the statement that keeps a bidder out of the counters');
$node->safe_psql('postgres', $per_login);
$before = $inserted->();
as('greenfield_bids', q{INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('GF-3', 'T3', 'Greenfield Ltd', 3)});
as('parks_bids', q{INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('P-3', 'T3', 'Parks Co-op', 3)});
$node->poll_query_until('postgres', qq{SELECT pg_stat_get_tuples_inserted('svtoms.bid'::regclass) > $before})
  or die 'the counted insert never showed';
sleep 2;    # time enough for the other to show, were it counted
is($inserted->(), $before + 1, 'a bidder whose login sets track_counts = off leaves the counters alone');
like((as('greenfield_bids', 'SET track_counts = on'))[1],
	qr/permission denied to set parameter "track_counts"/, 'and cannot turn them back on');

$node->stop;
done_testing();
