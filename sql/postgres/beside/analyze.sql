-- Before each new table is committed: statistics for the next reader (the transforms read
-- staging; the quality checks and the first questions read the star). A sample of 3,000 rows
-- (target 10) gives the same plans here as the default 30,000 at a tenth of the reading (see
-- analyze_staging.sql); autovacuum analyses the tables again later at the default.
SET LOCAL default_statistics_target = 10;
