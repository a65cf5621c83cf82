-- Evaluation rules, version 2: lots are competitions of their own, rejected
-- and unpriced bids take no part, social points are signed, a measure is
-- scaled over the eligible bids only.  Every figure is computed by hand.
SET search_path = public, svtoms;

\i test/include/try.sql

--------------------------------------------------------------------------
-- signed_score (DESIGN.md's examples): S = best if best > 0, else -worst;
-- 0 when S = 0, otherwise max_points x max(value / S, -1)
--------------------------------------------------------------------------
SELECT signed_score(10, 10, -30, 50) AS best, signed_score(-5, 10, -30, 50) AS half_harm,
	   signed_score(-30, 10, -30, 50) AS worst_capped, signed_score(-10, 0, -40, 20) AS no_benefit,
	   signed_score(0, 0, 0, 20) AS all_zero, signed_score(5, 5, 5, 20) AS one_bid,
	   signed_score(0, 10, -30, 50) AS nothing;
SELECT pg_temp.try(q) FROM (VALUES
	('SELECT svtoms.signed_score(11, 10, -30, 50)'),
	('SELECT svtoms.signed_score(-31, 10, -30, 50)'),
	('SELECT svtoms.signed_score(0, -1, 1, 50)'),
	('SELECT svtoms.signed_score(0, 10, -30, -1)'),
	('SELECT svtoms.signed_score(''NaN'', 10, -30, 50)')) v(q);
SELECT signed_score(NULL, 1, 0, 1) IS NULL AS strict;

-- A monetary framework: jobs (JOB, £1,000 a job) and carbon (CO2, £100 a
-- tonne saved; a negative quantity is tonnes emitted).
INSERT INTO framework (id, name, valuation, currency) VALUES ('v2-m', 'Competitions test', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name) VALUES ('v2-m', 'J', 'Jobs'), ('v2-m', 'E', 'Environment');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES
	('v2-m', 'JO', 'J', 'Local jobs'), ('v2-m', 'EO', 'E', 'Less carbon');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence) VALUES
	('v2-m', 'JOB', 'JO', 'jobs', 'robust'), ('v2-m', 'CO2', 'EO', 'tonnes CO2e saved', 'robust');
INSERT INTO value_set (id, framework_id, name, source, licence) VALUES ('v2-m-v', 'v2-m', 'values', 'test', 'test');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES ('v2-m-v', 'JOB', 1000), ('v2-m-v', 'CO2', 100);

--------------------------------------------------------------------------
-- The seed's first criticism: a polluter must score below a bidder that
-- offers nothing.  Same price and quality; nets P -3000, N 0, G 5000.
--   signed (the default): S = best 5000; P 20 x max(-3000/5000, -1) = -12,
--   N 0, G 20; totals (50 + 20 + social): G 90, N 70, P 58
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('V2-A', 'v2-m', 'v2-m-v', 100000, 50, 30, 20);
SELECT social_scoring FROM tender WHERE id = 'V2-A';
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('V2-A-P', 'V2-A', 'Polluter', 100, 20), ('V2-A-N', 'V2-A', 'Nothing', 100, 20), ('V2-A-G', 'V2-A', 'Good', 100, 20);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('V2-A-P', 'JOB', 0), ('V2-A-P', 'CO2', -30), ('V2-A-N', 'JOB', 0), ('V2-A-N', 'CO2', 0),
	('V2-A-G', 'JOB', 5), ('V2-A-G', 'CO2', 0);
SELECT bid_id, net, price_points, quality_points, social_points, total_points, rank, status, lot_id
FROM evaluate('V2-A');
-- floored (the classic rule, for a council bound by a published method):
-- P and N both 0 social points, tied second at 70
UPDATE tender SET social_scoring = 'floored' WHERE id = 'V2-A';
SELECT bid_id, net, social_points, total_points, rank FROM evaluate('V2-A');
SELECT pg_temp.try($$UPDATE svtoms.tender SET social_scoring = 'signedish' WHERE id = 'V2-A'$$);
UPDATE tender SET social_scoring = 'signed' WHERE id = 'V2-A';
-- harm_weight 2: net for scoring P -6000, so P 20 x max(-6000/5000, -1) = -20
UPDATE tender SET harm_weight = 2 WHERE id = 'V2-A';
SELECT bid_id, social_points, total_points, rank FROM evaluate('V2-A');
UPDATE tender SET harm_weight = 1 WHERE id = 'V2-A';

