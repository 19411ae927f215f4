// The loader's byte-level fast path must write exactly the binary row the full path
// (JSON.parse, records.ts, then copy-binary.ts) writes, and leave to the full path every
// record it cannot take. These tests run
// both over real lines, generated lines and a corpus of odd ones, and compare.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {maxBinaryRowBytes, textRowToBinary} from '../../source/etl/copy-binary.js';
import {createFastRowEncoder, maxRowBytes} from '../../source/etl/fast-record.js';
import {generateDataset} from '../../source/etl/generate.js';
import {createRowEncoder, defaultEventKeys, eventColumns, newRepairTally, type LoadError} from '../../source/etl/records.js';
import {RowProducer} from '../../source/etl/row-producer.js';
import {sampleData} from '../support/paths.js';
import {jsonFiles} from '../support/reference.js';
import {makeTempDir} from '../support/tmp.js';

/** A binary COPY row's values, readable in a failed assertion. */
function binaryValues(row: Buffer): unknown[] {
	const count = row.readInt16BE(0);
	assert.equal(count, eventColumns.length);
	const values: unknown[] = [];
	let at = 2;
	for (const spec of eventColumns) {
		const length = row.readInt32BE(at);
		at += 4;
		if (length === -1) {
			values.push(null);
			continue;
		}
		const value = row.subarray(at, at + length);
		at += length;
		if (spec.type === 'int') values.push(value.readInt32BE(0));
		else if (spec.type === 'float') values.push(value.readDoubleBE(0));
		else if (spec.type === 'epoch_ms') values.push(`${value.readBigInt64BE(0)} µs`);
		else values.push(value.toString('utf8'));
	}
	assert.equal(at, row.length, 'the row ends where its last value does');
	return values;
}

function assertSameRow(fast: Buffer, full: Buffer, context: string): void {
	assert.deepEqual(binaryValues(fast), binaryValues(full), context);
	assert.ok(fast.equals(full), `${context}: same bytes`);
}

/** What the full path makes of one line (as binary on the wire), or undefined when it rejects it. */
function fullRow(line: string): {row: Buffer | undefined; repaired: number} {
	const tally = newRepairTally();
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return {row: undefined, repaired: 0};
	}
	const text = createRowEncoder(defaultEventKeys, eventColumns, tally).encode(value);
	if (text === undefined) return {row: undefined, repaired: tally.values};
	const out = Buffer.alloc(maxBinaryRowBytes(text, eventColumns.length));
	return {row: out.subarray(0, textRowToBinary(text, eventColumns, out, 0)), repaired: tally.values};
}

/** What the fast path makes of one line, or undefined when it hands the line on. */
function fastRow(line: string | Buffer): {row: Buffer | undefined; repaired: number} {
	const tally = newRepairTally();
	const encoder = createFastRowEncoder(defaultEventKeys, eventColumns, tally)!;
	const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
	const out = Buffer.alloc(maxRowBytes(bytes.length, eventColumns.length));
	const end = encoder.encode(bytes, 0, bytes.length, out, 0);
	return {row: end === -1 ? undefined : out.subarray(0, end), repaired: tally.values};
}

function linesOf(files: readonly string[]): string[] {
	return files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')).filter((line) => line.trim().length > 0);
}

const sampleLines = linesOf(jsonFiles(path.join(sampleData, 'log_data')));

test('on the real sample, the fast path takes almost every line and writes what the full path writes', () => {
	let taken = 0;
	for (const [index, line] of sampleLines.entries()) {
		const fast = fastRow(line);
		if (fast.row === undefined) continue;
		taken++;
		const full = fullRow(line);
		assert.ok(full.row !== undefined, `line ${index}: the fast path took a line the full path rejects`);
		assertSameRow(fast.row, full.row, `sample line ${index}`);
		assert.equal(fast.repaired, full.repaired, `sample line ${index}: repairs counted`);
	}
	// Only the odd line (none in the sample today) should need the full path.
	assert.ok(taken / sampleLines.length > 0.99, `the fast path took ${taken} of ${sampleLines.length} lines`);
});

test("the sample's double-encoded names are repaired on the fast path, and counted", () => {
	const mojibake = sampleLines.filter((line) => line.includes('\\u00c3'));
	assert.ok(mojibake.length > 10);
	let repaired = 0;
	for (const line of mojibake) {
		const fast = fastRow(line);
		assert.ok(fast.row !== undefined);
		const names = binaryValues(fast.row)
			.filter((value) => typeof value === 'string')
			.join(' ');
		assert.ok(!names.includes('Ã'), `still mojibake: ${names.slice(0, 80)}`);
		repaired += fast.repaired;
	}
	assert.equal(
		repaired,
		mojibake.reduce((sum, line) => sum + fullRow(line).repaired, 0),
	);
});

