# A database with awarded tenders survives pg_dump and restore: the award
# guard lets the recorded rows back in, and every evaluation and award comes
# back identical.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use SvtomsData qw(fill_every_kind readings);

my $node = PostgreSQL::Test::Cluster->new('awards');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE EXTENSION svtoms');
fill_every_kind($node, 'postgres');
$node->safe_psql('postgres', q{INSERT INTO svtoms.bidder_account (role_name, bidder) VALUES ('supplier_one', 'Bidder 1')});
my $before = readings($node, 'postgres');
like($before->{deliveries}, qr/JOB1 3 verified 24000/, 'a verified delivery before the dump');
like($before->{deliveries}, qr/GRO1 5000 rejected 2500\n.*GRO1 4000 verified 2000/, 'a corrected report before the dump');
like($before->{evaluations}, qr/^T4 T4-1 /m, 'the unawarded tender evaluates');

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
my $after = readings($node, 'restored');
my ($ret, $out, $err);
for my $reading (sort keys %$before)
{
	is($after->{$reading}, $before->{$reading}, "$reading: identical after the restore");
}

# A parallel restore loads svtoms's tables in an order of its own (pg_dump
# records no order among them), yet restores exactly.
$node->safe_psql('postgres', 'CREATE DATABASE restored_parallel');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-j', '4', '-d', $node->connstr('restored_parallel'), "$dir/awards.dump" ],
	'pg_restore -j 4 of a database with awards, deliveries and judgements');
my $parallel = readings($node, 'restored_parallel');
for my $reading (sort keys %$before)
{
	is($parallel->{$reading}, $before->{$reading}, "$reading: identical after the parallel restore");
}
is($node->safe_psql('restored_parallel', q{SELECT count(*) FROM svtoms.award a JOIN svtoms.award_result r USING (tender_id)}),
	$node->safe_psql('postgres', q{SELECT count(*) FROM svtoms.award a JOIN svtoms.award_result r USING (tender_id)}),
	'every award result is back after the parallel restore');
# the robustness each award recorded comes back as recorded
my $robustness = q{SELECT string_agg(r::text, E'\n' ORDER BY r.tender_id, r.lot_id) FROM svtoms.award_robustness r};
isnt($node->safe_psql('postgres', $robustness), '', 'the awards recorded their robustness');
is($node->safe_psql($_, $robustness), $node->safe_psql('postgres', $robustness),
	"$_: award_robustness identical after the restore") for qw(restored restored_parallel);
($ret, $out, $err) = $node->psql('restored_parallel',
	q{UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'T1-1' AND measure_code = 'JOB1'});
like($err, qr/tender 'T1' was awarded on .*; its responses can no longer change/,
	'a tender restored in parallel is still awarded and frozen');
# a plain-format dump run by psql restores exactly too
$node->command_ok([ 'pg_dump', '-Fp', '-f', "$dir/awards.sql", '-d', $node->connstr('postgres') ], 'plain pg_dump');
$node->safe_psql('postgres', 'CREATE DATABASE restored_plain');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$dir/awards.sql", '-d', $node->connstr('restored_plain') ],
	'psql runs the plain dump');
my $plain = readings($node, 'restored_plain');
is_deeply($plain, $before, 'every reading identical after the plain restore');

# the restore's own session settings are what let it load: the same rows
# written by hand, by a superuser in an ordinary session, are refused
($ret, $out, $err) = $node->psql('restored_parallel',
	q{INSERT INTO svtoms.award_result SELECT r.tender_id, 'FAKE', 'Fake Ltd', r.price, r.value, r.profile, r.net,
	  r.sv_ratio, r.balance, r.missing, r.excluded, r.price_points, r.quality_points, r.social_points, 100, 1,
	  r.status, r.lot_id FROM svtoms.award_result r WHERE r.tender_id = 'T1' LIMIT 1});
like($err, qr/svtoms.award_result is written only by CALL svtoms.award/, 'a superuser cannot add a fake winner');

is($node->safe_psql('restored', 'SELECT role_name, bidder FROM svtoms.bidder_account'), 'supplier_one|Bidder 1',
	'bidder accounts are restored');

# after the restore the awarded tenders are still frozen
($ret, $out, $err) = $node->psql('restored',
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
