-- every object of the extension is documented with COMMENT ON
SELECT pg_describe_object(d.classid, d.objid, 0) AS undocumented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'svtoms')
  AND d.deptype = 'e'
  AND NOT EXISTS (SELECT 1 FROM pg_description c
                  WHERE c.classoid = d.classid AND c.objoid = d.objid AND c.objsubid = 0)
ORDER BY 1;

-- every column of every view has a description (BI tools show it)
SELECT c.oid::regclass AS view, a.attname AS undocumented_column
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'svtoms' AND c.relkind IN ('v', 'm')
  AND pg_catalog.col_description(c.oid, a.attnum) IS NULL
ORDER BY 1, a.attnum;

-- every function that only reads is marked parallel safe, but evaluate_or_explain
-- and robustness_or_explain: they catch errors, and a subtransaction cannot run
-- in a parallel worker
SELECT p.oid::regprocedure AS not_parallel_safe
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'svtoms' AND p.proparallel <> 's'
  AND p.provolatile <> 'v' AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
ORDER BY 1;

-- the functions that write are volatile and parallel unsafe
SELECT p.oid::regprocedure AS writes, p.provolatile, p.proparallel
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'svtoms' AND (p.provolatile = 'v' OR p.proparallel <> 's')
  AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
ORDER BY 1;

-- no function runs with its owner's rights
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'svtoms' AND p.prosecdef;

-- the functions that evaluate whole tenders never JIT-compile (with the
-- default jit = on, compiling a large plan costs seconds at every call)
SELECT p.oid::regprocedure AS never_jit, p.proconfig
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'svtoms' AND 'jit=off' = ANY (p.proconfig)
ORDER BY 1;
