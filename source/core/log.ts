// The run's log file: full detail for when something goes wrong, never a secret.
// Mode 0600 because even a redacted log says what exists in the user's account. Text from
// the data is escaped, so `cat` or `tail -f` on the log cannot be made to drive the terminal.
// A log that cannot be written (a full disk) costs the log, never the command.

import fs from 'node:fs';
import path from 'node:path';
import {escapeControl} from './format.js';
import {redact} from './redact.js';

export type Logger = {
	readonly file: string | undefined;
	write(level: 'debug' | 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
};

export function openLogFile(logsDirectory: string, now = new Date()): Logger {
	fs.mkdirSync(logsDirectory, {recursive: true, mode: 0o700});
	const file = path.join(logsDirectory, `sparkify-dwh-${now.toISOString().slice(0, 10)}.log`);
	const fd = fs.openSync(file, 'a', 0o600);
	fs.fchmodSync(fd, 0o600);
	return {
		file,
		write(level, message, detail) {
			const extra = detail === undefined ? '' : ` ${formatDetail(detail)}`;
			try {
				fs.writeSync(fd, `${escapeControl(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`), {keepNewlines: true})}\n`);
			} catch {
				// The disk is full or the file went away: the command's own error says more.
			}
		},
	};
}

export const noLog: Logger = {file: undefined, write() {}};

function formatDetail(detail: unknown): string {
	if (detail instanceof Error) {
		const own = detail.stack ?? `${detail.name}: ${detail.message}`;
		// A translated error keeps the driver's or the system's original as its cause.
		return detail.cause === undefined ? own : `${own}\nCaused by: ${formatDetail(detail.cause)}`;
	}
	try {
		return JSON.stringify(detail);
	} catch {
		return String(detail);
	}
}
