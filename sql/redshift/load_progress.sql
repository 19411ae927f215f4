-- The COPY a given session is running (or ran last) for a table, with its counters.
-- SYS_LOAD_HISTORY holds running and finished loads on provisioned clusters and Serverless.
SELECT status, loaded_rows, loaded_bytes, source_file_count, file_count_scanned,
       source_file_bytes, file_bytes_scanned, error_count
FROM sys_load_history
WHERE session_id = $1 AND table_name = $2 AND start_time >= $3
ORDER BY start_time DESC
LIMIT 1;
