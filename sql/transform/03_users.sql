-- users: one row per user who has a songplay. Users move between free and paid within the
-- data, so name, gender and level come from the user's latest event (any page), by time.
-- Found in two steps, so that a million events are never sorted: each user's latest time
-- with a level (one pass, grouped by user), then, among that user's events at that time,
-- the one with the highest session and item.
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT CAST(user_id AS INTEGER), first_name, last_name, gender, level
FROM (
    SELECT e.user_id, e.first_name, e.last_name, e.gender, e.level,
           ROW_NUMBER() OVER (PARTITION BY e.user_id ORDER BY e.session_id DESC, e.item_in_session DESC) AS pick
    FROM staging_events e
    JOIN (
        SELECT user_id, MAX(CASE WHEN level IS NOT NULL THEN ts END) AS latest
        FROM staging_events
        WHERE user_id IS NOT NULL
        GROUP BY user_id
        HAVING MAX(CASE WHEN page = 'NextSong' THEN 1 ELSE 0 END) = 1
    ) latest ON latest.user_id = e.user_id AND latest.latest = e.ts
    WHERE e.level IS NOT NULL
) ranked
WHERE pick = 1;
