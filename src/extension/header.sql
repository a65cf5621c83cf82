/* svtoms--1.1.sql: social value accounts, aggregates and scoring */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION svtoms" to load this file. \quit
