# The upgrade path: svtoms 1.0 filled with data, then ALTER EXTENSION svtoms
# UPDATE, has the catalog of a fresh install of the new version, and its
# data evaluates exactly as before.
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
isnt($latest, '1.0', "the default version ($latest) is newer than 1.0");
like($node->safe_psql('postgres',
		qq{SELECT string_agg(path, ' ') FROM pg_extension_update_paths('svtoms') WHERE source = '1.0' AND target = '$latest'}),
	qr/^1\.0--/, "an update path leads from 1.0 to $latest");

$node->safe_psql('postgres', 'CREATE DATABASE upgraded');
$node->safe_psql('upgraded', q{CREATE EXTENSION svtoms VERSION '1.0'});
fill_every_kind($node, 'upgraded');
my $before = readings($node, 'upgraded');
like($before->{evaluations}, qr/^T4 T4-4 /m, 'version 1.0 evaluates the unawarded tender');
like($before->{deliveries}, qr/JOB1 3 verified 24000/, 'and holds verified deliveries');

$node->safe_psql('upgraded', 'ALTER EXTENSION svtoms UPDATE');
is($node->safe_psql('upgraded', q{SELECT extversion FROM pg_extension WHERE extname = 'svtoms'}),
	$latest, "ALTER EXTENSION svtoms UPDATE brings it to $latest");

my $after = readings($node, 'upgraded');
for my $reading (sort keys %$before)
{
	is($after->{$reading}, $before->{$reading}, "$reading: identical after the update");
}

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION svtoms');
my $fresh = catalog($node, 'fresh');
my $updated = catalog($node, 'upgraded');
cmp_ok(scalar(split /\n/, $fresh), '>', 1000, 'the catalog reading covers the extension (' . scalar(split /\n/, $fresh) . ' lines)');
if ($updated eq $fresh)
{
	pass('the updated catalog equals a fresh install');
}
else
{
	# show the lines that differ, not two walls of text
	my %f = map { $_ => 1 } split /\n/, $fresh;
	my %u = map { $_ => 1 } split /\n/, $updated;
	diag("only in the fresh install: $_") for grep { !$u{$_} } sort keys %f;
	diag("only after the update: $_") for grep { !$f{$_} } sort keys %u;
	fail('the updated catalog equals a fresh install');
}

# the updated database works as the new version: a change to an awarded
# tender is still refused, a new tender is evaluated and awarded
my ($ret, $out, $err) = $node->psql('upgraded',
	q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T1-1' AND measure_code = 'JOB1'});
like($err, qr/tender 'T1' was awarded on .*; its responses can no longer change/,
	'awarded tenders stay frozen after the update');
$node->safe_psql('upgraded', q{CALL svtoms.award('T4')});
is($node->safe_psql('upgraded', q{SELECT count(*) FROM svtoms.award_result WHERE tender_id = 'T4'}),
	'4', 'a tender is awarded after the update');

# the same data loaded into a fresh install evaluates the same
fill_every_kind($node, 'fresh');
$node->safe_psql('fresh', q{CALL svtoms.award('T4')});
my $fresh_readings = readings($node, 'fresh');
$after = readings($node, 'upgraded');
for my $reading (qw(evaluations deliveries contracts frameworks))
{
	is($fresh_readings->{$reading}, $after->{$reading}, "$reading: the same data in a fresh install agree");
}

$node->stop;
done_testing();
