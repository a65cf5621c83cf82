-- officer judgements: the moderate aggregate, question moderation, and judged points in evaluate
SET search_path = public, svtoms;

\i test/include/try.sql

-- moderate: median (middle, or mean of the two middle scores), min, max, spread, disagreement
SELECT (moderate(s)).* FROM (VALUES (3), (4), (5)) v(s);
SELECT (moderate(s)).* FROM (VALUES (1), (2), (3), (4)) v(s);
SELECT (moderate(s, 1)).* FROM (VALUES (7)) v(s);
SELECT (moderate(s, 2)).* FROM (VALUES (2), (4)) v(s);          -- spread 2 is not above 2
SELECT (moderate(s, 1.99)).* FROM (VALUES (2), (4)) v(s);       -- it is above 1.99
SELECT (moderate(s)).* FROM (VALUES (4), (NULL), (4)) v(s);     -- a NULL score is no score
SELECT (moderate(s)).* FROM (VALUES (1)) v(s) WHERE false;      -- no evaluator
SELECT (moderate(s)).* FROM (VALUES (2.5), (2.5), (4.75), (1)) v(s);
-- only NULL scores: no evaluator, and no disagreement whatever the allowed spread
SELECT (moderate(s, 0)).* FROM (VALUES (NULL::numeric), (NULL)) v(s);
-- an odd count with ties: 1, 2, 2, 2, 9 -> median 2, spread 8
SELECT (moderate(s, 8)).* FROM (VALUES (2), (9), (2), (1), (2)) v(s);
-- an even count whose middle scores differ by an odd last digit: (0.01 + 0.02) / 2 = 0.015,
-- one decimal more than the scores; equal middle scores: (3.10 + 3.10) / 2 = 3.1 (trailing zero trimmed)
SELECT (moderate(s)).* FROM (VALUES (0.02), (0.01)) v(s);
SELECT (moderate(s)).* FROM (VALUES (3.10), (1), (3.10), (7)) v(s);
-- the allowed spread is the last one given; a NULL one does not clear it: spread 2 > 1
SELECT (moderate(s, m ORDER BY i)).* FROM (VALUES (1, 2, 1), (2, 4, NULL)) v(i, s, m);
-- equal scores written with different decimals are ordered fewer decimals first, whatever
-- the order of the rows: 4, 4.0, 5 -> median 4.0, min 4, spread 5 - 4 = 1
SELECT (moderate(s ORDER BY i)).* FROM (VALUES (1, 4.0), (2, 4), (3, 5)) v(i, s);
SELECT (moderate(s ORDER BY i DESC)).* FROM (VALUES (1, 4.0), (2, 4), (3, 5)) v(i, s);
-- NaN sorts above every number, as in numeric's ordering: 1, NaN -> median (1 + NaN) / 2 = NaN,
-- spread NaN, above any allowed spread
SELECT (moderate(s, 100)).* FROM (VALUES (1::numeric), ('NaN')) v(s);
-- as a window function the state is moderated again after each row: 5 | 1 5 | 1 3 5 | 1 2 3 5
SELECT i, (moderate(s) OVER (ORDER BY i)).* FROM (VALUES (1, 5), (2, 1), (3, 3), (4, 2)) v(i, s) ORDER BY i;
-- a group of n scores costs O(n log n): 200,000 scores take well under a second (before
-- version 1.2 the state copied its array at every row, and this took many minutes).
-- 100000.5 is the mean of the middle scores 100,000 and 100,001; a reversed input sorts the same
SET statement_timeout = '30s';
SELECT (moderate(g::numeric, 199998)).* FROM generate_series(200000, 1, -1) g;
RESET statement_timeout;

-- a tender with two quality questions and a social question
INSERT INTO framework (id, name, valuation, currency) VALUES ('judge-m', 'Judgement test', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name) VALUES ('judge-m', 'S', 'Social');
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES ('judge-m', 'O', 'S', 'Outcome');
INSERT INTO measure (framework_id, code, outcome_code, name) VALUES ('judge-m', 'm', 'O', 'm');
INSERT INTO value_set (id, framework_id, name) VALUES ('judge-v', 'judge-m', 'values');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES ('judge-v', 'm', 1);
INSERT INTO tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight, social_judged_share)
VALUES ('J1', 'judge-m', 'judge-v', 40, 40, 20, 0.5);
INSERT INTO question (tender_id, code, wording, kind, scale_min, scale_max, max_points, max_spread) VALUES
	('J1', 'Q1', 'Method statement', 'quality', 0, 5, 25, NULL),          -- disagreement above 1.25
	('J1', 'Q2', 'Staffing plan', 'quality', 0, 100, 15, 20),
	('J1', 'S1', 'How will you involve the community?', 'social', 0, 5, 10, NULL);
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('J-A', 'J1', 'Alder Ltd', 100), ('J-B', 'J1', 'Birch Co-op', 80);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('J-A', 'm', 100), ('J-B', 'm', 50);
INSERT INTO judgement (bid_id, question_code, evaluator, score, rationale) VALUES
	('J-A', 'Q1', 'ann', 4, 'clear'), ('J-A', 'Q1', 'bob', 5, 'excellent'), ('J-A', 'Q1', 'cat', 3, 'thin on risks'),
	('J-B', 'Q1', 'ann', 2, NULL), ('J-B', 'Q1', 'bob', 2, NULL),
	('J-A', 'Q2', 'ann', 70, NULL), ('J-A', 'Q2', 'bob', 80, NULL),
	('J-B', 'Q2', 'cat', 90, 'one evaluator only'),
	('J-A', 'S1', 'dee', 5, 'strong local partners');
