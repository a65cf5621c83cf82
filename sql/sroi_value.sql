-- svtoms.sroi_value: SROI present value
SET search_path = public, svtoms;

\i test/include/try.sql

-- 50 x 8000 x (1 - 0.2) x (1 - 0.1) = 288000
SELECT sroi_value(50, 8000, deadweight => 0.2, attribution => 0.1);
-- one year, no factors: quantity x proxy
SELECT sroi_value(10, 100) AS plain, sroi_value(-10, 100) AS harm, sroi_value(0, 100) AS zero,
       sroi_value(2.5, 14.40) AS decimals;
-- 1000 x 0.9 x 0.8 x 0.5 = 360
SELECT sroi_value(10, 100, deadweight => 0.1, attribution => 0.2, displacement => 0.5);
-- full deadweight leaves nothing
SELECT sroi_value(10, 100, deadweight => 1);
-- 3 years, 10 % drop-off, no discount: 1000 + 900 + 810 = 2710
SELECT sroi_value(10, 100, dropoff => 0.1, years => 3);
-- 3 years at the Green Book 3.5 %: 1000 x (1 + 1/1.035 + 1/1.035^2)
--   = 1000 x 3.106225 / 1.071225 = 2899.694275245630...
SELECT sroi_value(10, 100, years => 3, discount_rate => 0.035),
       round(sroi_value(10, 100, years => 3, discount_rate => 0.035), 2) AS pounds;
-- 2 years, 20 % drop-off and 3.5 %: 1000 + 800 / 1.035 = 1772.946859903382...
SELECT round(sroi_value(10, 100, dropoff => 0.2, years => 2, discount_rate => 0.035), 9);
-- the first year is never discounted
SELECT sroi_value(10, 100, years => 1, discount_rate => 0.5);
-- linear in quantity: a harm mirrors the benefit
SELECT sroi_value(-7, 100, 0.1, 0.1, 0.1, 0.1, 5, 0.035) = -sroi_value(7, 100, 0.1, 0.1, 0.1, 0.1, 5, 0.035)
	AS symmetric;
-- the longest period and huge values stay exact
SELECT round(sroi_value(1, 1, years => 100, discount_rate => 0.035), 6) AS annuity_100y;
SELECT sroi_value(100000000000000000000, 10000000000) AS huge;
-- NULL in, NULL out
SELECT sroi_value(NULL, 100) IS NULL AS null_quantity, sroi_value(1, 100, years => NULL) IS NULL AS null_years;

-- errors: factors outside [0, 1], years outside 1..100, non-finite numbers (22023)
SELECT q, pg_temp.try('SELECT svtoms.sroi_value(' || q || ')') AS error
FROM (VALUES
	('10, 100, deadweight => 1.2'),
	('10, 100, deadweight => -0.1'),
	('10, 100, attribution => 2'),
	('10, 100, displacement => -1'),
	('10, 100, dropoff => 1.5'),
	('10, 100, discount_rate => -0.01'),
	('10, 100, discount_rate => 3.5'),
	('10, 100, years => 0'),
	('10, 100, years => -3'),
	('10, 100, years => 101'),
	('''NaN'', 100'),
	('10, ''Infinity''')
) v(q);

-- published worked examples
-- 50 job placements x £8,000, 20 % deadweight, 10 % attribution: multiplicative 288,000
-- (a calculator that subtracts the percentages instead gets 280,000)
SELECT sroi_value(50, 8000, 0.2, 0.1) AS multiplicative, 50 * 8000 * (1 - (0.2 + 0.1)) AS additive;
-- a 2-hour session x 8 attendees = 16 volunteering hours at £16.93 an hour
SELECT sroi_value(2 * 8, 16.93) AS volunteering;
-- £1,500 careers fair attributed across three contracts: two thirds belong to the others
SELECT round(sroi_value(1, 1500, attribution => 2/3::numeric), 2) AS this_contract;

