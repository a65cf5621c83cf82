-- svtoms.sv: every malformed input is rejected with its SQLSTATE, naming the text
SET search_path = public, svtoms;

\i test/include/try.sql

-- 22P02: malformed text
SELECT t AS input, pg_temp.try(format('SELECT %L::svtoms.sv', t)) AS error
FROM (VALUES
	(''),                                   -- empty
	('   '),                                -- only spaces
	('benefit'),                            -- no "="
	('benefit='),                           -- no value
	('benefit=abc'),                        -- not a number
	('benefit=-5 responses=1'),             -- negative benefit
	('harm=-5 responses=1 negatives=1'),    -- negative harm
	('profit=5'),                           -- unknown key
	('benefit=1 benefit=2 responses=2'),    -- duplicate key
	('responses=1.5'),                      -- fractional count
	('responses=-1'),                       -- negative count
	('benefit=1.2.3 responses=1'),          -- two decimal points
	('benefit=1e3 responses=1'),            -- exponent
	('benefit=5 responses=1 ;'),            -- junk at the end
	('benefit=5responses=1'),               -- no separator
	('benefit=5 responses=1,'),             -- trailing comma
	('=5'),                                 -- no key
	('benefit=10 harm=4 net=5 responses=2 negatives=1'),  -- net inconsistent
	('benefit=NaN responses=1'),            -- NaN
	('benefit=Infinity responses=1'),       -- infinity
	('negatives=2 responses=1'),            -- more negatives than responses
	('harm=5 responses=1'),                 -- a harm without a negative
	('benefit=5'),                          -- a benefit without a response
	('benefit=5 responses=1 negatives=1'),  -- a benefit with only a negative response
	('(benefit=5, responses=1)'),           -- parentheses
	('benefit=５ responses=1')              -- a non-ASCII digit
) v(t);

-- 22003: out of range
SELECT t AS input, pg_temp.try(format('SELECT %L::svtoms.sv', t)) AS error
FROM (VALUES
	('benefit=100000000000000000000000000000000 responses=1'),
	('benefit=99999999999999999999999999999999.9999995 responses=1'),
	('harm=123456789012345678901234567890123456789 responses=1 negatives=1'),
	('responses=9223372036854775808'),
	('net=-100000000000000000000000000000000')
) v(t);

-- the constructor: NaN 22023, infinity and overflow 22003
SELECT pg_temp.try('SELECT svtoms.sv(''NaN''::numeric)');
SELECT pg_temp.try('SELECT svtoms.sv(''-Infinity''::numeric)');
SELECT pg_temp.try('SELECT svtoms.sv(100000000000000000000000000000000)');
SELECT pg_temp.try('SELECT svtoms.sv(-99999999999999999999999999999999.9999995)');

-- sums that leave the range: 22003
SELECT pg_temp.try('SELECT svtoms.sv(99999999999999999999999999999999) + svtoms.sv(1)');
SELECT pg_temp.try('SELECT svtoms.social_value(x) FROM (VALUES (-99999999999999999999999999999999), (-1)) v(x)');
SELECT pg_temp.try('SELECT svtoms.sv(50000000000000000000000000000000) * 2');

-- scaling by a negative, NaN or infinite factor: 22023
SELECT pg_temp.try('SELECT svtoms.sv(10) * -1');
SELECT pg_temp.try('SELECT -0.5 * svtoms.sv(10)');
SELECT pg_temp.try('SELECT svtoms.sv(10) * ''NaN''::numeric');
SELECT pg_temp.try('SELECT svtoms.sv(10) * ''Infinity''::numeric');

-- aggregates name the bad amount too
SELECT pg_temp.try('SELECT svtoms.social_value(x) FROM (VALUES (1::numeric), (''NaN'')) v(x)');

-- counts that overflow: 22003
SELECT pg_temp.try('SELECT ''responses=9223372036854775807''::svtoms.sv + svtoms.sv(1)');
SELECT pg_temp.try('SELECT svtoms.sum(v) FROM (VALUES (''missing=9223372036854775807''::svtoms.sv), (''missing=1'')) t(v)');
