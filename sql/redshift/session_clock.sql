-- The loading session's id and the time it starts, to find its own COPYs in the SYS_ views.
SELECT pg_backend_pid() AS pid, SYSDATE AS now;