--------------------------------------------------------------------------
-- Compliance.  A rejected bid keeps its account, gets no points and no
-- rank, and does not set the best net or the lowest price.  Rejecting
-- G (the best net, 5000): the best net is now N's 0, so S = -worst = 3000
-- and P scores 20 x max(-3000/3000, -1) = -20, N 0.
--------------------------------------------------------------------------
SELECT pg_temp.try($$UPDATE svtoms.bid SET compliance = 'rejected' WHERE id = 'V2-A-G'$$);
SELECT pg_temp.try($$UPDATE svtoms.bid SET compliance = 'rejected', rejection_reason = ' ' WHERE id = 'V2-A-G'$$);
SELECT pg_temp.try($$UPDATE svtoms.bid SET compliance = 'maybe', rejection_reason = 'x' WHERE id = 'V2-A-G'$$);
UPDATE bid SET compliance = 'rejected', rejection_reason = 'no insurance certificate' WHERE id = 'V2-A-G';
SELECT bid_id, value, price_points, quality_points, social_points, total_points, rank, status
FROM evaluate('V2-A');
-- all bids rejected: nobody is ranked, nothing fails
UPDATE bid SET compliance = 'rejected', rejection_reason = 'late' WHERE id IN ('V2-A-P', 'V2-A-N');
SELECT bid_id, net, total_points, rank, status FROM evaluate('V2-A');
SELECT pg_temp.try('CALL svtoms.award(''V2-A'')');
SELECT tender_id, bid_id, rank, status, rejection_reason FROM bid_evaluation WHERE tender_id = 'V2-A' ORDER BY bid_id;

--------------------------------------------------------------------------
-- Unpriced: a compliant bid without a price, where price counts, is
-- flagged and left out, and never stops the others being ranked.  A zero
-- price still stops the evaluation (relative price scoring is undefined).
--   U has no price; G and N: lowest 100, 50 price points each; nets
--   G 5000, N 0 -> social 20 and 0; totals G 90, N 70
--------------------------------------------------------------------------
UPDATE bid SET compliance = 'compliant', rejection_reason = NULL WHERE id IN ('V2-A-G', 'V2-A-N');
INSERT INTO bid (id, tender_id, bidder, quality_points) VALUES ('V2-A-U', 'V2-A', 'Unpriced', 30);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('V2-A-U', 'JOB', 50), ('V2-A-U', 'CO2', 0);
SELECT bid_id, net, price_points, social_points, total_points, rank, status FROM evaluate('V2-A');
UPDATE bid SET price = 0 WHERE id = 'V2-A-U';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''V2-A'')');
-- a rejected bid's zero price stops nothing
UPDATE bid SET compliance = 'rejected', rejection_reason = 'abnormally low' WHERE id = 'V2-A-U';
SELECT bid_id, rank, status FROM evaluate('V2-A');

--------------------------------------------------------------------------
-- Lots: each lot is a competition of its own, and so are the bids
-- without a lot.  Price 50, social 50.
--   lot 1: a1 (100, 1 job = 1000), b1 (200, 3 jobs = 3000): lowest 100,
--     best 3000: a1 50 + 50 x 1000/3000 = 66.666..., b1 25 + 50 = 75 -> b1
--   lot 2: a2 (100, 1 job), b2 (50, 1 job): lowest 50, best 1000:
--     a2 25 + 50 = 75, b2 50 + 50 = 100 -> b2
--   lot 3, one bid: c3 (500, no job, no carbon): 50 + signed_score(0, 0, 0) = 50 -> c3
--   no lot: d (80, 2 jobs): 50 + 50 = 100 -> d
-- As one pool, a1 would score 50x50/100 + 50x1000/3000 = 41.67 and rank 5th.
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('V2-L', 'v2-m', 'v2-m-v', 100000, 50, 0, 50);
INSERT INTO lot (tender_id, id, title) VALUES ('V2-L', '1', 'North'), ('V2-L', '2', 'South'), ('V2-L', '3', 'East');
INSERT INTO bid (id, tender_id, lot_id, bidder, price) VALUES
	('a1', 'V2-L', '1', 'Alpha', 100), ('b1', 'V2-L', '1', 'Beta', 200),
	('a2', 'V2-L', '2', 'Alpha', 100), ('b2', 'V2-L', '2', 'Beta', 50),
	('c3', 'V2-L', '3', 'Gamma', 500), ('d', 'V2-L', NULL, 'Delta', 80);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('a1', 'JOB', 1), ('a1', 'CO2', 0), ('b1', 'JOB', 3), ('b1', 'CO2', 0),
	('a2', 'JOB', 1), ('a2', 'CO2', 0), ('b2', 'JOB', 1), ('b2', 'CO2', 0),
	('c3', 'JOB', 0), ('c3', 'CO2', 0), ('d', 'JOB', 2), ('d', 'CO2', 0);
