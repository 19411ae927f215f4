-- title: Top 10 most active users
-- chart: name,plays
-- Users with the most plays (every NextSong event, matched to a song or not), with how
-- many sessions they listened in and their current level.
SELECT u.user_id,
       u.first_name || ' ' || u.last_name AS name,
       u.level,
       COUNT(DISTINCT p.session_id) AS sessions,
       COUNT(*) AS plays
FROM songplays p
JOIN users u ON u.user_id = p.user_id
GROUP BY u.user_id, u.first_name, u.last_name, u.level
ORDER BY plays DESC, u.user_id
LIMIT 10;