-- The fixed-point path.  Usual inputs are valued in exact integers; the
-- results must be those of the numeric path, digit for digit and to the
-- display scale.  pg_temp.sroi_numeric is the numeric path replayed step
-- by step with numeric's own operators: the same exact products and sums,
-- the same single division at the scale numeric chooses, the same trim.
CREATE FUNCTION pg_temp.sroi_numeric(q numeric, p numeric, dw numeric, att numeric, disp numeric,
									 drop numeric, years integer, rate numeric)
	RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	base numeric := q * p;
	numerator numeric := 1;
	denominator numeric := 1;
BEGIN
	IF dw <> 0 THEN base := base * (1 - dw); END IF;
	IF att <> 0 THEN base := base * (1 - att); END IF;
	IF disp <> 0 THEN base := base * (1 - disp); END IF;
	IF years = 1 THEN RETURN trim_scale(base); END IF;
	IF drop = 0 AND rate = 0 THEN RETURN trim_scale(base * years); END IF;
	FOR t IN 1 .. years - 1 LOOP
		numerator := numerator * (1 - drop) + denominator * (1 + rate);
		denominator := denominator * (1 + rate);
	END LOOP;
	IF denominator = 1 THEN RETURN trim_scale(base * numerator); END IF;
	RETURN trim_scale(base * numerator / denominator);
END $$;

-- ties: the exact quotient ends in a 5 just past numeric's scale, and is
-- rounded away from zero (1.024 = 2^10 / 1000 divides into a finite decimal)
SELECT sroi_value(1, 3.5, 0.25, years => 3, discount_rate => 0.024) AS tie,
       sroi_value(-1, 3.5, 0.25, years => 3, discount_rate => 0.024) AS negative_tie,
       sroi_value(1, 0.01, 0.5, dropoff => 0.25, years => 3, discount_rate => 0.024) AS small_tie,
       pg_temp.sroi_numeric(1, 3.5, 0.25, 0, 0, 0, 3, 0.024) AS numeric_path;
-- the display scale: numeric divides at no fewer decimals than its
-- operands carry, so trailing zeros in the inputs give more digits of the
-- same value, in both paths
SELECT fixed, fixed::text = numeric_path::text AS same
FROM (VALUES (sroi_value(123.4, 30000.25, 0.12, 0.05, 0.1, 0.15, 10, 0.035),
              pg_temp.sroi_numeric(123.4, 30000.25, 0.12, 0.05, 0.1, 0.15, 10, 0.035)),
             (sroi_value(123.40, 30000.250, 0.120, 0.0500, 0.10, 0.150, 10, 0.0350),
              pg_temp.sroi_numeric(123.40, 30000.250, 0.120, 0.0500, 0.10, 0.150, 10, 0.0350))) s(fixed, numeric_path);
-- 50 years of a Green Book valuation with drop-off, every digit
SELECT sroi_value(123.4, 30000.25, 0.12, 0.05, 0.1, 0.15, 50, 0.035) AS fifty_years,
       sroi_value(123.4, 30000.25, 0.12, 0.05, 0.1, 0.15, 50, 0.035)
       = pg_temp.sroi_numeric(123.4, 30000.25, 0.12, 0.05, 0.1, 0.15, 50, 0.035) AS same;

