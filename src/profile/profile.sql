--------------------------------------------------------------------------
-- Type svtoms.profile: an account per theme
--------------------------------------------------------------------------

CREATE TYPE svtoms.profile;

CREATE FUNCTION svtoms.profile_in(cstring) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_out(svtoms.profile) RETURNS cstring
	AS 'MODULE_PATHNAME', 'profile_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_recv(internal) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION svtoms.profile_send(svtoms.profile) RETURNS bytea
	AS 'MODULE_PATHNAME', 'profile_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE svtoms.profile (
	INPUT = svtoms.profile_in,
	OUTPUT = svtoms.profile_out,
	RECEIVE = svtoms.profile_recv,
	SEND = svtoms.profile_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE svtoms.profile IS
	'a social value account per theme: the theme breakdown of a bid';
COMMENT ON FUNCTION svtoms.profile_in(cstring) IS 'text input of svtoms.profile';
COMMENT ON FUNCTION svtoms.profile_out(svtoms.profile) IS 'text output of svtoms.profile';
COMMENT ON FUNCTION svtoms.profile_recv(internal) IS 'binary input of svtoms.profile (format version 1)';
COMMENT ON FUNCTION svtoms.profile_send(svtoms.profile) IS 'binary output of svtoms.profile (format version 1)';

CREATE FUNCTION svtoms.profile_get(svtoms.profile, text) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'profile_get'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_get(svtoms.profile, text) IS
	'implementation of profile -> theme: the theme''s account, NULL when absent';
CREATE OPERATOR svtoms.-> (
	LEFTARG = svtoms.profile, RIGHTARG = text, FUNCTION = svtoms.profile_get
);
COMMENT ON OPERATOR svtoms.-> (svtoms.profile, text) IS 'the account of one theme, NULL when absent';

CREATE FUNCTION svtoms.themes(svtoms.profile, OUT theme text, OUT value svtoms.sv)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'profile_themes'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION svtoms.themes(svtoms.profile) IS 'one row per theme: its name and account, in theme order';

CREATE FUNCTION svtoms.total(svtoms.profile) RETURNS svtoms.sv
	AS 'MODULE_PATHNAME', 'profile_total'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.total(svtoms.profile) IS 'the accounts of all themes added up';

CREATE FUNCTION svtoms.balance(svtoms.profile) RETURNS double precision
	AS 'MODULE_PATHNAME', 'profile_balance'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.balance(svtoms.profile) IS
	'Pielou evenness (0 to 1) of the positive theme nets: 1 when spread evenly over the themes present';

CREATE FUNCTION svtoms.coverage(svtoms.profile) RETURNS double precision
	AS 'MODULE_PATHNAME', 'profile_coverage'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.coverage(svtoms.profile) IS 'the share of the themes present whose net is positive';

CREATE FUNCTION svtoms.weighted_net(svtoms.profile, weights jsonb) RETURNS numeric
	AS 'MODULE_PATHNAME', 'profile_weighted_net'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.weighted_net(svtoms.profile, jsonb) IS
	'sum over themes of weight x net; themes not named in weights weigh 1';

CREATE FUNCTION svtoms.profile_to_jsonb(svtoms.profile) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'profile_to_jsonb'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_to_jsonb(svtoms.profile) IS 'a profile as a jsonb object of theme accounts';
CREATE CAST (svtoms.profile AS jsonb) WITH FUNCTION svtoms.profile_to_jsonb(svtoms.profile);
COMMENT ON CAST (svtoms.profile AS jsonb) IS 'each theme with all components of its account and its net';

CREATE FUNCTION svtoms.profile_accum(internal, text, numeric) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_accum_numeric'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_accum(internal, text, numeric) IS
	'transition function of svtoms.theme_profile(text, numeric)';
CREATE FUNCTION svtoms.profile_accum(internal, text, svtoms.sv) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_accum_sv'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_accum(internal, text, svtoms.sv) IS
	'transition function of svtoms.theme_profile(text, sv)';
CREATE FUNCTION svtoms.profile_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_combine(internal, internal) IS 'combine function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'profile_serialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_serialize(internal) IS 'serialize function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'profile_deserialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_deserialize(bytea, internal) IS 'deserialize function of svtoms.theme_profile';
CREATE FUNCTION svtoms.profile_final(internal) RETURNS svtoms.profile
	AS 'MODULE_PATHNAME', 'profile_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.profile_final(internal) IS 'final function of svtoms.theme_profile';

CREATE AGGREGATE svtoms.theme_profile(theme text, amount numeric) (
	SFUNC = svtoms.profile_accum,
	STYPE = internal,
	FINALFUNC = svtoms.profile_final,
	COMBINEFUNC = svtoms.profile_combine,
	SERIALFUNC = svtoms.profile_serialize,
	DESERIALFUNC = svtoms.profile_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.theme_profile(text, numeric) IS
	'an account per theme of signed amounts; a NULL amount is a missing response of its theme';

CREATE AGGREGATE svtoms.theme_profile(theme text, value svtoms.sv) (
	SFUNC = svtoms.profile_accum,
	STYPE = internal,
	FINALFUNC = svtoms.profile_final,
	COMBINEFUNC = svtoms.profile_combine,
	SERIALFUNC = svtoms.profile_serialize,
	DESERIALFUNC = svtoms.profile_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.theme_profile(text, svtoms.sv) IS
	'the accounts added up per theme; NULL accounts are ignored';
