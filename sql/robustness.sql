-- Decision robustness: svtoms.robustness (margin, switching values, rank
-- reversal), svtoms.rank_acceptability, the award's record of them and
-- the BI view.  Every figure is computed by hand in the comments.
SET search_path = public, svtoms;

\i test/include/try.sql

-- the tenders and the award below are rolled back at the end: an award
-- cannot be removed, and the scripts after this one count what they find
BEGIN;

-- A monetary framework: jobs (JOB, £1,000 a job, plausible from £500 to
-- £1,500) and carbon (CO2, £100 a tonne saved, no range).
INSERT INTO framework (id, name, valuation, currency) VALUES ('rb-m', 'Robustness test', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name) VALUES ('rb-m', 'J', 'Jobs'), ('rb-m', 'E', 'Environment');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES
	('rb-m', 'JO', 'J', 'Local jobs'), ('rb-m', 'EO', 'E', 'Less carbon');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence) VALUES
	('rb-m', 'JOB', 'JO', 'jobs', 'robust'), ('rb-m', 'CO2', 'EO', 'tonnes CO2e saved', 'robust');
INSERT INTO value_set (id, framework_id, name, source, licence) VALUES ('rb-m-v', 'rb-m', 'values', 'test', 'test');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value, low_value, high_value) VALUES
	('rb-m-v', 'JOB', 1000, 500, 1500), ('rb-m-v', 'CO2', 100, NULL, NULL);

--------------------------------------------------------------------------
-- The range: both ends or neither, around the proxy value (23514)
--------------------------------------------------------------------------
SELECT pg_temp.try(q) FROM (VALUES
	($$UPDATE svtoms.measure_value SET low_value = 1001 WHERE measure_code = 'JOB'$$),
	($$UPDATE svtoms.measure_value SET high_value = 999 WHERE measure_code = 'JOB'$$),
	($$UPDATE svtoms.measure_value SET high_value = NULL WHERE measure_code = 'JOB'$$),
	($$UPDATE svtoms.measure_value SET low_value = -1 WHERE measure_code = 'JOB'$$),
	($$UPDATE svtoms.measure_value SET high_value = 'Infinity' WHERE measure_code = 'JOB'$$)) v(q);
-- the CSV import reads the range by its column names
SELECT import_value_set('rb-csv', 'rb-m', 'ranges', '2026-01-01', 'test', 'test',
						E'measure_code,proxy_value,high_value,low_value\nJOB,1000,1500,500\nCO2,100,,\n');
