-- users: one row per user who has a songplay. Users move between free and paid within the
-- data, so name, gender and level come from the user's latest event (any page), by time.
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT CAST(user_id AS INTEGER), first_name, last_name, gender, level
FROM (
    SELECT user_id, first_name, last_name, gender, level,
           ROW_NUMBER() OVER (
               PARTITION BY user_id
               ORDER BY ts DESC, session_id DESC, item_in_session DESC
           ) AS pick
    FROM staging_events
    WHERE level IS NOT NULL
      AND user_id IN (SELECT user_id FROM staging_events WHERE page = 'NextSong' AND user_id IS NOT NULL)
) ranked
WHERE pick = 1;
