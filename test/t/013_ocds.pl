# OCDS out: svtoms.ocds_bids is valid against the bids extension's release
# schema and codelists (checked by an independent validator, Python's
# jsonschema), for the real published samples and for a tender svtoms
# disqualifies bids in; and what it exports imports back unchanged.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $root = $ENV{TESTDIR} or die 'TESTDIR is not set';
my $data = "$root/test/data/ocds";
my $ext = "$data/extensions/ocds_bid_extension";

my $node = PostgreSQL::Test::Cluster->new('ocds');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms');

sub import_file
{
	my ($file, $ocid) = @_;
	my $doc = slurp_file($file);
	$doc =~ s/'/''/g;
	my $wrap = defined $ocid ? qq{jsonb_build_object('ocid', '$ocid') || } : '';
	return $node->safe_psql('postgres', qq{SELECT count(*) FROM svtoms.import_ocds($wrap'$doc'::jsonb)});
}

import_file("$data/sample-data/ukraine/ocds-be6bcu-UA-2016-06-08-000504-c-2aa52fb7af274126af4f629fd7a11a04.json");
import_file((glob("$data/sample-data/uk-contracts-finder/*.json"))[0]);
import_file("$ext/README-example-1.json", 'ocds-ex-bids1');
import_file("$ext/README-example-2.json", 'ocds-ex-bids2');
# lots, a social value criterion, responses, and a bid svtoms disqualifies
$node->safe_psql('postgres', q{
	SELECT count(*) FROM svtoms.import_ocds('{"ocid": "ocds-ex-lots", "date": "2026-01-01T00:00:00Z",
		"tender": {"title": "Grounds", "value": {"amount": 500000, "currency": "GBP"},
		  "lots": [{"id": "N", "awardCriteria": {"criteria": [
			{"type": "price", "numbers": [{"number": 60, "weight": "percentageExact"}]},
			{"type": "quality", "name": "Social value", "numbers": [{"number": 40, "weight": "percentageExact"}]}]}}]},
		"bids": {"details": [
		  {"id": "b1", "tenderers": [{"id": "GB-1", "name": "Greenfield"}], "value": {"amount": 450000, "currency": "GBP"}, "relatedLots": ["N"]},
		  {"id": "b2", "tenderers": [{"id": "GB-2", "name": "Parks Co-op"}], "value": {"amount": 470000, "currency": "GBP"}, "relatedLots": [{"id": "N"}]},
		  {"id": "b3", "tenderers": [{"name": "Silent Ltd"}], "value": {"amount": 400000, "currency": "GBP"}}]}}',
		framework_id => 'toms-sample', value_set_id => 'toms-sample-illustrative');
	UPDATE svtoms.tender SET missing_policy = 'disqualify' WHERE id = 'ocds-ex-lots';
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('ocds-ex-lots', 'JOBS-1');
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	VALUES ('ocds-ex-lots/b1', 'JOB1', 4), ('ocds-ex-lots/b2', 'JOB1', 6);
});

my $dir = $node->basedir;
my @tenders = split /\n/, $node->safe_psql('postgres', 'SELECT id FROM svtoms.tender ORDER BY id');
is(scalar @tenders, 5, 'five tenders imported');
my @files;
for my $tender (@tenders)
{
	(my $name = $tender) =~ s{[^A-Za-z0-9]}{_}g;
	my $file = "$dir/$name.json";
	open my $fh, '>', $file or die "$file: $!";
	print $fh $node->safe_psql('postgres', qq{SELECT svtoms.ocds_bids('$tender')});
	close $fh;
	push @files, $file;
}
like(slurp_file("$dir/ocds_ex_lots.json"), qr/"status": "disqualified"/, 'the lots tender has a bid svtoms disqualified');

# the validator itself rejects what the extension does not allow
my $bad = "$dir/broken.json";
open my $fh, '>', $bad or die "$bad: $!";
print $fh '{"details": [{"id": 1, "status": "active", "hasRank": true, "rank": "1"}], '
  . '"statistics": [{"id": "1", "measure": "bids"}]}';
close $fh;

my ($out, $err) = run_command([ '/usr/bin/python3', "$root/test/ocds/validate_bids.py", $ext, @files, $bad ]);
for my $file (@files)
{
	my $name = $file =~ s{.*/}{}r;
	like($out, qr/^ok \Q$file\E$/m, "$name is valid against the bids extension schema and codelists")
	  or diag($out . $err);
}
my ($broken) = $out =~ /^not ok \Q$bad\E: (.*)$/m;
ok(defined $broken, 'the validator rejects a broken bids object') or diag($out . $err);
$broken //= '';
like($broken, qr{details/0/id: 1 is not of type 'string'}, '... an id that is not a string');
like($broken, qr{details/0/rank: '1' is not of type}, '... a rank that is text');
like($broken, qr{details/0/status: 'active' not in bidStatus.csv}, '... a status outside the codelist');
like($broken, qr{statistics/0: 'value' is a required property}, '... a statistic without a value');

# what svtoms exports, imported as another process, gives the same bids
$node->safe_psql('postgres', q{
	SELECT count(*) FROM svtoms.import_ocds(jsonb_build_object('ocid', 'roundtrip', 'bids',
		svtoms.ocds_bids('ocds-be6bcu-UA-2016-06-08-000504-c')));
});
is($node->safe_psql('postgres', q{
	SELECT string_agg(format('%s %s %s', o.ocds_id, b.bidder, b.price), E'\n' ORDER BY o.ocds_id)
	FROM svtoms.bid b JOIN svtoms.ocds_bid o ON o.bid_id = b.id WHERE o.tender_id = 'roundtrip'}),
	$node->safe_psql('postgres', q{
	SELECT string_agg(format('%s %s %s', o.ocds_id, b.bidder, b.price), E'\n' ORDER BY o.ocds_id)
	FROM svtoms.bid b JOIN svtoms.ocds_bid o ON o.bid_id = b.id WHERE o.tender_id = 'ocds-be6bcu-UA-2016-06-08-000504-c'}),
	'exported bids import back with the same ids, bidders and prices');

$node->stop;
done_testing();