SELECT measure_code, proxy_value, low_value, high_value FROM measure_value WHERE value_set_id = 'rb-csv' ORDER BY 1;
SELECT pg_temp.try($$SELECT svtoms.import_value_set('rb-csv2', 'rb-m', 'ranges', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value,low_value,high_value\nJOB,1000,1100,1500\nCO2,100,90,\n')$$);
-- and \copy's staging table, by its columns low_value and high_value
INSERT INTO value_upload (measure_code, proxy_value, low_value, high_value) VALUES
	('JOB', '1000', ' 750 ', '1250'), ('CO2', '100', '', '');
SELECT import_value_set('rb-upload', 'rb-m', 'staged ranges', '2026-01-01', 'test', 'test');
SELECT measure_code, proxy_value, low_value, high_value FROM measure_value WHERE value_set_id = 'rb-upload' ORDER BY 1;

--------------------------------------------------------------------------
-- RB-A, signed: removing the cheapest loser reverses the ranking.
-- Weights price 60, quality 0, social 40.
--   W: price 100, 3 jobs       net  3000
--   R: price  60, 1.5 jobs     net  1500
--   C: price  30, 30 t emitted net -3000
-- lowest price L = 30; best net 3000, so S = 3000
--   price points 60 x 30 / price: W 18, R 30, C 60
--   social 40 x max(net / 3000, -1): W 40, R 20, C -40
--   totals: W 58, R 50, C 20; margin 8
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-A', 'rb-m', 'rb-m-v', 'Reversal', 100000, 60, 0, 40);
INSERT INTO bid (id, tender_id, bidder, price) VALUES
	('RB-A-W', 'RB-A', 'Winner', 100), ('RB-A-R', 'RB-A', 'Runner', 60), ('RB-A-C', 'RB-A', 'Cheap', 30);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-A-W', 'JOB', 3), ('RB-A-W', 'CO2', 0), ('RB-A-R', 'JOB', 1.5), ('RB-A-R', 'CO2', 0),
	('RB-A-C', 'JOB', 0), ('RB-A-C', 'CO2', -30);
SELECT bid_id, net, price_points, social_points, total_points, rank FROM evaluate('RB-A');
-- runner_up_price_to_win: the lowest price of the others L' = 30; R needs
--   58 - 20 = 38 price points = 60 x 30 / y, so y = 1800 / 38 = 47.368421...
-- runner_up_nfs_to_win: R's 30 + 40 x x / 3000 = W's 18 + 40, x = 2100
-- social_weight_to_flip: price weight 100 - s; totals
--   W 100 - s) x 0.3 + s x 1 = 30 + 0.7 s, R (100 - s) x 0.5 + s x 0.5 = 50,
--   C (100 - s) x 1 - s = 100 - 2 s; at s = 40: 58, 50, 20
--   W = R at s = 20 / 0.7 = 28.571428..., W = C at 70 / 2.7 = 25.925925...;
--   the nearest to 40 is 28.5714285714...
-- price_per_social_point: 100 - 60 x 30 / (60 x 30 / 100 + 1) = 100 - 1800 / 19
--   = 5.263157...
-- rank_reversal: without C, L = 60: W 36 + 40 = 76, R 60 + 20 = 80: R wins
SELECT * FROM robustness('RB-A');
-- each switching value, put back into the tender, ties the runner-up:
-- R at its price to win scores 1800 / (1800 / 38) = 38 price points,
-- 58 in all, as W
SELECT round(svtoms.price_score(1800 / 38.0, 30, 60), 10) AS price_points_at_switch;

--------------------------------------------------------------------------
-- RB-B, floored: no single removal changes the winner.
-- Weights price 50, quality 10, social 40.
--   W: price 100, quality 10, 3 jobs  net 3000
--   R: price  90, quality 10, 2 jobs  net 2000
--   C: price  60, quality  0, nothing net    0
-- L = 60, best 3000
--   price points 50 x 60 / price: W 30, R 33.333..., C 50
--   social 40 x net / 3000: W 40, R 26.666..., C 0
--   totals: W 80, R 70, C 50; margin 10
-- without C: L = 90, W 45 + 10 + 40 = 95, R 50 + 10 + 26.67 = 86.67: W
-- without R: W 80, C 50: W
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight,
					social_scoring)
VALUES ('RB-B', 'rb-m', 'rb-m-v', 'No reversal', 100000, 50, 10, 40, 'floored');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RB-B-W', 'RB-B', 'Winner', 100, 10), ('RB-B-R', 'RB-B', 'Runner', 90, 10), ('RB-B-C', 'RB-B', 'Cheap', 60, 0);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-B-W', 'JOB', 3), ('RB-B-W', 'CO2', 0), ('RB-B-R', 'JOB', 2), ('RB-B-R', 'CO2', 0),
	('RB-B-C', 'JOB', 0), ('RB-B-C', 'CO2', 0);
