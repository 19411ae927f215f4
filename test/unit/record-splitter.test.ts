// The one splitter of the loader and the profiler: records by line when a line is one object,
// objects across lines when it is not (as Redshift's JSON COPY reads a file), a byte order
// mark skipped, and every record joined at most once however many chunks it spans.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RecordSplitter, valuesIn} from '../../source/etl/record-splitter.js';

type Found = {line: number; text: string} | {line: number; rejected: string};

function split(input: Buffer | string, chunkSize = Number.POSITIVE_INFINITY, limit?: number): {found: Found[]; joins: number} {
	const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
	const found: Found[] = [];
	const splitter = new RecordSplitter(
		{
			record: (buffer, start, end, line) => found.push({line, text: buffer.toString('utf8', start, end)}),
			rejected: (line, reason) => found.push({line, rejected: reason}),
		},
		limit,
	);
	splitter.startFile();
	const size = Math.min(chunkSize, Math.max(1, bytes.length));
	for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
	splitter.end();
	return {found, joins: splitter.joins};
}

/** The same records whatever the chunking, down to one byte at a time. */
function splitAnyhow(input: Buffer | string): Found[] {
	const whole = split(input).found;
	for (const size of [1, 2, 3, 7]) assert.deepEqual(split(input, size).found, whole, `chunks of ${size}`);
	return whole;
}

const a = '{"a":1}';
const b = '{"b":"two"}';

test('one object per line; CRLF, blank lines and a missing last newline change nothing', () => {
	assert.deepEqual(splitAnyhow(`${a}\n${b}`), [
		{line: 1, text: a},
		{line: 2, text: b},
	]);
	assert.deepEqual(splitAnyhow(`${a}\r\n\r\n  \n${b}\r\n`), [
		{line: 1, text: a},
		{line: 4, text: b},
	]);
	assert.deepEqual(splitAnyhow('\n\n   \n'), []);
	assert.deepEqual(splitAnyhow(''), []);
});

test('a UTF-8 byte order mark is skipped; a UTF-16 one rejects the file at line 1', () => {
	assert.deepEqual(splitAnyhow(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${a}\n${b}`)])), [
		{line: 1, text: a},
		{line: 2, text: b},
	]);
	const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${a}\n`, 'utf16le')]);
	const found = splitAnyhow(utf16);
	assert.equal(found.length, 1);
	assert.match((found[0] as {rejected: string}).rejected, /UTF-16/);
	// A short file is judged at its end.
	assert.deepEqual(splitAnyhow('{}'), [{line: 1, text: '{}'}]);
});

test('an object spanning lines is one record, numbered by its first line; reading by lines resumes after it', () => {
	const pretty = JSON.stringify({a: 1, nested: {b: [1, 2, {c: '}{'}]}, s: 'x\\"}'}, null, 2);
	const found = splitAnyhow(`${a}\n${pretty}\n${b}\n`);
	assert.deepEqual(found, [
		{line: 1, text: a},
		{line: 2, text: pretty},
		{line: 2 + pretty.split('\n').length, text: b},
	]);
	// Two pretty objects back to back, and an array over lines.
	const two = splitAnyhow(`${pretty}\n${pretty}`);
	assert.equal(two.length, 2);
	assert.deepEqual(splitAnyhow('[\n1,\n2\n]\n{"x":0}'), [
		{line: 1, text: '[\n1,\n2\n]'},
		{line: 5, text: '{"x":0}'},
	]);
});

test('a value cut short is one broken record, and the next line is read afresh', () => {
	const found = splitAnyhow(`{"artist": "Broken", "auth": "Logged In"\n${a}\n{"open": {\n  "deep": 1\n${b}\n`);
	assert.deepEqual(found, [
		{line: 1, text: '{"artist": "Broken", "auth": "Logged In"'},
		{line: 2, text: a},
		{line: 3, text: '{"open": {\n  "deep": 1'},
		{line: 5, text: b},
	]);
	// A string that runs into a newline ends its record there.
	assert.deepEqual(splitAnyhow(`{"a": "no end\n${b}`), [
		{line: 1, text: '{"a": "no end'},
		{line: 2, text: b},
	]);
	// An unclosed object at the end of the file is handed on as it is.
	assert.deepEqual(splitAnyhow('{"a": [1,\n2'), [{line: 1, text: '{"a": [1,\n2'}]);
});

test('several values on one line are found on request; text that is no JSON goes to the parser as it is', () => {
	const line = Buffer.from(`${a} ${b}`);
	assert.deepEqual(splitAnyhow(line), [{line: 1, text: `${a} ${b}`}]);
	assert.deepEqual(
		valuesIn(line, 0, line.length)?.map(([from, to]) => line.toString('utf8', from, to)),
		[a, b],
	);
	const broken = Buffer.from(`${a} x`);
	assert.equal(valuesIn(broken, 0, broken.length), undefined);
	assert.equal(valuesIn(Buffer.from(a), 0, a.length), undefined);
	assert.deepEqual(splitAnyhow('not json\n42\n'), [
		{line: 1, text: 'not json'},
		{line: 2, text: '42'},
	]);
	assert.deepEqual(splitAnyhow('[1,2] junk\n{"x":1}'), [
		{line: 1, text: '[1,2]'},
		{line: 1, text: 'junk'},
		{line: 2, text: '{"x":1}'},
	]);
});

test('a value over the limit is reported, not kept; the records around it are read', () => {
	const big = `{"a":"${'x'.repeat(100)}"}`;
	const found = split(`${a}\n${big}\n${b}`, 16, 64).found;
	assert.deepEqual(found[0], {line: 1, text: a});
	assert.equal(found[1]!.line, 2);
	assert.match((found[1] as {rejected: string}).rejected, /JSON value of 108 bytes, more than the limit of 64/);
	assert.deepEqual(found[2], {line: 3, text: b});
});

test('a 50 MB line in 1 MiB chunks is joined once: reading it is linear in its length', () => {
	const long = Buffer.alloc(50 << 20, 0x61);
	long[0] = openBraceByte;
	long[long.length - 1] = closeBraceByte;
	const {found, joins} = split(long, 1 << 20, 64 << 20);
	assert.equal(found.length, 1);
	assert.equal((found[0] as {text: string}).text.length, long.length);
	assert.equal(joins, 1);
	// And the same line across lines, as one object, also once.
	const spanning = Buffer.from(`{"a":\n"${'y'.repeat(3 << 20)}"\n}`);
	const object = split(spanning, 1 << 16, 64 << 20);
	assert.equal(object.found.length, 1);
	assert.equal(object.joins, 1);
});

const openBraceByte = 123;
const closeBraceByte = 125;
