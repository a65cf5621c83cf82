-- make demo: what svtoms is for, in one screen.
-- A council tenders a contract with four social value outcomes in scope.
-- Three bidders answer; one of them also reports a harm, one leaves an
-- outcome unanswered.  The amounts are illustrative £ values.
\set ON_ERROR_STOP 1
\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS svtoms;
SET search_path = demo, svtoms, public;
CREATE SCHEMA demo;

CREATE TABLE demo.outcome (code text PRIMARY KEY, theme text, name text);
INSERT INTO demo.outcome VALUES
	('local-jobs',   'Jobs',        'More local people in work'),
	('local-spend',  'Growth',      'More spend with local suppliers'),
	('carbon',       'Environment', 'Lower carbon emissions'),
	('participation','Social',      'More people in economic decisions');

CREATE TABLE demo.bid (bidder text PRIMARY KEY, price numeric);
INSERT INTO demo.bid VALUES
	('Greenway Logistics Ltd', 980000),
	('Oxford Community Co-op', 1000000),
	('Budget Services plc',     940000);

-- signed amounts: negative = harm
CREATE TABLE demo.response (bidder text, outcome text, amount numeric);
INSERT INTO demo.response VALUES
	('Greenway Logistics Ltd', 'local-jobs',     210000.00),
	('Greenway Logistics Ltd', 'local-spend',    150000.00),
	('Greenway Logistics Ltd', 'carbon',        -190000.00),
	('Greenway Logistics Ltd', 'participation',    5000.00),
	('Oxford Community Co-op', 'local-jobs',     120000.00),
	('Oxford Community Co-op', 'local-spend',     95000.50),
	('Oxford Community Co-op', 'carbon',          12000.00),
	('Oxford Community Co-op', 'participation',   40000.00),
	('Budget Services plc',    'local-jobs',      90000.00),
	('Budget Services plc',    'local-spend',     60000.00),
	('Budget Services plc',    'participation',       0.00);

\echo
\echo == Each bid: its social value account: every in-scope outcome must be answered
\echo == (a LEFT JOIN from the outcomes makes an unanswered one a NULL, counted as missing)
SELECT b.bidder,
       benefit(v), harm(v), net(v), responses(v) AS responses,
       negatives(v) AS negatives, missing(v) AS missing
FROM demo.bid b
CROSS JOIN LATERAL (
	SELECT social_value(r.amount) AS v
	FROM demo.outcome o
	LEFT JOIN demo.response r ON r.outcome = o.code AND r.bidder = b.bidder
) a
ORDER BY net(v) DESC;

\echo
\echo == Classic TOMs counts only the positives: the polluter comes first
SELECT bidder, sum(greatest(amount, 0)) AS classic_toms_value,
       rank() OVER (ORDER BY sum(greatest(amount, 0)) DESC) AS classic_rank
FROM demo.response GROUP BY bidder ORDER BY classic_rank;

\echo
\echo == svtoms counts the harm: the ranking by net changes
SELECT bidder, net(social_value(amount)) AS net,
       rank() OVER (ORDER BY social_value(amount) DESC) AS svtoms_rank
FROM demo.response GROUP BY bidder ORDER BY svtoms_rank;

\echo
\echo == Points on a 100-point scale: price 40 (lowest price / price), social value 20 (net / best net)
WITH account AS (
	SELECT b.bidder, b.price, social_value(r.amount) AS v
	FROM demo.bid b
	CROSS JOIN demo.outcome o
	LEFT JOIN demo.response r ON r.outcome = o.code AND r.bidder = b.bidder
	GROUP BY b.bidder, b.price
)
SELECT bidder, price,
       round(price_score(price, min(price) OVER (), 40), 2) AS price_points,
       round(relative_score(net(v), max(net(v)) OVER (), 20), 2) AS social_points,
       CASE WHEN missing(v) > 0 THEN 'incomplete' ELSE '' END AS status
FROM account ORDER BY bidder;

\echo
\echo == Valuing a commitment: 12 apprenticeship years at an illustrative £8,000 proxy,
\echo == 20 % deadweight, 10 % attribution, over 3 years with 15 % drop-off at 3.5 %
SELECT round(sroi_value(12, 8000, deadweight => 0.2, attribution => 0.1,
                        dropoff => 0.15, years => 3, discount_rate => 0.035), 2) AS present_value;

\echo
\echo == The evidence rule of the seed framework, on three of its benefits
SELECT benefit, classify_evidence(proven, easily, causal) AS evidence
FROM (VALUES ('Profits shared equally', 'Y', 'Y', 'Y'),
             ('Better mental health of workers', 'Y', 'N', 'Y'),
             ('Generates creativity', '?', 'N', '?')) v(benefit, proven, easily, causal);
