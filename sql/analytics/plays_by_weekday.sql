-- title: Plays by day of the week (UTC)
-- chart: day,plays
-- Every play counted by the day of the week it started on, Monday first.
SELECT day, plays, users
FROM (
    SELECT t.weekday,
           CASE t.weekday
               WHEN 0 THEN 'Sunday'
               WHEN 1 THEN 'Monday'
               WHEN 2 THEN 'Tuesday'
               WHEN 3 THEN 'Wednesday'
               WHEN 4 THEN 'Thursday'
               WHEN 5 THEN 'Friday'
               ELSE 'Saturday'
           END AS day,
           CASE WHEN t.weekday = 0 THEN 7 ELSE t.weekday END AS day_order,
           COUNT(*) AS plays,
           COUNT(DISTINCT p.user_id) AS users
    FROM songplays p
    JOIN time t ON t.start_time = p.start_time
    GROUP BY t.weekday
) by_day
ORDER BY day_order;
