-- Every table of the star schema holds rows after a load.
-- Each check file returns rows of (check_name, failing): a check passes when failing = 0.
-- One row is enough to know a table is not empty: counting every row cost half a second at
-- a million songplays.
SELECT 'songplays is not empty' AS check_name, 1 - (SELECT COUNT(*) FROM (SELECT 1 FROM songplays LIMIT 1) AS one) AS failing
UNION ALL SELECT 'users is not empty', 1 - (SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS one)
UNION ALL SELECT 'songs is not empty', 1 - (SELECT COUNT(*) FROM (SELECT 1 FROM songs LIMIT 1) AS one)
UNION ALL SELECT 'artists is not empty', 1 - (SELECT COUNT(*) FROM (SELECT 1 FROM artists LIMIT 1) AS one)
UNION ALL SELECT 'time is not empty', 1 - (SELECT COUNT(*) FROM (SELECT 1 FROM time LIMIT 1) AS one);
