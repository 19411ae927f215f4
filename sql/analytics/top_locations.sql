-- title: Top 10 listener locations by plays
-- chart: location,plays
-- Where the plays come from: the user's location as the log gives it (a metropolitan area).
SELECT location,
       COUNT(*) AS plays,
       COUNT(DISTINCT user_id) AS users
FROM songplays
WHERE location IS NOT NULL
GROUP BY location
ORDER BY plays DESC, location
LIMIT 10;
