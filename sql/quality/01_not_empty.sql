-- Every table of the star schema holds rows after a load.
-- Each check file returns rows of (check_name, failing): a check passes when failing = 0.
SELECT 'songplays is not empty' AS check_name, CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END AS failing FROM songplays
UNION ALL SELECT 'users is not empty', CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM users
UNION ALL SELECT 'songs is not empty', CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM songs
UNION ALL SELECT 'artists is not empty', CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM artists
UNION ALL SELECT 'time is not empty', CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM time;
