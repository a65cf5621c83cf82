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

-- A real tender under the bundled toms-sample framework and its illustrative
-- value set (not the licensed National TOMs values).  The same bidders now
-- answer the framework's measures in their own units; svtoms values each
-- answer, requires every in-scope outcome, and ranks the bids.
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
                           price_weight, quality_weight, social_weight)
VALUES ('DEMO-2026-001', 'toms-sample', 'toms-sample-illustrative',
        'Fleet and depot services', 1000000, 40, 40, 20);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES
	('DEMO-2026-001', 'JOBS-1'), ('DEMO-2026-001', 'GROWTH-1'),
	('DEMO-2026-001', 'ENV-1'), ('DEMO-2026-001', 'SOCIAL-1');
INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points) VALUES
	('DEMO-GREENWAY', 'DEMO-2026-001', 'Greenway Logistics Ltd',  980000, 30),
	('DEMO-COOP',     'DEMO-2026-001', 'Oxford Community Co-op', 1000000, 32),
	('DEMO-BUDGET',   'DEMO-2026-001', 'Budget Services plc',     940000, 28);
-- quantities in each measure's unit; negative = harm (ENV1: tonnes CO2e saved)
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('DEMO-GREENWAY', 'JOB1',     20),   -- local FTE-years
	('DEMO-GREENWAY', 'GRO1', 400000),   -- £ with local suppliers
	('DEMO-GREENWAY', 'ENV1',   -800),   -- diesel fleet: 800 t CO2e added
	('DEMO-GREENWAY', 'SOC1',    300),   -- volunteering hours
	('DEMO-COOP',     'JOB1',     12),
	('DEMO-COOP',     'GRO1', 250000),
	('DEMO-COOP',     'ENV1',     50),
	('DEMO-COOP',     'SOC2',    400),   -- expert hours for community groups
	('DEMO-BUDGET',   'JOB1',     10),
	('DEMO-BUDGET',   'GRO2', 160000),
	('DEMO-BUDGET',   'SOC1',    100);   -- no answer on carbon

\echo
\echo == A real tender under the bundled toms-sample framework (illustrative values):
\echo == each answer valued by svtoms.response_values
SELECT b.bidder, rv.measure_code AS measure, rv.quantity, rv.amount AS value, rv.theme_code AS theme
FROM svtoms.response_values('DEMO-2026-001') rv
JOIN svtoms.bid b ON b.id = rv.bid_id
ORDER BY b.bidder, rv.measure_code;

\echo
\echo == svtoms.evaluate: harm counted, every outcome in scope required
\echo == (weights: price 40, quality 40, social value 20)
SELECT bidder, net, round(social_points, 2) AS social, round(price_points, 2) AS price,
       quality_points AS quality, round(total_points, 2) AS total, rank,
       array_to_string(status, ', ') AS status
FROM svtoms.evaluate('DEMO-2026-001');

\echo
\echo == Beside it, classic TOMs on the same tender: harm floored to zero
WITH classic AS (
	SELECT rv.bid_id, sum(greatest(rv.amount, 0)) FILTER (WHERE rv.counted) AS classic_value
	FROM svtoms.response_values('DEMO-2026-001') rv GROUP BY rv.bid_id
), scored AS (
	SELECT e.bidder, c.classic_value, e.net, e.rank, e.total_points,
	       e.price_points + e.quality_points
	       + relative_score(c.classic_value, max(c.classic_value) OVER (), 20) AS classic_total
	FROM classic c JOIN svtoms.evaluate('DEMO-2026-001') e USING (bid_id)
)
SELECT bidder, classic_value AS classic_toms_value, round(classic_total, 2) AS classic_total,
       rank() OVER (ORDER BY classic_total DESC) AS classic_rank,
       net AS svtoms_net, round(total_points, 2) AS svtoms_total, rank AS svtoms_rank
FROM scored ORDER BY classic_rank;

\echo
\echo == Each bid by theme: svtoms.themes(profile)
SELECT e.bidder, th.theme, benefit(th.value), harm(th.value), net(th.value),
       missing(th.value) AS missing
FROM svtoms.evaluate('DEMO-2026-001') e
CROSS JOIN LATERAL svtoms.themes(e.profile) th
ORDER BY e.bidder, th.theme;

\echo
\echo == After the award: the Co-op delivers, quarter by quarter
CALL svtoms.award('DEMO-2026-001');
SELECT svtoms.report_delivery('DEMO-COOP', 'JOB1', '2026-04-01', '2026-06-30', 5, 'payroll Q1') IS NOT NULL AS q1_jobs,
       svtoms.report_delivery('DEMO-COOP', 'JOB1', '2026-07-01', '2026-09-30', 4, 'payroll Q2') IS NOT NULL AS q2_jobs,
       svtoms.report_delivery('DEMO-COOP', 'GRO1', '2026-04-01', '2026-09-30', 120000, 'invoices') IS NOT NULL AS spend,
       svtoms.report_delivery('DEMO-COOP', 'ENV1', '2026-04-01', '2026-09-30', -6, NULL,
                              'generator hire during a power cut') IS NOT NULL AS a_harm,
       svtoms.report_delivery('DEMO-COOP', 'SOC2', '2026-04-01', '2026-09-30', 150) IS NOT NULL AS expert_hours
\gset
-- the council checks the evidence: payroll and invoices verified, the harm
-- verified too, the unevidenced expert hours rejected
SELECT count(svtoms.set_delivery_status(d.id, 'verified', NULL, 'checked')) AS verified
FROM svtoms.delivery d WHERE d.bid_id = 'DEMO-COOP' AND d.measure_code IN ('JOB1', 'GRO1')
\gset
SELECT count(svtoms.set_delivery_status(d.id, 'evidenced', 'incident report'))
     + count(svtoms.set_delivery_status(d.id, 'verified')) AS harm_verified
FROM svtoms.delivery d WHERE d.bid_id = 'DEMO-COOP' AND d.measure_code = 'ENV1'
\gset
SELECT count(svtoms.set_delivery_status(d.id, 'rejected', NULL, 'no timesheets')) AS rejected
FROM svtoms.delivery d WHERE d.bid_id = 'DEMO-COOP' AND d.measure_code = 'SOC2'
\gset

\echo
\echo == Delivery report by measure: committed against verified, valued as at the award
SELECT measure_code AS measure, theme_code AS theme, committed_quantity, verified_quantity,
       committed_value, verified_value, round(delivery_rate, 3) AS rate
FROM svtoms.delivery_by_measure WHERE bid_id = 'DEMO-COOP' ORDER BY theme_code, measure_code;

\echo
\echo == The contract six months in: Procurement Act 2023 performance rating
SELECT bidder, committed_net, verified_benefit, verified_harm, verified_net,
       round(delivery_rate, 3) AS delivery_rate, rating
FROM svtoms.delivery_by_contract;

\echo
\echo == The evaluation report: the ranking, a theme chart per bid, harms and flags,
\echo == the value set and its licence, in one self-contained HTML file
\echo == (svtoms.report_html; the last line of make demo says where)
-- psql -v report=FILE names the file; without it, svtoms-report.html here
\if :{?report}
\else
\set report svtoms-report.html
\endif
\pset format unaligned
\pset tuples_only on
\o :report
SELECT svtoms.report_html('DEMO-2026-001');
\o
\pset tuples_only off
\pset format aligned
