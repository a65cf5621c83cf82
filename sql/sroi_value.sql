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
