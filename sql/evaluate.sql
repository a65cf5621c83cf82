-- svtoms.evaluate: DESIGN.md's evaluation rules, with hand-computed results
SET search_path = public, svtoms;

\i test/include/try.sql

-- A monetary framework: theme A (outcomes A1, A2), theme B (outcome B1).
-- m2 is proxy evidence; m3 and m4 count the same thing (exclusive group g).
INSERT INTO framework (id, name, valuation, currency) VALUES ('eval-m', 'Evaluation test', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name) VALUES ('eval-m', 'A', 'Theme A'), ('eval-m', 'B', 'Theme B');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES
	('eval-m', 'A1', 'A', 'Outcome A1'), ('eval-m', 'A2', 'A', 'Outcome A2'), ('eval-m', 'B1', 'B', 'Outcome B1');
INSERT INTO measure (framework_id, code, outcome_code, name, evidence, exclusive_group) VALUES
	('eval-m', 'm1', 'A1', 'm1', 'robust', NULL), ('eval-m', 'm2', 'A1', 'm2', 'proxy', NULL),
	('eval-m', 'm3', 'A2', 'm3', 'robust', 'g'), ('eval-m', 'm4', 'A2', 'm4', 'robust', 'g'),
	('eval-m', 'm5', 'B1', 'm5', 'robust', NULL);
INSERT INTO value_set (id, framework_id, name, source, licence) VALUES ('eval-m-v', 'eval-m', 'values', 'test', 'test');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES
	('eval-m-v', 'm1', 10), ('eval-m-v', 'm2', 10), ('eval-m-v', 'm3', 2), ('eval-m-v', 'm4', 3), ('eval-m-v', 'm5', 1);

INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('E1', 'eval-m', 'eval-m-v', 'Evaluation rules', 10000, 50, 20, 30);
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('X', 'E1', 'Bidder X', 100, 20), ('Y', 'E1', 'Bidder Y', 80, 10), ('Z', 'E1', 'Bidder Z', 120, 15);
INSERT INTO response (bid_id, measure_code, quantity, evidence_ref) VALUES
	('X', 'm1', 100, 'contract schedule 4'), ('X', 'm2', 50, NULL), ('X', 'm3', 100, NULL),
	('X', 'm4', 100, NULL), ('X', 'm5', -400, 'emissions statement'),
	('Y', 'm1', 50, NULL), ('Y', 'm3', 100, NULL), ('Y', 'm5', 100, NULL),
	('Z', 'm1', 20, NULL), ('Z', 'm5', NULL, 'no answer given');

-- rules 1 to 4 per response: X's proxy m2 is excluded; of m3 (200) and m4 (300) only m4 counts
SELECT * FROM response_values('E1');

-- X: benefit 1000 + 300 = 1300, harm 400, net 900; excluded m2 and m3
-- Y: benefit 500 + 200 + 100 = 800; Z: 200, missing A2 and B1 (a NULL quantity is no answer)
-- social points 30 x net / 900: X 30, Y 26.67, Z 6.67
-- price points 50 x 80 / price: X 40, Y 50, Z 33.33; quality as given
-- totals: X 90, Y 86.67, Z 55
-- balance: X themes A 1300, B -400 -> 0; Y A 700, B 100 -> 0.5436; Z A 200, B 0 -> 0
SELECT bid_id, bidder, price, net, sv_ratio, round(balance::numeric, 4) AS balance, missing, excluded,
       round(price_points, 4) AS price_points, quality_points, round(social_points, 4) AS social_points,
       round(total_points, 4) AS total_points, rank, status
FROM evaluate('E1');
SELECT bid_id, value, profile FROM evaluate('E1');
SELECT abs(balance - (-(0.875 * ln(0.875) + 0.125 * ln(0.125)) / ln(2))) < 1e-12 AS y_balance_exact
FROM evaluate('E1') WHERE bid_id = 'Y';

-- monitoring: proxy evidence counts; X's net is 1400 (m2 adds 500)
UPDATE tender SET context = 'monitoring' WHERE id = 'E1';
SELECT bid_id, net, excluded, round(social_points, 4) AS social_points, rank, status FROM evaluate('E1');
UPDATE tender SET context = 'procurement' WHERE id = 'E1';

