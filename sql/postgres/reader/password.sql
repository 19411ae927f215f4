-- The read-only role's password, for role.sql to read in the same transaction (a bound
-- value: ALTER ROLE itself takes no parameters). Gone when the transaction ends.
SELECT set_config('sparkify.reader_password', $1, true);
