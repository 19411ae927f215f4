-- Staging takes the repaired names before the transforms read them, inside the load's
-- transaction. One UPDATE … FROM per field, an inner equijoin with the mapping (the form
-- Redshift accepts: it refuses outer joins there): only rows holding a repaired value are
-- rewritten. Equal byte lengths as well, since Redshift ignores trailing spaces when it
-- compares VARCHARs and would otherwise rewrite "Ã© " with the repair of "Ã©". Written as a
-- difference, so that it stays a filter on the hash join by value (as an equality PostgreSQL
-- took it for a second join key and sorted a million rows for a merge join instead).
UPDATE staging_events SET artist = r.repaired FROM name_repairs r WHERE staging_events.artist = r.raw AND OCTET_LENGTH(staging_events.artist) - OCTET_LENGTH(r.raw) = 0;
UPDATE staging_events SET song = r.repaired FROM name_repairs r WHERE staging_events.song = r.raw AND OCTET_LENGTH(staging_events.song) - OCTET_LENGTH(r.raw) = 0;
UPDATE staging_events SET first_name = r.repaired FROM name_repairs r WHERE staging_events.first_name = r.raw AND OCTET_LENGTH(staging_events.first_name) - OCTET_LENGTH(r.raw) = 0;
UPDATE staging_events SET last_name = r.repaired FROM name_repairs r WHERE staging_events.last_name = r.raw AND OCTET_LENGTH(staging_events.last_name) - OCTET_LENGTH(r.raw) = 0;
UPDATE staging_events SET location = r.repaired FROM name_repairs r WHERE staging_events.location = r.raw AND OCTET_LENGTH(staging_events.location) - OCTET_LENGTH(r.raw) = 0;
DROP TABLE name_repairs;
