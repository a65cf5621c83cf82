-- Published worked examples, run end to end through svtoms.evaluate: the
-- figures of the research notes (domain research, section 7), each
-- recomputed by hand below and asserted after round(..., 2).
SET search_path = public, svtoms;

-- A small points framework for the examples: one theme, one outcome and one
-- measure worth 10 points.  A points framework scores a higher-is-better
-- measure across the tender's bids as 10 x q / max |q|.
INSERT INTO framework (id, name, version, valuation, currency, source, licence)
VALUES ('we-points', 'Worked examples (points)', '1', 'points', NULL,
		'svtoms regression tests', 'test data');
INSERT INTO theme (framework_id, code, name) VALUES ('we-points', 'sv', 'Social value');
INSERT INTO outcome (framework_id, code, theme_code, name)
VALUES ('we-points', 'SV', 'sv', 'Social value delivered through the contract');
INSERT INTO measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, max_points)
VALUES ('we-points', 'SVQ', 'SV', 'Social value commitment', 'units', 'count', 'higher_better', 'robust', 10);

--------------------------------------------------------------------------
-- Ex 1: relative price scoring, price weight 40 (impactbids.com)
-- Published: £100 scores 40, £105 scores 38 and £108 scores 37 (rounded).
-- price_points = 40 x lowest / price, lowest = 100:
--   £100: 40 x 100/100 = 40
--   £105: 40 x 100/105 = 4000/105 = 38.095238...  -> 38.10
--   £108: 40 x 100/108 = 4000/108 = 37.037037...  -> 37.04
-- Social value and quality are weighted 0 and 60; every bid answers the one
-- outcome with the same quantity (10 points each, but weight 0 gives 0) and
-- has no quality points, so total_points = price_points.
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('we-ex1', 'we-points', 'Ex 1: relative price scoring', 108, 40, 60, 0);
INSERT INTO bid (id, tender_id, bidder, price) VALUES
	('we-ex1-1', 'we-ex1', 'Bidder 1', 100),
	('we-ex1-2', 'we-ex1', 'Bidder 2', 105),
	('we-ex1-3', 'we-ex1', 'Bidder 3', 108);
INSERT INTO response (bid_id, measure_code, quantity)
SELECT id, 'SVQ', 1 FROM bid WHERE tender_id = 'we-ex1';

SELECT bid_id, price, price_points, round(price_points, 2) AS rounded,
	   social_points, quality_points, round(total_points, 2) AS total, rank, status
FROM evaluate('we-ex1');
-- the exact quotients, and the published figures after rounding
SELECT bool_and(price_points = 40 * 100 / price) AS exact,
	   array_agg(round(price_points, 2) ORDER BY price) = '{40.00,38.10,37.04}' AS rounded_as_published,
	   array_agg(round(price_points) ORDER BY price) = '{40,38,37}' AS whole_points_as_published
FROM evaluate('we-ex1');

