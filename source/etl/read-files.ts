// Reads a list of source files in order, as chunks, for the loader and the profiler. Large files are
// streamed; small ones (a song file is a few hundred bytes, and the bucket holds hundreds
// of thousands) are read a few dozen ahead, or a profile of S3 would wait a round trip per
// file. Memory stays bounded: at most `ahead` small files are held at once. Cancelling
// destroys every open stream, so a read that waits on the network stops at once.

import type {Readable} from 'node:stream';
import {CancelledError, throwIfCancelled} from '../core/errors.js';
import type {DataSource, SourceFile} from './source.js';

const smallFileBytes = 256 << 10;
const defaultAhead = 32;

export type FileChunks = {readonly file: SourceFile; readonly chunks: AsyncIterable<Buffer>};

export async function* readFiles(source: DataSource, files: readonly SourceFile[], signal: AbortSignal, ahead = defaultAhead): AsyncGenerator<FileChunks> {
	const open = new Set<Readable>();
	const onAbort = () => {
		for (const stream of open) stream.destroy(new CancelledError());
	};
	signal.addEventListener('abort', onAbort, {once: true});
	const opened = (file: SourceFile) => {
		const stream = source.open(file);
		open.add(stream);
		stream.once('close', () => open.delete(stream));
		return stream;
	};
	const readWhole = async (file: SourceFile) => {
		const chunks: Buffer[] = [];
		for await (const chunk of opened(file)) chunks.push(chunk as Buffer);
		return chunks;
	};
	const pending = new Map<number, Promise<Buffer[]>>();
	const prefetch = (index: number) => {
		const file = files[index];
		if (!file || file.size > smallFileBytes || pending.has(index)) return;
		const reading = readWhole(file);
		// Read-ahead may be abandoned on cancel: its failure must not go unhandled.
		reading.catch(() => {});
		pending.set(index, reading);
	};
	async function* streamed(file: SourceFile): AsyncGenerator<Buffer> {
		const stream = opened(file);
		try {
			for await (const chunk of stream) yield chunk as Buffer;
		} finally {
			stream.destroy();
		}
	}
	async function* held(chunks: Buffer[]): AsyncGenerator<Buffer> {
		yield* chunks;
	}
	try {
		for (let index = 0; index < files.length; index++) {
			throwIfCancelled(signal);
			for (let next = index; next < Math.min(files.length, index + ahead); next++) prefetch(next);
			const file = files[index]!;
			const whole = pending.get(index);
			pending.delete(index);
			yield {file, chunks: whole ? held(await whole) : streamed(file)};
		}
	} catch (error) {
		throw signal.aborted ? new CancelledError() : error;
	} finally {
		signal.removeEventListener('abort', onAbort);
		for (const stream of open) stream.destroy();
	}
}
