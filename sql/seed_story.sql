-- The seed's story, under the bundled ccin-coop-2022 framework: TOMs that
-- floor a harm to zero let a harmful bid win; svtoms.evaluate counts the
-- harm, requires an answer on every outcome in scope, excludes proxy
-- evidence in procurement (and counts it in monitoring), and shows each
-- bid's theme profile.
SET search_path = public, svtoms;

-- ccin-coop-2022 is a points framework, 10 points per measure.  A measure
-- is scored across the tender's bids (proxy responses left out in
-- procurement):
--   higher_better: 10 x q / max |q|      lower_better: 10 x min q / q
--   boolean:       10 x q, q in {-1, 0, 1}
SELECT code, outcome_code, unit_kind, direction, evidence, max_points
FROM measure
WHERE framework_id = 'ccin-coop-2022'
  AND code IN ('PA1a', 'PA1c', 'PA2a', 'EE1c', 'CC1a', 'SE1a', 'WB1a')
ORDER BY code;

-- A £1m contract for community care and support, weighted price 40,
-- quality 40, social value 20; six outcomes in scope.
INSERT INTO tender (id, framework_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('story-care', 'ccin-coop-2022', 'Community care and support services', 1000000, 40, 40, 20);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES
	('story-care', 'PA1'),   -- participation: people involved in economic decision making
	('story-care', 'PA2'),   -- participation: community participation
	('story-care', 'EE1'),   -- equity: distribution of profits and capital growth
	('story-care', 'CC1'),   -- conviviality: local people working on local causes
	('story-care', 'SE1'),   -- empowerment: agency (its one measure, SE1a, is proxy)
	('story-care', 'WB1');   -- wellbeing: reduced loneliness

-- A: large positives and a large harm: it would replace the residents'
--    steering group, so 40 fewer community members take part in decisions
--    (PA2a = -40, a negative quantity on a higher-is-better measure).
-- B: moderate positives, no harm.
-- C: leaves WB1 (reduced loneliness) unanswered.
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('story-A', 'story-care', 'Citywide Care Group plc',   960000, 30),
	('story-B', 'story-care', 'Oxford Care Co-operative', 1000000, 30),
	('story-C', 'story-care', 'Neighbourhood Support CIC', 900000, 25);
INSERT INTO response (bid_id, measure_code, quantity, note) VALUES
	('story-A', 'PA1a',  50, NULL),
	('story-A', 'PA1c',   1, NULL),
	('story-A', 'PA2a', -40, 'replaces the residents'' steering group'),
	('story-A', 'EE1c',  10, NULL),
	('story-A', 'CC1a',  80, NULL),
	('story-A', 'SE1a', 100, NULL),
	('story-A', 'WB1a', 200, NULL),
	('story-B', 'PA1a',  40, NULL),
	('story-B', 'PA1c',   1, NULL),
	('story-B', 'PA2a',  20, NULL),
	('story-B', 'EE1c',   4, NULL),
	('story-B', 'CC1a',  60, NULL),
	('story-B', 'SE1a', 200, NULL),
	('story-B', 'WB1a',  50, NULL),
	('story-C', 'PA1a',  30, NULL),
	('story-C', 'PA1c',   0, NULL),
	('story-C', 'PA2a',  10, NULL),
	('story-C', 'EE1c',   5, NULL),
	('story-C', 'CC1a',  40, NULL),
	('story-C', 'SE1a',  50, 'WB1 not answered');

-- Each response's value, procurement context (by hand).  A higher-better
-- measure is scored signed_score(q, max q, min q, 10) over the eligible
-- bids (all three here): relative to the best answer, a harm relative to
-- the same scale and never below -10.
--   PA1a  higher_better, max q = 50:    A 10x50/50 = 10, B 10x40/50 = 8, C 10x30/50 = 6
--   PA1c  boolean:                      A 10x1 = 10, B 10, C 10x0 = 0
--   PA2a  higher_better, max q = 20:    A 10 x max(-40/20, -1) = -10 (harm), B 10x20/20 = 10,
--                                       C 10x10/20 = 5 (A's harm does not shrink B's and C's points)
--   EE1c  lower_better (wage ratio), min q = 4:
--                                       A 10x4/10 = 4, B 10x4/4 = 10, C 10x4/5 = 8
--   CC1a  higher_better, max q = 80:    A 10, B 10x60/80 = 7.5, C 10x40/80 = 5
--   SE1a  proxy evidence: excluded in procurement, no amount
--   WB1a  higher_better, max q = 200:   A 10, B 10x50/200 = 2.5, C not answered
SELECT bid_id, measure_code, outcome_code, theme_code, quantity, amount, counted, excluded_because
FROM response_values('story-care');

-- The accounts (by hand):
--   A benefit 10+10+4+10+10 = 44, harm 10, net 34; 6 counted, 1 negative, SE1a excluded
--   B benefit 8+10+10+10+7.5+2.5 = 48, harm 0, net 48; 6 counted, SE1a excluded
--   C benefit 6+0+5+8+5 = 24, net 24; 5 counted, SE1a excluded, WB1 missing
SELECT bid_id, value FROM evaluate('story-care') ORDER BY bid_id;

--------------------------------------------------------------------------
-- Classic TOMs: harm ignored (negatives floored to zero).
--   classic social value: A 44, B 48, C 24
--   classic social points = 20 x value / 48:
--     A 20x44/48 = 18.333333..., B 20, C 20x24/48 = 10
--   price points (missing_policy 'flag', so C is qualified and sets the
--   lowest price, 900000): A 40x900/960 = 37.5, B 40x900/1000 = 36, C 40
--   classic totals: A 37.5 + 30 + 18.333333 = 85.833333... -> 85.83
--                   B 36 + 30 + 20 = 86
--                   C 40 + 25 + 10 = 75
--   A's harm is invisible: it comes within 0.17 points of B.
--------------------------------------------------------------------------
WITH classic AS (
	SELECT rv.bid_id, sum(greatest(rv.amount, 0)) FILTER (WHERE rv.counted) AS classic_value
	FROM response_values('story-care') rv GROUP BY rv.bid_id
),
classic_points AS (
	SELECT c.bid_id, c.classic_value, e.price_points, e.quality_points,
		   relative_score(c.classic_value, max(c.classic_value) OVER (), 20) AS classic_social_points
	FROM classic c JOIN evaluate('story-care') e USING (bid_id)
)
SELECT bid_id, classic_value, rank() OVER (ORDER BY classic_value DESC) AS classic_value_rank,
	   price_points, quality_points, round(classic_social_points, 2) AS classic_social_points,
	   round(price_points + quality_points + classic_social_points, 2) AS classic_total,
	   rank() OVER (ORDER BY price_points + quality_points + classic_social_points DESC) AS classic_rank
FROM classic_points
ORDER BY classic_rank;

--------------------------------------------------------------------------
-- svtoms.evaluate: the harm counts (harm_weight 1, so net for scoring = net).
--   best net among qualified bids: B 48 (social_scoring 'signed'; every
--   net is positive, so this is also the classic relative score)
--   social points: A 20x34/48 = 14.166666...  B 20  C 20x24/48 = 10
--   totals: A 37.5 + 30 + 14.166666 = 81.666666...  -> 81.67
--           B 36 + 30 + 20 = 86
--           C 40 + 25 + 10 = 75
--   B first, A second, C third; C is flagged incomplete (WB1 missing) but,
--   under missing_policy 'flag', still ranked.
--------------------------------------------------------------------------
SELECT bid_id, net, missing, excluded, price_points, quality_points,
	   round(social_points, 2) AS social_points, round(total_points, 2) AS total_points, rank, status
FROM evaluate('story-care');
SELECT (SELECT bid_id FROM evaluate('story-care') WHERE rank = 1) = 'story-B' AS b_wins,
	   (SELECT rank FROM evaluate('story-care') WHERE bid_id = 'story-A') = 2 AS a_second,
	   (SELECT social_points = 680 / 48::numeric FROM evaluate('story-care') WHERE bid_id = 'story-A') AS a_exact;

-- Each bid's theme profile (procurement):
--   A participation: benefit 10+10 = 20, harm 10, net 10; equity 4; conviviality 10;
--     empowerment: SE1a excluded, net 0; wellbeing 10
--   B participation 8+10+10 = 28; equity 10; conviviality 7.5; empowerment excluded; wellbeing 2.5
--   C participation 6+0+5 = 11 (3 responses, one of them zero); equity 8;
--     conviviality 5; empowerment excluded; wellbeing missing 1, net 0
SELECT e.bid_id, th.theme, benefit(th.value), harm(th.value), net(th.value),
	   responses(th.value) AS responses, negatives(th.value) AS negatives,
	   missing(th.value) AS missing, excluded(th.value) AS excluded
FROM evaluate('story-care') e CROSS JOIN LATERAL themes(e.profile) th
ORDER BY e.bid_id, th.theme;

-- Balance (Pielou's evenness over the 5 themes present, x = max(net, 0)):
--   A x = (10, 0, 4, 10, 10): 0.8274    B x = (7.5, 0, 10, 28, 2.5): 0.6742
--   C x = (5, 0, 8, 11, 0): 0.6528
-- Coverage (themes with net > 0): A 4/5, B 4/5, C 3/5.
SELECT bid_id, round(balance::numeric, 4) AS balance, coverage(profile) AS coverage
FROM evaluate('story-care') ORDER BY bid_id;

--------------------------------------------------------------------------
-- missing_policy 'disqualify': C (WB1 unanswered) is disqualified: NULL
-- points and rank, its lowest price no longer sets price points, and its
-- answers no longer set any measure's scale (here they did not anyway).
--   lowest qualified price 960000: A 40, B 40x960/1000 = 38.4
--   best net 48 (B): A 14.166666..., B 20
--   totals: A 40 + 30 + 14.166666 = 84.166666...  -> 84.17
--           B 38.4 + 30 + 20 = 88.4
--------------------------------------------------------------------------
UPDATE tender SET missing_policy = 'disqualify' WHERE id = 'story-care';
SELECT bid_id, net, missing, price_points, quality_points, round(social_points, 2) AS social_points,
	   round(total_points, 2) AS total_points, rank, status
FROM evaluate('story-care');

--------------------------------------------------------------------------
-- The same tender data in the monitoring context: proxy evidence counts.
--   SE1a higher_better, max q over the eligible A and B = 200: A 10x100/200 = 5, B 10;
--     C (disqualified) is valued on that scale: 10x50/200 = 2.5
--   nets: A 44 + 5 - 10 = 39, B 48 + 10 = 58, C 24 + 2.5 = 26.5 (still missing WB1)
--   social points (best 58): A 20x39/58 = 13.448275..., B 20
--   totals: A 40 + 30 + 13.448275 = 83.448275...  -> 83.45,  B 38.4 + 30 + 20 = 88.4
--------------------------------------------------------------------------
UPDATE tender SET context = 'monitoring' WHERE id = 'story-care';
SELECT bid_id, measure_code, quantity, amount, counted, excluded_because
FROM response_values('story-care') WHERE measure_code = 'SE1a';
SELECT bid_id, value, excluded, round(social_points, 2) AS social_points,
	   round(total_points, 2) AS total_points, rank, status
FROM evaluate('story-care');
SELECT e.bid_id, th.theme, net(th.value), excluded(th.value) AS excluded
FROM evaluate('story-care') e CROSS JOIN LATERAL themes(e.profile) th
WHERE th.theme = 'empowerment'
ORDER BY e.bid_id;

-- the BI views' one plan gives evaluate's numbers for every tender here
\i test/include/one_plan.sql
-- leave the database as found
DELETE FROM tender WHERE id = 'story-care';
SELECT count(*) AS bids_left FROM bid WHERE id LIKE 'story-%';
