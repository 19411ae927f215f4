// Where rejected records go. Like Redshift's MAXERROR: up to maxErrors bad records are
// tolerated (counted, kept and written to a report file); one more stops the load.
// The report file is written as errors arrive, so even a stopped load leaves its evidence.

import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../core/errors.js';
import type {LoadError} from './records.js';

export type ErrorSink = {
	readonly count: number;
	/** The first few, for the summary on screen. */
	readonly sample: readonly LoadError[];
	/** The NDJSON file holding every rejected record, once there is one. */
	readonly file: string | undefined;
	add(error: LoadError): void;
	close(): void;
};

export function formatLoadError(error: LoadError): string {
	const field = error.field ? ` field ${error.field}` : '';
	return `${error.file}:${error.line}${field} ${error.reason}`;
}

export function createErrorSink(options: {maxErrors: number; reportFile: string; sampleSize?: number}): ErrorSink {
	const sample: LoadError[] = [];
	const sampleSize = options.sampleSize ?? 20;
	let count = 0;
	let fd: number | undefined;
	let opened = false;
	return {
		get count() {
			return count;
		},
		sample,
		get file() {
			return opened ? options.reportFile : undefined;
		},
		add(error) {
			count++;
			if (sample.length < sampleSize) sample.push(error);
			if (fd === undefined) {
				fs.mkdirSync(path.dirname(options.reportFile), {recursive: true, mode: 0o700});
				fd = fs.openSync(options.reportFile, 'w', 0o600);
				opened = true;
			}
			fs.writeSync(fd, `${JSON.stringify(error)}\n`);
			if (count > options.maxErrors) {
				const first = sample[0]!;
				throw new UserError(
					`The load stopped: ${count} bad record${count === 1 ? '' : 's'}, more than --max-errors ${options.maxErrors} allows (the first: ${formatLoadError(first)}).`,
					{
						hint: `Fix the source (every rejected record is in ${options.reportFile}), or allow them with --max-errors N.`,
						wizardHint: `Fix the source (every rejected record is in ${options.reportFile}), or allow them in Settings → Bad records tolerated.`,
						code: 'too_many_bad_records',
					},
				);
			}
		},
		close() {
			if (fd !== undefined) fs.closeSync(fd);
			fd = undefined;
		},
	};
}
