# Killing the server while tenders are being awarded leaves each award
# either fully present (award row, every bid's result, identical to a
# fresh evaluation) or absent, after crash recovery.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
$node->start;

my $tenders = 60;
$node->safe_psql('postgres', qq{
	CREATE EXTENSION svtoms;
	INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
	SELECT 'C' || n, 'toms-sample', 'toms-sample-illustrative', 40, 40, 20 FROM generate_series(1, $tenders) n;
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
	SELECT 'C' || n, o FROM generate_series(1, $tenders) n, unnest(ARRAY['JOBS-1', 'ENV-1']) o;
	INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
	SELECT 'C' || n || '-' || b, 'C' || n, 'Bidder ' || b, 1000 + b * n, b * 5
	FROM generate_series(1, $tenders) n, generate_series(1, 6) b;
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	SELECT b.id, m, CASE m WHEN 'JOB1' THEN 1 + length(b.id) ELSE 3 - length(b.id) % 7 END
	FROM svtoms.bid b, unnest(ARRAY['JOB1', 'ENV1']) m;
	-- the evaluation every award must record
	CREATE TABLE expected AS
	SELECT t.id AS tender_id, e.bid_id, e.value::text AS value, e.total_points, e.rank
	FROM svtoms.tender t, svtoms.evaluate(t.id) e;
});

# award the tenders one by one in a background session, and kill the
# server while it is busy
my $script = $node->basedir . '/awards.sql';
open(my $fh, '>', $script) or die "cannot write $script: $!";
print $fh map { "CALL svtoms.award('C$_');\n" } 1 .. $tenders;
close($fh);
my ($stdout, $stderr) = ('', '');
my $h = IPC::Run::start(
	[ 'psql', '-X', '-q', '-d', $node->connstr('postgres'), '-f', $script ],
	'>' => \$stdout, '2>' => \$stderr);
my $waited = 0;
while ($waited < 200)
{
	my $n = $node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.award');
	last if $n >= 5;
	usleep(50_000);
	$waited++;
}
$node->stop('immediate');
$h->finish;
$node->start;

my $awarded = $node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.award');
note("awards present after the crash: $awarded of $tenders");
ok($awarded >= 5, 'some awards were made before the crash');
ok($awarded < $tenders, 'the crash interrupted the awarding');

is( $node->safe_psql('postgres', q{
		SELECT count(*) FROM svtoms.tender t
		WHERE EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = t.id)
		  <> (SELECT count(*) = 6 FROM svtoms.award_result r WHERE r.tender_id = t.id)
		   OR (SELECT count(*) FROM svtoms.award_result r WHERE r.tender_id = t.id) NOT IN (0, 6)}),
	'0', 'every award is whole or absent: award row and all six results, or neither');

my $mismatch = q{
	SELECT count(*) FROM svtoms.award_result r
	FULL JOIN (SELECT * FROM expected WHERE tender_id IN (SELECT tender_id FROM svtoms.award)) x
	  ON x.tender_id = r.tender_id AND x.bid_id = r.bid_id
	WHERE r.bid_id IS NULL OR x.bid_id IS NULL OR r.value::text <> x.value
	   OR r.total_points <> x.total_points OR r.rank IS DISTINCT FROM x.rank
};
is($node->safe_psql('postgres', $mismatch), '0', 'every recovered award records exactly the evaluation');

# the interrupted tenders can still be awarded, and match too
$node->safe_psql('postgres', q{
	DO $$
	DECLARE t text;
	BEGIN
		FOR t IN SELECT id FROM svtoms.tender WHERE id NOT IN (SELECT tender_id FROM svtoms.award) ORDER BY id LOOP
			CALL svtoms.award(t);
		END LOOP;
	END $$;
});
is($node->safe_psql('postgres', 'SELECT count(*) FROM svtoms.award'), "$tenders",
	'the interrupted tenders are awarded after recovery');
is($node->safe_psql('postgres', $mismatch), '0', 'and every award records exactly the evaluation');

$node->stop;
done_testing();
