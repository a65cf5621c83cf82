# The report in a browser: svtoms.report_html, rendered by headless
# Chromium, shows each bid as svtoms.evaluate ranks it, one chart per bid
# and the value set's licence; text from the data, a bidder named like a
# script included, stays text; and a screenshot is a real picture.  A
# tender in lots shows one ranking per lot, laid out and visible, with the
# rejected bid's reason, the unpriced bid and a negative social score.
# Names with bidi controls and right-to-left letters show their controls
# as code points and never reorder the text beside them.  The section "How
# robust is this ranking?" says the margin as svtoms.robustness computes
# it, and draws each bid's share of draws at each rank as a bar whose
# parts are as wide as the shares written beside it.
use strict;
use warnings;
use Encode qw(decode_utf8);
use JSON::PP;
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
	E'measure_code,proxy_value,deadweight,low_value,high_value\nJOB1,10000,0.2,1000,30000\nENV1,245,0,100,2000\n');
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
# the names in the title are isolates, between FSI and PDI (U+2068, U+2069)
like($dom, qr{<title>Social value evaluation: \x{e2}\x{81}\x{a8}Parks &amp; open spaces\x{e2}\x{81}\x{a9} \(\x{e2}\x{81}\x{a8}BR-1\x{e2}\x{81}\x{a9}\)</title>},
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
like($svgs[0], qr/<desc>[^<]*environment\x{e2}\x{81}\x{a9}: benefit 0, harm 4,900, net \x{e2}\x{88}\x{92}4,900\./,
	'the first chart describes its harm in words');
like($dom, qr{<h3 id="bid-\d+">Rank 3: <bdi>Caf\x{c3}\x{a9} \x{ce}\x{a9} &amp; Sons &lt;Ltd&gt;</bdi></h3>.*?<dt>Missing answers</dt><dd>1</dd>}s,
	'the bid with an unanswered outcome shows it');
like($dom, qr{<ul class="harms">\s*<li><code>ENV1</code>(?:[^<]|</?bdi>)*valued at \x{e2}\x{88}\x{92}4,900 GBP\. <span class="note">Note: <bdi>diesel mowers</bdi></span>}s,
	'the harm is listed with the bidder\'s note');

# the value set, with its source and licence
(my $licence_html = $licence) =~ s/&/&amp;/g;
$licence_html =~ s/</&lt;/g;
$licence_html =~ s/>/&gt;/g;
like($dom, qr{<dt>Value set licence</dt><dd><bdi>\Q$licence_html\E</bdi></dd>}, 'the value set\'s licence is shown');
like($dom, qr{<dt>Value set</dt><dd><bdi>Browser test values</bdi> \(<code>br-values</code>\)}, 'and its name');

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

# How robust is this ranking?  The margin in words, and for each ranked
# bid a bar (its parts one per rank, as wide as the share) beside the
# shares in figures, as svtoms.rank_acceptability gives them.  A probe
# (for this test only) writes what is laid out into the page as JSON.
my ($margin, $winner, $runner) = split /\t/, $node->safe_psql('report', q{
	SELECT concat_ws(E'\t', to_char(margin, 'FM999990.00'), winner_bid_id, runner_up_bid_id) FROM svtoms.robustness('BR-1')});
my %shares;
for (split /\n/, $node->safe_psql('report', q{
	SELECT concat_ws(E'\t', bid_id, rank, round(100 * share, 1)) FROM svtoms.rank_acceptability('BR-1')}))
{
	my ($bid, $rank, $pct) = split /\t/;
	$shares{$bid}[ $rank - 1 ] = "$pct%";
}
is(scalar keys %shares, 3, 'rank acceptability for the three ranked bids');
my $robust_probe = <<'JS';
<script>
(function () {
	function shown(el) {
		if (!el) return false;
		var r = el.getBoundingClientRect();
		return el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 1 && r.height > 1;
	}
	var h = document.getElementById('robustness');
	var out = {heading: h ? h.innerText : null, heading_shown: shown(h), items: [], rows: []};
	var el = h;
	while (el && (el = el.nextElementSibling) && el.tagName !== 'H2') {
		if (el.tagName === 'P' && /leads/.test(el.innerText)) out.lead = el.innerText;
		if (el.matches('ul.switching')) el.querySelectorAll('li').forEach(function (li) { out.items.push(li.innerText); });
		if (el.matches('table.acceptability')) {
			out.caption = el.caption ? el.caption.innerText : null;
			el.querySelectorAll('tbody tr').forEach(function (tr) {
				var bar = tr.querySelector('.ra-bar');
				var total = bar ? bar.getBoundingClientRect().width - 2 : 0;	// less its 1px borders
				var parts = bar ? Array.prototype.map.call(bar.children, function (s) {
					return {rank: +s.className.replace('ra-r', ''), width: s.getBoundingClientRect().width};
				}) : [];
				out.rows.push({head: tr.cells[0].innerText, shares: Array.prototype.slice.call(tr.cells, 2).map(function (c) {
					return c.innerText.trim(); }), bar: total, parts: parts, shown: shown(bar),
					hidden_from_readers: bar ? bar.getAttribute('aria-hidden') : null});
			});
		}
	}
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
})();
</script>
JS
(my $robust_html = slurp_file($page)) =~ s{</body>}{$robust_probe</body>};
my $robust_page = "$dir/robust-probe.html";
open $fh, '>:raw', $robust_page or die "$robust_page: $!";
print $fh $robust_html;
close $fh;
my ($robust_json) = chromium('--window-size=1200,2000', '--dump-dom', "file://$robust_page") =~ m{<pre id="probe">(.*?)</pre>}s;
$robust_json //= '{}';
$robust_json =~ s/&lt;/</g;
$robust_json =~ s/&gt;/>/g;
$robust_json =~ s/&quot;/"/g;
$robust_json =~ s/&amp;/&/g;
my $robust = eval { decode_json($robust_json) } // {};
is($robust->{heading}, 'How robust is this ranking?', 'the robustness section has its heading');
ok($robust->{heading_shown}, 'and it is visible');
like($robust->{lead} // '', qr/\($winner\) leads .*\($runner\) by \Q$margin\E points of 100/,
	"it names the winner and the runner-up and the margin, $margin points, as svtoms.robustness computes it");
ok(scalar(grep { /would tie the winner at a price of/ } @{ $robust->{items} // [] }), 'the runner-up\'s price to win, in words');
ok(scalar(grep { /price change of [\d,.]+ GBP is worth one point/ } @{ $robust->{items} // [] }),
	'the price worth one point, in words');
my @ra_rows = @{ $robust->{rows} // [] };
is(scalar @ra_rows, 3, 'one acceptability row per ranked bid');
for my $row (@ra_rows)
{
	my ($bid) = ($row->{head} // '') =~ /\((BR-1-[A-D])\)$/;
	$bid //= '?';
	is_deeply($row->{shares}, $shares{$bid} // [], "$bid: its share at each rank, as svtoms.rank_acceptability gives it");
	ok($row->{shown}, "$bid: its bar is visible");
	is($row->{hidden_from_readers}, 'true', "$bid: the bar is hidden from screen readers, which read the figures");
	my $ok = 1;
	for my $part (@{ $row->{parts} })
	{
		my ($pct) = ($shares{$bid}[ $part->{rank} - 1 ] // '0') =~ /([\d.]+)/;
		$ok = 0 if abs($part->{width} - $row->{bar} * $pct / 100) > 1.5;
	}
	ok($ok && @{ $row->{parts} }, "$bid: each part of the bar is as wide as its share")
	  or diag(explain($row));
}

# A tender in lots (the figures of sql/report.sql's RPT-4): lot L1 won by
# North Greens over a polluter with negative social points, its lowest bid
# rejected; lot L2 with an unpriced bid; a bid for the tender as a whole;
# lot L3 without bids.
$node->safe_psql('report', q{
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value, price_weight,
						   quality_weight, social_weight)
VALUES ('BR-2', 'toms-sample', 'br-values', 'Grounds in lots', 2000000, 60, 30, 10);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('BR-2', 'JOBS-1'), ('BR-2', 'ENV-1');
INSERT INTO svtoms.lot (tender_id, id, title) VALUES
	('BR-2', 'L1', 'Parks <north>'), ('BR-2', 'L2', 'Cemeteries & verges'), ('BR-2', 'L3', 'Allotments');
INSERT INTO svtoms.bid (id, tender_id, lot_id, bidder, price, quality_points, compliance, rejection_reason) VALUES
	('BR-2-A', 'BR-2', 'L1', 'North Greens', 500000, 24, 'compliant', NULL),
	('BR-2-B', 'BR-2', 'L1', 'Smoky & Co', 450000, 27, 'compliant', NULL),
	('BR-2-C', 'BR-2', 'L1', 'Cheap <Ltd>', 400000, 29, 'rejected', 'abnormally low price & no <evidence> of costs'),
	('BR-2-D', 'BR-2', 'L2', 'Verge Care', 300000, 20, 'compliant', NULL),
	('BR-2-E', 'BR-2', 'L2', 'Late Ltd', NULL, 25, 'compliant', NULL),
	('BR-2-F', 'BR-2', 'L2', 'Hedge Co-op', 320000, 28, 'compliant', NULL),
	('BR-2-G', 'BR-2', NULL, 'All-in-one plc', 900000, 22, 'compliant', NULL);
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('BR-2-A', 'JOB1', 2), ('BR-2-A', 'ENV1', 0), ('BR-2-B', 'JOB1', 0), ('BR-2-B', 'ENV1', -32),
	('BR-2-C', 'JOB1', 1), ('BR-2-C', 'ENV1', 0), ('BR-2-D', 'JOB1', 1), ('BR-2-D', 'ENV1', 10),
	('BR-2-E', 'JOB1', 3), ('BR-2-E', 'ENV1', 0), ('BR-2-F', 'JOB1', 2), ('BR-2-F', 'ENV1', -4),
	('BR-2-G', 'JOB1', 4), ('BR-2-G', 'ENV1', 0);
});

# evaluate's rows, as text: competition heading, rank, bidder, bid, social
# and total points to 2 decimals with a true minus sign, flags
my $minus = "\x{2212}";
my @lot_expected = map { [ map { decode_utf8($_) } split /\t/, $_, -1 ] } split /\n/, $node->safe_psql('report', q{
	SELECT concat_ws(E'\t', coalesce('Lot ' || l.id || ': ' || l.title, 'The tender as a whole'),
					 coalesce(e.rank::text, 'not ranked'), e.bidder, e.bid_id,
					 coalesce(round(e.social_points, 2)::text, ''), coalesce(round(e.total_points, 2)::text, ''),
					 array_to_string(e.status, ' '))
	FROM svtoms.evaluate('BR-2') e LEFT JOIN svtoms.lot l ON l.tender_id = 'BR-2' AND l.id = e.lot_id});
is(scalar @lot_expected, 7, 'svtoms.evaluate gives seven bids in three competitions');
for my $e (@lot_expected) { s/-/$minus/ for @$e[4, 5] }

my $lots_html = $node->safe_psql('report', q{SELECT svtoms.report_html('BR-2')});
my $lots_page = "$dir/lots.html";
open $fh, '>:raw', $lots_page or die "$lots_page: $!";
print $fh $lots_html;
close $fh;
my $lots_dom = chromium('--dump-dom', "file://$lots_page");
unlike($lots_dom, qr/<script/i, 'the report in lots has no script either');
like($lots_dom, qr{Lot <bdi>L1</bdi>: <bdi>Parks &lt;north&gt;</bdi>}, 'a lot\'s title is shown as written');

# A probe, for this test only: a copy of the page that, once laid out,
# writes what a reader sees into the page as JSON: each ranking table's
# heading, and each row's cells as rendered text (innerText), and whether
# the row and its reason are visible (checkVisibility, and a box of some
# size).  The report itself has no script.
my $probe = <<'JS';
<script>
(function () {
	function shown(el) {
		if (!el) return false;
		var r = el.getBoundingClientRect();
		return el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 1 && r.height > 1;
	}
	function cells(tr) { return Array.prototype.map.call(tr.cells, function (c) { return c.innerText.trim(); }); }
	var out = {tables: [], rejected: []};
	document.querySelectorAll('table.ranking').forEach(function (t) {
		var region = t.closest('[role=region]');
		var h = region && document.getElementById(region.getAttribute('aria-labelledby'));
		var rows = [];
		t.querySelectorAll('tbody tr').forEach(function (tr) {
			var reason = tr.querySelector('.reason');
			rows.push({cells: cells(tr), shown: shown(tr),
					   reason: reason ? reason.innerText : null, reason_shown: shown(reason)});
		});
		out.tables.push({heading: h ? h.innerText : null, heading_shown: shown(h), rows: rows});
	});
	document.querySelectorAll('table.rejected tbody tr').forEach(function (tr) {
		out.rejected.push({cells: cells(tr), shown: shown(tr)});
	});
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
})();
</script>
JS
(my $probe_html = $lots_html) =~ s{</body>}{$probe</body>};
my $probe_page = "$dir/lots-probe.html";
open $fh, '>:raw', $probe_page or die "$probe_page: $!";
print $fh $probe_html;
close $fh;
my ($probe_json) = chromium('--window-size=1200,2000', '--dump-dom', "file://$probe_page") =~ m{<pre id="probe">(.*?)</pre>}s;
$probe_json //= '{}';
$probe_json =~ s/&lt;/</g;
$probe_json =~ s/&gt;/>/g;
$probe_json =~ s/&quot;/"/g;
$probe_json =~ s/&amp;/&/g;
my $seen = eval { decode_json($probe_json) } // {};
my @tables = @{ $seen->{tables} // [] };

is_deeply([ map { $_->{heading} } @tables ],
	[ 'The tender as a whole', 'Lot L1: Parks <north>', 'Lot L2: Cemeteries & verges', 'Lot L3: Allotments' ],
	'one ranking table per competition, each labelled by its heading: the tender as a whole, then the lots');
is(scalar(grep { $_->{heading_shown} } @tables), 4, 'the four headings are visible');
my %table = map { ($_->{heading} // '') => $_ } @tables;
my %position;
for my $e (@lot_expected)
{
	my ($competition, $rank, $bidder, $bid, $social, $total, $flags) = @$e;
	my $row = $table{$competition}{rows}[ $position{$competition}++ ] // { cells => [] };
	my @c = @{ $row->{cells} };
	is_deeply(
		[ $c[0], $c[1], $c[5], $c[6], $c[8] ],
		[ $rank, "$bidder\n$bid", $social eq '' ? "\x{2014}\nnone" : $social,
		  $total eq '' ? "\x{2014}\nnone" : $total,
		  $flags . ($flags eq 'rejected' ? "\nReason: abnormally low price & no <evidence> of costs" : '')
			. ($flags eq '' ? 'none' : '') ],
		"$competition: $bid shown as evaluated (rank, bidder and bid, social and total points, flags)");
	ok($row->{shown}, "$competition: ${bid}'s row is visible");
}
is(scalar @{ $table{'Lot L3: Allotments'}{rows} // [] }, 1, 'the lot without bids has one row');
is(($table{'Lot L3: Allotments'}{rows}[0]{cells} // [])->[0], 'No bids.', 'saying so');

my ($smoky) = grep { ($_->{cells}[1] // '') =~ /^Smoky & Co\n/ } @{ $table{'Lot L1: Parks <north>'}{rows} // [] };
is(($smoky // {})->{cells}[5], "${minus}4.90", 'the polluter\'s social points read as negative, with a minus sign');
my ($late) = grep { ($_->{cells}[1] // '') =~ /^Late Ltd\n/ } @{ $table{'Lot L2: Cemeteries & verges'}{rows} // [] };
is(($late // {})->{cells}[2], 'no price', 'the unpriced bid says so in words');
my ($cheap) = grep { ($_->{cells}[1] // '') =~ /^Cheap <Ltd>\n/ } @{ $table{'Lot L1: Parks <north>'}{rows} // [] };
is(($cheap // {})->{reason}, 'Reason: abnormally low price & no <evidence> of costs',
	'the rejected bid\'s row gives its reason');
ok(($cheap // {})->{reason_shown}, 'and the reason is visible');
is_deeply($seen->{rejected},
	[ { cells => [ "Cheap <Ltd>\nBR-2-C", 'Lot L1', 'rejected: abnormally low price & no <evidence> of costs' ],
		shown => JSON::PP::true } ],
	'the rejected bids\' table lists it, with its lot and reason, visibly');

# Bidi.  A tender with three numbered lots, two with right-to-left
# (Hebrew) titles, one with a right-to-left isolate (U+2067) left open,
# and a bidder whose name has a right-to-left override (U+202E), so that
# "Evil dtL" would be drawn "Evil Ltd".  Not isolated, lot 2's number
# would join lot 1's Hebrew title and be drawn before it, and the open
# isolate would turn the sentence after it around; not shown, the override
# would reverse the name.  In the page as drawn, each piece of text is
# where it is written, left to right, and every control is a visible
# [U+XXXX].
$node->safe_psql('report', q{
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('BR-3', 'toms-sample', 'br-values', U&'Lighting \202Eskrow', 70, 30, 0);
INSERT INTO svtoms.lot (tender_id, id, title) VALUES
	('BR-3', '1', U&'\05E6\05E4\05D5\05DF'), ('BR-3', '2', U&'\05D3\05E8\05D5\05DD'), ('BR-3', '3', U&'South \2067east');
INSERT INTO svtoms.bid (id, tender_id, lot_id, bidder, price, quality_points) VALUES
	('BR-3-A', 'BR-3', '1', U&'Evil \202EdtL', 100, 20);
});
my $bidi_html = $node->safe_psql('report', q{SELECT svtoms.report_html('BR-3')});
# A probe again: where each piece of text is drawn (the left edge of its
# first occurrence), in the lots' fact and in the bid's heading, and each
# letter of the name after the override; the bidi controls left in the
# text a reader gets (the report's own FSI and PDI apart); the heading's
# text and the window's title.
my $bidi_probe = <<'JS';
<script>
(function () {
	function lefts(el, words) {
		var nodes = [], w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
		while ((n = w.nextNode())) nodes.push(n);
		return words.map(function (word) {
			for (var i = 0; i < nodes.length; i++) {
				var k = nodes[i].data.indexOf(word);
				if (k >= 0) {
					var r = document.createRange();
					r.setStart(nodes[i], k);
					r.setEnd(nodes[i], k + word.length);
					var b = r.getBoundingClientRect();
					return [word, Math.round(b.left), Math.round(b.top), Math.round(b.bottom)];
				}
			}
			return [word, null, null, null];
		});
	}
	// the left edge of each letter of a word, where it is drawn
	function letters(el, word) {
		var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
		while ((n = w.nextNode())) {
			var k = n.data.indexOf(word);
			if (k < 0) continue;
			return word.split('').map(function (c, i) {
				var r = document.createRange();
				r.setStart(n, k + i);
				r.setEnd(n, k + i + 1);
				var b = r.getBoundingClientRect();
				return [c, Math.round(b.left), Math.round(b.top), Math.round(b.bottom)];
			});
		}
		return [];
	}
	var lots = Array.prototype.filter.call(document.querySelectorAll('dl.facts dt'),
										   function (dt) { return dt.textContent === 'Lots'; })[0].nextElementSibling;
	var heading = document.querySelector('h3[id^="bid-"]');
	var out = {
		lots: lefts(lots, ['1', '\u05E6\u05E4\u05D5\u05DF', '2', '\u05D3\u05E8\u05D5\u05DD', '3', 'South', 'east', 'Each', 'ranked']),
		heading: lefts(heading, ['Lot', 'rank', 'Evil', 'dtL']),
		name: letters(heading, 'dtL'),
		heading_text: heading.innerText,
		title: document.title,
		controls: (document.body.innerText.match(/[\u061c\u200e\u200f\u202a-\u202e\u2066\u2067]/g) || []).length
	};
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
})();
</script>
JS
$bidi_html =~ s{</body>}{$bidi_probe</body>};
my $bidi_page = "$dir/bidi-probe.html";
open $fh, '>:raw', $bidi_page or die "$bidi_page: $!";
print $fh $bidi_html;
close $fh;
my ($bidi_json) = chromium('--window-size=1200,2000', '--dump-dom', "file://$bidi_page") =~ m{<pre id="probe">(.*?)</pre>}s;
$bidi_json //= '{}';
$bidi_json =~ s/&lt;/</g;
$bidi_json =~ s/&gt;/>/g;
$bidi_json =~ s/&quot;/"/g;
$bidi_json =~ s/&amp;/&/g;
my $bidi = eval { decode_json($bidi_json) } // {};

sub in_order
{
	my ($placed) = @_;
	my @p = @{ $placed // [] };
	return 0 unless @p && !grep { !defined $_->[1] } @p;
	for my $i (1 .. $#p)
	{
		# right of the one before, and on the same line (the boxes overlap:
		# Hebrew and Latin fonts differ in height)
		return 0 unless $p[$i][1] > $p[ $i - 1 ][1] && $p[$i][2] < $p[0][3] && $p[$i][3] > $p[0][2];
	}
	return 1;
}
ok(in_order($bidi->{lots}),
	'the lots\' fact is drawn in the order written: lot 2 after lot 1\'s Hebrew title, the sentence after the open isolate unturned')
  or diag(explain($bidi->{lots}));
ok(in_order($bidi->{heading}), 'the bid\'s heading too')
  or diag(explain($bidi->{heading}));
ok(in_order($bidi->{name}), 'and the override turns nothing around: "dtL" is drawn d, t, L')
  or diag(explain($bidi->{name}));
is($bidi->{heading_text}, "Lot 1, rank 1: Evil [U+202E]dtL", 'the override is shown as its code point');
is($bidi->{title}, "Social value evaluation: \x{2068}Lighting [U+202E]skrow\x{2069} (\x{2068}BR-3\x{2069})",
	'in the window\'s title too, each name an isolate');
is($bidi->{controls}, 0, 'no bidi control of the data is left in the text a reader gets');

$node->stop;
done_testing();
