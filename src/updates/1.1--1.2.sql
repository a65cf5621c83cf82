\echo Use "ALTER EXTENSION svtoms UPDATE" to load this file. \quit

-- 1.2's own statements; the sources of what 1.2 adds or replaces follow
-- (UPDATE_SOURCES in the Makefile).

-- keep_framework gave way to one trigger function per table
DROP TRIGGER keep_framework ON svtoms.tender;
DROP TRIGGER keep_framework ON svtoms.bid;
DROP FUNCTION svtoms.keep_framework();
