-- title: Free and paid listening
-- chart: level,plays
-- Plays and users by the level the user had at the time of each play. A user who
-- upgraded or downgraded during the period counts once under each level.
SELECT level,
       plays,
       users,
       ROUND(100.0 * plays / SUM(plays) OVER (), 1) AS percent_of_plays
FROM (
    SELECT level,
           COUNT(*) AS plays,
           COUNT(DISTINCT user_id) AS users
    FROM songplays
    WHERE level IS NOT NULL
    GROUP BY level
) by_level
ORDER BY level;
