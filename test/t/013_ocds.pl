# OCDS in and out on the real published samples: after svtoms.import_ocds
# (with the tender weights as published and no social value answers),
# svtoms ranks first, in each lot, the bid the publisher awarded (its
# active award), the rejected bids and unsuccessful awards taken from the
# release; svtoms.ocds_bids is valid against the bids extension's release
# schema and codelists (checked by an independent validator, Python's
# jsonschema), for the samples and for tenders with lots and with bids
# svtoms rejects or disqualifies; and what it exports imports back unchanged.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use JSON::PP;

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

my $ukraine = "$data/sample-data/ukraine/ocds-be6bcu-UA-2016-06-08-000504-c-2aa52fb7af274126af4f629fd7a11a04.json";
import_file($ukraine);
import_file((glob("$data/sample-data/uk-contracts-finder/*.json"))[0]);
import_file("$ext/README-example-1.json", 'ocds-ex-bids1');
import_file("$ext/README-example-2.json", 'ocds-ex-bids2');

# The published award of each lot, read from the release here (not by
# svtoms): each active award's bids, named in relatedBids / relatedBid,
# or else the bids whose tenderer is the award's supplier (by id, or by
# identifier id) in the award's lot; "-" stands for no lot.
sub lot_of
{
	my ($o) = @_;
	my @lots = (@{ $o->{relatedLots} // [] }, defined $o->{relatedLot} ? ($o->{relatedLot}) : ());
	return @lots == 1 ? (ref $lots[0] ? $lots[0]{id} : $lots[0]) : '-';
}

sub party_ids
{
	return map { $_->{id} // $_->{identifier}{id} // () } @{ $_[0] // [] };
}

sub published_awards
{
	my ($release) = @_;
	my @bids = @{ $release->{bids}{details} // [] };
	my @winners;
	for my $award (grep { ($_->{status} // '') eq 'active' } @{ $release->{awards} // [] })
	{
		my $lot = lot_of($award);
		my @named = (@{ $award->{relatedBids} // [] }, defined $award->{relatedBid} ? ($award->{relatedBid}) : ());
		unless (@named)
		{
			my %supplier = map { $_ => 1 } party_ids($award->{suppliers});
			@named = map { $_->{id} }
			  grep { ($lot eq '-' || lot_of($_) eq $lot) && grep { $supplier{$_} } party_ids($_->{tenderers}) } @bids;
		}
		push @winners, "$lot $_" for @named;
	}
	return join "\n", sort @winners;
}

# svtoms's rank 1 of each lot, by published bid id
sub svtoms_firsts
{
	my ($tender) = @_;
	return $node->safe_psql('postgres', qq{
		SELECT string_agg(coalesce(e.lot_id, '-') || ' ' || o.ocds_id, E'\n' ORDER BY 1)
		FROM svtoms.evaluate('$tender') e JOIN svtoms.ocds_bid o ON o.bid_id = e.bid_id WHERE e.rank = 1});
}

my $json = JSON::PP->new;
my %samples = (
	'ocds-be6bcu-UA-2016-06-08-000504-c' => $json->decode(slurp_file($ukraine)),
	'ocds-ex-bids1' => $json->decode(slurp_file("$ext/README-example-1.json")));
for my $tender (sort keys %samples)
{
	my $published = published_awards($samples{$tender});
	isnt($published, '', "$tender publishes an active award");
	is(svtoms_firsts($tender), $published, "$tender: svtoms ranks first, in each lot, the bid of the published award");
}
# the Ukrainian award: the lowest bid (1800) was found unsuccessful and the
# next lowest (2875) awarded; svtoms rejects the first and ranks the second
is($node->safe_psql('postgres', q{
		SELECT string_agg(format('%s %s %s', b.price, b.compliance, coalesce(e.rank::text, '-')), ', ' ORDER BY b.price)
		FROM svtoms.evaluate('ocds-be6bcu-UA-2016-06-08-000504-c') e JOIN svtoms.bid b ON b.id = e.bid_id}),
	'1800.0 rejected -, 2875.0 compliant 1, 2900.0 compliant 2, 3000.0 compliant 3, 3375.0 compliant 4',
	'Ukraine: the bid of the unsuccessful award is rejected, the awarded bid ranks first');
is($node->safe_psql('postgres', q{
		SELECT string_agg(format('%s %s', o.ocds_id, b.rejection_reason), ', ' ORDER BY o.ocds_id)
		FROM svtoms.bid b JOIN svtoms.ocds_bid o ON o.bid_id = b.id WHERE b.compliance = 'rejected'}),
	'2 published status: disqualified, 806fb3027fb04be38ef375a457a58fbe award unsuccessful',
	'the rejected bids of the samples and their reasons');
# lots, a social value criterion, responses, a bid svtoms disqualifies,
# bids the release rejects (not-qualified, an unsuccessful award) and one
# without a price
$node->safe_psql('postgres', q{
	SELECT count(*) FROM svtoms.import_ocds('{"ocid": "ocds-ex-lots", "date": "2026-01-01T00:00:00Z",
		"tender": {"title": "Grounds", "value": {"amount": 500000, "currency": "GBP"},
		  "lots": [{"id": "N", "awardCriteria": {"criteria": [
			{"type": "price", "numbers": [{"number": 60, "weight": "percentageExact"}]},
			{"type": "quality", "name": "Social value", "numbers": [{"number": 40, "weight": "percentageExact"}]}]}},
			{"id": "S", "awardCriteria": {"criteria": [
			{"type": "price", "numbers": [{"number": 60, "weight": "percentageExact"}]},
			{"type": "quality", "name": "Social value", "numbers": [{"number": 40, "weight": "percentageExact"}]}]}}]},
		"bids": {"details": [
		  {"id": "b1", "tenderers": [{"id": "GB-1", "name": "Greenfield"}], "value": {"amount": 450000, "currency": "GBP"}, "relatedLots": ["N"]},
		  {"id": "b2", "tenderers": [{"id": "GB-2", "name": "Parks Co-op"}], "value": {"amount": 470000, "currency": "GBP"}, "relatedLots": [{"id": "N"}]},
		  {"id": "b3", "tenderers": [{"name": "Silent Ltd"}], "value": {"amount": 400000, "currency": "GBP"}},
		  {"id": "b4", "status": "not-qualified", "tenderers": [{"id": "GB-4", "name": "Cheap Cuts"}], "value": {"amount": 300000, "currency": "GBP"}, "relatedLot": "S"},
		  {"id": "b5", "tenderers": [{"id": "GB-5", "name": "Mow Well"}], "value": {"amount": 310000, "currency": "GBP"}, "relatedLot": "S"},
		  {"id": "b6", "tenderers": [{"id": "GB-6", "name": "Verge Co-op"}], "value": {"amount": 350000, "currency": "GBP"}, "relatedLot": "S"},
		  {"id": "b7", "tenderers": [{"id": "GB-7", "name": "Late Ltd"}], "relatedLot": "S"}]},
		"awards": [{"id": "a1", "status": "unsuccessful", "relatedLot": "S", "suppliers": [{"id": "GB-5", "name": "Mow Well"}]}]}',
		framework_id => 'toms-sample', value_set_id => 'toms-sample-illustrative');
	UPDATE svtoms.tender SET missing_policy = 'disqualify' WHERE id = 'ocds-ex-lots';
	INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('ocds-ex-lots', 'JOBS-1');
	INSERT INTO svtoms.response (bid_id, measure_code, quantity)
	VALUES ('ocds-ex-lots/b1', 'JOB1', 4), ('ocds-ex-lots/b2', 'JOB1', 6), ('ocds-ex-lots/b4', 'JOB1', 9),
	       ('ocds-ex-lots/b5', 'JOB1', 1), ('ocds-ex-lots/b6', 'JOB1', 2), ('ocds-ex-lots/b7', 'JOB1', 1);
});
is($node->safe_psql('postgres', q{
		SELECT string_agg(format('%s %s %s', coalesce(e.lot_id, '-'), o.ocds_id, coalesce(e.rank::text, array_to_string(e.status, ','))),
						  ', ' ORDER BY e.lot_id NULLS FIRST, o.ocds_id)
		FROM svtoms.evaluate('ocds-ex-lots') e JOIN svtoms.ocds_bid o ON o.bid_id = e.bid_id}),
	'- b3 incomplete,disqualified, N b1 2, N b2 1, S b4 rejected, S b5 rejected, S b6 1, S b7 unpriced',
	'the lots tender: each lot ranked on its own, without the rejected, disqualified and unpriced bids');

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
my $lots = $json->decode(slurp_file("$dir/ocds_ex_lots.json"));
is(join(', ', map { join(' ', $_->{id}, $_->{status}, $_->{rank} // '-', @{ $_->{relatedLots} // ['-'] }) } @{ $lots->{details} }),
	'b3 disqualified - -, b2 valid 1 N, b1 valid 2 N, b6 valid 1 S, b4 disqualified - S, b5 disqualified - S, b7 pending - S',
	'the lots tender exports its rejected and disqualified bids as disqualified, ranks within each lot');
is(join(', ', map { join(' ', $_->{relatedLot} // '-', $_->{measure}, $_->{value}) } @{ $lots->{statistics} }),
	'- bids 7, - validBids 3, - disqualifiedBids 3, - bidders 7, '
	  . 'N bids 2, N validBids 2, N disqualifiedBids 0, N bidders 2, N lowestValidBidValue 450000, N highestValidBidValue 470000, '
	  . 'S bids 4, S validBids 1, S disqualifiedBids 2, S bidders 4, S lowestValidBidValue 350000, S highestValidBidValue 350000',
	'... with statistics of the tender and of each lot');

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
is($node->safe_psql('postgres', q{
	SELECT string_agg(format('%s %s %s', o.ocds_id, b.compliance, coalesce(e.rank::text, '-')), E'\n' ORDER BY o.ocds_id)
	FROM svtoms.evaluate('roundtrip') e JOIN svtoms.bid b ON b.id = e.bid_id JOIN svtoms.ocds_bid o ON o.bid_id = b.id}),
	$node->safe_psql('postgres', q{
	SELECT string_agg(format('%s %s %s', o.ocds_id, b.compliance, coalesce(e.rank::text, '-')), E'\n' ORDER BY o.ocds_id)
	FROM svtoms.evaluate('ocds-be6bcu-UA-2016-06-08-000504-c') e JOIN svtoms.bid b ON b.id = e.bid_id
	JOIN svtoms.ocds_bid o ON o.bid_id = b.id}),
	'... and the same rejections and ranks');

$node->stop;
done_testing();