SELECT tender_id FROM judgement LIMIT 1;

-- Q1: A 3,4,5 -> median 4, spread 2 > 1.25: disagreement; 25 x 4/5 = 20.  B 2,2 -> 25 x 2/5 = 10
-- Q2: A 70,80 -> 75: 15 x 0.75 = 11.25.  B 90 -> 13.5.   S1: A 5 -> 10; B not judged
SELECT bid_id, question_code, kind, evaluators, median, min, max, spread, disagreement, max_spread, points, max_points
FROM question_moderation ORDER BY bid_id, question_code;

-- quality: A 20 + 11.25 = 31.25, B 10 + 13.5 = 23.5 (bid.quality_points is not used)
-- social: half measured (net 100 and 50 against best 100), half judged (S1 points / 10)
--   A 0.5 x 20 x 1 + 0.5 x 20 x 1 = 20;  B 0.5 x 20 x 0.5 + 0 = 5
-- price: A 40 x 80/100 = 32, B 40.   totals: A 83.25, B 68.5
SELECT bid_id, quality_points, social_points, price_points, total_points, rank, status FROM evaluate('J1');

-- require both a measured and a judged social answer: B has no judged answer and is disqualified;
-- A alone: price 40, quality 31.25, social 20 = 91.25
UPDATE tender SET require_both_social = true WHERE id = 'J1';
SELECT bid_id, quality_points, social_points, price_points, total_points, rank, status FROM evaluate('J1');
UPDATE tender SET require_both_social = false WHERE id = 'J1';

-- BI tools read numbers as .NET decimals, 28 digits: question_moderation
-- rounds off more than 10 decimals; moderated_scores, and so evaluate, keep
-- every one.  B's Q2 score 70.123456789012345678901234567 (29 digits) earns
-- 15 x 70.123456789012345678901234567 / 100 = 10.518518518351851851835185185
-- (numeric's division keeps the score's 27 decimals)
UPDATE judgement SET score = 70.123456789012345678901234567 WHERE bid_id = 'J-B' AND question_code = 'Q2';
SELECT bid_id, median, spread, points FROM question_moderation WHERE bid_id = 'J-B' AND question_code = 'Q2';
SELECT bid_id, median, spread, points FROM moderated_scores('J1') WHERE bid_id = 'J-B' AND question_code = 'Q2';
-- B's quality points: 10 (Q1) + 10.518518518351851851835185185
SELECT e.quality_points AS evaluate, b.quality_points AS bid_evaluation
FROM evaluate('J1') e JOIN bid_evaluation b USING (bid_id) WHERE bid_id = 'J-B';
UPDATE judgement SET score = 90 WHERE bid_id = 'J-B' AND question_code = 'Q2';

-- errors: a score off the scale, an unknown question, questions worth more than the weight,
-- a judged share without social questions
SELECT pg_temp.try($$INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES ('J-B', 'Q1', 'cat', 6)$$);
SELECT pg_temp.try($$INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES ('J-B', 'Q1', 'cat', -0.5)$$);
SELECT pg_temp.try($$INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES ('J-B', 'Q9', 'cat', 1)$$);
SELECT pg_temp.try($$INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score, judged_at) VALUES ('J-B', 'Q1', ' ', 1, '2026-01-01')$$);
SELECT pg_temp.try($$INSERT INTO svtoms.question (tender_id, code, wording, scale_min, scale_max, max_points) VALUES ('J1', 'bad', 'x', 5, 5, 1)$$);
SELECT pg_temp.try($$INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points) VALUES ('J1', 'bad', 'x', 5, 0)$$);
UPDATE question SET max_points = 30 WHERE tender_id = 'J1' AND code = 'Q1';
SELECT pg_temp.try($$SELECT * FROM svtoms.evaluate('J1')$$);
UPDATE question SET max_points = 25 WHERE tender_id = 'J1' AND code = 'Q1';
DELETE FROM question WHERE tender_id = 'J1' AND code = 'S1';
SELECT pg_temp.try($$SELECT * FROM svtoms.evaluate('J1')$$);
-- without social questions and with no judged share, the social points are all measured
UPDATE tender SET social_judged_share = 0 WHERE id = 'J1';
SELECT bid_id, social_points, total_points, status FROM evaluate('J1');

-- the BI views' one plan gives evaluate's numbers for every tender here
\i test/include/one_plan.sql
DELETE FROM tender WHERE id = 'J1';
DELETE FROM framework WHERE id = 'judge-m';
