# Dropping svtoms never silently deletes a council's data: whatever command
# would drop the extension (DROP EXTENSION, DROP SCHEMA svtoms CASCADE,
# DROP OWNED BY its owner, a cascade from plpgsql) is refused while user
# rows exist, until svtoms.allow_drop is set.  The guard decides from what
# the command really drops, not from its text: other drops that merely
# mention svtoms go through.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('drop');
$node->init;
$node->start;

my $refused = qr/2BP01: svtoms holds data \(tenders\) that DROP (EXTENSION|SCHEMA|OWNED) would delete/;

sub add_tender
{
	my ($db) = @_;
	$node->safe_psql($db, q{
		INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
		VALUES ('T1', 'toms-sample', 'toms-sample-illustrative', 50, 0, 50);
		INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('B1', 'T1', 'Bidder', 100);
	});
}

sub installed
{
	my ($db) = @_;
	return $node->safe_psql($db, q{SELECT count(*) FROM pg_extension WHERE extname = 'svtoms'});
}

# what a refused command says
sub try_drop
{
	my ($db, $command) = @_;
	my ($ret, $out, $err) = $node->psql($db, "\\set VERBOSITY verbose\n$command");
	return $err;
}

# a command that must succeed (its notices aside)
sub drops_ok
{
	my ($db, $command, $name) = @_;
	my ($ret, $out, $err) = $node->psql($db, "\\set ON_ERROR_STOP on\n$command");
	is($ret, 0, $name) or diag($err);
}

# without user data the extension drops as any other
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms; DROP EXTENSION svtoms;');
is(installed('postgres'), '0', 'an empty svtoms can be dropped');
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms; DROP SCHEMA svtoms CASCADE;');
is(installed('postgres'), '0', 'an empty svtoms can be dropped with its schema');

$node->safe_psql('postgres', 'CREATE EXTENSION svtoms');
add_tender('postgres');

for my $command ('DROP EXTENSION svtoms', 'DROP EXTENSION svtoms CASCADE',
	'DROP EXTENSION IF EXISTS svtoms RESTRICT', 'DROP SCHEMA svtoms CASCADE',
	'drop extension if exists "svtoms" cascade',
	# svtoms's functions are written in PL/pgSQL: this cascades into svtoms
	'DROP EXTENSION plpgsql CASCADE',
	# the drop happens inside a function, whose text is not the statement's
	q{DO $$ BEGIN EXECUTE 'DROP ' || 'EXTENSION ' || 'svto' || 'ms'; END $$})
{
	like(try_drop('postgres', $command), $refused, "$command is refused while tenders exist");
}
is($node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.bid'), '1', 'no row was lost');
is(installed('postgres'), '1', 'svtoms is still installed');

# drops of other objects go through, whatever their text says
$node->safe_psql('postgres', q{
	CREATE SCHEMA "svtoms-archive";
	CREATE TABLE "svtoms-archive".old_tenders AS SELECT * FROM svtoms.tender;
	CREATE SCHEMA scratch;
	CREATE VIEW scratch.svtoms AS SELECT id FROM svtoms.tender;
});
drops_ok('postgres', 'DROP SCHEMA "svtoms-archive" CASCADE',
	'DROP SCHEMA of another schema named after svtoms goes through');
drops_ok('postgres', 'DROP SCHEMA scratch CASCADE /* the old svtoms views */',
	'DROP SCHEMA ... CASCADE of a view on svtoms, with svtoms in a comment, goes through');
drops_ok('postgres', q{DROP SCHEMA IF EXISTS nothing_here \; SELECT 'svtoms'},
	'a drop sent in one query with a statement naming svtoms goes through');
is( $node->safe_psql('postgres', q{
		SELECT count(*) FROM pg_namespace WHERE nspname IN ('svtoms-archive', 'scratch')}),
	'0', 'those schemas are gone');

# a role that cannot drop svtoms drops its own schema, svtoms in its name
$node->safe_psql('postgres', q{
	CREATE ROLE alice LOGIN;
	GRANT CREATE ON DATABASE postgres TO alice;
});
$node->safe_psql('postgres', q{
	SET ROLE alice;
	CREATE SCHEMA "alice-svtoms-notes";
	CREATE TABLE "alice-svtoms-notes".note (t text);
});
drops_ok('postgres', q{SET ROLE alice; DROP SCHEMA "alice-svtoms-notes" CASCADE;},
	'a role without access to svtoms drops its own schema mentioning svtoms');
drops_ok('postgres', 'SET ROLE alice; DROP OWNED BY alice', 'and DROP OWNED BY itself');

# DROP OWNED BY the role that installed svtoms would drop svtoms with it
$node->safe_psql('postgres', q{
	CREATE ROLE installer SUPERUSER LOGIN;
	CREATE DATABASE owned OWNER installer;
});
$node->safe_psql('owned', 'SET ROLE installer; CREATE EXTENSION svtoms;');
is( $node->safe_psql('owned',
		q{SELECT extowner::regrole FROM pg_extension WHERE extname = 'svtoms'}),
	'installer', 'the installer owns svtoms');
add_tender('owned');
like(try_drop('owned', 'DROP OWNED BY installer'), $refused,
	'DROP OWNED BY the installer is refused while tenders exist');
like(try_drop('owned', 'DROP OWNED BY installer CASCADE'), $refused,
	'DROP OWNED BY the installer CASCADE is refused too');
like(try_drop('owned', 'SET ROLE installer; DROP OWNED BY CURRENT_USER'), $refused,
	'DROP OWNED BY CURRENT_USER, as the installer, is refused too');
is($node->safe_psql('owned', 'SELECT count(*) FROM svtoms.bid'), '1', 'no row was lost');
is(installed('owned'), '1', 'svtoms is still installed');

# exported first, the council can drop it on purpose
$node->command_ok([ 'pg_dump', '--schema=svtoms', '-f', $node->basedir . '/svtoms.sql', '-d', $node->connstr('postgres') ],
	'the data can be exported');
$node->safe_psql('postgres', 'SET svtoms.allow_drop = on; DROP EXTENSION svtoms;');
is(installed('postgres'), '0', 'with svtoms.allow_drop on, the extension drops');
$node->safe_psql('owned', 'SET svtoms.allow_drop = on; DROP OWNED BY installer;');
is(installed('owned'), '0', 'with svtoms.allow_drop on, DROP OWNED BY the installer drops it');

# the guard is per transaction: a refused drop does not let a later one through
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms');
add_tender('postgres');
like(try_drop('postgres', q{
	BEGIN;
	SET LOCAL svtoms.allow_drop = on;
	DROP SCHEMA IF EXISTS nothing_here;
	RESET svtoms.allow_drop;
	DROP EXTENSION svtoms;
	COMMIT;}), $refused, 'an allowed drop earlier in the transaction does not allow a later one');
is(installed('postgres'), '1', 'svtoms is still installed');

$node->stop;
done_testing();
