-- Settings for the quality checks' own connection on PostgreSQL (Redshift has no such knob).
-- A check counts distinct keys; PostgreSQL would feed COUNT(DISTINCT …) from the primary key's
-- index, already in order, but reading a fresh table's heap through its index costs three to
-- four times its sequential scan and sort here: the checks read every table front to back.
SET enable_presorted_aggregate = off;