SELECT bid_id, net, price_points, social_points, total_points, rank FROM evaluate('RB-B');
-- runner_up_price_to_win: L' = 60; R needs 80 - 36.666... = 43.333... price
--   points = 50 x 60 / y: y = 3000 / (130 / 3) = 69.230769...
-- runner_up_nfs_to_win: 43.333... + 40 x / 3000 = 80: x = 2750
-- social_weight_to_flip: price weight 90 - s; totals W 10 + 54 + 0.4 s,
--   R 10 + 60 = 70, C 90 - s; W = R at s = 15, W = C at 26 / 1.4 =
--   18.571428...; the nearest to 40 is 18.5714285714...
-- price_per_social_point: 100 - 3000 / 31 = 3.225806...
SELECT * FROM robustness('RB-B');
-- scored signed instead: the worst net is 0, so S = best = 3000 and every
-- figure is the same
UPDATE tender SET social_scoring = 'signed' WHERE id = 'RB-B';
SELECT margin, runner_up_price_to_win, runner_up_nfs_to_win, social_weight_to_flip, rank_reversal FROM robustness('RB-B');
UPDATE tender SET social_scoring = 'floored' WHERE id = 'RB-B';
-- a balance weight of 0.5: W's and R's nets are all jobs (balance 0), so
-- their positive social points are halved: W 20, R 13.333...; totals
-- W 60, R 56.666..., C 50.  The balance factor is the bid's own and is
-- held: R's net to win: 43.333... + 0.5 x 40 x / 3000 = 60, x = 2500.
-- Social weight s: W 64 - 0.1 s, R 70 - s / 3, C 90 - s: W = R at
-- s = 180 / 7 = 25.714285..., W = C at 26 / 0.9 = 28.888...: the nearest
-- to 40 is 28.888...  R's price: 60 - (56.666... - 33.333...) = 36.666...
-- price points = 3000 / y: y = 81.8181...
UPDATE tender SET balance_weight = 0.5 WHERE id = 'RB-B';
SELECT bid_id, balance, social_points, total_points FROM evaluate('RB-B');
SELECT margin, runner_up_price_to_win, runner_up_nfs_to_win, social_weight_to_flip, rank_reversal FROM robustness('RB-B');
UPDATE tender SET balance_weight = 0 WHERE id = 'RB-B';

--------------------------------------------------------------------------
-- RB-J: RB-B with half the social points judged (social_judged_share
-- 0.5; one social question, 0 to 5, worth 10).  W judged 5 (share 1),
-- R 1 (share 0.2), C 0.  The judged part is held; only the measured half
-- moves with a net.
--   social: 0.5 x measured + 0.5 x 40 x share:
--   W 20 + 20 = 40, R 13.333... + 4 = 17.333..., C 0
--   totals: W 30 + 10 + 40 = 80, R 33.333... + 10 + 17.333... = 60.666...,
--   C 50 + 0 + 0 = 50
-- runner_up_price_to_win: R needs 80 - 27.333... = 52.666... price points,
--   more than 50: it must undercut W, whose points fall to 50 y / 100:
--   27.333... + 50 = 10 + 40 + 50 y / 100, y = 164 / 3 = 54.666...
-- runner_up_nfs_to_win: with W's 3000 the best, R's 47.333... + 20 x / 3000
--   reaches W's 80 only at x = 4900, past 3000; so R must be the best:
--   R then has 47.333... + 20 and W 40 + 20 x 3000 / x:
--   67.333... = 40 + 60000 / x,
--   x = 60000 / (22 / 3) = 90000 / 11 = 8181.8181...
-- social_weight_to_flip: per point of weight W 0.5 + 0.5 = 1, R 0.5 x 2/3
--   + 0.5 x 0.2 = 0.4333..., C 0; W 64 + 0.4 s, R 70 - 0.2333... s,
--   C 90 - s: W = R at s = 180 / 19 = 9.47..., W = C at 18.571428...
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight,
					social_scoring, social_judged_share)
VALUES ('RB-J', 'rb-m', 'rb-m-v', 100000, 50, 10, 40, 'floored', 0.5);
INSERT INTO question (tender_id, code, wording, kind, scale_min, scale_max, max_points) VALUES
	('RB-J', 'S1', 'Community', 'social', 0, 5, 10);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RB-J-W', 'RB-J', 'Winner', 100, 10), ('RB-J-R', 'RB-J', 'Runner', 90, 10), ('RB-J-C', 'RB-J', 'Cheap', 60, 0);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-J-W', 'JOB', 3), ('RB-J-W', 'CO2', 0), ('RB-J-R', 'JOB', 2), ('RB-J-R', 'CO2', 0),
	('RB-J-C', 'JOB', 0), ('RB-J-C', 'CO2', 0);
INSERT INTO judgement (bid_id, question_code, evaluator, score) VALUES
	('RB-J-W', 'S1', 'ann', 5), ('RB-J-R', 'S1', 'ann', 1), ('RB-J-C', 'S1', 'ann', 0);
SELECT bid_id, social_points, total_points, rank FROM evaluate('RB-J');
SELECT * FROM robustness('RB-J');

