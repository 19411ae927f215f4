-- The schema a load builds its tables in, beside the warehouse's own, emptied of whatever a
-- load that was killed left there. Nobody else is granted anything in it.
DROP SCHEMA IF EXISTS sparkify_load CASCADE;
CREATE SCHEMA sparkify_load;
