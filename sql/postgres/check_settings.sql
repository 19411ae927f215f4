-- Settings for the quality checks' own connection on PostgreSQL (Redshift has no such knob).
-- A check counts distinct keys; PostgreSQL would feed COUNT(DISTINCT …) from the primary key's
-- index, already in order, but reading a fresh table's heap through its index costs three to
-- four times its sequential scan and sort here: the checks read every table front to back.
SET enable_presorted_aggregate = off;
-- The distinct counts sort up to a million keys, and the joins hash the time table: in the
-- default 4 MB of work_mem both went to disk (110 MB of temporary files at a million events).
SET work_mem = '64MB';