-- harm_weight 3: X scores 1300 - 3 x 400 = 100 against Y's best 800: social 3.75
-- totals: Y 50 + 10 + 30 = 90, X 40 + 20 + 3.75 = 63.75, Z 33.3333 + 15 + 7.5 = 55.8333
UPDATE tender SET harm_weight = 3 WHERE id = 'E1';
SELECT bid_id, net, round(social_points, 4) AS social_points, round(total_points, 4) AS total_points, rank, status
FROM evaluate('E1');
UPDATE tender SET harm_weight = 1 WHERE id = 'E1';

-- missing_policy disqualify: Z has no points and no rank, and does not set the best or lowest
UPDATE tender SET missing_policy = 'disqualify' WHERE id = 'E1';
SELECT bid_id, net, price_points, social_points, total_points, rank, status FROM evaluate('E1');
UPDATE tender SET missing_policy = 'flag' WHERE id = 'E1';

-- theme_floor 0: X's theme B nets -400, so X is disqualified; Y (800) is now the best, 80 the lowest price
-- Z: themes A 200, B 0 (not below 0): 50 x 80/120 + 15 + 30 x 200/800 = 33.3333 + 15 + 7.5
UPDATE tender SET theme_floor = 0 WHERE id = 'E1';
SELECT bid_id, net, round(social_points, 4) AS social_points, round(total_points, 4) AS total_points, rank, status
FROM evaluate('E1');
UPDATE tender SET theme_floor = NULL WHERE id = 'E1';

-- balance_weight 0.5: social points x (0.5 + 0.5 x balance)
-- X 30 x 0.5 = 15; Y 26.6667 x (0.5 + 0.5 x 0.543564) = 20.5809; Z 6.6667 x 0.5 = 3.3333
UPDATE tender SET balance_weight = 0.5 WHERE id = 'E1';
SELECT bid_id, round(social_points, 4) AS social_points, rank, status FROM evaluate('E1');
UPDATE tender SET balance_weight = 0 WHERE id = 'E1';

-- scope: only A1 and B1 are in scope; m3 and m4 no longer count
-- X 1000 - 400 = 600 (m2 still excluded); Y 500 + 100 = 600; Z 200, missing B1 only
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('E1', 'A1'), ('E1', 'B1');
SELECT bid_id, net, missing, excluded, rank, status FROM evaluate('E1');
SELECT * FROM response_values('E1');
DELETE FROM tender_outcome WHERE tender_id = 'E1';

-- ties share a rank
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES ('Y2', 'E1', 'Bidder Y again', 80, 10);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('Y2', 'm1', 50), ('Y2', 'm3', 100), ('Y2', 'm5', 100);
SELECT bid_id, round(total_points, 4) AS total_points, rank FROM evaluate('E1');
DELETE FROM bid WHERE id = 'Y2';

-- the BI view: plain column types
SELECT tender_id, bid_id, benefit, harm, net, responses, negatives, missing, excluded, rank, status, awarded
FROM bid_evaluation WHERE tender_id = 'E1' ORDER BY rank;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'svtoms.bid_evaluation'::regclass AND attnum > 0 ORDER BY attnum;
SELECT profile -> 'B' ->> 'net' AS x_theme_b_net FROM bid_evaluation WHERE bid_id = 'X';

-- A points framework: h higher-better (10 points), l lower-better (10), b boolean (5)
INSERT INTO framework (id, name, valuation) VALUES ('eval-p', 'Points test', 'points');
INSERT INTO theme (framework_id, code, name) VALUES ('eval-p', 'T', 'T'), ('eval-p', 'U', 'U');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES
	('eval-p', 'oh', 'T', 'oh'), ('eval-p', 'ol', 'T', 'ol'), ('eval-p', 'ob', 'U', 'ob');
INSERT INTO measure (framework_id, code, outcome_code, name, unit_kind, direction, max_points) VALUES
	('eval-p', 'h', 'oh', 'h', 'count', 'higher_better', 10),
	('eval-p', 'l', 'ol', 'l', 'ratio', 'lower_better', 10),
	('eval-p', 'b', 'ob', 'b', 'boolean', 'higher_better', 5);
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight)
VALUES ('P1', 'eval-p', 0, 0, 100);
INSERT INTO bid (id, tender_id, bidder) VALUES ('P', 'P1', 'P'), ('Q', 'P1', 'Q');
-- h: P 8, Q -4 -> signed_score(q, 8, -4, 10) = 10 x q / 8 = 10, -5; l: P 2, Q 4 -> 10 x 2 / q = 10, 5;
-- b: P 1, Q -1 -> 5, -5
-- P: 25; Q: benefit 5, harm 10, net -5 -> social points (signed, best 25)
-- 100 and 100 x max(-5/25, -1) = -20: a net harm scores below nothing
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('P', 'h', 8), ('P', 'l', 2), ('P', 'b', 1), ('Q', 'h', -4), ('Q', 'l', 4), ('Q', 'b', -1);
SELECT bid_id, measure_code, quantity, amount FROM response_values('P1');
SELECT bid_id, value, price_points, social_points, total_points, rank, status FROM evaluate('P1');
-- every quantity 0 on a higher-better measure scores 0
UPDATE response SET quantity = 0 WHERE measure_code = 'h';
SELECT bid_id, measure_code, amount FROM response_values('P1') WHERE measure_code = 'h';

