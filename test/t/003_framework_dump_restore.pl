# pg_dump and restore keep user frameworks, value sets and price index
# series exactly, and do not duplicate the bundled ones; a framework's JSON imported into a fresh
# database reproduces it exactly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('frameworks');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
	CREATE EXTENSION svtoms;
	-- a user framework, copied from a bundled one and changed
	SELECT svtoms.import_framework(svtoms.framework_json('ccin-coop-2022')
		|| '{"id": "coop-local", "name": "Local cooperative values", "value_sets": []}');
	UPDATE svtoms.measure SET max_points = 25 WHERE framework_id = 'coop-local' AND code = 'EE1c';
	-- a user monetary framework with its own value set, loaded from CSV
	SELECT svtoms.import_framework(svtoms.framework_json('toms-sample')
		|| '{"id": "council-toms", "name": "Council TOMs", "version": "2026", "value_sets": []}');
	SELECT svtoms.import_value_set('council-toms-2026', 'council-toms', 'Council values 2026', '2026-04-01',
		'council finance', 'licensed to the council',
		E'measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years\n'
		'JOB1,12654.33,0.2,0.05,0,0.1,3\nENV1,244.63,0,0,0,0,1\n');
	-- a user value set for a bundled framework
	SELECT svtoms.import_value_set('sample-local', 'toms-sample', 'Local sample values', '2026-01-01',
		'us', 'internal', E'measure_code,proxy_value\nJOB1,9000\n');
	-- a council's own price index series
	SELECT svtoms.import_price_index('council-deflator', 'Council deflator', 'June 2026', 'ONS',
		'Open Government Licence v3.0', E'year,value\n2019,80\n2023,96.25\n');
});

my $count_sql = q{
	SELECT string_agg(format('%s:%s', t, n), ' ' ORDER BY t) FROM (
		SELECT 'framework' t, count(*) n FROM svtoms.framework UNION ALL
		SELECT 'theme', count(*) FROM svtoms.theme UNION ALL
		SELECT 'outcome', count(*) FROM svtoms.outcome UNION ALL
		SELECT 'measure', count(*) FROM svtoms.measure UNION ALL
		SELECT 'value_set', count(*) FROM svtoms.value_set UNION ALL
		SELECT 'measure_value', count(*) FROM svtoms.measure_value UNION ALL
		SELECT 'benefit_longlist', count(*) FROM svtoms.benefit_longlist UNION ALL
		SELECT 'price_index_series', count(*) FROM svtoms.price_index_series UNION ALL
		SELECT 'price_index ' || string_agg(format('%s/%s/%s', series, year, value), ',' ORDER BY series, year), 1
		FROM svtoms.price_index) s
};
my $json_sql = q{
	SELECT string_agg(svtoms.framework_json(id)::text, E'\n' ORDER BY id) FROM svtoms.framework
};
my $counts = $node->safe_psql('postgres', $count_sql);
my $json = $node->safe_psql('postgres', $json_sql);

my $dir = $node->basedir;

# custom-format dump restored with pg_restore
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/db.dump", '-d', $node->connstr('postgres') ],
	'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$dir/db.dump" ],
	'pg_restore without errors');
is($node->safe_psql('restored', $count_sql), $counts, 'restore has the same rows, bundled ones once');
is($node->safe_psql('restored', $json_sql), $json, 'every framework is identical after restore');
is($node->safe_psql('restored', q{SELECT count(*) FROM svtoms.framework WHERE bundled}),
	'4', 'the bundled frameworks are not duplicated');
is($node->safe_psql('restored',
		q{SELECT max_points FROM svtoms.measure WHERE framework_id = 'coop-local' AND code = 'EE1c'}),
	'25', 'a change to a user framework survives the restore');

# plain-format dump replayed with psql
$node->command_ok([ 'pg_dump', '-f', "$dir/db.sql", '-d', $node->connstr('postgres') ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE replayed');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('replayed'), '-f', "$dir/db.sql" ],
	'plain dump replays without errors');
is($node->safe_psql('replayed', $count_sql), $counts, 'plain restore has the same rows');
is($node->safe_psql('replayed', $json_sql), $json, 'plain restore has identical frameworks');

# JSON export imported into a fresh database
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION svtoms');
for my $id ('coop-local', 'council-toms')
{
	my $doc = $node->safe_psql('postgres', "SELECT svtoms.framework_json('$id')");
	$doc =~ s/'/''/g;
	is($node->safe_psql('fresh', "SELECT svtoms.import_framework('$doc')"), $id, "$id imported");
	is($node->safe_psql('fresh', "SELECT svtoms.framework_json('$id')"),
		$node->safe_psql('postgres', "SELECT svtoms.framework_json('$id')"),
		"$id round-trips through JSON exactly");
}

$node->stop;
done_testing();
