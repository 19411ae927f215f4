// The run's log file: full detail for when something goes wrong, never a secret.
// Mode 0600 because even a redacted log says what exists in the user's account.

import fs from 'node:fs';
import path from 'node:path';
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
			fs.writeSync(fd, redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}\n`));
		},
	};
}

export const noLog: Logger = {file: undefined, write() {}};

function formatDetail(detail: unknown): string {
	if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
	try {
		return JSON.stringify(detail);
	} catch {
		return String(detail);
	}
}