test('generated data goes the same way through both paths, file by file, with the same repairs', async () => {
	const out = makeTempDir('fast-generated');
	await generateDataset({out, songs: 60, events: 4000, seed: 11}, () => {}, new AbortController().signal);
	const files = jsonFiles(path.join(out, 'log_data'));
	const run = (fastPath: boolean) => {
		const tally = newRepairTally();
		const batches: Buffer[] = [];
		const rejected: LoadError[] = [];
		const producer = new RowProducer(
			defaultEventKeys,
			eventColumns,
			'lines',
			tally,
			{batch: (bytes) => batches.push(Buffer.from(bytes)), rejected: (error) => rejected.push(error)},
			fastPath,
		);
		for (const file of files) {
			producer.startFile(file);
			const bytes = fs.readFileSync(file);
			// Odd chunk sizes, so lines straddle chunks.
			for (let at = 0; at < bytes.length; at += 4093) producer.push(bytes.subarray(at, at + 4093));
			producer.endFile();
		}
		producer.flush();
		return {bytes: Buffer.concat(batches), rows: producer.rows, rejected, tally};
	};
	const fast = run(true);
	const full = run(false);
	assert.ok(fast.rows >= 4000);
	assert.equal(fast.rows, full.rows);
	assert.deepEqual(fast.rejected, full.rejected);
	assert.deepEqual(fast.tally, full.tally);
	assert.ok(fast.bytes.equals(full.bytes), 'the same binary rows');
});

/** One real event, as the bucket writes it, to vary field by field. */
const base = sampleLines.find((line) => line.includes('"NextSong"') && line.includes('\\/'))!;
const baseRecord = JSON.parse(base) as Record<string, unknown>;
const withField = (key: string, json: string) => {
	const parts = Object.entries(baseRecord).map(([name, value]) => `${JSON.stringify(name)}:${name === key ? json : JSON.stringify(value)}`);
	return `{${parts.join(',')}}`;
};

// Mojibake made the way it happens: UTF-8 read as Latin-1 or as Windows-1252, written again.
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const asCp1252 = (text: string) => new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));
const mangled = [
	asLatin1('Björk'),
	asLatin1(asLatin1('Björk')),
	asLatin1(asLatin1(asLatin1('Tvárí v Tvár'))),
	asCp1252('Don’t Stop'),
	asCp1252(asCp1252('Génération — “live”')),
	asLatin1('🎵 東京'),
	'Ã',
	'Ã© and €',
	'Ã©\u2015',
	'naïve',
].flatMap((text) => [JSON.stringify(text), JSON.stringify(text).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)]);

const oddValues = [
	...mangled,
	'null',
	'""',
	'" "',
	'0',
	'-0',
	'-1',
	'1.5',
	'-0.5',
	'1e3',
	'1E-2',
	'2147483647',
	'2147483648',
	'-2147483648',
	'-2147483649',
	'12345678901',
	'253402300799999',
	'253402300800000',
	'"12"',
	'"007"',
	'"-3"',
	'"1.5"',
	'"abc"',
	'true',
	'false',
	'[]',
	'{}',
	'{"a":1}',
	'"tab\\there"',
	'"new\\nline"',
	'"cr\\rhere"',
	'"back\\\\slash"',
	'"quote\\"d"',
	'"sl\\/ash"',
	'"\\b\\f"',
	'"\\u00e9t\\u00e9"',
	'"Bj\\u00c3\\u00b6rk"',
	'"Bj\\u00c3\\u0083\\u00c2\\u00b6rk"',
	'"Björk"',
	'"BjÃ¶rk"',
	'"東京"',
	'"\\ud83c\\udfb5"',
	'"\\ud800"',
	'"\\u0000"',
	'"\\x"',
	'"unterminated',
	'01',
	'1.',
	'.5',
	'-',
	'+1',
	'NaN',
	'nul',
	'"\\u00"',
];

test('every odd value in every field: the fast path writes what the full path writes, or hands the line on', () => {
	let handedOn = 0;
	let taken = 0;
	for (const key of Object.keys(baseRecord)) {
		for (const value of oddValues) {
			const line = withField(key, value);
			const fast = fastRow(line);
			// Names, mangled or not, are the fast path's to repair, not to hand on.
			if (mangled.includes(value) && (key === 'artist' || key === 'song')) assert.ok(fast.row !== undefined, `${key}: ${value} was handed on`);
			if (fast.row === undefined) {
				handedOn++;
				continue;
			}
			taken++;
			const full = fullRow(line);
			assert.ok(full.row !== undefined, `${key}: ${value} was taken by the fast path but the full path rejects it`);
			assertSameRow(fast.row, full.row, `${key}: ${value}`);
			assert.equal(fast.repaired, full.repaired, `${key}: ${value}: repairs counted`);
		}
	}
	// Both kinds happen: the corpus exercises the fast path and the hand-over.
	assert.ok(taken > 200 && handedOn > 200, `taken ${taken}, handed on ${handedOn}`);
});

