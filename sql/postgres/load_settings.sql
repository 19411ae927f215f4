-- Settings for the load's own transaction on PostgreSQL (SET LOCAL: they end with it; Redshift
-- has no such knob). The transforms sort and hash a million events: in the default 4 MB of
-- work_mem the distinct start times were sorted on disk (an external merge) and the songplays'
-- candidate songs hashed in five batches. They change how the rows are found, never which.
SET LOCAL work_mem = '64MB';
