# svtoms's scripts are UTF-8 (encoding = UTF8 in svtoms.control): in a
# database of another encoding, CREATE EXTENSION and ALTER EXTENSION UPDATE
# convert them, so the bundled text reads back through a UTF-8 client
# exactly as in a UTF-8 database.  An encoding without the pound sign of
# toms-sample (EUC_JP) refuses the script with 22P05 before it runs.  A 1.0
# or 1.1 installed before the control file said so has its pound signs read
# in the database encoding; the update to 1.2 puts them right.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# every client below reads and writes UTF-8, whatever the database encoding
$ENV{PGCLIENTENCODING} = 'UTF8';

my $node = PostgreSQL::Test::Cluster->new('encodings');
$node->init;
$node->start;

my $pound = "\xc2\xa3";                  # U+00A3 in UTF-8
my $garbled = "\xc3\x82\xc2\xa3";        # what LATIN1 made of it: U+00C2 U+00A3

sub create_db
{
	my ($db, $encoding) = @_;
	$node->safe_psql('postgres',
		"CREATE DATABASE $db TEMPLATE template0 ENCODING '$encoding' LC_COLLATE 'C' LC_CTYPE 'C'");
}

# Every row of every svtoms table, as text: after CREATE EXTENSION, the
# bundled frameworks and value set.  Sorted here, on UTF-8 bytes, so that
# each database's own byte order does not matter.
sub bundled_rows
{
	my ($db) = @_;
	my $tables = $node->safe_psql($db, q{
		SELECT string_agg(c.oid::regclass::text, ' ' ORDER BY c.relname)
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'svtoms' AND c.relkind = 'r'});
	my @rows;
	for my $table (split / /, $tables)
	{
		push @rows, map { "$table $_" } split /\n/,
		  $node->safe_psql($db, "SELECT t::text FROM $table t");
	}
	return join("\n", sort @rows);
}

sub unit_of_gro1
{
	my ($db) = @_;
	return $node->safe_psql($db,
		q{SELECT unit FROM svtoms.measure WHERE framework_id = 'toms-sample' AND code = 'GRO1'});
}

# the reference: a UTF-8 database
create_db('ref_utf8', 'UTF8');
$node->safe_psql('ref_utf8', 'CREATE EXTENSION svtoms');
my $reference = bundled_rows('ref_utf8');
like($reference, qr/svtoms\.measure_value /, 'the reference holds the bundled value set');
is(unit_of_gro1('ref_utf8'), "$pound spent", 'in UTF8, the unit of GRO1 is "£ spent"');
my $pounds = () = $reference =~ /\xc2\xa3/g;
is($pounds, 10, 'the bundled text has 10 pound signs (toms-sample 7, the WELLBY value set 3)');
unlike($reference =~ s/\xc2\xa3//gr, qr/[\x80-\xff]/, 'and no other non-ASCII character');

for my $encoding ('LATIN1', 'WIN1252', 'SQL_ASCII')
{
	my $db = 'fresh_' . lc $encoding;
	create_db($db, $encoding);
	$node->safe_psql($db, 'CREATE EXTENSION svtoms');
	is(unit_of_gro1($db), "$pound spent", "$encoding: the unit of GRO1 is \"£ spent\"");
	is(bundled_rows($db), $reference, "$encoding: the bundled text is that of a UTF8 database");

	# the released 1.0 and 1.1, updated
	for my $from ('1.0', '1.1')
	{
		my $udb = 'from_' . ($from =~ s/\./_/r) . '_' . lc $encoding;
		create_db($udb, $encoding);
		$node->safe_psql($udb, "CREATE EXTENSION svtoms VERSION '$from'");
		$node->safe_psql($udb, 'ALTER EXTENSION svtoms UPDATE');
		is($node->safe_psql($udb, q{SELECT extversion FROM pg_extension WHERE extname = 'svtoms'}),
			'1.2', "$encoding: $from updates to 1.2");
		is(bundled_rows($udb), $reference,
			"$encoding: $from updated has the bundled text of a UTF8 database");
	}
}

# An encoding without the pound sign: the script is refused before any of
# it runs (nothing is left behind), for 1.2 and for the released versions.
create_db('fresh_euc_jp', 'EUC_JP');
for my $version ('1.2', '1.1', '1.0')
{
	my ($ret, $out, $err) = $node->psql('fresh_euc_jp',
		"\\set VERBOSITY verbose\nCREATE EXTENSION svtoms VERSION '$version'");
	isnt($ret, 0, "EUC_JP: CREATE EXTENSION svtoms VERSION '$version' fails");
	like($err,
		qr/22P05: character with byte sequence 0xc2 0xa3 in encoding "UTF8" has no equivalent in encoding "EUC_JP"/,
		"EUC_JP: $version is refused for the pound sign, 22P05");
}
is( $node->safe_psql('fresh_euc_jp', q{
		SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'svtoms'}),
	'0', 'EUC_JP: nothing of svtoms is left');

# 1.0 and 1.1 installed before encoding = UTF8: the database read the UTF-8
# bytes of each pound sign as characters of its own encoding.  Made here as
# those versions made it, then updated.
for my $case ([ 'LATIN1', '1.0' ], [ 'WIN1252', '1.1' ], [ 'LATIN1', '1.1' ])
{
	my ($encoding, $from) = @$case;
	my $db = 'legacy_' . ($from =~ s/\./_/r) . '_' . lc $encoding;
	create_db($db, $encoding);
	$node->safe_psql($db, "CREATE EXTENSION svtoms VERSION '$from'");
	$node->safe_psql($db, qq{
		SET svtoms.loading_bundled = on;
		UPDATE svtoms.measure SET unit = convert_from(convert_to(unit, 'UTF8'), '$encoding')
		WHERE framework_id = 'toms-sample';
		UPDATE svtoms.value_set SET source = convert_from(convert_to(source, 'UTF8'), '$encoding')
		WHERE id = 'toms-sample-illustrative';
	});
	is(unit_of_gro1($db), "$garbled spent", "$encoding: $from made before 1.2 reads \"Â£ spent\"");
	$node->safe_psql($db, 'ALTER EXTENSION svtoms UPDATE');
	is(unit_of_gro1($db), "$pound spent", "$encoding: $from updated reads \"£ spent\" again");
	is(bundled_rows($db), $reference,
		"$encoding: $from made before 1.2, updated, has the bundled text of a UTF8 database");
}

$node->stop;
done_testing();
