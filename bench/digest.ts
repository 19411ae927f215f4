// Proof that a faster pipeline loads the same rows: the content digest of every star and
// staging table (test/support/star-digest.ts) after the bench's pipeline, kept per data set in
// bench/out. The first run writes it; every later run compares and says SAME or DIFFERENT
// (and exits 1 on a difference): run it once on the code before a change, then after.

import fs from 'node:fs';
import {stagingDigests, starDigests} from '../test/support/star-digest.js';
import {withClient} from './client.js';

export async function compareDigests(url: string, file: string): Promise<string> {
	const now = await withClient(url, async (client) => ({...(await starDigests(client)), ...(await stagingDigests(client))}));
	const text = `${JSON.stringify(now, null, '\t')}\n`;
	if (!fs.existsSync(file)) {
		fs.writeFileSync(file, text);
		return `table digests written to ${file} (the reference for later runs)`;
	}
	if (fs.readFileSync(file, 'utf8') === text) return `table digests: SAME as ${file} (every star and staging table, row for row)`;
	process.exitCode = 1;
	return `table digests: DIFFERENT from ${file}:\n${text}`;
}