-- errors (22023), each naming what is wrong
UPDATE response SET quantity = 0 WHERE bid_id = 'Q' AND measure_code = 'l';
UPDATE response SET quantity = 2 WHERE bid_id = 'P' AND measure_code = 'b';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''P1'')');
UPDATE response SET quantity = 4 WHERE bid_id = 'Q' AND measure_code = 'l';
UPDATE response SET quantity = 1 WHERE bid_id = 'P' AND measure_code = 'b';
UPDATE measure SET max_points = NULL WHERE framework_id = 'eval-p' AND code = 'h';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''P1'')');
UPDATE measure SET max_points = 10 WHERE framework_id = 'eval-p' AND code = 'h';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''no-such-tender'')');
DELETE FROM measure_value WHERE value_set_id = 'eval-m-v' AND measure_code = 'm4';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''E1'')');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES ('eval-m-v', 'm4', 3);
-- quality points above the quality weight (20) are refused when written,
-- and so is a quality weight below the points already given (X has 20)
SELECT pg_temp.try($$UPDATE bid SET quality_points = 25 WHERE id = 'X'$$);
SELECT pg_temp.try($$INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES ('X2', 'E1', 'x', 1, 20.5)$$);
UPDATE bid SET quality_points = 20 WHERE id = 'X';
SELECT pg_temp.try($$UPDATE tender SET quality_weight = 19, price_weight = price_weight + 1 WHERE id = 'E1'$$);
UPDATE bid SET quality_points = 20, price = 0 WHERE id = 'X';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''E1'')');
UPDATE bid SET price = 100 WHERE id = 'X';
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight) VALUES ('M0', 'eval-m', 100, 0, 0);
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''M0'')');
SELECT count(*) AS no_bids FROM evaluate('P1') WHERE false;

-- an account holds amounts, and sums of benefit and of harm, below 10^32
-- (rounded to 6 decimals): evaluate refuses the tender with 22003, naming
-- each answer beyond that, else each bid whose answers add up beyond it.
-- X's m1 (10 a unit): 9999999999999999999999999999999.99999995 is worth
-- 99999999999999999999999999999999.9999995, 10^32 once rounded; Z is
-- rejected, but its account is made too: -10^31 on m5 (1 a unit) fits, and
-- -10^32 would not
UPDATE response SET quantity = 9999999999999999999999999999999.99999995 WHERE bid_id = 'X' AND measure_code = 'm1';
UPDATE bid SET compliance = 'rejected', rejection_reason = 'late' WHERE id = 'Z';
UPDATE response SET quantity = -1e32 WHERE bid_id = 'Z' AND measure_code = 'm5';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''E1'')');
-- one micro-unit less fits alone, but X's m4 (300) takes its benefit over;
-- Y's two harms (m5 at -6 x 10^31, m3 at -2 x 10^31, 2 a unit) add up over
UPDATE response SET quantity = 9999999999999999999999999999999.9999999 WHERE bid_id = 'X' AND measure_code = 'm1';
UPDATE response SET quantity = -1e31 WHERE bid_id = 'Z' AND measure_code = 'm5';
UPDATE response SET quantity = -6e31 WHERE bid_id = 'Y' AND measure_code = 'm5';
UPDATE response SET quantity = -2e31 WHERE bid_id = 'Y' AND measure_code = 'm3';
SELECT pg_temp.try('SELECT * FROM svtoms.evaluate(''E1'')');
-- at one micro-unit under 10^32 each, both fit: X's m1 alone (its group's
-- m3 and m4 unanswered), Y's harms with m3 at -19999999999999999999999999999999.9999995
UPDATE response SET quantity = NULL WHERE bid_id = 'X' AND measure_code IN ('m3', 'm4');
UPDATE response SET quantity = -19999999999999999999999999999999.9999995 WHERE bid_id = 'Y' AND measure_code = 'm3';
SELECT bid_id, benefit(value), harm(value), rank FROM evaluate('E1');
UPDATE response SET quantity = 100 WHERE bid_id = 'X' AND measure_code IN ('m1', 'm3', 'm4');
UPDATE response SET quantity = 100 WHERE bid_id = 'Y' AND measure_code IN ('m3', 'm5');
UPDATE response SET quantity = NULL WHERE bid_id = 'Z' AND measure_code = 'm5';
UPDATE bid SET compliance = 'compliant', rejection_reason = NULL WHERE id = 'Z';

