-- title: Plays by hour of the day (UTC)
-- chart: hour,plays
-- When people listen: every play counted by the hour (0-23, UTC) it started in.
SELECT t.hour,
       COUNT(*) AS plays,
       COUNT(DISTINCT p.user_id) AS users
FROM songplays p
JOIN time t ON t.start_time = p.start_time
GROUP BY t.hour
ORDER BY t.hour;