--------------------------------------------------------------------------
-- RB-C, signed, no price weight (and no prices: no price to win, no price
-- per point, and no social weight to flip, since moving weight to price
-- needs prices).  Quality 60, social 40.
--   W: quality 30, 2 jobs (2000);  R: quality 40, 1 job (1000)
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-C', 'rb-m', 'rb-m-v', 100000, 0, 60, 40);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RB-C-W', 'RB-C', 'Winner', NULL, 30), ('RB-C-R', 'RB-C', 'Runner', NULL, 40);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-C-W', 'JOB', 2), ('RB-C-W', 'CO2', 0), ('RB-C-R', 'JOB', 1), ('RB-C-R', 'CO2', 0);
-- W 30 + 40 = 70, R 40 + 20 = 60: R needs 30 social points, 40 x / 2000 = 30
-- at x = 1500 (below W's 2000, so the scale holds)
SELECT bid_id, net, social_points, total_points, rank FROM evaluate('RB-C');
SELECT * FROM robustness('RB-C');
-- with quality equal, R must outdo W's net: as the best, R has 40 and W
-- 40 x 2000 / x, so the tie is at x = 2000 (the piece where x sets the
-- scale)
UPDATE bid SET quality_points = 30 WHERE id = 'RB-C-R';
SELECT runner_up_nfs_to_win FROM robustness('RB-C');

--------------------------------------------------------------------------
-- Lots, one eligible bid, all rejected
--   lot L1: one bid (a winner, no runner-up: margin and switching values
--   NULL, rank_reversal false; price per point 100 - 5000 / 51 = 1.960784...)
--   lot L2: both bids rejected: nothing decided
--   no lot: one bid, rejected too
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-L', 'rb-m', 'rb-m-v', 100000, 50, 10, 40);
INSERT INTO lot (tender_id, id, title) VALUES ('RB-L', 'L1', 'one'), ('RB-L', 'L2', 'two');
INSERT INTO bid (id, tender_id, bidder, price, lot_id, compliance, rejection_reason) VALUES
	('RB-L-1', 'RB-L', 'Only', 100, 'L1', 'compliant', NULL),
	('RB-L-2', 'RB-L', 'Out', 100, 'L2', 'rejected', 'late'),
	('RB-L-3', 'RB-L', 'Out too', 90, 'L2', 'rejected', 'unsigned'),
	('RB-L-4', 'RB-L', 'Whole', 80, NULL, 'rejected', 'late');
INSERT INTO response (bid_id, measure_code, quantity)
SELECT b, m, 1 FROM unnest(ARRAY['RB-L-1', 'RB-L-2', 'RB-L-3', 'RB-L-4']) b, unnest(ARRAY['JOB', 'CO2']) m;
SELECT * FROM robustness('RB-L');
SELECT * FROM rank_acceptability('RB-L', 10);

--------------------------------------------------------------------------
-- rank_acceptability.  RB-D: price and quality equal; W's 1 job (£1,000,
-- drawn from £500 to £1,500) against R's 10 tonnes (£1,000, no range).
-- At the proxy values they tie; in a draw W wins when the job is worth
-- more than £1,000, about half the draws.
--------------------------------------------------------------------------
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-D', 'rb-m', 'rb-m-v', 100000, 50, 10, 40);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RB-D-W', 'RB-D', 'Jobs', 100, 5), ('RB-D-R', 'RB-D', 'Carbon', 100, 5);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-D-W', 'JOB', 1), ('RB-D-W', 'CO2', 0), ('RB-D-R', 'JOB', 0), ('RB-D-R', 'CO2', 10);
SELECT bid_id, total_points, rank FROM evaluate('RB-D');
-- margin 0: a tie, the winner first by id (RB-D-R); the runner-up ties
-- at its own price and net
SELECT winner_bid_id, runner_up_bid_id, margin, runner_up_price_to_win, runner_up_nfs_to_win FROM robustness('RB-D');
-- each bid's shares add up to 1, and each rank's too
SELECT bid_id, sum(share) FROM rank_acceptability('RB-D') GROUP BY bid_id ORDER BY 1;
SELECT rank, sum(share) FROM rank_acceptability('RB-D') GROUP BY rank ORDER BY 1;
-- about half (binomial, 1,000 draws: within 0.45 to 0.55 but for 1 in 400)
SELECT bid_id, rank, share BETWEEN 0.45 AND 0.55 AS about_half FROM rank_acceptability('RB-D') ORDER BY 1, 2;
-- the same seed, the same shares; another seed, other shares
SELECT (SELECT array_agg(share ORDER BY bid_id, rank) FROM rank_acceptability('RB-D', 1000, 0.25))
	 = (SELECT array_agg(share ORDER BY bid_id, rank) FROM rank_acceptability('RB-D', 1000, 0.25)) AS same_seed,
	   (SELECT array_agg(share ORDER BY bid_id, rank) FROM rank_acceptability('RB-D', 1000, 0.25))
	 = (SELECT array_agg(share ORDER BY bid_id, rank) FROM rank_acceptability('RB-D', 1000, -0.25)) AS other_seed;
