# The report in a browser: svtoms.report_html, rendered by headless
# Chromium, shows each bid as svtoms.evaluate ranks it, one chart per bid
# and the value set's licence; text from the data, a bidder named like a
# script included, stays text; and a screenshot is a real picture.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my ($chromium) = grep { -x $_ } ($ENV{SVTOMS_CHROMIUM} // ()),
  map { ("$_/chromium", "$_/chromium-browser") } split /:/, $ENV{PATH};
plan skip_all => 'chromium not found (Debian package chromium)' unless $chromium;

my $node = PostgreSQL::Test::Cluster->new('report');
$node->init;
$node->start;
$node->safe_psql('postgres',
	q{CREATE DATABASE report TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'});

# Four bids: a harm (Greenfield), an unanswered outcome (Café), a harm
# below the theme floor (disqualified), and a plain one.
$node->safe_psql('report', q{
CREATE EXTENSION svtoms;
SELECT svtoms.import_value_set('br-values', 'toms-sample', 'Browser test values', '2026-01-01',
	'Council research team', U&'CC BY 4.0 \2014 Council & partners <licence>',
	E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nENV1,245,0\n');
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value, price_weight,
						   quality_weight, social_weight, theme_floor)
VALUES ('BR-1', 'toms-sample', 'br-values', 'Parks & open spaces', 1000000, 60, 30, 10, -10000);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('BR-1', 'JOBS-1'), ('BR-1', 'ENV-1');
INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points) VALUES
	('BR-1-A', 'BR-1', 'Greenfield Ltd', 900000, 24),
	('BR-1-B', 'BR-1', U&'Caf\00E9 \03A9 & Sons <Ltd>', 880000, 20),
	('BR-1-C', 'BR-1', '<script>document.title="pwned"</script><img src=x onerror="document.title=1"> Co', 800000, 25),
	('BR-1-D', 'BR-1', 'Parks Co-op', 950000, 27);
INSERT INTO svtoms.response (bid_id, measure_code, quantity, note) VALUES
	('BR-1-A', 'JOB1', 5, NULL), ('BR-1-A', 'ENV1', -20, 'diesel mowers'),
	('BR-1-B', 'JOB1', 4, NULL),
	('BR-1-C', 'JOB1', 6, NULL), ('BR-1-C', 'ENV1', -100, NULL),
	('BR-1-D', 'JOB1', 3, NULL), ('BR-1-D', 'ENV1', 10, NULL);
});

# The expected rows, as the page should show them: rank ("not ranked"),
# bidder, bid, total points to 2 decimals ("" when not scored), flags.
my @expected = map { [ split /\t/, $_, -1 ] } split /\n/, $node->safe_psql('report', q{
	SELECT concat_ws(E'\t', coalesce(rank::text, 'not ranked'), bidder, bid_id,
					 coalesce(round(total_points, 2)::text, ''), array_to_string(status, ' '))
	FROM svtoms.evaluate('BR-1')});
is(scalar @expected, 4, 'svtoms.evaluate gives four bids');
my $licence = $node->safe_psql('report', q{SELECT licence FROM svtoms.value_set WHERE id = 'br-values'});

my $dir = PostgreSQL::Test::Utils::tempdir;
my $page = "$dir/report.html";
open my $fh, '>:raw', $page or die "$page: $!";
print $fh $node->safe_psql('report', q{SELECT svtoms.report_html('BR-1')});
close $fh;

# Chromium keeps its profile, caches and crash reports under a fresh
# directory, wherever HOME is; its chatter goes to a log.
my $run = 0;
sub chromium
{
	my (@args) = @_;
	$run++;
	my $home = "$dir/chromium-$run";
	mkdir $home or die "$home: $!";
	local $ENV{HOME} = $home;
	local $ENV{XDG_CONFIG_HOME} = "$home/config";
	local $ENV{XDG_CACHE_HOME} = "$home/cache";
	my ($out, $err) = ('', '');
	my @cmd = ($chromium, qw(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
		  --disable-background-networking --disable-component-update --disable-sync),
		"--user-data-dir=$home/profile", @args);
	my $ok = eval {
		IPC::Run::run(\@cmd, '<', \undef, '>', \$out, '2>', \$err, IPC::Run::timeout(60));
	};
	open my $log, '>', "$home/stderr.log" or die;
	print $log $err, ($@ // '');
	close $log;
	diag("chromium failed: $@ " . substr($err, -2000)) unless $ok;
	return $out;
}

sub text_of
{
	my ($html) = @_;
	$html =~ s/<[^>]*>//g;
	$html =~ s/&lt;/</g;
	$html =~ s/&gt;/>/g;
	$html =~ s/&quot;/"/g;
	$html =~ s/&nbsp;/ /g;
	$html =~ s/&amp;/&/g;
	return $html;
}

my $dom = chromium('--dump-dom', "file://$page");
like($dom, qr/^<!DOCTYPE html>\s*<html lang="en-GB">/, 'the rendered page is an HTML5 document in British English');
unlike($dom, qr/<script/i, 'no script element: a bidder named like one stays text');
like($dom, qr{<title>Social value evaluation: Parks &amp; open spaces \(BR-1\)</title>},
	'the title is the tender\'s, not one a bidder wrote');
like($dom, qr/&lt;script&gt;document\.title="pwned"&lt;\/script&gt;&lt;img src=x/, 'that bidder\'s name is shown as written');

# the ranking table, row by row, against svtoms.evaluate
my ($tbody) = $dom =~ m{<table class="ranking">.*?<tbody>(.*?)</tbody>}s;
my @rows = defined $tbody ? $tbody =~ m{<tr\b[^>]*>(.*?)</tr>}gs : ();
is(scalar @rows, scalar @expected, 'one ranking row per bid');
for my $i (0 .. $#expected)
{
	my ($rank, $bidder, $bid, $total, $flags) = @{ $expected[$i] };
	my $row = $rows[$i] // '';
	my @cells = $row =~ m{<t[dh]\b[^>]*>(.*?)</t[dh]>}gs;
	my ($shown_bidder) = $row =~ m{<a href="#bid-\d+">(.*?)</a>}s;
	my ($shown_bid) = $row =~ m{<code class="bid-id">(.*?)</code>}s;
	my ($shown_total) = $row =~ m{<td class="num total">(.*?)</td>}s;
	my @shown_flags = $row =~ m{<span class="flag flag-[a-z_]+">([a-z_]+)</span>}g;
	is_deeply(
		[ text_of($cells[0] // ''), text_of($shown_bidder // ''), text_of($shown_bid // ''),
		  text_of($shown_total // ''), join(' ', @shown_flags) ],
		[ $rank, $bidder, $bid, $total eq '' ? "\xe2\x80\x94none" : $total, $flags ],
		"row " . ($i + 1) . ": $bid as evaluated");
}

# one chart per bid, each an accessible image
my @svgs = $dom =~ m{(<svg\b.*?</svg>)}gs;
is(scalar @svgs, 4, 'four charts, one per bid');
is(scalar(grep { /^<svg[^>]* role="img"/ && /<title>Social value by theme<\/title>/ && /<desc>[^<]+<\/desc>/ } @svgs),
	4, 'each chart is an image with a title and a description');
my @figures = $dom =~ m{<figure>\s*<svg}g;
is(scalar @figures, 4, 'each chart in a figure with a caption');
like($svgs[0], qr/<desc>[^<]*environment: benefit 0, harm 4,900, net \x{e2}\x{88}\x{92}4,900\./,
	'the first chart describes its harm in words');
like($dom, qr{<h3 id="bid-\d+">Rank 3: Caf\x{c3}\x{a9} \x{ce}\x{a9} &amp; Sons &lt;Ltd&gt;</h3>.*?<dt>Missing answers</dt><dd>1</dd>}s,
	'the bid with an unanswered outcome shows it');
like($dom, qr{<ul class="harms">\s*<li><code>ENV1</code>[^<]*valued at \x{e2}\x{88}\x{92}4,900 GBP\. <span class="note">Note: diesel mowers</span>}s,
	'the harm is listed with the bidder\'s note');

# the value set, with its source and licence
(my $licence_html = $licence) =~ s/&/&amp;/g;
$licence_html =~ s/</&lt;/g;
$licence_html =~ s/>/&gt;/g;
like($dom, qr{<dt>Value set licence</dt><dd>\Q$licence_html\E</dd>}, 'the value set\'s licence is shown');
like($dom, qr{<dt>Value set</dt><dd>Browser test values \(<code>br-values</code>\)}, 'and its name');

# a screenshot: a PNG of the window size, much fuller than a blank page's
my $blank = "$dir/blank.html";
open $fh, '>', $blank or die "$blank: $!";
print $fh qq{<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n};
close $fh;
chromium("--screenshot=$dir/blank.png", '--window-size=1200,2000', "file://$blank");
chromium("--screenshot=$dir/report.png", '--window-size=1200,2000', "file://$page");
my $png = slurp_file("$dir/report.png");
is(substr($png, 0, 8), "\x89PNG\r\n\x1a\n", 'the screenshot is a PNG');
is(join('x', unpack('NN', substr($png, 16, 8))), '1200x2000', 'of the window size');
my $blank_size = -s "$dir/blank.png" // 0;
cmp_ok(length($png), '>', 5 * $blank_size,
	'and far fuller than a blank page (' . length($png) . " bytes against $blank_size)");

$node->stop;
done_testing();