-- a grid of generated inputs, both ways, compared as text (every digit and
-- the display scale): 0, negatives, huge and tiny values, many decimals,
-- factors of 0 and 1, trailing zeros, 1 to 100 years, rates from 0 to 1.
-- About 3 rows in 4 take the fixed-point path; the others (mantissas of
-- more than 16 digits, factors with more than 9 decimals, numbers beyond
-- its capacity) take the numeric path in C.
CREATE TEMP TABLE sroi_grid AS
WITH v AS (
	SELECT '{0,1,-1,7,-7,2.5,123.4,-0.5,500,14.40,16.93,30000.25,0.000001,1234567.891,99999999999.99,-4096.0001,100000000000000000000,-123456789012345678.9,0.1234567890123,3.00,9999.9999,-250.75}'::numeric[] AS qs,
		   '{0,1,100,8000,16.93,14.40,0.01,1500,30000.25,-12.5,0.333,123456.789,5e15,1234567890123.45,0.000000001,2.000,99.99}'::numeric[] AS ps,
		   '{0,0,0,0.2,0.1,0.05,0.12,0.5,1,0.99,0.125,0.3333,0.0001,0.123456789,0.1234567891,0.6666666666666667,0.10,0.000,0.25,0.01}'::numeric[] AS fs,
		   '{0,0,0.1,0.15,0.2,0.05,0.25,0.5,1,0.99,0.125,0.0001,0.123456789,0.1234567891,0.00,0.3,0.07,0.30}'::numeric[] AS ds,
		   '{1,1,2,2,3,4,5,6,7,8,9,10,10,12,15,20,25,30,40,50,50,60,75,99,100}'::integer[] AS ys,
		   '{0,0,0.035,0.035,0.035,0.03,0.1,0.5,1,0.0001,0.035000,0.25,0.024,0.123456789,0.1234567891,0.000,0.05,0.02,0.07,0.015}'::numeric[] AS rs
)
SELECT i,
	   qs[1 + (hashint8extended(i, 1) & 1023) % cardinality(qs)] AS q,
	   ps[1 + (hashint8extended(i, 2) & 1023) % cardinality(ps)] AS p,
	   fs[1 + (hashint8extended(i, 3) & 1023) % cardinality(fs)] AS dw,
	   fs[1 + (hashint8extended(i, 4) & 1023) % cardinality(fs)] AS att,
	   fs[1 + (hashint8extended(i, 5) & 1023) % cardinality(fs)] AS disp,
	   ds[1 + (hashint8extended(i, 6) & 1023) % cardinality(ds)] AS drop,
	   ys[1 + (hashint8extended(i, 7) & 1023) % cardinality(ys)] AS years,
	   rs[1 + (hashint8extended(i, 8) & 1023) % cardinality(rs)] AS rate
FROM v, generate_series(1, 6000) AS i;
-- plus the usual inputs, as the benchmark draws them: 2-decimal factors and
-- proxies, quantities with at most 1 decimal, 1 to 10 years, 0 or 3.5 %
INSERT INTO sroi_grid
SELECT i,
	   CASE WHEN i % 13 = 0 THEN -1 ELSE 1 END * round((1 + (hashint8extended(i, 11) & 4095) % 5000) / 10.0, 1),
	   round((25 + (hashint8extended(i, 12) & 4194303) % 3000000) / 100.0, 2),
	   round(((hashint8extended(i, 13) & 1023) % 51) / 100.0, 2),
	   round(((hashint8extended(i, 14) & 1023) % 31) / 100.0, 2),
	   round(((hashint8extended(i, 15) & 1023) % 26) / 100.0, 2),
	   CASE WHEN i % 4 = 0 THEN 0 ELSE round(((hashint8extended(i, 16) & 1023) % 31) / 100.0, 2) END,
	   1 + (hashint8extended(i, 17) & 1023) % 10,
	   CASE WHEN i % 5 = 0 THEN 0 ELSE 0.035 END
FROM generate_series(6001, 10000) AS i;
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE years >= 50) AS fifty_years_or_more,
	   count(*) FILTER (WHERE q < 0 OR p < 0) AS negative,
	   count(*) FILTER (WHERE greatest(scale(dw), scale(att), scale(disp), scale(drop), scale(rate)) > 9)
		   AS factor_over_9_decimals,
	   count(*) FILTER (WHERE abs(q) >= 1e17 OR abs(p) >= 1e12) AS huge,
	   count(*) FILTER (WHERE sroi_value(q, p, dw, att, disp, drop, years, rate)::text
						IS DISTINCT FROM pg_temp.sroi_numeric(q, p, dw, att, disp, drop, years, rate)::text)
		   AS differing
FROM sroi_grid;
-- any that differ (none)
SELECT i, q, p, dw, att, disp, drop, years, rate,
	   sroi_value(q, p, dw, att, disp, drop, years, rate) AS fixed,
	   pg_temp.sroi_numeric(q, p, dw, att, disp, drop, years, rate) AS numeric_path
FROM sroi_grid
WHERE sroi_value(q, p, dw, att, disp, drop, years, rate)::text
	  IS DISTINCT FROM pg_temp.sroi_numeric(q, p, dw, att, disp, drop, years, rate)::text
