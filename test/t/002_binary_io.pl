# Binary COPY of sv round-trips exactly; damaged binary input is refused
# with 22P03; pg_dump and restore keep every account.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('binary');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	CREATE TABLE accounts (id int PRIMARY KEY, a svtoms.sv);
	INSERT INTO accounts VALUES
		(1, svtoms.sv(120.50)),
		(2, 'benefit=5.5 harm=1.25 responses=9 negatives=2 missing=4 excluded=3'),
		(3, svtoms.sv(-99999999999999999999999999999999.999999)),
		(4, svtoms.sv(0)),
		(5, NULL);
});

my $dir = $node->basedir;
my $file = "$dir/accounts.bin";
$node->safe_psql('postgres',
	"COPY (SELECT a FROM accounts ORDER BY id) TO '$file' (FORMAT binary)");
$node->safe_psql('postgres', qq{
	CREATE TABLE copied (a svtoms.sv);
	COPY copied FROM '$file' (FORMAT binary);
});
is( $node->safe_psql('postgres',
		q{SELECT string_agg(coalesce(a::text, 'NULL'), ';') FROM copied}),
	$node->safe_psql('postgres',
		q{SELECT string_agg(coalesce(a::text, 'NULL'), ';' ORDER BY id) FROM accounts}),
	'binary COPY round-trips every account, display scale included');

# One-row binary COPY files with the sv field rewritten.
# Layout: 19-byte header, int16 field count, int32 field length, data.
my $one = "$dir/one.bin";
$node->safe_psql('postgres',
	"COPY (SELECT a FROM accounts WHERE id = 2) TO '$one' (FORMAT binary)");
my $bytes = slurp_file($one);
my $data_at = 19 + 2 + 4;

sub load_damaged
{
	my ($name, $damaged) = @_;
	my $path = "$dir/$name.bin";
	open(my $fh, '>:raw', $path) or die "cannot write $path: $!";
	print $fh $damaged;
	close($fh);
	my ($ret, $stdout, $stderr) = $node->psql('postgres',
		"\\set VERBOSITY verbose\nCOPY copied FROM '$path' (FORMAT binary)");
	return $stderr;
}

my $bad = $bytes;
substr($bad, $data_at, 1) = chr(2);
like(load_damaged('version', $bad),
	qr/22P03: unsupported binary format version 2 for type svtoms.sv/,
	'an unknown format version is refused');

$bad = $bytes;
substr($bad, $data_at + 33, 2) = pack('n', 9);
like(load_damaged('scale', $bad),
	qr/22P03: invalid binary svtoms.sv: the display scale must be between 0 and 6/,
	'a display scale above 6 is refused');

$bad = $bytes;
substr($bad, $data_at + 1, 16) = pack('NNNN', 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
like(load_damaged('negative', $bad),
	qr/22P03: invalid binary svtoms.sv: benefit and harm cannot be negative/,
	'a negative benefit is refused');

$bad = $bytes;
substr($bad, $data_at + 43, 8) = pack('NN', 0, 100);
like(load_damaged('negatives', $bad),
	qr/22P03: invalid binary svtoms.sv: negatives cannot exceed responses/,
	'more negatives than responses is refused');

$bad = $bytes;
substr($bad, 19 + 2, 4) = pack('N', 68);
substr($bad, $data_at + 67, 0) = "\0";
like(load_damaged('trailing', $bad),
	qr/22P03: invalid binary svtoms.sv: 1 trailing bytes/,
	'trailing bytes are refused');

is($node->safe_psql('postgres', 'SELECT count(*) FROM copied'),
	'5', 'no damaged row was loaded');

# pg_dump and restore into a fresh database keep every account exactly.
my $dump = "$dir/dump.sql";
$node->command_ok([ 'pg_dump', '-d', $node->connstr('postgres'), '-t', 'accounts', '-f', $dump ],
	'pg_dump of a table with sv');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->safe_psql('restored', 'CREATE EXTENSION svtoms');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('restored'), '-f', $dump ],
	'restore of the dump');
is( $node->safe_psql('restored',
		q{SELECT string_agg(coalesce(a::text, 'NULL'), ';' ORDER BY id) FROM accounts}),
	$node->safe_psql('postgres',
		q{SELECT string_agg(coalesce(a::text, 'NULL'), ';' ORDER BY id) FROM accounts}),
	'restored accounts are identical');

$node->stop;
done_testing();
