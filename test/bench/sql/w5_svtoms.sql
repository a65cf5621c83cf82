-- W5, svtoms: the present value of every response.
SELECT response_id,
	   svtoms.sroi_value(quantity, proxy, deadweight, attribution, displacement,
						 dropoff, years, discount_rate) AS pv
FROM bench.valuation;
