-- Aggregate state sizes: the sv account is fixed length; a profile holds
-- one account per theme, however many rows it adds up.  Then the peak
-- memory of the hash table of each GROUP BY bid_id query (in kB).
SET max_parallel_workers_per_gather = 0;

CREATE FUNCTION pg_temp.hash_memory(query text) RETURNS text
	LANGUAGE plpgsql AS
$$
DECLARE
	plan jsonb;
BEGIN
	EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO plan;
	RETURN coalesce(jsonb_path_query_first(plan,
		'strict $.**?(@."Node Type" == "Aggregate" && @."Strategy" == "Hashed")."Peak Memory Usage"')::text
		|| 'kB', 'n/a');
END
$$;

SELECT (SELECT pg_column_size(svtoms.social_value(amount)) FROM bench.response WHERE bid_id = 0),
	   (SELECT pg_column_size(svtoms.social_value(amount)) FROM bench.response),
	   (SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM bench.response WHERE bid_id = 0),
	   (SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM bench.response),
	   (SELECT pg_column_size(svtoms.theme_profile(theme || (bid_id % 10), amount)) FROM bench.response),
	   pg_temp.hash_memory(:'floor'),
	   pg_temp.hash_memory(:'svtoms'),
	   pg_temp.hash_memory(:'profile');