--------------------------------------------------------------------------
-- Ex 4: social value swings the award (strategicproposals.com)
-- Contract £5m; weights price 30, social value 10, quality 60.
--
-- How the published figures map onto svtoms.evaluate:
-- * price_points = 30 x lowest qualified price / price (DESIGN rule 7).
-- * quality_points are the bid's own (bid.quality_points): 40 of 60 each.
-- * social_points = relative_score(net, best net of the qualified bids, 10)
--   = 10 x net / best net.  The article gives SV points 5 and 9 out of 10
--   directly; svtoms derives them from the nets, and a bid with the best
--   net always gets the full 10.  So that both article bidders can score
--   5 (neither of them best), the tender has a third, reference bid whose
--   net is 10, the largest.  Its high price (£6m) and zero quality points
--   keep it far from winning; it only sets the scale of social value.
-- * Nets: on the one measure (10 points, higher is better) an answer q is
--   worth 10 x q / max q = q when the largest answer is the reference
--   bid's 10.  So answers 5 and 9 give nets 5 and 9, and social points
--   10 x 5/10 = 5 and 10 x 9/10 = 9.
--
-- As published: winner £4.8m, SV 5; competitor £5.3m, SV 5.
--   winner      price 30 x 4.8/4.8 = 30;  30 + 5 + 40 = 75
--   competitor  price 30 x 4.8/5.3 = 144/5.3 = 27.169811...;
--               27.169811 + 5 + 40 = 72.169811...  -> 72.17
--               (the article rounds price to 27 and the total to 72)
--   reference   price 30 x 4.8/6 = 24;  24 + 10 + 0 = 34
--   ranks: winner 1, competitor 2, reference 3
-- Winner with SV 9 bidding £5.33m: the lowest price is now the competitor's.
--   winner      price 30 x 5.3/5.33 = 159/5.33 = 29.831144...;
--               29.831144 + 9 + 40 = 78.831144...  -> 78.83
--   competitor  price 30 x 5.3/5.3 = 30;  30 + 5 + 40 = 75
--   reference   price 30 x 5.3/6 = 26.5;  26.5 + 10 + 0 = 36.5
--   ranks: winner 1 (78.83 beats 75), competitor 2, reference 3
-- Competitor with SV 9 (prices as published):
--   winner      30 + 5 + 40 = 75
--   competitor  27.169811 + 9 + 40 = 76.169811...  -> 76.17
--               (the article: 27 + 9 + 40 = 76)
--   reference   24 + 10 + 0 = 34
--   ranks: competitor 1 (76.17 beats 75), winner 2, reference 3
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('we-ex4-published', 'we-points', 'Ex 4 as published', 5000000, 30, 60, 10),
	   ('we-ex4-winner-sv9', 'we-points', 'Ex 4: the winner with SV 9 bids £5.33m', 5000000, 30, 60, 10),
	   ('we-ex4-competitor-sv9', 'we-points', 'Ex 4: the competitor with SV 9', 5000000, 30, 60, 10);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('we-ex4a-winner',     'we-ex4-published',      'Winner',     4800000, 40),
	('we-ex4a-competitor', 'we-ex4-published',      'Competitor', 5300000, 40),
	('we-ex4a-reference',  'we-ex4-published',      'Reference',  6000000, 0),
	('we-ex4b-winner',     'we-ex4-winner-sv9',     'Winner',     5330000, 40),
	('we-ex4b-competitor', 'we-ex4-winner-sv9',     'Competitor', 5300000, 40),
	('we-ex4b-reference',  'we-ex4-winner-sv9',     'Reference',  6000000, 0),
	('we-ex4c-winner',     'we-ex4-competitor-sv9', 'Winner',     4800000, 40),
	('we-ex4c-competitor', 'we-ex4-competitor-sv9', 'Competitor', 5300000, 40),
	('we-ex4c-reference',  'we-ex4-competitor-sv9', 'Reference',  6000000, 0);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('we-ex4a-winner', 'SVQ', 5), ('we-ex4a-competitor', 'SVQ', 5), ('we-ex4a-reference', 'SVQ', 10),
	('we-ex4b-winner', 'SVQ', 9), ('we-ex4b-competitor', 'SVQ', 5), ('we-ex4b-reference', 'SVQ', 10),
	('we-ex4c-winner', 'SVQ', 5), ('we-ex4c-competitor', 'SVQ', 9), ('we-ex4c-reference', 'SVQ', 10);

-- each response's value: q points of 10, since the reference answer 10 is the largest
SELECT bid_id, quantity, amount, counted FROM response_values('we-ex4-published');

SELECT t.id AS tender, e.bidder, e.price, e.net, round(e.price_points, 2) AS price_points,
	   e.social_points, e.quality_points, round(e.total_points, 2) AS total, e.rank, e.status
FROM tender t CROSS JOIN LATERAL evaluate(t.id) e
WHERE t.id LIKE 'we-ex4-%'
ORDER BY array_position('{we-ex4-published,we-ex4-winner-sv9,we-ex4-competitor-sv9}'::text[], t.id), e.rank;

-- the published claims, asserted
SELECT (SELECT array_agg(round(total_points, 2) ORDER BY rank) FROM evaluate('we-ex4-published'))
		   = '{75.00,72.17,34.00}' AS published_totals,
	   (SELECT bidder FROM evaluate('we-ex4-published') WHERE rank = 1) = 'Winner' AS published_winner,
	   (SELECT round(price_points, 2) FROM evaluate('we-ex4-published') WHERE bidder = 'Competitor')
		   = 27.17 AS competitor_price_points,
	   (SELECT array_agg(round(total_points, 2) ORDER BY rank) FROM evaluate('we-ex4-winner-sv9'))
		   = '{78.83,75.00,36.50}' AS winner_sv9_totals,
	   (SELECT bidder FROM evaluate('we-ex4-winner-sv9') WHERE rank = 1) = 'Winner' AS winner_sv9_still_wins,
	   (SELECT array_agg(round(total_points, 2) ORDER BY rank) FROM evaluate('we-ex4-competitor-sv9'))
		   = '{76.17,75.00,34.00}' AS competitor_sv9_totals,
	   (SELECT bidder FROM evaluate('we-ex4-competitor-sv9') WHERE rank = 1) = 'Competitor' AS competitor_sv9_wins;

-- the exact price points: 30 x 4.8/5.3 and 30 x 5.3/5.33
SELECT price_points = 30 * 4800000 / 5300000::numeric AS competitor_exact
FROM evaluate('we-ex4-published') WHERE bidder = 'Competitor';
SELECT price_points = 30 * 5300000 / 5330000::numeric AS winner_exact
FROM evaluate('we-ex4-winner-sv9') WHERE bidder = 'Winner';

