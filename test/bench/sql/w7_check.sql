-- W7: compared as W6.
\ir w6_check.sql