test('decimals of every length and scale arrive as the double Number() reads', () => {
	// A fixed-seed generator, so a failure is reproducible.
	let state = 12345;
	const next = (limit: number) => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state % limit;
	};
	for (let trial = 0; trial < 3000; trial++) {
		const digits = 1 + next(19);
		let text = String(1 + next(9));
		for (let index = 1; index < digits; index++) text += String(next(10));
		const scale = next(digits + 1);
		let decimal = scale === 0 ? text : `${text.slice(0, digits - scale) || '0'}.${text.slice(digits - scale)}`;
		if (next(4) === 0) decimal = `-${decimal}`;
		const line = withField('length', decimal);
		const fast = fastRow(line);
		assert.ok(fast.row !== undefined, decimal);
		assert.equal(binaryValues(fast.row)[6], Number(decimal) + 0, decimal);
	}
});

test('odd shapes of a whole line are handed to the full path, which decides', () => {
	const reordered = `{${Object.entries(baseRecord)
		.reverse()
		.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
		.join(',')}}`;
	const spaced = JSON.stringify(baseRecord, null, 1).replace(/\n/g, ' ');
	const extra = base.replace(/^\{/, '{"extra":"x","more":12.5,');
	// Lines the fast path must take, and write as the full path does.
	for (const line of [reordered, spaced, extra, `  ${base}  `, `${base}\r`]) {
		const fast = fastRow(line);
		assert.ok(fast.row !== undefined, `not taken: ${line.slice(0, 60)}`);
		assertSameRow(fast.row, fullRow(line).row!, line.slice(0, 40));
	}
	const {userId: _dropped, ...withoutUser} = baseRecord;
	const handedOn = [
		'',
		'   ',
		'[1,2]',
		'"text"',
		'42',
		'null',
		'{}',
		base.slice(0, -1),
		`${base}x`,
		`${base},`,
		base.replace('{', '{{'),
		JSON.stringify(withoutUser),
		base.replace(/^\{/, '{"userId":"5",'),
		base.replace(/^\{/, '{"extra":{"nested":1},'),
		base.replace(/^\{/, '{"extra":true,'),
		base.replace(/^\{/, '{"art\\u0069st":"x",'),
		base.replace('"page":', '"page" '),
		base.replace(/,"auth"/, ' "auth"'),
	];
	for (const line of handedOn) assert.equal(fastRow(line).row, undefined, `taken: ${line.slice(0, 60)}`);
});

test('bytes that are not well-formed UTF-8 are handed on: the full path decodes them as the whole line is', () => {
	const invalid = [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0x80], [0xe2, 0x82], [0xff], [0xc3]];
	const [before, after] = withField('artist', '"Bj@rk"').split('@') as [string, string];
	for (const sequence of invalid) {
		const line = Buffer.concat([Buffer.from(before), Buffer.from(sequence), Buffer.from(after)]);
		assert.equal(fastRow(line).row, undefined, `taken: ${Buffer.from(sequence).toString('hex')}`);
	}
	// And the well-formed neighbours of those sequences are taken.
	for (const sequence of [
		[0xed, 0x9f, 0xbf],
		[0xc2, 0x80],
		[0xe0, 0xa0, 0x80],
		[0xf4, 0x8f, 0xbf, 0xbf],
		[0xf0, 0x90, 0x80, 0x80],
	]) {
		const line = Buffer.concat([Buffer.from(before), Buffer.from(sequence), Buffer.from(after)]);
		const fast = fastRow(line);
		assert.ok(fast.row !== undefined, `handed on: ${Buffer.from(sequence).toString('hex')}`);
		assertSameRow(fast.row, fullRow(line.toString('utf8')).row!, Buffer.from(sequence).toString('hex'));
	}
});

test('a required field that is empty or null is left to the full path, which rejects it', () => {
	for (const value of ['null', '""']) {
		const line = withField('ts', value);
		assert.equal(fastRow(line).row, undefined);
		assert.equal(fullRow(line).row, undefined);
	}
});

test('a record that breaks a record rule is handed on, and the full path rejects it; one that keeps them is taken', () => {
	const baseIsNextSong = (baseRecord as Record<string, unknown>).page === 'NextSong';
	assert.ok(baseIsNextSong, 'the base record is a play');
	const breaking = [
		withField('userId', '"008"'),
		withField('userId', '"0"').replace('"0"', '"00"'),
		withField('level', '"gold"'),
		withField('level', 'null'),
		withField('sessionId', 'null'),
		withField('level', '"fr\\u0065e"'),
	];
	for (const line of breaking) {
		assert.equal(fastRow(line).row, undefined, `taken: ${line.slice(0, 80)}`);
	}
	for (const line of breaking.slice(0, 5)) assert.equal(fullRow(line).row, undefined, `accepted by the full path: ${line.slice(0, 80)}`);
	const keeping = [withField('userId', '"0"'), withField('page', '"Home"').replace('"sessionId":', '"sessionId":null,"x":'), withField('page', 'null')];
	for (const line of keeping) {
		const fast = fastRow(line);
		assert.ok(fast.row !== undefined, `handed on: ${line.slice(0, 80)}`);
		assertSameRow(fast.row, fullRow(line).row!, line.slice(0, 40));
	}
});
