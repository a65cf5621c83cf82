-- value sets from CSV: as text or through \copy; all or nothing, every bad line named
SET search_path = public, svtoms;

\i test/include/try.sql

-- csv_rows: RFC 4180 fields, quotes, doubled quotes, CRLF, line breaks inside quotes, empty lines
SELECT * FROM csv_rows(E'a,b,c\n1,"two, too",3\r\n\n"say ""hi""",,\n"multi\nline",x,""');
SELECT * FROM csv_rows('');
SELECT * FROM csv_rows(E'only\n');
SELECT pg_temp.try($$SELECT * FROM svtoms.csv_rows(E'a,b\n"open,b\nc,d')$$);
SELECT pg_temp.try($$SELECT * FROM svtoms.csv_rows(E'a,b\n"x"y,b')$$);

-- a good CSV, as text: columns in any order, empty factors take their defaults
SELECT import_value_set('sample-2026-q1', 'toms-sample', 'Quarter 1 values', '2026-01-01',
	'finance team calculations', 'internal use',
	E'measure_code,proxy_value,deadweight,years,attribution,displacement,dropoff\n'
	'JOB1,12654,0.2,1,,,\n'
	'JOB3,"250.50",,,,,\n'
	'ENV1,245,0,1,0,0,0\n'
	' SOC1 ,16.93,,3,0.1,0,0.25\n') AS loaded;
SELECT value_set_id, measure_code, framework_id, proxy_value, deadweight, attribution, displacement, dropoff, years
FROM measure_value WHERE value_set_id = 'sample-2026-q1' ORDER BY measure_code;
SELECT id, framework_id, name, valid_from, source, licence, bundled FROM value_set WHERE id = 'sample-2026-q1';
-- only the two required columns
SELECT import_value_set('sample-min', 'toms-sample', 'Minimal', '2026-01-01', 's', 'l',
	E'proxy_value,measure_code\n1,JOB1\n2,JOB2\n') AS loaded;
SELECT measure_code, proxy_value, deadweight, years FROM measure_value WHERE value_set_id = 'sample-min' ORDER BY 1;

-- a bad CSV: every bad line is listed, and nothing is loaded
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('sample-bad', 'toms-sample', 'Bad', '2026-01-01', 's', 'l',
	E'measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years\n'
	'JOB1,10000,0.2,0,0,0,1\n'
	'NT99,500,0,0,0,0,1\n'
	'JOB2,abc,0,0,0,0,1\n'
	'JOB3,-5,0,0,0,0,1\n'
	'JOB4,15,1.5,0,0,0,1\n'
	'JOB1,11000,0,0,0,0,1\n'
	'GRO1,0.5,0,0,-0.1,0,1\n'
	'GRO2,0.5,0,zero,0,0,1\n'
	'GRO3,0.6,0,0,0,0,0\n'
	'SOC1,16.93,0,0,0,0,1.5\n'
	'SOC2,101\n'
	',5,0,0,0,0,1\n'
	'SOC3,,0,0,0,0,1\n'
	'ENV1,NaN,0,0,0,0,1\n')$q$);
SELECT count(*) AS value_sets_named_bad FROM value_set WHERE id = 'sample-bad';
SELECT count(*) AS values_of_bad FROM measure_value WHERE value_set_id = 'sample-bad';

-- header problems are reported before any line
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('h', 'toms-sample', 'H', '2026-01-01', 's', 'l',
	E'code,proxy_value,price,proxy_value\nJOB1,1,2,3\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('h', 'toms-sample', 'H', '2026-01-01', 's', 'l', '')$q$);

-- the value set and framework must make sense
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('sample-2026-q1', 'toms-sample', 'Again', '2026-01-01', 's', 'l', E'measure_code,proxy_value\nJOB1,1\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('x', 'no-such-framework', 'X', '2026-01-01', 's', 'l', E'measure_code,proxy_value\nJOB1,1\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('x', 'toms-sample', 'X', '2026-01-01', NULL, 'l', E'measure_code,proxy_value\nJOB1,1\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('bad id!', 'toms-sample', 'X', '2026-01-01', 's', 'l', E'measure_code,proxy_value\nJOB1,1\n')$q$);

-- through psql's \copy: stage the rows, then import them (here in one transaction, as the docs advise)
BEGIN;
\copy svtoms.value_upload (measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) FROM stdin WITH (FORMAT csv, HEADER)
measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years
JOB1,10000,0.2,0,0,0,1
GRO1,0.5,,,0.25,,
\.
SELECT import_value_set('sample-copied', 'toms-sample', 'Copied values', '2026-02-01', 'finance', 'internal') AS loaded;
COMMIT;
SELECT measure_code, proxy_value, deadweight, displacement, years FROM measure_value
WHERE value_set_id = 'sample-copied' ORDER BY 1;
SELECT count(*) AS upload_rows_left FROM value_upload;

-- a bad upload: lines are numbered as in the file (header = line 1); the rows stay to be fixed
\copy svtoms.value_upload (measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) FROM stdin WITH (FORMAT csv, HEADER)
measure_code,proxy_value,deadweight,attribution,displacement,dropoff,years
JOB1,10000,0.2,0,0,0,1
JOB9,7,0,0,0,0,1
JOB2,1e3,2,0,0,0,1
\.
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('sample-upload-2', 'toms-sample', 'Upload 2', '2026-03-01', 's', 'l')$q$);
SELECT measure_code, proxy_value, deadweight FROM value_upload ORDER BY line;
UPDATE value_upload SET measure_code = 'JOB3' WHERE measure_code = 'JOB9';
UPDATE value_upload SET deadweight = '0.2' WHERE measure_code = 'JOB2';
SELECT import_value_set('sample-upload-2', 'toms-sample', 'Upload 2', '2026-03-01', 's', 'l') AS loaded;
SELECT measure_code, proxy_value, deadweight FROM measure_value WHERE value_set_id = 'sample-upload-2' ORDER BY 1;
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('sample-upload-3', 'toms-sample', 'Nothing', '2026-03-01', 's', 'l')$q$);

DELETE FROM value_set WHERE id IN ('sample-2026-q1', 'sample-min', 'sample-copied', 'sample-upload-2');

-- a byte order mark before the header is skipped; a huge exponent is reported, not thrown;
-- a CSV with only its header has no values
SELECT * FROM csv_rows(E'\uFEFFmeasure_code,proxy_value\nJOB1,1\n');
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('bom', 'toms-sample', 'BOM', '2026-01-01', 's', 'l',
	E'\uFEFFmeasure_code,proxy_value\nJOB1,1e99999\nJOB2,2\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('empty', 'toms-sample', 'Empty', '2026-01-01', 's', 'l',
	E'measure_code,proxy_value\n')$q$);
SELECT pg_temp.try($q$SELECT svtoms.import_value_set('nul', 'toms-sample', 'Null date', NULL, 's', 'l',
	E'measure_code,proxy_value\nJOB1,1\n')$q$);
SELECT count(*) AS none_loaded FROM value_set WHERE id IN ('bom', 'empty', 'nul');
