-- title: Plays by browser and operating system
-- chart: client,plays
-- The user agent of every play, grouped into a browser family and an operating system
-- family ("Chrome on macOS"). Order matters in each CASE: Chromium's agent also names
-- Chrome and Safari, Chrome's also names Safari, and an iPhone's also says "Mac OS X".
SELECT browser || ' on ' || os AS client,
       COUNT(*) AS plays,
       COUNT(DISTINCT user_id) AS users
FROM (
    SELECT user_id,
           CASE
               WHEN user_agent IS NULL THEN 'unknown'
               WHEN user_agent LIKE '%Chromium/%' THEN 'Chromium'
               WHEN user_agent LIKE '%Edge/%' OR user_agent LIKE '%Edg/%' THEN 'Edge'
               WHEN user_agent LIKE '%Chrome/%' THEN 'Chrome'
               WHEN user_agent LIKE '%Firefox/%' THEN 'Firefox'
               WHEN user_agent LIKE '%Trident/%' OR user_agent LIKE '%MSIE %' THEN 'Internet Explorer'
               WHEN user_agent LIKE '%Safari/%' THEN 'Safari'
               ELSE 'other browser'
           END AS browser,
           CASE
               WHEN user_agent IS NULL THEN 'unknown'
               WHEN user_agent LIKE '%iPhone%' OR user_agent LIKE '%iPad%' THEN 'iOS'
               WHEN user_agent LIKE '%Android%' THEN 'Android'
               WHEN user_agent LIKE '%Macintosh%' THEN 'macOS'
               WHEN user_agent LIKE '%Windows%' THEN 'Windows'
               WHEN user_agent LIKE '%Linux%' THEN 'Linux'
               ELSE 'other OS'
           END AS os
    FROM songplays
) families
GROUP BY browser, os
ORDER BY plays DESC, client;
