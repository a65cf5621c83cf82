-- scoring functions: price_score, relative_score, target_score, minmax_score
SET search_path = public, svtoms;

\i test/include/try.sql

-- price_score = max_points x lowest / price
-- prices 100, 105, 108 with 40 points: 40, 38.10, 37.04
SELECT price, price_score(price, 100, 40), round(price_score(price, 100, 40), 2) AS rounded
FROM (VALUES (100), (105), (108)) v(price);
SELECT price_score(105, 100, 40) = 4000 / 105::numeric AS exact;
-- a £5m contract weighted 30 for price: £4.8m scores 30, £5.3m scores 27.17
SELECT round(price_score(4800000, 4800000, 30), 2) AS winner, round(price_score(5300000, 4800000, 30), 2) AS competitor;
SELECT price_score(100, 100, 0) AS no_weight,
       price_score(1000000000000000000000000000000, 100000000000000000000000000000, 100) AS huge,
       price_score(0.03, 0.01, 10) AS pennies;
SELECT price_score(NULL, 100, 40) IS NULL AS strict;
-- errors (22023): zero or negative prices, lowest above price, negative points
SELECT q, pg_temp.try('SELECT svtoms.price_score(' || q || ')') AS error
FROM (VALUES ('0, 100, 40'), ('-5, 100, 40'), ('100, 0, 40'), ('100, -1, 40'),
             ('100, 105, 40'), ('100, 100, -1'), ('''NaN'', 100, 40')) v(q);

-- relative_score = max_points x value / best; 0 when value or best is not positive
SELECT relative_score(50, 100, 10) AS half, relative_score(100, 100, 10) AS best,
       relative_score(1, 3, 10) AS third, relative_score(0, 100, 10) AS zero,
       relative_score(-20, 100, 10) AS harm, relative_score(-5, -1, 10) AS all_negative,
       relative_score(0, 0, 10) AS nothing, relative_score(0.000001, 1000000000000, 10) AS tiny;
SELECT q, pg_temp.try('SELECT svtoms.relative_score(' || q || ')') AS error
FROM (VALUES ('150, 100, 10'), ('1, 0, 10'), ('50, 100, -10'), ('''Infinity'', 100, 10')) v(q);

-- target_score = max_points x min(max(value, 0) / target, 1)
SELECT target_score(50, 100, 10) AS half, target_score(100, 100, 10) AS met,
       target_score(150, 100, 10) AS capped, target_score(0, 100, 10) AS zero,
       target_score(-5, 100, 10) AS harm, target_score(1, 3, 10) AS third;
SELECT q, pg_temp.try('SELECT svtoms.target_score(' || q || ')') AS error
FROM (VALUES ('50, 0, 10'), ('50, -100, 10'), ('50, 100, -1')) v(q);

-- minmax_score = max_points x (value - worst) / (best - worst); best = worst gives max_points
SELECT minmax_score(5, 0, 10, 20) AS middle, minmax_score(0, 0, 10, 20) AS worst,
       minmax_score(10, 0, 10, 20) AS best, minmax_score(3, 3, 3, 20) AS flat;
-- worst above best: a lower-is-better scale, (4 - 10) / (0 - 10) = 0.6
SELECT minmax_score(4, 10, 0, 20) AS lower_better, minmax_score(-2.5, 0, -10, 8) AS negative_scale;
SELECT q, pg_temp.try('SELECT svtoms.minmax_score(' || q || ')') AS error
FROM (VALUES ('11, 0, 10, 20'), ('-1, 0, 10, 20'), ('2, 3, 3, 20'), ('11, 10, 0, 20'),
             ('5, 0, 10, -20')) v(q);

-- published worked examples
-- debrief: price weight 60; the lowest price C gives B at £30M 40 points, so C = £20M,
-- and A's 50 points mean A bid £24M
SELECT price_score(30000000, 20000000, 60) AS b_points, price_score(24000000, 20000000, 60) AS a_points;
-- a winner re-bidding at £5.33m against £5.3m still scores 29.83 of 30
SELECT round(price_score(5330000, 5300000, 30), 2) AS rebid_points;
