-- A load that failed or was cancelled: what it built beside the warehouse goes (its disk space
-- with it). The warehouse's own tables were never touched.
DROP SCHEMA IF EXISTS sparkify_load CASCADE;
