-- What the repair will change, counted as the local loader counts it: repaired values
-- (one per field of an event) and the events that had at least one. Outer joins are fine
-- in a SELECT on Redshift (only UPDATE … FROM refuses them). Equal byte lengths too: Redshift
-- would otherwise take "Ã© " for "Ã©" (it ignores trailing spaces in VARCHAR comparisons);
-- a difference rather than an equality keeps it a filter on the hash join by value.
SELECT COUNT(*) AS events,
       SUM(CASE WHEN a.raw IS NULL THEN 0 ELSE 1 END
         + CASE WHEN s.raw IS NULL THEN 0 ELSE 1 END
         + CASE WHEN f.raw IS NULL THEN 0 ELSE 1 END
         + CASE WHEN l.raw IS NULL THEN 0 ELSE 1 END
         + CASE WHEN c.raw IS NULL THEN 0 ELSE 1 END) AS repaired_values
FROM staging_events e
LEFT JOIN name_repairs a ON a.raw = e.artist AND OCTET_LENGTH(a.raw) - OCTET_LENGTH(e.artist) = 0
LEFT JOIN name_repairs s ON s.raw = e.song AND OCTET_LENGTH(s.raw) - OCTET_LENGTH(e.song) = 0
LEFT JOIN name_repairs f ON f.raw = e.first_name AND OCTET_LENGTH(f.raw) - OCTET_LENGTH(e.first_name) = 0
LEFT JOIN name_repairs l ON l.raw = e.last_name AND OCTET_LENGTH(l.raw) - OCTET_LENGTH(e.last_name) = 0
LEFT JOIN name_repairs c ON c.raw = e.location AND OCTET_LENGTH(c.raw) - OCTET_LENGTH(e.location) = 0
WHERE a.raw IS NOT NULL OR s.raw IS NOT NULL OR f.raw IS NOT NULL OR l.raw IS NOT NULL OR c.raw IS NOT NULL;