SELECT lot_id, bid_id, net, round(price_points, 4) AS price_points, round(social_points, 4) AS social_points,
	   round(total_points, 4) AS total_points, rank, status
FROM evaluate('V2-L');
SELECT pg_temp.try($$INSERT INTO svtoms.bid (id, tender_id, lot_id, bidder, price) VALUES ('x9', 'V2-L', '9', 'X', 1)$$);
SELECT pg_temp.try($$INSERT INTO svtoms.bid (id, tender_id, lot_id, bidder, price) VALUES ('x9', 'V2-A', '1', 'X', 1)$$);
-- a rejected lowest bid: b2 out, a2 now lowest in lot 2 and first: 50 + 50 = 100
UPDATE bid SET compliance = 'rejected', rejection_reason = 'failed the financial standing test' WHERE id = 'b2';
SELECT lot_id, bid_id, price_points, social_points, total_points, rank, status FROM evaluate('V2-L') WHERE lot_id = '2';
-- all of lot 3 rejected: lot 3 has no winner; the other lots are unchanged
UPDATE bid SET compliance = 'rejected', rejection_reason = 'late' WHERE id = 'c3';
SELECT lot_id, bid_id, rank FROM evaluate('V2-L') ORDER BY lot_id NULLS FIRST, bid_id;
-- the award freezes every lot at once (rolled back at the end of this block)
BEGIN;
CALL award('V2-L');
SELECT lot_id, bid_id, rank, status FROM award_result WHERE tender_id = 'V2-L' ORDER BY lot_id NULLS FIRST, bid_id;
SELECT lot_id, bid_id, rank FROM evaluate('V2-L') ORDER BY lot_id NULLS FIRST, bid_id;
SELECT pg_temp.try($$UPDATE svtoms.bid SET compliance = 'compliant', rejection_reason = NULL WHERE id = 'c3'$$);
SELECT lot_id, bid_id, rank, status, rejection_reason FROM bid_evaluation WHERE tender_id = 'V2-L'
ORDER BY lot_id NULLS FIRST, bid_id;
SELECT DISTINCT lot_id FROM bid_theme_evaluation WHERE tender_id = 'V2-L' ORDER BY 1 NULLS FIRST;
ROLLBACK;

