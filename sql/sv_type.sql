-- svtoms.sv: constructor, accessors, text form, casts
SET search_path = public, svtoms;

-- one response: positive is a benefit, negative a harm, zero a zero response
SELECT sv(120.50) AS benefit, sv(-30) AS harm, sv(0) AS zero;
SELECT benefit(a), harm(a), net(a), responses(a), negatives(a), missing(a), excluded(a)
FROM (VALUES (sv(120.50)), (sv(-30.25)), (sv(0))) v(a);
SELECT sv(NULL) IS NULL AS null_in_null_out;

-- amounts keep 6 decimals, rounded half away from zero, like numeric's round()
SELECT x, benefit(sv(x)), harm(sv(x)), net(sv(x)) = round(x, 6) AS same_as_round
FROM (VALUES (1.0000005), (1.00000049), (-1.0000005), (-0.0000004),
             (0.1234565), (2.999999951), (0.00000050000)) v(x);

-- the display scale follows the amounts, as numeric's sum does
SELECT sv(10) + sv(0.5) AS one_decimal, sv(10.00) + sv(3) AS two_decimals,
       sv(1.123456789) AS capped_at_six;

-- 32 integral digits
SELECT sv(99999999999999999999999999999999.999999) AS largest,
       sv(-99999999999999999999999999999999.999999) AS largest_harm;

-- text input: keys in any order, commas allowed, case-insensitive, omitted keys are 0
SELECT 'benefit=120.50 harm=30.00 net=90.50 responses=4 negatives=1 missing=1 excluded=0'::sv;
SELECT '  responses=2, negatives=1, HARM=2.5, Benefit=7  '::sv;
SELECT 'missing=3'::sv, 'responses=0'::sv;
SELECT 'benefit=1 harm=3 net=-2 responses=2 negatives=1'::sv AS signed_net,
       'benefit=1 net=+1 responses=1'::sv AS plus_net;
SELECT 'benefit=0.1234565 responses=1'::sv AS input_rounds;

-- text output round-trips exactly, display scale included
SELECT a::text, a::text::sv = a AS equal, a::text::sv::text = a::text AS same_text
FROM (VALUES (sv(120.50)), (sv(-0.000001)), (sv(0)),
             ('benefit=5.5 harm=1.25 responses=9 negatives=2 missing=4 excluded=3'::sv),
             (sv(99999999999999999999999999999999.999999))) v(a);

-- casts: numeric is the net (explicit only), json and jsonb carry every component
SELECT sv(-30)::numeric AS net, ('benefit=10 harm=4 responses=3 negatives=1'::sv)::numeric AS net2;
SELECT ('benefit=120.50 harm=30.00 responses=4 negatives=1 missing=1'::sv)::jsonb;
SELECT ('benefit=120.50 harm=30.00 responses=4 negatives=1 missing=1'::sv)::json;
SELECT to_jsonb(t) FROM (SELECT 'b-1' AS bid, sv(12.5) AS value) t;
SELECT (sv(12.5)::jsonb ->> 'net')::numeric = 12.5 AS jsonb_net_is_numeric;
-- no implicit cast to numeric: an account is not silently a number
SELECT sv(1) + 1;

-- a column of accounts
CREATE TABLE accounts (id int, a sv);
INSERT INTO accounts VALUES (1, sv(3)), (2, 'benefit=1 harm=2 responses=2 negatives=1'), (3, NULL);
SELECT id, a, net(a) FROM accounts ORDER BY id;
SELECT pg_column_size(a) FROM accounts WHERE id = 1;
DROP TABLE accounts;

-- numeric reading, checked against round(x, 6) over 20,000 generated amounts:
-- 0 to 24 decimals, up to 31 integral digits, both signs
SELECT count(*) AS amounts,
       count(*) FILTER (WHERE net(sv(x)) <> round(x, 6)) AS wrong_net,
       count(*) FILTER (WHERE sv(x)::text::sv <> sv(x)) AS wrong_round_trip
FROM (SELECT ((g::numeric * 982451653 * 1000003) % (10::numeric ^ (g % 32)))
             * (10::numeric ^ (-(g % 25))) * (CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END) AS x
      FROM generate_series(1, 20000) g) v;
-- numeric's long header form (display scale above 63) and tiny values
SELECT net(sv(1.0000005000000000000000000000000000000000000000000000000000000000000001)) AS long_form,
       net(sv(0.00000049999999999999999999999999999999999999999999999999999999999999999)) AS tiny_down,
       net(sv(-0.000000500000000000000000000000000000000000000000000000000000000000000)) AS tiny_up,
       net(sv(0.000000000000000000000000000000000000000000001)) AS far_below;
-- benefit, harm and net as numerics are exactly the digits the account
-- shows (the same value and display scale), whether the amount fits in 64
-- bits of millionths or not: 20,000 generated amounts, 0 to 6 decimals,
-- up to 32 integral digits, both signs, and the edges of 64 bits
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE benefit(v)::text <> substring(v::text FROM 'benefit=([-0-9.]+)')
                           OR harm(v)::text <> substring(v::text FROM 'harm=([-0-9.]+)')
                           OR net(v)::text <> substring(v::text FROM 'net=([-0-9.]+)')) AS differing
FROM (SELECT sv(round(((g::numeric * 982451653 * 1000003) % (10::numeric ^ (g % 33)))
                      * (CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END), g % 7)
                / (10::numeric ^ (g % 7))) AS v
      FROM generate_series(1, 20000) g
      UNION ALL
      SELECT sv(x) FROM unnest(ARRAY[9223372036854.775807, 9223372036854.775808, -9223372036854.775808,
                                     -9223372036854.775809, 0.000001, -0.000001, 0.000000, 1.500,
                                     99999999999999999999999999999999.999999]) x) a;
