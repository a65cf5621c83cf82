-- BI views: every column of every svtoms view has a type BI drivers read
-- (numeric, text, integer, boolean, date, jsonb)
SELECT c.relname AS view, count(*) AS columns,
	   string_agg(DISTINCT format_type(a.atttypid, a.atttypmod), ', ') AS types
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'svtoms'::regnamespace AND c.relkind = 'v'
GROUP BY c.relname ORDER BY 1;

-- none outside the list
SELECT c.relname AS view, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'svtoms'::regnamespace AND c.relkind = 'v'
  AND a.atttypid NOT IN ('numeric'::regtype, 'text'::regtype, 'integer'::regtype, 'boolean'::regtype,
						 'date'::regtype, 'jsonb'::regtype)
ORDER BY 1, 2;

-- the same through information_schema, as a BI tool's catalog browser sees it
SELECT DISTINCT data_type FROM information_schema.columns c
JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
WHERE c.table_schema = 'svtoms' ORDER BY 1;
