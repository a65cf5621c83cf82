# Parallel plans of the theme_profile aggregates really run in workers and
# give exactly the serial result; binary COPY of profiles round-trips, and
# damaged binary profiles are refused with 22P03.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('profile');
$node->init;
$node->append_conf('postgresql.conf', qq{
max_worker_processes = 8
max_parallel_workers = 4
max_parallel_workers_per_gather = 2
});
$node->start;

# Theme names are checked against the database encoding: make it UTF8
# whatever the locale of the machine running the test.
$node->safe_psql('postgres',
	q{CREATE DATABASE profiles ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0});
my $db = 'profiles';

$node->safe_psql($db, q{
	CREATE EXTENSION svtoms;
	-- 200,000 responses of 40 bids over 12 themes; amounts with six decimals
	-- and both signs, 1 in 500 missing; fine amounts with nine decimals
	CREATE TABLE response AS
	SELECT g AS id, g % 40 AS bid,
		(ARRAY['jobs', 'training', 'local spend', 'carbon', 'air quality', 'waste',
		       'wellbeing', 'volunteering', 'say "hi"', 'back\slash', 'Écosse – £', ''])[g % 12 + 1] AS theme,
		CASE WHEN g % 500 = 0 THEN NULL
			 ELSE (((g::bigint * 7919 * 104729) % 200000033) - 50000000) * 0.000001 END AS amount,
		CASE WHEN g % 777 = 0 THEN NULL
			 ELSE (((g::bigint * 31337 * 7919) % 2000000011) - 700000000) * 0.000000001 END AS fine
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
	'theme_profile(text, numeric)' =>
	  q{SELECT svtoms.theme_profile(theme, amount)::text FROM response},
	'theme_profile(text, numeric) of nine-decimal amounts' =>
	  q{SELECT svtoms.theme_profile(theme, fine)::text FROM response},
	'theme_profile(text, sv)' =>
	  q{SELECT svtoms.theme_profile(theme, svtoms.sv(amount))::text FROM response},
	'grouped theme_profile(text, numeric)' => q{SELECT string_agg(p, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.theme_profile(theme, amount)::text AS p FROM response GROUP BY bid) s},
	'grouped theme_profile(text, sv)' => q{SELECT string_agg(p, ';' ORDER BY bid) FROM (
		SELECT bid, svtoms.theme_profile(theme, svtoms.sv(fine))::text AS p FROM response GROUP BY bid) s},
);

for my $name (sort keys %queries)
{
	my $q = $queries{$name};
	my $plan = $node->safe_psql($db,
		"$force EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $q");
	like($plan, qr/Partial (?:Hash)?Aggregate/, "$name: plan has a partial aggregate");
	like($plan, qr/Workers Launched: [1-9]/, "$name: parallel workers ran");

	my $par = $node->safe_psql($db, "$force $q");
	my $ser = $node->safe_psql($db, "$serial $q");
	is($par, $ser, "$name: parallel result equals serial result");
}

# The parallel profile adds up to social_value and agrees, theme by theme,
# with numeric arithmetic to the last digit.
is( $node->safe_psql($db, qq{
		$force
		SELECT svtoms.total(p)::text = (SELECT svtoms.social_value(amount)::text FROM response),
		       svtoms.total(f)::text = (SELECT svtoms.social_value(fine)::text FROM response),
		       (SELECT count(*) FROM svtoms.themes(p))
		FROM (SELECT svtoms.theme_profile(theme, amount) AS p,
		             svtoms.theme_profile(theme, fine) AS f FROM response) s
	}),
	't|t|12',
	'total of the parallel profile is social_value over the same rows');

is( $node->safe_psql($db, qq{
		$force
		SELECT count(*) FILTER (WHERE
		           svtoms.net(t.value) = r.net
		       AND svtoms.benefit(t.value) = r.benefit
		       AND svtoms.harm(t.value) = r.harm
		       AND svtoms.responses(t.value) = r.responses
		       AND svtoms.negatives(t.value) = r.negatives
		       AND svtoms.missing(t.value) = r.missing
		       AND svtoms.net(f.value) = r.fine_net)
		FROM (SELECT svtoms.theme_profile(theme, amount) AS p,
		             svtoms.theme_profile(theme, fine) AS f FROM response) s,
		     svtoms.themes(s.p) t
		     JOIN svtoms.themes(s.f) f USING (theme)
		     JOIN (SELECT theme, sum(amount) AS net,
		                  coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS benefit,
		                  coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS harm,
		                  count(amount) AS responses,
		                  count(*) FILTER (WHERE amount < 0) AS negatives,
		                  count(*) FILTER (WHERE amount IS NULL) AS missing,
		                  sum(round(fine, 6)) AS fine_net
		           FROM response GROUP BY theme) r USING (theme)
	}),
	'12',
	'every theme of the parallel profile equals sum(numeric) and count()');

# Binary COPY round-trips every profile, display scales and awkward names
# included.
$node->safe_psql($db, q{
	CREATE TABLE profiles (id int PRIMARY KEY, p svtoms.profile);
	INSERT INTO profiles
		SELECT bid, svtoms.theme_profile(theme, amount) FROM response GROUP BY bid;
	INSERT INTO profiles VALUES
		(100, '{}'),
		(101, NULL),
		(102, '{"": (missing=2), "say \"hi\"": (benefit=1.5 responses=1), "back\\slash": (harm=99999999999999999999999999999999.999999 responses=1 negatives=1)}'),
		(103, '{"ab": (benefit=1 responses=1), "ac": (harm=2.25 responses=1 negatives=1)}');
});

my $dir = $node->basedir;
my $file = "$dir/profiles.bin";
$node->safe_psql($db,
	"COPY (SELECT p FROM profiles ORDER BY id) TO '$file' (FORMAT binary)");
$node->safe_psql($db, qq{
	CREATE TABLE copied (p svtoms.profile);
	COPY copied FROM '$file' (FORMAT binary);
});
my $original = $node->safe_psql($db,
	q{SELECT string_agg(coalesce(p::text, 'NULL'), ';' ORDER BY id) FROM profiles});
is( $node->safe_psql($db,
		q{SELECT string_agg(coalesce(p::text, 'NULL'), ';') FROM copied}),
	$original,
	'binary COPY round-trips every profile');
is($node->safe_psql($db, 'SELECT count(*) FROM copied'), '44', 'all 44 rows copied');

# One-row binary COPY files with the profile field rewritten.
# File: 19-byte header, int16 field count, int32 field length, data.
# Data: version byte, int32 themes, then per theme int32 name length,
# the name, and 66 bytes of sv fields.
my $one = "$dir/one.bin";
$node->safe_psql($db,
	"COPY (SELECT p FROM profiles WHERE id = 103) TO '$one' (FORMAT binary)");
my $bytes = slurp_file($one);
my $data_at = 19 + 2 + 4;
my $first_name = $data_at + 1 + 4 + 4;          # "ab"
my $second_name = $first_name + 2 + 66 + 4;     # "ac"
is(substr($bytes, $first_name, 2), 'ab', 'first theme name where expected');
is(substr($bytes, $second_name, 2), 'ac', 'second theme name where expected');

sub load_damaged
{
	my ($name, $damaged) = @_;
	my $path = "$dir/$name.bin";
	open(my $fh, '>:raw', $path) or die "cannot write $path: $!";
	print $fh $damaged;
	close($fh);
	my ($ret, $stdout, $stderr) = $node->psql($db,
		"\\set VERBOSITY verbose\nCOPY copied FROM '$path' (FORMAT binary)");
	return $stderr;
}

my $bad = $bytes;
substr($bad, $data_at, 1) = chr(2);
like(load_damaged('version', $bad),
	qr/22P03: unsupported binary format version 2 for type svtoms.profile/,
	'an unknown format version is refused');

$bad = $bytes;
substr($bad, $second_name, 2) = 'ab';
like(load_damaged('twice', $bad),
	qr/22P03: invalid binary svtoms.profile: theme "ab" appears twice/,
	'a theme written twice is refused');

$bad = $bytes;
substr($bad, $first_name, 2) = "\xff\xfe";
like(load_damaged('encoding', $bad),
	qr/22P03: invalid binary svtoms.profile: theme name of 2 bytes is not valid UTF8 text/,
	'a theme name not valid in the database encoding is refused');

$bad = $bytes;
substr($bad, $first_name, 2) = "a\0";
like(load_damaged('nul', $bad),
	qr/22P03: invalid binary svtoms.profile: theme name of 2 bytes is not valid UTF8 text/,
	'a theme name with a NUL byte is refused');

$bad = $bytes;
substr($bad, $data_at + 1, 4) = pack('N', 0xFFFFFFFF);
like(load_damaged('count', $bad),
	qr/22P03: invalid binary svtoms.profile: -1 themes/,
	'a negative number of themes is refused');

$bad = $bytes;
substr($bad, $first_name - 4, 4) = pack('N', 1000);
like(load_damaged('length', $bad),
	qr/22P03: invalid binary svtoms.profile: theme name of 1000 bytes/,
	'a theme name longer than the value is refused');

# The limits of a profile (54000) are checked on what the value claims,
# before the themes are read.
$bad = $bytes;
substr($bad, $data_at + 1, 4) = pack('N', 1048577);
like(load_damaged('too_many', $bad),
	qr/54000: svtoms.profile of 1048577 themes exceeds the limit of 1048576 themes/,
	'a value claiming more themes than a profile holds is refused');

$bad = $bytes;
substr($bad, $first_name - 4, 4) = pack('N', 268435369);
like(load_damaged('too_long', $bad),
	qr/54000: svtoms.profile of 268435457 bytes exceeds the limit of 268435456 bytes/,
	'a theme name taking the profile past 256 MiB is refused');

$bad = $bytes;
substr($bad, $first_name + 2 + 42, 8) = pack('NN', 0, 100);
like(load_damaged('negatives', $bad),
	qr/22P03: invalid binary svtoms.sv: negatives cannot exceed responses/,
	'a theme account breaking an invariant is refused');

my $len = unpack('N', substr($bytes, 19 + 2, 4));
$bad = $bytes;
substr($bad, 19 + 2, 4) = pack('N', $len + 1);
substr($bad, $data_at + $len, 0) = "\0";
like(load_damaged('trailing', $bad),
	qr/22P03: invalid binary svtoms.profile: 1 trailing bytes/,
	'trailing bytes are refused');

is($node->safe_psql($db, 'SELECT count(*) FROM copied'),
	'44', 'no damaged row was loaded');

# Themes sent out of order are put in order.
$bad = $bytes;
my $theme_len = 4 + 2 + 66;
my $ab = substr($bytes, $first_name - 4, $theme_len);
my $ac = substr($bytes, $second_name - 4, $theme_len);
substr($bad, $first_name - 4, 2 * $theme_len) = $ac . $ab;
is(load_damaged('order', $bad), '', 'themes out of order are accepted');
is( $node->safe_psql($db,
		q{SELECT count(*) FROM copied WHERE p::text = (SELECT p::text FROM profiles WHERE id = 103)}),
	'2', 'and stored in theme order, as the original');

# Many themes, rows in every order.  Themes are kept as they first come
# and sorted once, and parallel workers' partial profiles are merged: the
# profile is the same, to the last byte of its text, whether the rows come
# in ascending, descending or shuffled order of their themes, serial or
# parallel, and it matches each theme's social_value computed apart.
$node->safe_psql($db, q{
	CREATE TABLE many_themes AS
	SELECT g, g % 7 AS bid, 'theme ' || lpad((g % 20000)::text, 5, '0') AS theme,
		CASE WHEN g % 13 = 0 THEN NULL ELSE ((g * 7919) % 20001 - 10000) * 0.001 END AS amount
	FROM generate_series(1, 200000) g;
	CREATE TABLE many_ascending AS SELECT * FROM many_themes ORDER BY theme, g;
	CREATE TABLE many_descending AS SELECT * FROM many_themes ORDER BY theme DESC, g;
	CREATE TABLE many_shuffled AS SELECT * FROM many_themes ORDER BY hashint4(g);
	ANALYZE many_ascending, many_descending, many_shuffled;
});
my $reference = $node->safe_psql($db, q{
	SELECT md5('{' || string_agg(format('"%s": (%s)', theme, v), ', ' ORDER BY theme) || '}')
	FROM (SELECT theme, svtoms.social_value(amount) AS v FROM many_themes GROUP BY theme) s});
my $grouped_reference = $node->safe_psql($db, q{
	SELECT string_agg(p, ',' ORDER BY bid) FROM (
		SELECT bid, md5('{' || string_agg(format('"%s": (%s)', theme, v), ', ' ORDER BY theme) || '}') AS p
		FROM (SELECT bid, theme, svtoms.social_value(amount) AS v FROM many_themes GROUP BY bid, theme) t
		GROUP BY bid) s});
my %many = (
	'theme_profile(text, numeric)' =>
	  [ q{SELECT md5(svtoms.theme_profile(theme, amount)::text) FROM %s}, $reference ],
	'grouped theme_profile(text, numeric)' => [
		q{SELECT string_agg(p, ',' ORDER BY bid) FROM (
			SELECT bid, md5(svtoms.theme_profile(theme, amount)::text) AS p FROM %s GROUP BY bid) s},
		$grouped_reference ],
	'theme_profile(text, sv)' => [
		q{SELECT md5(svtoms.theme_profile(theme, coalesce(svtoms.sv(amount), 'missing=1'))::text) FROM %s},
		$reference ]);
for my $name (sort keys %many)
{
	my ($q, $expected) = @{ $many{$name} };
	for my $order (qw(ascending descending shuffled))
	{
		my $query = sprintf($q, "many_$order");
		is($node->safe_psql($db, "$serial $query"),
			$expected, "$name, 20,000 themes in $order order, serial: as computed apart");
		is($node->safe_psql($db, "$force $query"),
			$expected, "$name, 20,000 themes in $order order, parallel: as computed apart");
	}
	like(
		$node->safe_psql($db,
			"$force EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
			  . sprintf($q, 'many_shuffled')),
		qr/Workers Launched: [1-9]/,
		"$name, shuffled: parallel workers ran");
}

# Binary input of many themes out of order: stored sorted, as the text
# gives them; a theme written twice among them is refused.
my $copy_header = "PGCOPY\n\xff\r\n\0" . pack('NN', 0, 0);
# benefit 1.5 (1500000 micro-units), harm 0, display scale 1, 1 response
my $account = pack('N4 N4 n N2 N2 N2 N2', 0, 0, 0, 1500000, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0);
is(length($account), 66, 'an account takes 66 bytes');

sub binary_copy
{
	my $data = pack('CN', 1, scalar @_);
	$data .= pack('N', length $_) . $_ . $account for @_;
	return $copy_header . pack('nN', 1, length $data) . $data . pack('n', 0xFFFF);
}

$node->safe_psql($db, 'CREATE TABLE copied_many (o text, p svtoms.profile)');

sub load_many
{
	my ($name, $bytes) = @_;
	my $path = "$dir/$name.bin";
	open(my $fh, '>:raw', $path) or die "cannot write $path: $!";
	print $fh $bytes;
	close($fh);
	my ($ret, $stdout, $stderr) = $node->psql($db,
		"\\set VERBOSITY verbose\nCOPY copied_many (p) FROM '$path' (FORMAT binary);\n"
		  . "UPDATE copied_many SET o = '$name' WHERE o IS NULL");
	return $stderr;
}

my @names = map { sprintf('theme %05d', $_) } 1 .. 3000;
my @shuffled = map { $_->[1] } sort { $a->[0] <=> $b->[0] }
  map { [ ($_ * 7919) % 3001, $names[$_ - 1] ] } 1 .. 3000;
is(load_many('many_ascending', binary_copy(@names)), '', '3000 themes in ascending order are accepted');
is(load_many('many_descending', binary_copy(reverse @names)), '', 'in descending order too');
is(load_many('many_shuffled', binary_copy(@shuffled)), '', 'and shuffled');
is( $node->safe_psql($db, q{
		SELECT string_agg(o || ' ' || (p::text = (
			SELECT '{' || string_agg(format('"theme %s": (benefit=1.5 harm=0.0 net=1.5 responses=1 negatives=0 missing=0 excluded=0)',
			                                lpad(g::text, 5, '0')), ', ' ORDER BY g) || '}'
			FROM generate_series(1, 3000) g))::text, ', ' ORDER BY o) FROM copied_many}),
	'many_ascending true, many_descending true, many_shuffled true',
	'each is stored in theme order, with every theme');
like(load_many('many_twice', binary_copy(reverse(@names), 'theme 01500')),
	qr/22P03: invalid binary svtoms.profile: theme "theme 01500" appears twice/,
	'a theme written twice among 3000 out of order is refused');
is($node->safe_psql($db, 'SELECT count(*) FROM copied_many'), '3', 'and not loaded');

$node->stop;
done_testing();
