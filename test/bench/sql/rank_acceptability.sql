-- Rank acceptability: 1,000 draws of a 10-bid, 30-measure tender (target:
-- under a second).  Self-contained: builds the tender in a transaction,
-- times five calls, rolls back.  Run with psql -X -f in a database with
-- svtoms; each call's time is printed by \timing.
BEGIN;
SET LOCAL search_path = svtoms, pg_catalog;
INSERT INTO framework (id, name, valuation, currency) VALUES ('bench-ra', 'rank acceptability bench', 'monetary', 'GBP');
INSERT INTO theme (framework_id, code, name)
SELECT 'bench-ra', 'T' || t, 'theme ' || t FROM generate_series(1, 5) t;
INSERT INTO outcome (framework_id, code, theme_code, name)
SELECT 'bench-ra', 'O' || m, 'T' || (1 + m % 5), 'outcome ' || m FROM generate_series(1, 30) m;
-- every third measure shares an exclusive group with the next
INSERT INTO measure (framework_id, code, outcome_code, name, evidence, exclusive_group)
SELECT 'bench-ra', 'M' || m, 'O' || m, 'measure ' || m, 'robust',
	   CASE WHEN m % 3 = 0 THEN 'G' || m WHEN m % 3 = 1 AND m > 1 THEN 'G' || (m - 1) END
FROM generate_series(1, 30) m;
INSERT INTO value_set (id, framework_id, name, source, licence) VALUES ('bench-ra-v', 'bench-ra', 'v', 'bench', 'bench');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value, low_value, high_value, deadweight, years)
SELECT 'bench-ra-v', 'M' || m, 100 * m, 60 * m, 150 * m, 0.1, 1 + m % 3 FROM generate_series(1, 30) m;
INSERT INTO tender (id, framework_id, value_set_id, contract_value, price_weight, quality_weight, social_weight,
					balance_weight, harm_weight)
VALUES ('bench-ra', 'bench-ra', 'bench-ra-v', 1000000, 50, 20, 30, 0.2, 2);
INSERT INTO bid (id, tender_id, bidder, price, quality_points)
SELECT 'bench-ra-' || b, 'bench-ra', 'bidder ' || b, 900000 + 10000 * b, 10 + b FROM generate_series(1, 10) b;
-- quantities from -2 to 12, a harm on some
INSERT INTO response (bid_id, measure_code, quantity)
SELECT 'bench-ra-' || b, 'M' || m, ((b * 7 + m * 13) % 15) - 2 FROM generate_series(1, 10) b, generate_series(1, 30) m;
SELECT count(*) AS ranked_bids FROM evaluate('bench-ra') WHERE rank IS NOT NULL;
\timing on
SELECT count(*) AS rows, sum(share) AS shares FROM rank_acceptability('bench-ra', 1000);
SELECT count(*) AS rows, sum(share) AS shares FROM rank_acceptability('bench-ra', 1000);
SELECT count(*) AS rows, sum(share) AS shares FROM rank_acceptability('bench-ra', 1000);
SELECT count(*) AS rows, sum(share) AS shares FROM rank_acceptability('bench-ra', 1000);
SELECT count(*) AS rows, sum(share) AS shares FROM rank_acceptability('bench-ra', 1000);
-- the draws alone (100,000), to see what the gathering costs
SELECT count(*) AS rows FROM rank_acceptability('bench-ra', 100000);
\timing off
ROLLBACK;
