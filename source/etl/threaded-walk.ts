// Runs a walk of a local folder on a thread of its own (walk-thread.ts) and hands its entries
// on as the walk in this thread would: the same entries in the same order, the walk's error
// (rebuilt with its code and path) after the entries found before it. Stopping early (the
// consumer returns, or the load is cancelled) ends the thread. The thread holds the process
// only while an entry is awaited: a listing left unread does not keep a command running.

import {Worker} from 'node:worker_threads';
import type {Listed} from './source.js';
import type {WalkOptions} from './walk.js';
import type {CarriedError, WalkBatch, WalkRequest} from './walk-thread.js';

/** Entries per message, and content bytes per message: a message per file would cost more than reading it. */
const batchFiles = 256;
const batchBytes = 1 << 20;
/** Batches the walk may have out unread. */
const ahead = 2;

/** The thread's module beside this one: compiled (build/), or the source run through tsx (tests, bench). */
function threadModule(): URL {
	const compiled = !import.meta.url.endsWith('.ts');
	return new URL(compiled ? './walk-thread.js' : './walk-thread.ts', import.meta.url);
}

function rebuilt(carried: CarriedError): Error {
	const error = new Error(carried.message) as NodeJS.ErrnoException & {dest?: string};
	error.name = carried.name;
	for (const key of ['code', 'errno', 'syscall', 'path', 'dest'] as const) {
		if (carried[key] !== undefined) Object.assign(error, {[key]: carried[key]});
	}
	if (carried.stack) error.stack = carried.stack;
	return error;
}

export async function* walkFolderInThread(folder: string, prefix: string, options: WalkOptions = {}): AsyncGenerator<Listed> {
	const request: WalkRequest = {folder, prefix, options, batchFiles, batchBytes, ahead};
	const worker = new Worker(threadModule(), {workerData: request});
	worker.unref();
	const arrived: WalkBatch[] = [];
	let stopped: Error | undefined;
	let wake: (() => void) | undefined;
	worker.on('message', (batch: WalkBatch) => {
		arrived.push(batch);
		wake?.();
	});
	worker.on('error', (error) => {
		stopped ??= error;
		wake?.();
	});
	worker.on('exit', (code) => {
		stopped ??= new Error(`The listing's thread stopped before the listing ended (exit code ${code}).`);
		wake?.();
	});
	try {
		for (;;) {
			const batch = arrived.shift();
			if (!batch) {
				if (stopped) throw stopped;
				worker.ref();
				await new Promise<void>((resolve) => (wake = resolve));
				wake = undefined;
				worker.unref();
				continue;
			}
			if (!batch.done && !batch.error) worker.postMessage('more');
			for (const entry of batch.entries) {
				if ('content' in entry && entry.content) yield {...entry, content: Buffer.from(entry.content.buffer, entry.content.byteOffset, entry.content.byteLength)};
				else yield entry;
			}
			if (batch.error) throw rebuilt(batch.error);
			if (batch.done) return;
		}
	} finally {
		await worker.terminate();
	}
}
