# The upgrade paths: every released version of svtoms, filled with data,
# then ALTER EXTENSION svtoms UPDATE, has the catalog of a fresh install of
# the new version, and its data evaluates exactly as before.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use SvtomsData qw(fill_every_kind readings catalog);

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->start;

my $latest = $node->safe_psql('postgres',
	q{SELECT default_version FROM pg_available_extensions WHERE name = 'svtoms'});
my @released = split /\n/, $node->safe_psql('postgres', qq{
	SELECT version FROM pg_available_extension_versions
	WHERE name = 'svtoms' AND version <> '$latest' ORDER BY string_to_array(version, '.')::int[]});
is($released[0], '1.0', "released versions before $latest: @released");

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION svtoms');
my $fresh = catalog($node, 'fresh');
cmp_ok(scalar(split /\n/, $fresh), '>', 1000,
	'the catalog reading covers the extension (' . scalar(split /\n/, $fresh) . ' lines)');

my $db;
for my $from (@released)
{
	($db = "from_$from") =~ s/\./_/g;
	like($node->safe_psql('postgres',
			qq{SELECT string_agg(path, ' ') FROM pg_extension_update_paths('svtoms') WHERE source = '$from' AND target = '$latest'}),
		qr/^\Q$from\E--/, "an update path leads from $from to $latest");

	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, qq{CREATE EXTENSION svtoms VERSION '$from'});
	fill_every_kind($node, $db);
	my $before = readings($node, $db);
	# what each award recorded before the update, as text
	my $recorded_keys = $node->safe_psql($db,
		q{SELECT string_agg(DISTINCT k, ',') FROM svtoms.award, jsonb_object_keys(inputs) k});
	my $recorded = qq{SET TimeZone = 'UTC';
		SELECT string_agg(format('%s %s %s %s', a.tender_id, a.awarded_at, a.value_set_id,
								 (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(a.inputs) e
								  WHERE e.key = ANY (string_to_array('$recorded_keys', ',')))), E'\n'
						  ORDER BY a.tender_id) FROM svtoms.award a};
	my $recorded_before = $node->safe_psql($db, $recorded);
	like($before->{evaluations}, qr/^T4 T4-4 /m, "version $from evaluates the unawarded tender");
	like($before->{deliveries}, qr/JOB1 3 verified 24000/, 'and holds verified deliveries');

	$node->safe_psql($db, 'ALTER EXTENSION svtoms UPDATE');
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'svtoms'}),
		$latest, "ALTER EXTENSION svtoms UPDATE brings $from to $latest");

	my $after = readings($node, $db);
	for my $reading (sort keys %$before)
	{
		# the update adds to each award what 1.2 records (checked below)
		next if $reading eq 'awards';
		my $got = $after->{$reading};
		# the update adds the frameworks bundled since (the catalog compares them)
		$got = join("\n", grep { my ($id) = split / /; $before->{frameworks} =~ /^\Q$id\E /m } split /\n/, $got)
		  if $reading eq 'frameworks';
		is($got, $before->{$reading}, "$from: $reading identical after the update");
	}
	is($node->safe_psql($db, $recorded), $recorded_before, "$from: what each award recorded is unchanged by the update");

	like($after->{awards}, qr/"response_values": \[\{"amount": 980, "bid_id": "T1-1", "counted": true/,
		"$from: the update records each response's value in its award");
	# awards made before 1.2 now hold what delivery is valued from
	is($node->safe_psql($db, q{SELECT count(*) FROM svtoms.award
							   WHERE NOT inputs ?& ARRAY['framework', 'in_scope', 'value_set', 'outcomes', 'themes', 'scales', 'response_values']}),
		'0', "$from: every award records its framework, scales and response values after the update");

	my $updated = catalog($node, $db);
	if ($updated eq $fresh)
	{
		pass("$from: the updated catalog equals a fresh install");
	}
	else
	{
		# show the lines that differ, not two walls of text
		my %f = map { $_ => 1 } split /\n/, $fresh;
		my %u = map { $_ => 1 } split /\n/, $updated;
		diag("only in the fresh install: $_") for grep { !$u{$_} } sort keys %f;
		diag("only after the update from $from: $_") for grep { !$f{$_} } sort keys %u;
		fail("$from: the updated catalog equals a fresh install");
	}

	# data keeps its meaning: tenders made before 1.2 keep the classic
	# floored social points they were published under, bids are compliant
	# and for the tender as a whole; a tender made now scores signed
	is($node->safe_psql($db, q{
			SELECT string_agg(DISTINCT t.social_scoring, ',') || ' ' || string_agg(DISTINCT b.compliance, ',')
				   || ' ' || count(b.lot_id) || ' ' || count(b.rejection_reason)
			FROM svtoms.tender t JOIN svtoms.bid b ON b.tender_id = t.id}),
		'floored compliant 0 0', "$from: existing tenders score floored, existing bids are compliant with no lot");
	$node->safe_psql($db, q{INSERT INTO svtoms.tender (id, framework_id, price_weight) VALUES ('NEW', 'toms-sample', 100)});
	is($node->safe_psql($db, q{SELECT social_scoring FROM svtoms.tender WHERE id = 'NEW'}), 'signed',
		"$from: a tender made after the update scores signed");
	$node->safe_psql($db, q{DELETE FROM svtoms.tender WHERE id = 'NEW'});

	# the updated database works as the new version: a change to an awarded
	# tender is still refused, a new tender is evaluated and awarded
	my ($ret, $out, $err) = $node->psql($db,
		q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T1-1' AND measure_code = 'JOB1'});
	like($err, qr/tender 'T1' was awarded on .*; its responses can no longer change/,
		"$from: awarded tenders stay frozen after the update");
	$node->safe_psql($db, q{CALL svtoms.award('T4')});
	is($node->safe_psql($db, q{SELECT count(*) FROM svtoms.award_result WHERE tender_id = 'T4'}),
		'4', "$from: a tender is awarded after the update");

	# the updated database dumps and restores: awards made before the
	# update recorded bids without the columns added since, and are let in
	my $dump = PostgreSQL::Test::Utils::tempdir . "/$db.dump";
	$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr($db) ], "$from: pg_dump after the update");
	$node->safe_psql('postgres', "CREATE DATABASE restored_$db");
	$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr("restored_$db"), $dump ],
		"$from: pg_restore of the updated database, awards from before the update included");
	my ($restored, $updated_now) = (readings($node, "restored_$db"), readings($node, $db));
	is($restored->{$_}, $updated_now->{$_}, "$from: $_ identical after dump and restore") for qw(evaluations awards);
}

# the same data loaded into a fresh install evaluates the same
fill_every_kind($node, 'fresh');
$node->safe_psql('fresh', q{CALL svtoms.award('T4')});
my $fresh_readings = readings($node, 'fresh');
for my $from (@released)
{
	($db = "from_$from") =~ s/\./_/g;
	my $after = readings($node, $db);
	for my $reading (qw(evaluations deliveries contracts frameworks))
	{
		is($fresh_readings->{$reading}, $after->{$reading},
			"$reading: the same data in a fresh install and updated from $from agree");
	}
}

$node->stop;
done_testing();