-- a job worth at least £1,100: W wins every draw
UPDATE measure_value SET low_value = 1000 WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB';
UPDATE response SET quantity = 1.1 WHERE bid_id = 'RB-D-W' AND measure_code = 'JOB';
SELECT bid_id, rank, share FROM rank_acceptability('RB-D', 200) ORDER BY 1, 2;
-- a missing range: the measure keeps its proxy value (R's carbon has
-- none; with no range on jobs either, one ranking, the evaluation's)
UPDATE measure_value SET low_value = NULL, high_value = NULL WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB';
SELECT bid_id, rank, share FROM rank_acceptability('RB-D') ORDER BY 1, 2;
UPDATE measure_value SET low_value = 500, high_value = 1500 WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB';
-- RB-A: C's harm is carbon (no range); W and R scale together with the
-- job's value, so signed points hold W 40, R 20 in every draw, and C
-- scores 40 x max(-3000 / 3v, -1) from -40 to -26.7: the ranking holds
SELECT bid_id, rank, share FROM rank_acceptability('RB-A') ORDER BY 1, 2;
-- The draws score as evaluate does: with a range too narrow to move any
-- total past another, every bid takes its evaluated rank in every draw
-- (signed with a harm, floored, with a balance weight, harm weight 2;
-- RB-D's exact tie is left out: a draw breaks it)
UPDATE measure_value SET low_value = 999.999999, high_value = 1000.000001
WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB';
UPDATE tender SET balance_weight = 0.5, harm_weight = 2 WHERE id = 'RB-A';
UPDATE tender SET balance_weight = 0.5 WHERE id = 'RB-B';
SELECT x.tender_id, count(*) AS bid_ranks,
	   bool_and(ra.share = CASE WHEN ra.rank = e.rank THEN 1 ELSE 0 END) AS evaluated_ranks
FROM (VALUES ('RB-A'), ('RB-B'), ('RB-C'), ('RB-L')) x(tender_id)
CROSS JOIN LATERAL rank_acceptability(x.tender_id, 100) ra
JOIN evaluate(x.tender_id) e ON e.bid_id = ra.bid_id
GROUP BY x.tender_id ORDER BY 1;
UPDATE tender SET balance_weight = 0, harm_weight = 1 WHERE id IN ('RB-A', 'RB-B');
UPDATE measure_value SET low_value = 500, high_value = 1500 WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB';
-- A proxy value of 0 with a range: the evaluation values the answer at 0,
-- a draw at sroi_value(quantity, 1, ...) x the drawn value.  RB-E: W's
-- one unit of Z (proxy 0, range 0 to 2,000, deadweight 0.5: 0 to 1,000
-- in a draw) against R's 500 (no range); equal prices.  Evaluated, R
-- wins; in a draw W wins when its unit is worth more than 1,000: half
INSERT INTO framework (id, name, valuation, currency) VALUES ('rb-z', 'Zero proxy test', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name) VALUES ('rb-z', 'T', 'Theme');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('rb-z', 'O', 'T', 'Outcome');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence) VALUES
	('rb-z', 'Z', 'O', 'zero proxy', 'robust'), ('rb-z', 'F', 'O', 'fixed', 'robust');
INSERT INTO value_set (id, framework_id, name, source, licence) VALUES ('rb-z-v', 'rb-z', 'values', 'test', 'test');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value, low_value, high_value, deadweight) VALUES
	('rb-z-v', 'Z', 0, 0, 2000, 0.5), ('rb-z-v', 'F', 500, NULL, NULL, 0);
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-E', 'rb-z', 'rb-z-v', 100000, 50, 10, 40);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('RB-E-W', 'RB-E', 'Zero', 100, 5), ('RB-E-R', 'RB-E', 'Fixed', 100, 5);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('RB-E-W', 'Z', 1), ('RB-E-R', 'F', 1);
SELECT bid_id, net, total_points, rank FROM evaluate('RB-E');
SELECT bid_id, rank, share BETWEEN 0.45 AND 0.55 AS about_half FROM rank_acceptability('RB-E') ORDER BY 1, 2;
-- bad draws and seeds
SELECT pg_temp.try(q) FROM (VALUES
	($$SELECT * FROM svtoms.rank_acceptability('RB-D', 0)$$),
	($$SELECT * FROM svtoms.rank_acceptability('RB-D', -5)$$),
	($$SELECT * FROM svtoms.rank_acceptability('RB-D', 1000001)$$),
	($$SELECT * FROM svtoms.rank_acceptability('RB-D', 10, 2)$$),
	($$SELECT * FROM svtoms.rank_acceptability('RB-D', 10, 'NaN')$$),
	($$SELECT * FROM svtoms.rank_acceptability('no such tender')$$),
	($$SELECT * FROM svtoms.robustness('no such tender')$$)) v(q);

