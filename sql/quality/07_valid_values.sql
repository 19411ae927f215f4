-- Values the questions depend on are from the expected sets.
SELECT 'users.level is free or paid' AS check_name, COUNT(*) AS failing
FROM users WHERE level NOT IN ('free', 'paid')
UNION ALL
SELECT 'time parts agree with start_time', COUNT(*)
FROM time WHERE hour <> EXTRACT(HOUR FROM start_time) OR month <> EXTRACT(MONTH FROM start_time) OR year <> EXTRACT(YEAR FROM start_time);
