-- Why rows of a session's loads were rejected: file, line, column and reason.
SELECT file_name, line_number, column_name, error_code, error_message
FROM sys_load_error_detail
WHERE session_id = $1 AND start_time >= $2
ORDER BY start_time, file_name, line_number
LIMIT 100;