--------------------------------------------------------------------------
-- A points framework: each measure is scaled over the competition's
-- eligible bids, so taking a bid out rescales the others (rank reversal
-- evaluates rules 3 to 7 again without it).  Quality 50, social 50, no
-- price weight (and no prices: no price or social weight switching value).
--------------------------------------------------------------------------
INSERT INTO framework (id, name, valuation) VALUES ('rb-p', 'Points test', 'points');
INSERT INTO theme (framework_id, code, name) VALUES ('rb-p', 'T', 'Theme');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('rb-p', 'O', 'T', 'Outcome'), ('rb-p', 'O2', 'T', 'Other');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence, max_points, direction) VALUES
	('rb-p', 'LOW', 'O', 'lower is better', 'robust', 10, 'lower_better'),
	('rb-p', 'HIGH', 'O2', 'higher is better', 'robust', 10, 'higher_better');
-- RB-P, lower is better (10 x min q / q), no reversal:
--   W: q 2, quality 30;  R: q 4, quality 42;  X: q 1, quality 0
--   min q 1: nets W 5, R 2.5, X 10; best 10: social 50 x net / 10:
--   W 25, R 12.5, X 50; totals W 55, R 54.5, X 50: margin 0.5
--   without X: min q 2: W 10, R 5: W 30 + 50 = 80, R 42 + 25 = 67: W
--   without R: nothing changes: W
--   R's net to win: 42 + 5 x = 30 + 25: x = 2.6
INSERT INTO tender (id, framework_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-P', 'rb-p', 100000, 0, 50, 50);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('RB-P', 'O');
INSERT INTO bid (id, tender_id, bidder, quality_points) VALUES
	('RB-P-W', 'RB-P', 'W', 30), ('RB-P-R', 'RB-P', 'R', 42), ('RB-P-X', 'RB-P', 'X', 0);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('RB-P-W', 'LOW', 2), ('RB-P-R', 'LOW', 4), ('RB-P-X', 'LOW', 1);
SELECT bid_id, net, social_points, total_points, rank FROM evaluate('RB-P');
SELECT * FROM robustness('RB-P');
-- a points framework has nothing to draw: one ranking, the evaluation's
SELECT bid_id, rank, share FROM rank_acceptability('RB-P') ORDER BY 1, 2;
-- RB-Q, higher is better (10 x q / max q): removing the loser X, which
-- sets the scale, reverses the ranking.
--   W: q 8, quality 40;  R: q 10, quality 31;  X: q 20, quality 0
--   max q 20: nets W 4, R 5, X 10; best 10: social W 20, R 25, X 50
--   totals W 60, R 56, X 50: W by 4
--   without X: max q 10: nets W 8, R 10: social W 40, R 50:
--   W 80, R 81: R wins
--   R's net to win: 31 + 5 x = 40 + 20 (best 10 held): x = 5.8
INSERT INTO tender (id, framework_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-Q', 'rb-p', 100000, 0, 50, 50);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('RB-Q', 'O2');
INSERT INTO bid (id, tender_id, bidder, quality_points) VALUES
	('RB-Q-W', 'RB-Q', 'W', 40), ('RB-Q-R', 'RB-Q', 'R', 31), ('RB-Q-X', 'RB-Q', 'X', 0);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('RB-Q-W', 'HIGH', 8), ('RB-Q-R', 'HIGH', 10), ('RB-Q-X', 'HIGH', 20);
SELECT bid_id, net, social_points, total_points, rank FROM evaluate('RB-Q');
SELECT * FROM robustness('RB-Q');

--------------------------------------------------------------------------
-- The award records the robustness of each competition; robustness()
-- and rank_acceptability() then read the award's frozen inputs
--------------------------------------------------------------------------
CALL award('RB-A');
SELECT * FROM award_robustness WHERE tender_id = 'RB-A';
-- a change to the live value set's range does not reach the award
-- (the value set is frozen with it: refused)
SELECT pg_temp.try($$UPDATE svtoms.measure_value SET low_value = 900 WHERE value_set_id = 'rb-m-v' AND measure_code = 'JOB'$$);
SELECT * FROM robustness('RB-A');
SELECT bid_id, rank, share FROM rank_acceptability('RB-A') ORDER BY 1, 2;
-- the record is the award's own: no one writes it
SELECT pg_temp.try(q) FROM (VALUES
	($$INSERT INTO svtoms.award_robustness (tender_id) VALUES ('RB-A')$$),
	($$UPDATE svtoms.award_robustness SET margin = 0$$),
	($$DELETE FROM svtoms.award_robustness$$),
	($$TRUNCATE svtoms.award_robustness$$)) v(q);

--------------------------------------------------------------------------
-- The BI view: one row per competition of every tender, plain types
--------------------------------------------------------------------------
SELECT tender_id, lot_id, winner_bid_id, runner_up_bid_id, margin, runner_up_price_to_win, runner_up_nfs_to_win,
	   social_weight_to_flip, price_per_social_point, rank_reversal, awarded, problem
FROM tender_robustness WHERE tender_id LIKE 'RB-%' ORDER BY tender_id, lot_id NULLS FIRST;
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a WHERE a.attrelid = 'svtoms.tender_robustness'::regclass AND a.attnum > 0 ORDER BY a.attnum;
-- a tender that cannot be evaluated shows a problem, the view still reads
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight)
VALUES ('RB-Z', 'rb-m', 'rb-m-v', 100000, 50, 10, 40);
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('RB-Z-1', 'RB-Z', 'Free', 0);
SELECT tender_id, lot_id, winner_bid_id, problem FROM tender_robustness WHERE tender_id = 'RB-Z';

-- the draws' support function refuses arrays that do not fit together
-- with 22023, never with an internal error
SELECT pg_temp.try(q) FROM (VALUES
	($$SELECT svtoms.rank_acceptability_draws(10, 0.5, '{1,1}', '{1}', '{1,1}', '{1,1}', '{}', '{}', '{}', '{}',
											  '{}', '{}', '{}', '{}', '{0,0,0,0,0}')$$),
	($$SELECT svtoms.rank_acceptability_draws(10, 0.5, '{1}', '{1}', '{1}', '{1}', '{1}', '{1}', '{1}', '{0}',
											  '{1}', '{1}', '{1}', '{1}', '{0,0,0}')$$),
	($$SELECT svtoms.rank_acceptability_draws(10, 0.5, '{3}', '{1}', '{1}', '{1}', '{}', '{}', '{}', '{}',
											  '{}', '{}', '{}', '{}', '{0,0,0,0,0}')$$),
	($$SELECT svtoms.rank_acceptability_draws(10, 0.5, '{1}', '{1}', '{1}', '{1}', '{2}', '{1}', '{1}', '{0}',
											  '{1}', '{1}', '{1}', '{1}', '{0,0,0,0,0}')$$),
	($$SELECT svtoms.rank_acceptability_draws(10, 0.5, '{{1}}', '{1}', '{1}', '{1}', '{}', '{}', '{}', '{}',
											  '{}', '{}', '{}', '{}', '{0,0,0,0,0}')$$)) v(q);

ROLLBACK;
