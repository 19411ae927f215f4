-- Staging takes the repaired names before the transforms read them, inside the load's
-- transaction. One UPDATE … FROM per field, an inner equijoin with the mapping (the form
-- Redshift accepts: it refuses outer joins there): only rows holding a repaired value are
-- rewritten.
UPDATE staging_events SET artist = r.repaired FROM name_repairs r WHERE staging_events.artist = r.raw;
UPDATE staging_events SET song = r.repaired FROM name_repairs r WHERE staging_events.song = r.raw;
UPDATE staging_events SET first_name = r.repaired FROM name_repairs r WHERE staging_events.first_name = r.raw;
UPDATE staging_events SET last_name = r.repaired FROM name_repairs r WHERE staging_events.last_name = r.raw;
UPDATE staging_events SET location = r.repaired FROM name_repairs r WHERE staging_events.location = r.raw;
DROP TABLE name_repairs;
