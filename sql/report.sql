-- svtoms.profile_svg and svtoms.report_html: a bid's theme chart and a tender's report
SET search_path = public, svtoms;

\i test/include/try.sql

-- html_escape: the five markup characters, control characters made "?"
SELECT html_escape($$<a href="x">Tom & Jerry's</a>$$) AS escaped,
       html_escape(E'bell\x07 tab\t del\x7f') AS controls,
       html_escape('') = '' AS empty, html_escape(NULL) IS NULL AS strict;
-- and the bidi controls (embeddings, overrides, isolates, marks) shown as
-- their code points; other letters, right-to-left ones included, kept
SELECT html_escape(U&'a\202Ab\202Bc\202Cd\202De\202Ef') AS embeddings_overrides,
       html_escape(U&'a\2066b\2067c\2068d\2069e') AS isolates,
       html_escape(U&'a\200Eb\200Fc\061Cd \05E9\05DC\05D5\05DD \0645') AS marks;

----------------------------------------------------------------------
-- profile_svg, whole, for two themes.  640 px wide: the zero axis at
-- x = 320, 304 px from it to the end of the longest bar, jobs' benefit
-- of 1500.  carbon: benefit 100 -> 304 x 100 / 1500 = 20.27 px to the
-- right, harm 400 -> 81.07 px to the left (x = 238.93), net -300 -> the
-- black mark at 320 - 60.8 = 259.2.  jobs: 304 px, net at 624.
\pset format unaligned
\pset tuples_only on
SELECT profile_svg('{"jobs": (benefit=1500 responses=1), "carbon": (benefit=100 harm=400 responses=2 negatives=1 missing=1)}');
\pset format aligned
\pset tuples_only off

-- every picture is well-formed XML
SELECT p AS profile, xml_is_well_formed_document(profile_svg(p::profile)) AS well_formed
FROM (VALUES ('{"jobs": (benefit=1500 responses=1), "carbon": (benefit=100 harm=400 responses=2 negatives=1 missing=1)}'),
             ('{}'), ('{"jobs": (benefit=10 responses=1)}'), ('{"a": (responses=1), "b": (missing=2 excluded=1)}'),
             ('{"carbon": (harm=5 responses=1 negatives=1), "noise": (harm=0.000001 responses=1 negatives=1)}')) v(p);

-- the bars of a profile: position, length and colour (blue benefit,
-- vermillion harm), and the net marks (not the legend's)
CREATE FUNCTION pg_temp.bars(svg text) RETURNS TABLE (x numeric, width numeric, fill text)
LANGUAGE sql AS $$
	SELECT m[1]::numeric, m[2]::numeric, m[3]
	FROM regexp_matches(svg, '<rect x="([^"]+)" y="(?!8")\d+" width="([^"]+)" height="16" fill="([^"]+)"', 'g') m
$$;
CREATE FUNCTION pg_temp.nets(svg text) RETURNS numeric[]
LANGUAGE sql AS $$
	SELECT array_agg(m[1]::numeric) FROM regexp_matches(svg, '<line x1="([^"]+)" y1="(?!6")\d+" x2="[^"]+" y2="\d+" stroke="#000000" stroke-width="2"/>', 'g') m
$$;
CREATE FUNCTION pg_temp.size(svg text) RETURNS text
LANGUAGE sql AS $$
	SELECT substring(svg from 'width="(\d+)"') || 'x' || substring(svg from 'height="(\d+)"')
$$;

-- the empty profile: the legend and "No themes."
SELECT pg_temp.size(s), s ~ '<desc>The profile has no themes.</desc>' AS described, s ~ '>No themes.</text>' AS said,
       (SELECT count(*) FROM pg_temp.bars(s)) AS bars, pg_temp.nets(s) AS nets
FROM profile_svg('{}') s;

-- one theme: the longest bar is the whole half width
SELECT pg_temp.size(s), b.*, pg_temp.nets(s) AS nets FROM profile_svg('{"jobs": (benefit=10 responses=1)}') s, pg_temp.bars(s) b;

-- all zero: no bars, the net marks on the axis, nothing divided by zero
SELECT pg_temp.size(s), (SELECT count(*) FROM pg_temp.bars(s)) AS bars, pg_temp.nets(s) AS nets,
       substring(s from '<text x="16" y="44">([^<]*)') AS scale
FROM profile_svg('{"a": (responses=1), "b": (missing=2 excluded=1)}') s;

-- harms only: every bar to the left; the smallest still 2 px long
SELECT b.*, pg_temp.nets(s) AS nets
FROM profile_svg('{"carbon": (harm=5 responses=1 negatives=1), "noise": (harm=0.000001 responses=1 negatives=1)}') s, pg_temp.bars(s) b;

-- huge amounts: exact to the last digit in the text, bars to scale
SELECT pg_temp.size(s), b.*, pg_temp.nets(s) AS nets,
       s ~ 'benefit 99,999,999,999,999,999,999,999,999,999,999.999999 &#183; harm 0.000000' AS exact,
       s ~ 'In total: benefit 199,999,999,999,999,999,999,999,999,999,999.999998, harm 1,000,000,000,000,000,000,000,000,000,000' AS total
FROM profile_svg('{"big": (benefit=99999999999999999999999999999999.999999 responses=1),
                   "bigger": (benefit=99999999999999999999999999999999.999999 harm=1000000000000000000000000000000 responses=2 negatives=1)}') s,
     pg_temp.bars(s) b;

-- theme names are text, never markup: escaped in the labels and in the
-- description; a name longer than 40 characters is cut, and whole in a tooltip
SELECT m[1] AS element
FROM profile_svg((SELECT theme_profile(n, a) FROM (VALUES
		('<script>alert(1)</script>', 1), ('Tom & "Jerry''s"', -2), ('Écosse 日本', 3),
		('a theme with a very long name that goes on and on', 4)) v(n, a))) s,
     regexp_matches(s, '(<desc>.*</desc>|<text x="16" y="\d+" font-size="13"[^\n]*)', 'g') m;
SELECT xml_is_well_formed_document(profile_svg(theme_profile(n, 1))) AS well_formed,
       position('<script' IN profile_svg(theme_profile(n, 1))) AS raw_markup
FROM (VALUES ('<script>alert(1)</script>'), ('&amp;'), (E'ctl\x01'), ('"'''), ('')) v(n);

-- deterministic: the same profile, however built, gives the same picture
SELECT profile_svg(a) = profile_svg(b) AS same
FROM (SELECT theme_profile(t, x ORDER BY x) AS a, theme_profile(t, x ORDER BY x DESC) AS b
      FROM (VALUES ('jobs', 3), ('carbon', -1), ('jobs', 2), ('carbon', 4)) v(t, x)) s;
SELECT profile_svg(NULL) IS NULL AS strict;

----------------------------------------------------------------------
-- report_html.  All in one transaction, rolled back at the end.
BEGIN;
SELECT import_value_set('report-values', 'toms-sample', 'Report <test> values', '2026-01-01',
	'Council & partners', 'CC BY 4.0 "attribution"',
	E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nGRO1,0.5,0\nENV1,245,0\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight,
                    social_weight, theme_floor)
VALUES ('RPT-1', 'toms-sample', 'report-values', 'Parks & <gardens> "care"', 1000000, 60, 30, 10, -10000);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('RPT-1', 'JOBS-1'), ('RPT-1', 'ENV-1');
-- Greenfield: 5 FTE x 8000 = 40000, 20 t CO2e added = -4900, net 35100 (a harm)
-- Parks Co-op: 24000 + 2450 = 26450
-- Smith & Sons: 32000, carbon not answered (incomplete)
-- Dirty Diesel: 48000 - 24500; its environment net -24500 is below the
-- floor of -10000: disqualified, so the lowest price is 880000
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RPT-1-A', 'RPT-1', 'Greenfield Ltd', 900000, 24),
	('RPT-1-B', 'RPT-1', 'Parks Co-op', 950000, 27),
	('RPT-1-C', 'RPT-1', 'Smith & Sons <Ltd>', 880000, 20),
	('RPT-1-D', 'RPT-1', 'Dirty "Diesel" Co', 800000, 25);
INSERT INTO response (bid_id, measure_code, quantity, note) VALUES
	('RPT-1-A', 'JOB1', 5, NULL), ('RPT-1-A', 'ENV1', -20, 'diesel mowers & <blowers>'),
	('RPT-1-B', 'JOB1', 3, NULL), ('RPT-1-B', 'ENV1', 10, NULL),
	('RPT-1-C', 'JOB1', 4, NULL),
	('RPT-1-D', 'JOB1', 6, NULL), ('RPT-1-D', 'ENV1', -100, NULL);
SELECT bidder, net, round(total_points, 2) AS total, rank, status FROM evaluate('RPT-1');

CREATE TEMP TABLE rep AS SELECT report_html('RPT-1') AS html;
SELECT left(html, 15) AS doctype, html ~ '<html lang="en-GB">' AS lang, right(html, 7) = '</html>' AS closed,
       substring(html from '<title>[^<]*</title>') AS title,
       substring(html from '<h1>.*?</h1>') AS h1
FROM rep;

-- the ranking table: a row per bid in the order of evaluate, with its
-- rank, bidder (escaped), bid, total points and flags
CREATE TEMP TABLE ranking AS
SELECT row_number() OVER (ORDER BY k) AS k,
       substring(line from '^<tr[^>]*><td class="num">(\d+|<span class="unranked">not ranked</span>)</td>') AS rank,
       substring(line from '<a href="#bid-\d+"><bdi>([^<]*)</bdi></a>') AS bidder,
       substring(line from '<code class="bid-id">([^<]*)</code>') AS bid,
       substring(line from '<td class="num total">([^<]*|<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>)</td>') AS total,
       ARRAY(SELECT f[1] FROM regexp_matches(line, '<span class="flag flag-[a-z_]+">([a-z_]+)</span>', 'g') f) AS flags
FROM rep, regexp_split_to_table(substring(html from '<tbody>(.*?)</tbody>'), E'\n') WITH ORDINALITY l(line, k)
WHERE line LIKE '<tr%';
SELECT rank, bidder, bid, total, flags FROM ranking ORDER BY k;
SELECT count(*) AS rows,
       bool_and(r.bid = e.bid_id AND r.bidder = html_escape(e.bidder)
                AND r.rank = coalesce(e.rank::text, '<span class="unranked">not ranked</span>')
                AND r.total = coalesce(round(e.total_points, 2)::text,
                                       '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>')
                AND r.flags = e.status) AS as_evaluated
FROM ranking r JOIN (SELECT *, row_number() OVER () AS k FROM evaluate('RPT-1')) e USING (k);

-- a section, a chart and a theme table per bid; the flags explained
SELECT (SELECT count(*) FROM regexp_matches(html, '<section class="bid"', 'g')) AS sections,
       (SELECT count(*) FROM regexp_matches(html, '<svg xmlns="http://www.w3.org/2000/svg"[^>]* role="img"', 'g')) AS charts,
       (SELECT count(*) FROM regexp_matches(html, '<figure>\n<svg', 'g')) AS in_figures,
       (SELECT count(*) FROM regexp_matches(html, '<table class="themes">', 'g')) AS theme_tables,
       (SELECT count(*) FROM regexp_matches(html, '<caption>', 'g')) AS captions,
       (SELECT count(*) FROM regexp_matches(html, '<th scope="(col|row)"', 'g')) AS scoped_headers,
       (SELECT count(*) FROM regexp_matches(html, '<th>', 'g')) AS unscoped_headers
FROM rep;
SELECT m[1] AS heading FROM rep, regexp_matches(html, '<h[1-4][^>]*>([^\n]*?)</h[1-4]>', 'g') m;
SELECT m[1] AS flag, m[2] AS meaning
FROM rep, regexp_matches(html, '<dt><span class="flag flag-[a-z_]+">([a-z_]+)</span></dt><dd>([^<]*)</dd>', 'g') m;
-- how robust the ranking is (svtoms.robustness, rank_acceptability): the
-- margin and switching values in words, each bid's share of draws at each
-- rank in the text beside its bar
SELECT regexp_replace(l, '<[^>]+>', ' ', 'g') AS robustness
FROM rep, regexp_split_to_table(substring(html from '<h2 id="robustness">.*<h2 id="bids">'), E'\n') l
WHERE l ~ '^<(p|li|caption|tr)>';

-- each bid's section: its account, missing answers and excluded
-- responses, its harms with the bidder's note escaped, the outcomes it
-- did not answer
CREATE TEMP TABLE section AS
SELECT k - 1 AS k, s FROM rep, regexp_split_to_table(html, '<section class="bid"') WITH ORDINALITY x(s, k) WHERE k > 1;
SELECT substring(s from '<h3[^>]*>([^\n]*)</h3>') AS heading,
       substring(s from '<dt>Net social value</dt><dd>([^<]*)</dd>') AS net,
       substring(s from '<dt>Missing answers</dt><dd>([^<]*)</dd>') AS missing,
       substring(s from '<dt>Excluded responses</dt><dd>([^<]*)</dd>') AS excluded,
       (SELECT count(*) FROM regexp_matches(s, '<svg', 'g')) AS charts
FROM section ORDER BY k;
SELECT k AS section, m[1] AS harm FROM section, regexp_matches(substring(s from '<ul class="harms">(.*?)</ul>'), '<li>([^\n]*)</li>', 'g') m
ORDER BY k;
SELECT k AS section, m[1] AS not_answered FROM section, regexp_matches(substring(s from '<ul class="unanswered">(.*?)</ul>'), '<li>([^\n]*)</li>', 'g') m
ORDER BY k;
SELECT k AS section, s ~ '<p>No harm declared.</p>' AS no_harm FROM section ORDER BY k;

-- the tender: framework, value set with its source and licence, weights, policies
SELECT m[1] AS term, m[2] AS description
FROM rep, regexp_matches(substring(html from '<h2 id="tender">.*?</dl>'), '^<dt>([^<]*)</dt><dd>(.*)</dd>$', 'gn') m;

-- nothing from the data became markup
SELECT position('Smith & Sons <Ltd>' IN html) AS raw_bidder, position('<gardens>' IN html) AS raw_title,
       position('<blowers>' IN html) AS raw_note, position('<test>' IN html) AS raw_value_set,
       position('Smith &amp; Sons &lt;Ltd&gt;' IN html) > 0 AS escaped_bidder
FROM rep;

-- awarded: the report says so, and shows the figures recorded
SELECT substring(html from '<p class="award">(.*?)</p>') AS before_award FROM rep;
CALL award('RPT-1');
SELECT regexp_replace(substring(report_html('RPT-1') from '<p class="award">(.*?)</p>'),
                      'on \d{4}-\d\d-\d\d [0-9:]+ [A-Z0-9+-]+ by .*?\.', 'on <date> by <role>.') AS after_award;
SELECT report_html('RPT-1') = report_html('RPT-1') AS deterministic,
       regexp_replace(report_html('RPT-1'), '<p class="award">.*?</p>', '') =
       regexp_replace((SELECT html FROM rep), '<p class="award">.*?</p>', '') AS same_figures;

----------------------------------------------------------------------
-- a tender in lots: one ranking table per competition, the rejected
-- bids with their reasons, an unpriced bid, social points below zero.
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight,
                    social_weight)
VALUES ('RPT-4', 'toms-sample', 'report-values', 'Grounds & <lots>', 2000000, 60, 30, 10);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('RPT-4', 'JOBS-1'), ('RPT-4', 'ENV-1');
INSERT INTO lot (tender_id, id, title) VALUES
	('RPT-4', 'L1', 'Parks <north>'), ('RPT-4', 'L2', 'Cemeteries & "verges"'), ('RPT-4', 'L3', NULL);
-- Lot L1: North Greens 2 FTE = 16000; Smoky & Co no job and 32 t CO2e
-- added = -7840, a net harm; Cheap <Ltd> is rejected, so the lowest
-- price is Smoky's 450000.  Signed social points over the ranked bids,
-- S = 16000: North 10, Smoky 10 x -7840 / 16000 = -4.9.  North
-- 54 + 24 + 10 = 88, Smoky 60 + 27 - 4.9 = 82.1: the polluter, cheapest
-- and best on quality, comes second.
-- Lot L2: Verge Care 8000 + 2450 = 10450, Hedge Co-op 16000 - 980 = 15020;
-- Late Ltd gave no price (unpriced: its 24000 sets no scale).  Verge
-- 60 + 20 + 10 x 10450 / 15020 = 86.96, Hedge 56.25 + 28 + 10 = 94.25.
-- The tender as a whole: All-in-one plc alone, 60 + 22 + 10 = 92.
-- Lot L3: no bids.
INSERT INTO bid (id, tender_id, lot_id, bidder, price, quality_points, compliance, rejection_reason) VALUES
	('RPT-4-A', 'RPT-4', 'L1', 'North Greens', 500000, 24, 'compliant', NULL),
	('RPT-4-B', 'RPT-4', 'L1', 'Smoky & Co', 450000, 27, 'compliant', NULL),
	('RPT-4-C', 'RPT-4', 'L1', 'Cheap <Ltd>', 400000, 29, 'rejected', 'abnormally low price & no <evidence> of costs'),
	('RPT-4-D', 'RPT-4', 'L2', 'Verge Care', 300000, 20, 'compliant', NULL),
	('RPT-4-E', 'RPT-4', 'L2', 'Late Ltd', NULL, 25, 'compliant', NULL),
	('RPT-4-F', 'RPT-4', 'L2', 'Hedge Co-op', 320000, 28, 'compliant', NULL),
	('RPT-4-G', 'RPT-4', NULL, 'All-in-one plc', 900000, 22, 'compliant', NULL);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RPT-4-A', 'JOB1', 2), ('RPT-4-A', 'ENV1', 0),
	('RPT-4-B', 'JOB1', 0), ('RPT-4-B', 'ENV1', -32),
	('RPT-4-C', 'JOB1', 1), ('RPT-4-C', 'ENV1', 0),
	('RPT-4-D', 'JOB1', 1), ('RPT-4-D', 'ENV1', 10),
	('RPT-4-E', 'JOB1', 3), ('RPT-4-E', 'ENV1', 0),
	('RPT-4-F', 'JOB1', 2), ('RPT-4-F', 'ENV1', -4),
	('RPT-4-G', 'JOB1', 4), ('RPT-4-G', 'ENV1', 0);
SELECT lot_id, bidder, net, round(price_points, 2) AS price, round(social_points, 2) AS social,
       round(total_points, 2) AS total, rank, status
FROM evaluate('RPT-4');

CREATE TEMP TABLE lots_rep AS SELECT report_html('RPT-4') AS html;
SELECT substring(html from '<p>(\d+ bids?:[^<]*)</p>') AS bids,
       substring(html from '<dt>Lots</dt><dd>(.*?)</dd>') AS lots,
       substring(html from '<h2 id="ranking">Ranking</h2>\n<p>([^<]*)</p>') AS competitions
FROM lots_rep;

-- a heading and a region per competition, the tender as a whole first,
-- then the lots by id; each region labelled by its heading
SELECT m[2] AS heading, m[1] = m[3] AS labelled
FROM lots_rep, regexp_matches(html, '<h3 id="(ranking-\d+)">([^\n]*?)</h3>\n<div class="wide" role="region" aria-labelledby="(ranking-\d+)" tabindex="0">', 'g') m;
-- robustness per competition, each under its own heading
SELECT regexp_replace(l, '<[^>]+>', ' ', 'g') AS robustness
FROM lots_rep, regexp_split_to_table(substring(html from '<h2 id="robustness">.*<h2 id="bids">'), E'\n') l
WHERE l ~ '^<(h3|p|li)>';

-- the tables: each competition's bids in the order of evaluate; price,
-- social and total points as shown, a true minus sign below zero, "no
-- price" in words, the rejected bid's reason beside its flags
CREATE TEMP TABLE lot_ranking AS
SELECT row_number() OVER (ORDER BY x.k, l.k) AS k, substring(x.p from '<caption>(.*?)</caption>') AS caption,
       c[1] AS rank, substring(c[2] from '<a href="#bid-\d+"><bdi>([^<]*)</bdi></a>') AS bidder,
       substring(c[2] from '<code class="bid-id">([^<]*)</code>') AS bid,
       c[3] AS price, c[6] AS social, c[7] AS total,
       ARRAY(SELECT f[1] FROM regexp_matches(c[9], '<span class="flag flag-[a-z_]+">([a-z_]+)</span>', 'g') f) AS flags,
       substring(c[9] from '<span class="reason">(.*?)</span>') AS reason
FROM lots_rep, regexp_split_to_table(html, '<table class="ranking">') WITH ORDINALITY x(p, k),
     regexp_split_to_table(substring(x.p from '<tbody>(.*?)</tbody>'), E'\n') WITH ORDINALITY l(line, k),
     LATERAL (SELECT array_agg(m[1] ORDER BY n) FROM regexp_matches(l.line, '<t[dh][^>]*?>(.*?)</t[dh]>', 'g') WITH ORDINALITY t(m, n)) t(c)
WHERE x.k > 1 AND l.line LIKE '<tr%' AND l.line NOT LIKE '<tr><td colspan=%';
SELECT substring(caption from '^Bids for (.*?) by total points') AS competition, regexp_replace(rank, '<[^>]*>', '', 'g') AS rank,
       bidder, bid, price, social, total, flags, reason
FROM lot_ranking ORDER BY k;
SELECT count(*) AS rows,
       bool_and(r.bid = e.bid_id AND r.bidder = html_escape(e.bidder)
                AND r.caption LIKE coalesce('Bids for lot <bdi>' || e.lot_id || '</bdi> %', 'Bids for the tender as a whole %')
                AND r.rank = coalesce(e.rank::text, '<span class="unranked">not ranked</span>')
                AND r.social = coalesce(replace(round(e.social_points, 2)::text, '-', '&#8722;'),
                                        '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>')
                AND r.total = coalesce(replace(round(e.total_points, 2)::text, '-', '&#8722;'),
                                       '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>')
                AND r.flags = e.status) AS as_evaluated
FROM lot_ranking r JOIN (SELECT *, row_number() OVER () AS k FROM evaluate('RPT-4')) e USING (k);
-- docs/reference/report.md's example: each competition's ranks and bidders
SELECT substring(t from '<caption>Bids for (.*?) by total points') AS competition,
       substring(line from '^<tr[^>]*><td class="num">([^<]*|<span class="unranked">not ranked</span>)</td>') AS rank,
       substring(line from '<a href="#bid-\d+"><bdi>([^<]*)</bdi></a>') AS bidder,
       substring(line from '<span class="reason">(.*?)</span>') AS reason
FROM regexp_split_to_table(report_html('RPT-4'), '<table class="ranking">') WITH ORDINALITY x(t, k),
     regexp_split_to_table(substring(t from '<tbody>(.*?)</tbody>'), E'\n') AS line
WHERE k > 1 AND line LIKE '<tr%';
-- a lot without bids has its table, which says so
SELECT caption, position('<tr><td colspan="9">No bids.</td></tr>' IN p) > 0 AS no_bids
FROM lots_rep, regexp_split_to_table(html, '<table class="ranking">') WITH ORDINALITY x(p, k),
     LATERAL substring(p from '<caption>(.*?)</caption>') caption
WHERE x.k > 1 AND caption LIKE 'Bids for lot <bdi>L3</bdi> %';

-- social points below zero explained; the rejected bids in a table of
-- their own, each with its lot and reason
SELECT substring(html from '<p>(Social points below zero[^\n]*)</p>') AS negative_points,
       substring(html from '<h3 id="rejected">Rejected bids</h3>\n<p>([^<]*)</p>') AS rejected_intro,
       substring(html from '<table class="rejected">\n<caption>([^<]*)</caption>') AS rejected_caption,
       ARRAY(SELECT m[1] FROM regexp_matches(substring(html from '<table class="rejected">.*?</thead>'),
                                             '<th scope="col">([^<]*)</th>', 'g') m) AS rejected_columns
FROM lots_rep;
SELECT m[1] AS bidder, m[2] AS bid, m[3] AS lot, m[4] AS decision
FROM lots_rep, regexp_matches(substring(html from '<table class="rejected">.*?</table>'),
                              '<tr><th scope="row"><a href="#bid-\d+"><bdi>([^<]*)</bdi></a> <code class="bid-id">([^<]*)</code></th><td>([^\n]*?)</td><td>([^\n]*)</td></tr>', 'g') m;
SELECT m[1] AS flag, m[2] AS meaning
FROM lots_rep, regexp_matches(html, '<dt><span class="flag flag-[a-z_]+">([a-z_]+)</span></dt><dd>([^<]*)</dd>', 'g') m;

-- each bid's section names its competition, in its heading and facts;
-- the rejected bid its reason, the unpriced one that it has no price
SELECT substring(s from '<h3[^>]*>([^\n]*)</h3>') AS heading,
       substring(s from '<dt>Lot</dt><dd>(.*?)</dd>') AS lot,
       substring(s from '<dt>Compliance</dt><dd>(.*?)</dd>') AS compliance,
       substring(s from '<dt>Price</dt><dd>([^<]*)</dd>') AS price,
       substring(s from '<dt>Net social value</dt><dd>([^<]*)</dd>') AS net
FROM lots_rep, regexp_split_to_table(html, '<section class="bid"') WITH ORDINALITY x(s, k) WHERE k > 1
ORDER BY k;

-- nothing from the data became markup
SELECT position('<north>' IN html) AS raw_lot_title, position('<evidence>' IN html) AS raw_reason,
       position('<lots>' IN html) AS raw_title, position('Cheap <Ltd>' IN html) AS raw_bidder,
       position('Cemeteries &amp; &quot;verges&quot;' IN html) > 0 AS escaped_lot_title
FROM lots_rep;

-- the award freezes every lot: the same figures afterwards
CALL award('RPT-4');
SELECT regexp_replace(report_html('RPT-4'), '<p class="award">.*?</p>', '') =
       regexp_replace((SELECT html FROM lots_rep), '<p class="award">.*?</p>', '') AS same_figures;

-- a tender without lots looks as before: one table; a rejected bid is
-- listed with its reason, without a lot column
INSERT INTO tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
VALUES ('RPT-5', 'toms-sample', 'report-values', 70, 30, 0);
INSERT INTO bid (id, tender_id, bidder, price, quality_points, compliance, rejection_reason) VALUES
	('RPT-5-A', 'RPT-5', 'Able Ltd', 100, 20, 'compliant', NULL),
	('RPT-5-B', 'RPT-5', 'Baker Ltd', 90, 25, 'rejected', 'tender received late');
SELECT substring(r from '<p>(\d+ bids?:[^<]*)</p>') AS bids,
       (SELECT count(*) FROM regexp_matches(r, '<table class="ranking">', 'g')) AS ranking_tables,
       position('id="ranking-' IN r) AS lot_headings, position('<dt>Lots</dt>' IN r) AS lots_fact,
       r ~ '<div class="wide" role="region" aria-labelledby="ranking" tabindex="0">\n<table class="ranking">\n<caption>Bids by total points' AS one_table,
       substring(r from '<table class="rejected">.*?</table>') AS rejected_table,
       ARRAY(SELECT m[1] FROM regexp_matches(r, '<h3 id="bid-\d+">([^\n]*?)</h3>', 'g') m) AS sections
FROM report_html('RPT-5') r;

-- bidi controls in names: a bidder named with a right-to-left override
-- (U+202E) would show what follows it reversed, "Evil dtL" for "Evil
-- Ltd", and its isolates and marks could turn the text beside the name
-- around.  Every name is an isolate (<bdi>; FSI ... PDI in the title and
-- the charts, where there is no markup), and every bidi control in it is
-- shown as its code point: none is left in the page
INSERT INTO tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('RPT-6', 'toms-sample', 'report-values', U&'Lighting \202Eskrow\202C', 70, 30, 0);
INSERT INTO lot (tender_id, id, title) VALUES ('RPT-6', 'L1', U&'North \2067east');
INSERT INTO bid (id, tender_id, lot_id, bidder, price, quality_points, compliance, rejection_reason) VALUES
	('RPT-6-A', 'RPT-6', 'L1', U&'Evil \202EdtL', 100, 20, 'rejected', U&'late \200F\061C'),
	('RPT-6-B', 'RPT-6', 'L1', U&'\202AOne\202C \2066Two', 110, 25, 'compliant', NULL);
INSERT INTO response (bid_id, measure_code, quantity, note) VALUES ('RPT-6-B', 'ENV1', -1, U&'\202Dmowers');
CREATE TEMP TABLE bidi_rep AS SELECT report_html('RPT-6') AS html;
SELECT html ~ '[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]' AS bidi_controls_left,
       substring(html from '<title>[^<]*</title>') AS title,
       substring(html from '<h1>.*?</h1>') AS h1,
       substring(html from '<dt>Lots</dt><dd>(.*?)</dd>') AS lots
FROM bidi_rep;
SELECT substring(line from '<a href="#bid-\d+">(<bdi>[^<]*</bdi>)</a>') AS bidder_in_ranking,
       substring(line from '<span class="reason">Reason: (<bdi>[^<]*</bdi>)</span>') AS reason
FROM bidi_rep, regexp_split_to_table(substring(html from '<tbody>(.*?)</tbody>'), E'\n') line
WHERE line LIKE '<tr%';
SELECT m[1] AS heading FROM bidi_rep, regexp_matches(html, '<h3 id="[a-z]+-\d+">([^\n]*)</h3>', 'g') m;
SELECT substring(html from '<ul class="harms">\n<li>([^\n]*)</li>') AS harm FROM bidi_rep;
-- every name in the page is an isolate: wherever it is shown, inside
-- <bdi> or, in the title, between FSI and PDI
SELECT n AS name, (SELECT count(*) FROM regexp_matches(html, q, 'g')) AS shown,
       (SELECT count(*) FROM regexp_matches(html, '<bdi>' || q || '</bdi>|&#x2068;' || q || '&#x2069;', 'g')) AS isolated
FROM bidi_rep, (VALUES ('Evil [U+202E]dtL'), ('[U+202A]One[U+202C] [U+2066]Two'), ('Lighting [U+202E]skrow[U+202C]'),
                       ('North [U+2067]east'), ('late [U+200F][U+061C]'), ('[U+202D]mowers')) v(n),
     LATERAL regexp_replace(n, '([][+])', '\\\1', 'g') q;
-- and in a chart, a theme's name
SELECT substring(profile_svg(theme_profile(U&'car\202Ebon', 1)) from '<text x="16" y="70"[^>]*>([^<]*)</text>') AS chart_label;

-- a points framework: no value set; a tender without bids
INSERT INTO tender (id, framework_id, title, price_weight, quality_weight, social_weight)
VALUES ('RPT-2', 'ccin-coop-2022', NULL, 50, 20, 30);
SELECT substring(r from '<title>[^<]*</title>') AS title,
       substring(r from '<dt>Value set</dt><dd>([^<]*)</dd>') AS value_set,
       substring(r from '<p>(\d+ bids?:[^<]*)</p>') AS bids,
       r ~ '<tr><td colspan="9">No bids.</td></tr>' AS empty_table,
       substring(r from '<h3>Outcomes in scope</h3>\n<p>(.*?)</p>') AS scope,
       (SELECT count(*) FROM regexp_matches(r, '<svg', 'g')) AS charts
FROM report_html('RPT-2') r;

-- errors: an unknown tender; a tender that cannot be evaluated
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight)
VALUES ('RPT-3', 'toms-sample', 100, 0, 0);
SELECT t AS tender_id, pg_temp.try(format('SELECT svtoms.report_html(%L)', t)) AS error
FROM (VALUES ('RPT-9'), ('RPT-3')) v(t);
SELECT report_html(NULL) IS NULL AS strict;