--------------------------------------------------------------------------
-- Points frameworks: a measure is scaled over the eligible bids, so one
-- bid's harm, or an ineligible bid's answer, never changes another's
-- points.  m1, m2 higher-better, 10 points each; price 40, social 60.
--   A (m1 10, m2 5), B (m1 5, m2 10): A 10 + 5 = 15, B 5 + 10 = 15
--   H (m1 -100, m2 10): m1 10 x max(-100/10, -1) = -10, m2 10: benefit 10,
--     harm 10, net 0; A and B keep 15 (scaled by max |q| = 100 as TOMs
--     do, A's m1 would have been 1)
--   R (rejected, m1 1000): valued on the eligible scale widened to its own
--     answer, 10 x 1000/1000 = 10; sets nobody's scale
--   social: best 15, worst 0: A 60, B 60, H 0; price lowest 100: A 40,
--     B 20, H 40; totals A 100, B 80, H 40
--------------------------------------------------------------------------
INSERT INTO framework (id, name, valuation) VALUES ('v2-p', 'Points test', 'points');
INSERT INTO theme (framework_id, code, name) VALUES ('v2-p', 'A', 'A'), ('v2-p', 'B', 'B');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('v2-p', 'O1', 'A', 'O1'), ('v2-p', 'O2', 'B', 'O2'),
	('v2-p', 'OP', 'B', 'only proxy measures');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence, max_points) VALUES
	('v2-p', 'm1', 'O1', 'm1', 'robust', 10), ('v2-p', 'm2', 'O2', 'm2', 'robust', 10),
	('v2-p', 'mp', 'OP', 'mp', 'proxy', 10);
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight, missing_policy)
VALUES ('V2-P', 'v2-p', 40, 0, 60, 'disqualify');
-- default scope in procurement: OP has only proxy measures, so it is out
-- of scope and nobody is missing it; in monitoring it is in scope
SELECT * FROM tender_scope('V2-P') ORDER BY 1;
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('A', 'V2-P', 'A', 100), ('B', 'V2-P', 'B', 200);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('A', 'm1', 10), ('A', 'm2', 5), ('B', 'm1', 5), ('B', 'm2', 10);
SELECT bid_id, measure_code, quantity, amount FROM response_values('V2-P');
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('H', 'V2-P', 'H', 100);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('H', 'm1', -100), ('H', 'm2', 10);
INSERT INTO bid (id, tender_id, bidder, price, compliance, rejection_reason)
VALUES ('R', 'V2-P', 'R', 90, 'rejected', 'no DBS checks');
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('R', 'm1', 1000), ('R', 'm2', 10);
SELECT bid_id, measure_code, quantity, amount FROM response_values('V2-P');
SELECT bid_id, value, price_points, social_points, total_points, rank, status FROM evaluate('V2-P');
-- balance_weight 0.5 lowers positive social points only, and only those
-- are flagged unbalanced: A's themes 10 and 5 have evenness 0.918296, so
-- A and B get 60 x (0.5 + 0.5 x 0.918296) = 57.5489; H (0 points) keeps 0
UPDATE tender SET balance_weight = 0.5 WHERE id = 'V2-P';
SELECT bid_id, round(social_points, 4) AS social_points, rank, status FROM evaluate('V2-P');
UPDATE tender SET balance_weight = 0 WHERE id = 'V2-P';
-- an answer that cannot be valued stops the evaluation only when its bid
-- competes: R (rejected) answers the lower-is-better m3 with 0, which has
-- no value; it is left uncounted and R is flagged unvalued
INSERT INTO measure (framework_id, code, outcome_code, name, evidence, max_points, direction)
VALUES ('v2-p', 'm3', 'O2', 'm3', 'robust', 10, 'lower_better');
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('R', 'm3', 0);
SELECT bid_id, measure_code, quantity, amount, counted, excluded_because FROM response_values('V2-P') WHERE bid_id = 'R';
SELECT bid_id, value, rank, status FROM evaluate('V2-P') WHERE bid_id = 'R';
-- a bid disqualified for a missing answer (M answers m1 only) does not set
-- the scale either: M's m1 2000 leaves A's m1 at 10
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('M', 'V2-P', 'M', 100);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('M', 'm1', 2000);
SELECT bid_id, measure_code, amount FROM response_values('V2-P') WHERE measure_code = 'm1' ORDER BY bid_id;
SELECT bid_id, missing, rank, status FROM evaluate('V2-P');
-- monitoring: OP is in scope, so every bid misses it and is disqualified
UPDATE tender SET context = 'monitoring' WHERE id = 'V2-P';
SELECT * FROM tender_scope('V2-P') ORDER BY 1;
SELECT bid_id, missing, rank, status FROM evaluate('V2-P');
UPDATE tender SET context = 'procurement' WHERE id = 'V2-P';

-- deliveries are valued on the same scale as the award valued the
-- commitments: A's m1 is scaled by the eligible bids' largest answer, 10
-- (not by M's 2000 or R's 1000): 10 delivered is worth 10, 5 is worth 5,
-- 20 (beyond the scale) 10 x 20/20 = 10, and -100 (H's harm) 10 x max(-100/10, -1) = -10
BEGIN;
CALL award('V2-P');
SELECT measure_code, min_q, max_q, all_positive FROM measure_scales('V2-P') ORDER BY 1;
SELECT delivery_amount('V2-P', 'm1', 10) AS ten, delivery_amount('V2-P', 'm1', 5) AS five,
	   delivery_amount('V2-P', 'm1', 20) AS twenty, delivery_amount('V2-P', 'm1', -100, NULL) AS harm;
-- (a delivery's lot comes from its bid: delivery_progress passes it)
ROLLBACK;

--------------------------------------------------------------------------
-- A price and quality only tender (social weight 0): no bid is flagged or
-- disqualified for missing social value answers.  Lowest price 100 (the
-- rejected R's 90 does not count): A 100, B 100x100/200 = 50, H 100, M 100
--------------------------------------------------------------------------
UPDATE tender SET price_weight = 100, social_weight = 0 WHERE id = 'V2-P';
SELECT bid_id, missing, price_points, social_points, total_points, rank, status FROM evaluate('V2-P');

-- the BI views' one plan gives evaluate's numbers for every tender here
\i test/include/one_plan.sql
-- leave the database as found
DELETE FROM tender WHERE id IN ('V2-A', 'V2-L', 'V2-P');
DELETE FROM framework WHERE id IN ('v2-m', 'v2-p');
