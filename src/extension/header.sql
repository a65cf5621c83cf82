/* svtoms: social value accounts, aggregates and scoring (built from src/; see src/README.md) */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION svtoms" to load this file. \quit
