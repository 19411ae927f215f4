// Throwaway folders for tests, removed when the test process ends.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
// On exit rather than in an after() hook: a hook registered inside before() would run too soon.
process.once('exit', () => {
	for (const folder of made) fs.rmSync(folder, {recursive: true, force: true});
	removeWarehousesOf(made);
});

/** Where the tool keeps a warehouse apart from its home (as root); each names its home in a file `home`. */
const apartWarehouses = '/var/lib/sparkify-dwh';

/** Removes the warehouses kept apart for homes under `folders` (as root, tests would otherwise leave ~70 MB each behind). */
export function removeWarehousesOf(folders: readonly string[]): void {
	let tags: string[];
	try {
		tags = fs.readdirSync(apartWarehouses);
	} catch {
		return;
	}
	for (const tag of tags) {
		let home: string;
		try {
			home = fs.readFileSync(path.join(apartWarehouses, tag, 'home'), 'utf8').trim();
		} catch {
			continue;
		}
		if (folders.some((folder) => home === folder || home.startsWith(`${folder}${path.sep}`)))
			fs.rmSync(path.join(apartWarehouses, tag), {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	}
}

export function makeTempDir(prefix: string): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	made.push(folder);
	return folder;
}

/** A source folder made of the sample's songs, some of its log files, and extra log lines. */
export function sourceWithExtraLogLines(sample: string, extraLines: readonly string[], logFiles = 2): string {
	const root = makeTempDir('sparkify-source');
	fs.cpSync(path.join(sample, 'song_data'), path.join(root, 'song_data'), {recursive: true});
	fs.copyFileSync(path.join(sample, 'log_json_path.json'), path.join(root, 'log_json_path.json'));
	const logs = path.join(root, 'log_data', '2018', '11');
	fs.mkdirSync(logs, {recursive: true});
	const names = fs
		.readdirSync(path.join(sample, 'log_data', '2018', '11'))
		.sort()
		.slice(0, logFiles);
	for (const name of names) fs.copyFileSync(path.join(sample, 'log_data', '2018', '11', name), path.join(logs, name));
	if (extraLines.length > 0) fs.writeFileSync(path.join(logs, '2018-11-99-extra.json'), extraLines.join('\n'));
	return root;
}

/** The sample's songs with its log files copied `copies` times: big enough to stop half-way. */
export function sampleWithRepeatedLogs(sample: string, copies: number): string {
	const root = makeTempDir('sparkify-repeated');
	fs.cpSync(path.join(sample, 'song_data'), path.join(root, 'song_data'), {recursive: true});
	fs.copyFileSync(path.join(sample, 'log_json_path.json'), path.join(root, 'log_json_path.json'));
	for (let copy = 0; copy < copies; copy++) {
		fs.cpSync(path.join(sample, 'log_data', '2018'), path.join(root, 'log_data', String(2000 + copy)), {recursive: true});
	}
	return root;
}