-- an awarded report says what the award said, whatever becomes of the
-- framework: renaming, re-grading and regrouping after the award change
-- nothing in it
SELECT import_framework(jsonb_set(jsonb_set(framework_json('toms-sample') - 'value_sets',
	'{id}', '"rpt-council"'), '{name}', '"Council TOMs"')) IS NOT NULL AS imported;
SELECT import_value_set('rpt-council-values', 'rpt-council', 'Council values', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value\nJOB1,10000\nENV1,245\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RPT-7', 'rpt-council', 'rpt-council-values', 'Parks', 300000, 40, 40, 20);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('RPT-7', 'JOBS-1'), ('RPT-7', 'ENV-1');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RPT-7-A', 'RPT-7', 'Gamma Ltd', 100, 30), ('RPT-7-B', 'RPT-7', 'Delta Ltd', 90, 20);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RPT-7-A', 'JOB1', 10), ('RPT-7-A', 'ENV1', -20), ('RPT-7-B', 'JOB1', 4), ('RPT-7-B', 'ENV1', 5);
CALL award('RPT-7');
CREATE TEMP TABLE awarded_rep AS SELECT report_html('RPT-7') AS html;
UPDATE measure SET evidence = 'proxy', outcome_code = 'ENV-1', name = 'Renamed measure'
WHERE framework_id = 'rpt-council' AND code = 'JOB1';
UPDATE outcome SET theme_code = 'jobs', name = 'Renamed outcome' WHERE framework_id = 'rpt-council' AND code = 'ENV-1';
UPDATE theme SET name = 'Renamed theme' WHERE framework_id = 'rpt-council';
UPDATE framework SET name = 'Renamed framework', currency = 'EUR' WHERE id = 'rpt-council';
UPDATE value_set SET name = 'Renamed values' WHERE id = 'rpt-council-values';
SELECT report_html('RPT-7') = (SELECT html FROM awarded_rep) AS unchanged,
       position('Renamed' IN report_html('RPT-7')) AS renamed_at;

-- staff roles read reports; bidders do not
SET LOCAL ROLE svtoms_reader;
SELECT length(report_html('RPT-1')) > 10000 AS reader_reads,
       position('rejected: <bdi>abnormally low price' IN report_html('RPT-4')) > 0 AS reader_reads_lots;
RESET ROLE;
SET LOCAL ROLE svtoms_bidder;
SELECT pg_temp.try($$SELECT svtoms.report_html('RPT-1')$$) AS bidder;
SELECT length(profile_svg('{"jobs": (benefit=1 responses=1)}')) > 0 AS bidder_draws;
RESET ROLE;
ROLLBACK;