--------------------------------------------------------------------------
-- Ex 9: a simplified SROI (productivitycalculator.net, USD)
-- 50 job placements x $8,000 a year, deadweight 20 %, attribution 10 %.
-- svtoms applies the factors multiplicatively:
--   50 x 8000 x (1 - 0.2) x (1 - 0.1) = 400000 x 0.72 = 288000
-- (the source's additive method, 1 - 0.2 - 0.1 = 0.70, gives 280000).
-- On a $100,000 contract the ratio is 288000 / 100000 = 2.88 (2.88 : 1).
-- One bid answers the one outcome, so it has the best net: social points
-- 100 x 288000/288000 = 100 with the weights price 0, quality 0, social 100.
--------------------------------------------------------------------------
INSERT INTO framework (id, name, version, valuation, currency, source, licence)
VALUES ('we-money', 'Worked examples (monetary)', '1', 'monetary', 'USD', 'svtoms regression tests', 'test data');
INSERT INTO theme (framework_id, code, name) VALUES ('we-money', 'jobs', 'Jobs');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('we-money', 'JOBS', 'jobs', 'More people in work');
INSERT INTO measure (framework_id, code, outcome_code, name, unit, unit_kind)
VALUES ('we-money', 'PLACE', 'JOBS', 'Job placements', 'placements', 'count');
INSERT INTO value_set (id, framework_id, name, valid_from, source, licence)
VALUES ('we-money-ex9', 'we-money', 'Ex 9 values', '2024-01-01', 'productivitycalculator.net example', 'test data');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value, deadweight, attribution)
VALUES ('we-money-ex9', 'PLACE', 8000, 0.2, 0.1);
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('we-ex9', 'we-money', 'we-money-ex9', 'Ex 9: simplified SROI', 100000, 0, 0, 100);
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('we-ex9-1', 'we-ex9', 'Placement provider', 100000);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('we-ex9-1', 'PLACE', 50);

SELECT bid_id, measure_code, quantity, amount FROM response_values('we-ex9');
SELECT bidder, value, net, sv_ratio, price_points, social_points, total_points, rank, status
FROM evaluate('we-ex9');
SELECT net = 288000 AS multiplicative, net <> 280000 AS not_additive, sv_ratio = 2.88 AS ratio_2_88
FROM evaluate('we-ex9');

--------------------------------------------------------------------------
-- Ex 11: Essex unit rule, under the bundled toms-sample framework and its
-- illustrative value set (SOC1 volunteering £16.93 an hour, SOC2 expert
-- time £101.00 an hour, both from Essex's guidance).
-- A 2-hour session for 8 attendees is 2 x 8 = 16 hours:
--   as volunteering  16 x 16.93  = 270.88
--   as expert time   16 x 101.00 = 1616.00
-- Only SOCIAL-1 is in scope.  Weights: price 0, quality 0, social 100, so
--   social points: volunteering 100 x 270.88/1616 = 16.762376...  -> 16.76
--                  expert time  100
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('we-ex11', 'toms-sample', 'toms-sample-illustrative', 'Ex 11: Essex unit rule', 10000, 0, 0, 100);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('we-ex11', 'SOCIAL-1');
INSERT INTO bid (id, tender_id, bidder, price) VALUES
	('we-ex11-volunteers', 'we-ex11', 'Volunteering session', 5000),
	('we-ex11-experts', 'we-ex11', 'Expert session', 5000);
INSERT INTO response (bid_id, measure_code, quantity, note) VALUES
	('we-ex11-volunteers', 'SOC1', 2 * 8, '2-hour session x 8 attendees'),
	('we-ex11-experts', 'SOC2', 2 * 8, '2-hour session x 8 attendees');

SELECT bid_id, measure_code, quantity, amount FROM response_values('we-ex11');
SELECT bidder, net, round(social_points, 2) AS social_points, rank, status FROM evaluate('we-ex11');
SELECT array_agg(net ORDER BY net) = '{270.88,1616.00}' AS essex_values,
	   array_agg(round(social_points, 2) ORDER BY net) = '{16.76,100.00}' AS social_points
FROM evaluate('we-ex11');

-- the BI views' one plan gives evaluate's numbers for every tender here
\i test/include/one_plan.sql
-- leave the database as found
DELETE FROM tender WHERE id LIKE 'we-%';
DELETE FROM framework WHERE id LIKE 'we-%';
SELECT (SELECT count(*) FROM tender WHERE id LIKE 'we-%') AS tenders_left,
	   (SELECT count(*) FROM framework WHERE id LIKE 'we-%') AS frameworks_left;
