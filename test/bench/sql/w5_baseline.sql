-- W5, plain SQL: the same present value as one expression.  The sum over
-- the years is the closed form of the geometric series,
--   sum_{t=1..n} k^(t-1) / g^(t-1) = (g^n - k^n) / ((g - k) g^(n-1)),
-- with k = 1 - dropoff and g = 1 + discount_rate (n when both are 1).
-- numeric's power() keeps only about 16 significant digits unless its
-- base carries more decimals, so the factors are lifted to 40 decimals:
-- otherwise a few values in 10,000 come out different at the 6th.
SELECT response_id,
	   CASE WHEN discount_rate = 0 AND dropoff = 0 THEN
				quantity * proxy * (1 - deadweight) * (1 - attribution) * (1 - displacement) * years
			ELSE
				quantity * proxy * (1 - deadweight) * (1 - attribution) * (1 - displacement)
				* ((power(round(1 + discount_rate, 40), years) - power(round(1 - dropoff, 40), years))
				   / (discount_rate + dropoff))
				/ power(round(1 + discount_rate, 40), years - 1)
	   END AS pv
FROM bench.valuation;
