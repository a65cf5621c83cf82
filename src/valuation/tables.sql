--------------------------------------------------------------------------
-- Price indices: series of index values by year (a GDP deflator), with
-- their source, licence and vintage, to express proxy values in the prices
-- of one base year (svtoms.rebase).  A series bundled with svtoms is
-- loaded by CREATE EXTENSION, left out of pg_dump and read-only; a council
-- loads its own (svtoms.import_price_index).  These tables are new in 1.2:
-- the update (src/updates) creates them with the same statements.
--------------------------------------------------------------------------

CREATE TABLE svtoms.price_index_series (
	id text PRIMARY KEY
		CONSTRAINT price_index_series_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]*$'),
	name text NOT NULL CONSTRAINT price_index_series_name_not_blank CHECK (btrim(name) <> ''),
	vintage text NOT NULL CONSTRAINT price_index_series_vintage_not_blank CHECK (btrim(vintage) <> ''),
	reference_year integer,
	source text NOT NULL DEFAULT 'not recorded',
	licence text NOT NULL DEFAULT 'not recorded',
	bundled boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE svtoms.price_index_series IS
	'a price index series (such as a GDP deflator) in one vintage, with its source and licence';
COMMENT ON COLUMN svtoms.price_index_series.id IS 'text key, e.g. uk-gdp-deflator';
COMMENT ON COLUMN svtoms.price_index_series.name IS 'what the series measures, as its publisher names it';
COMMENT ON COLUMN svtoms.price_index_series.vintage IS 'which release of the series the values are (publishers revise past years)';
COMMENT ON COLUMN svtoms.price_index_series.reference_year IS 'the year whose index is 100 (NULL: not recorded)';
COMMENT ON COLUMN svtoms.price_index_series.source IS 'where the values come from';
COMMENT ON COLUMN svtoms.price_index_series.licence IS 'the licence the values are used under';
COMMENT ON COLUMN svtoms.price_index_series.bundled IS 'shipped with svtoms: read-only and left out of dumps';

CREATE TABLE svtoms.price_index (
	series text NOT NULL REFERENCES svtoms.price_index_series (id) ON UPDATE CASCADE ON DELETE CASCADE,
	year integer NOT NULL CONSTRAINT price_index_year_range CHECK (year BETWEEN 1 AND 9999),
	value numeric NOT NULL
		CONSTRAINT price_index_value_positive CHECK (value > 0 AND value NOT IN ('NaN', 'Infinity')),
	PRIMARY KEY (series, year)
);
COMMENT ON TABLE svtoms.price_index IS
	'the index value of a series for a year: an amount in year a''s prices is worth amount x value(b) / value(a) in year b''s';
COMMENT ON COLUMN svtoms.price_index.series IS 'the series (svtoms.price_index_series)';
COMMENT ON COLUMN svtoms.price_index.year IS 'the year (calendar or financial, as the series says)';
COMMENT ON COLUMN svtoms.price_index.value IS 'the index value, greater than 0';

-- pg_dump keeps a council's series; bundled ones come back with CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('svtoms.price_index_series', 'WHERE NOT bundled');
SELECT pg_catalog.pg_extension_config_dump('svtoms.price_index',
	'WHERE series NOT IN (SELECT id FROM svtoms.price_index_series WHERE bundled)');