-- the tender schema refuses bad tenders
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight) VALUES ('w', 'eval-m', 50, 30, 30)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight) VALUES ('w', 'eval-m', 110, -10, 0)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, context) VALUES ('w', 'eval-m', 100, 0, 0, 'award')$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, missing_policy) VALUES ('w', 'eval-m', 100, 0, 0, 'ignore')$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, harm_weight) VALUES ('w', 'eval-m', 100, 0, 0, 0.5)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, balance_weight) VALUES ('w', 'eval-m', 100, 0, 0, 1.5)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, discount_rate) VALUES ('w', 'eval-m', 100, 0, 0, -0.01)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight, contract_value) VALUES ('w', 'eval-m', 100, 0, 0, 0)$$),
	($$INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight) VALUES ('w', 'eval-m', 'toms-sample-illustrative', 100, 0, 0)$$),
	($$INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('E1', 'JOBS-1')$$),
	($$INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('nope', 'A1')$$),
	($$INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('neg', 'E1', 'N', -1)$$),
	($$INSERT INTO svtoms.bid (id, tender_id, bidder) VALUES ('X', 'E1', 'again')$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('X', 'JOB1', 1)$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('X', 'm1', 1)$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('nobody', 'm1', 1)$$)
) v(q);

-- the BI views' one plan gives evaluate's numbers for every tender here
\i test/include/one_plan.sql
DELETE FROM tender WHERE id IN ('E1', 'P1', 'M0');
DELETE FROM framework WHERE id IN ('eval-m', 'eval-p');

-- a tender with scope or bids keeps its framework; a bid keeps its framework
INSERT INTO framework (id, name, valuation) VALUES ('keep-a', 'Keep A', 'points'), ('keep-b', 'Keep B', 'points');
INSERT INTO theme (framework_id, code, name) VALUES ('keep-a', 't', 't'), ('keep-b', 't', 't');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('keep-a', 'o', 't', 'o'), ('keep-b', 'o', 't', 'o');
INSERT INTO measure (framework_id, code, outcome_code, name, max_points) VALUES ('keep-a', 'm', 'o', 'm', 1), ('keep-b', 'm', 'o', 'm', 1);
INSERT INTO tender (id, framework_id, price_weight, quality_weight, social_weight) VALUES
	('K1', 'keep-a', 0, 0, 100), ('K2', 'keep-b', 0, 0, 100), ('K3', 'keep-a', 0, 0, 100);
INSERT INTO bid (id, tender_id, bidder) VALUES ('K1-1', 'K1', 'k');
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('K1-1', 'm', -1);
SELECT pg_temp.try($$UPDATE svtoms.tender SET framework_id = 'keep-b' WHERE id = 'K1'$$);
SELECT pg_temp.try($$UPDATE svtoms.bid SET tender_id = 'K2' WHERE id = 'K1-1'$$);
UPDATE bid SET tender_id = 'K3' WHERE id = 'K1-1';          -- same framework: fine
UPDATE tender SET framework_id = 'keep-b' WHERE id = 'K1';  -- no scope, no bids left: fine
UPDATE framework SET id = 'keep-a2' WHERE id = 'keep-a';    -- a rename cascades
SELECT t.id, t.framework_id, r.framework_id AS response_framework
FROM tender t LEFT JOIN bid b ON b.tender_id = t.id LEFT JOIN response r ON r.bid_id = b.id
WHERE t.id LIKE 'K%' ORDER BY t.id;
DELETE FROM tender WHERE id IN ('K1', 'K2', 'K3');
DELETE FROM framework WHERE id IN ('keep-a2', 'keep-b');
