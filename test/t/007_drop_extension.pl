# DROP EXTENSION svtoms never silently deletes a council's data: it is
# refused while user rows exist, until svtoms.allow_drop is set.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('drop');
$node->init;
$node->start;

# without user data the extension drops as any other
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms; DROP EXTENSION svtoms;');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_extension WHERE extname = 'svtoms'}),
	'0', 'an empty svtoms can be dropped');

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
	VALUES ('T1', 'toms-sample', 'toms-sample-illustrative', 50, 0, 50);
	INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('B1', 'T1', 'Bidder', 100);
});

for my $command ('DROP EXTENSION svtoms', 'DROP EXTENSION svtoms CASCADE',
	'DROP EXTENSION IF EXISTS svtoms RESTRICT', 'DROP SCHEMA svtoms CASCADE')
{
	my ($ret, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\n$command");
	like($err, qr/2BP01: svtoms holds data \(tenders\) that DROP (EXTENSION|SCHEMA) would delete/,
		"$command is refused while tenders exist");
}
is($node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.bid'), '1', 'no row was lost');

# exported first, the council can drop it on purpose
$node->command_ok([ 'pg_dump', '--schema=svtoms', '-f', $node->basedir . '/svtoms.sql', '-d', $node->connstr('postgres') ],
	'the data can be exported');
$node->safe_psql('postgres', 'SET svtoms.allow_drop = on; DROP EXTENSION svtoms;');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_extension WHERE extname = 'svtoms'}),
	'0', 'with svtoms.allow_drop on, the extension drops');

$node->stop;
done_testing();
