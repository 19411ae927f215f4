// The walk of a local folder (walk.ts) on a thread of its own, started by threaded-walk.ts:
// at 385,000 song files the load's time is mostly system calls (open, read, getdents), and
// made here they no longer wait in turn with the parsing, the COPY and the screen on the
// main thread. The entries go out in batches (a message per file would cost more than the
// file), and at most `ahead` batches are out unread: the walk waits for the main thread to
// take one before it goes on, so what is held stays bounded whatever the folder's size.

import {parentPort, workerData} from 'node:worker_threads';
import type {Listed} from './source.js';
import {walkFolder, type WalkOptions} from './walk.js';

/** What the main thread asks for: the walk's arguments and the size of its batches. */
export type WalkRequest = {folder: string; prefix: string; options: WalkOptions; batchFiles: number; batchBytes: number; ahead: number};

/** A system error as it crosses to the main thread: what explain-error.ts reads of it. */
export type CarriedError = {name: string; message: string; code?: string; errno?: number; syscall?: string; path?: string; dest?: string; stack?: string};

/** One message to the main thread: entries found, and at the end either done or the walk's error. */
export type WalkBatch = {entries: Listed[]; done?: true; error?: CarriedError};

function carried(error: unknown): CarriedError {
	if (!(error instanceof Error)) return {name: 'Error', message: String(error)};
	const {code, errno, syscall, path, dest} = error as NodeJS.ErrnoException & {dest?: string};
	return {name: error.name, message: error.message, code, errno, syscall, path, dest, stack: error.stack};
}

async function walk(port: NonNullable<typeof parentPort>, request: WalkRequest): Promise<void> {
	let credit = request.ahead;
	let wake: (() => void) | undefined;
	port.on('message', () => {
		credit++;
		wake?.();
	});
	let entries: Listed[] = [];
	let bytes = 0;
	let sent = 0;
	const send = async (end: Omit<WalkBatch, 'entries'> = {}) => {
		while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
		credit--;
		port.postMessage({entries, ...end} satisfies WalkBatch);
		sent++;
		entries = [];
		bytes = 0;
	};
	try {
		for await (const entry of walkFolder(request.folder, request.prefix, request.options)) {
			entries.push(entry);
			bytes += 'content' in entry ? (entry.content?.length ?? 0) : 0;
			// The first entry goes at once: the load starts on it while the walk goes on.
			if (sent === 0 || entries.length >= request.batchFiles || bytes >= request.batchBytes) await send();
		}
	} catch (error) {
		await send({error: carried(error)});
		return;
	}
	await send({done: true});
}

if (parentPort) await walk(parentPort, workerData as WalkRequest);