ORDER BY i LIMIT 5;

-- Green Book schedules (discount_schedule): year t is discounted by
-- 1 / ((1 + r(1)) ... (1 + r(t-1))), r declining by bands of years.
-- pg_temp.sroi_schedule_numeric replays the numeric path with numeric's
-- operators: N(t+1) = N(t) g_t + k^t and D(t+1) = D(t) g_t from 1, with
-- g_t written at the schedule's scale (1.035, 1.030; 1.0150, 1.0129), one
-- division, trim.  Every grid row above is valued with one of the two
-- schedules, both ways, and compared as text.
CREATE FUNCTION pg_temp.schedule_grow(schedule text, year integer) RETURNS numeric
	LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT CASE WHEN schedule = 'green_book' THEN
				(ARRAY[1.035, 1.030, 1.025, 1.020, 1.015, 1.010])[b]
			ELSE (ARRAY[1.0150, 1.0129, 1.0107, 1.0086, 1.0064, 1.0043])[b] END
	FROM (SELECT CASE WHEN year <= 30 THEN 1 WHEN year <= 75 THEN 2 WHEN year <= 125 THEN 3
					  WHEN year <= 200 THEN 4 WHEN year <= 300 THEN 5 ELSE 6 END AS b) x
$$;
CREATE FUNCTION pg_temp.sroi_schedule_numeric(q numeric, p numeric, dw numeric, att numeric, disp numeric,
											  drop numeric, years integer, schedule text)
	RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	base numeric := q * p;
	numerator numeric := 1;
	denominator numeric := 1;
	kpow numeric := 1;
	g numeric;
BEGIN
	IF dw <> 0 THEN base := base * (1 - dw); END IF;
	IF att <> 0 THEN base := base * (1 - att); END IF;
	IF disp <> 0 THEN base := base * (1 - disp); END IF;
	IF years = 1 THEN RETURN trim_scale(base); END IF;
	FOR t IN 1 .. years - 1 LOOP
		g := pg_temp.schedule_grow(schedule, t);
		kpow := kpow * (1 - drop);
		numerator := numerator * g + kpow;
		denominator := denominator * g;
	END LOOP;
	RETURN trim_scale(base * numerator / denominator);
END $$;
-- the scales of the rates are what the display scale follows from
SELECT pg_temp.schedule_grow('green_book', 31)::text AS gb_31, pg_temp.schedule_grow('green_book_health', 1)::text AS h_1;
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE years >= 50) AS fifty_years_or_more,
	   count(*) FILTER (WHERE years > 31) AS past_the_first_band,
	   count(*) FILTER (WHERE sroi_value(q, p, dw, att, disp, drop, years, 0, s)::text
						IS DISTINCT FROM pg_temp.sroi_schedule_numeric(q, p, dw, att, disp, drop, years, s)::text)
		   AS differing
FROM (SELECT g.*, CASE WHEN i % 2 = 0 THEN 'green_book' ELSE 'green_book_health' END AS s FROM sroi_grid g) x;
-- any that differ (none)
SELECT i, q, p, dw, att, disp, drop, years, s,
	   sroi_value(q, p, dw, att, disp, drop, years, 0, s) AS fixed,
	   pg_temp.sroi_schedule_numeric(q, p, dw, att, disp, drop, years, s) AS numeric_path
FROM (SELECT g.*, CASE WHEN i % 2 = 0 THEN 'green_book' ELSE 'green_book_health' END AS s FROM sroi_grid g) x
WHERE sroi_value(q, p, dw, att, disp, drop, years, 0, s)::text
	  IS DISTINCT FROM pg_temp.sroi_schedule_numeric(q, p, dw, att, disp, drop, years, s)::text
ORDER BY i LIMIT 5;
-- 'flat' is the eight-argument rule, whatever the rate
SELECT count(*) FILTER (WHERE sroi_value(q, p, dw, att, disp, drop, years, rate, 'flat')::text
						IS DISTINCT FROM sroi_value(q, p, dw, att, disp, drop, years, rate)::text) AS flat_differing
FROM sroi_grid;
