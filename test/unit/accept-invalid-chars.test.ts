// --accept-invalid-chars [C]: parsed like Redshift's ACCEPTINVCHARS (the character optional,
// "?" by default), and applied per invalid byte, counted; without it such a record is refused.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCommandLine} from '../../source/cli/args.js';
import {UserError} from '../../source/core/errors.js';
import {decodeRecord, replaceLoneSurrogates} from '../../source/etl/record-rules.js';

/** `etl` with these flags, parsed: etl takes --accept-invalid-chars. */
function etl(...flags: string[]) {
	const parsed = parseCommandLine(['etl', ...flags]);
	assert.ok(parsed.command === 'etl');
	return parsed;
}

test('the flag takes its character optionally, and only one printable ASCII character', () => {
	assert.equal(etl().input.acceptInvalidChars, undefined);
	assert.equal(etl('--accept-invalid-chars').input.acceptInvalidChars, '?');
	assert.equal(etl('--accept-invalid-chars', '--yes').input.acceptInvalidChars, '?');
	assert.equal(etl('--accept-invalid-chars', '_', '--yes').global.yes, true);
	assert.equal(etl('--accept-invalid-chars', '_').input.acceptInvalidChars, '_');
	assert.equal(etl('--accept-invalid-chars=#').input.acceptInvalidChars, '#');
	for (const bad of ['--accept-invalid-chars=ab', '--accept-invalid-chars=é', '--accept-invalid-chars=\t']) {
		assert.throws(
			() => parseCommandLine(['etl', bad]),
			(error: unknown) => error instanceof UserError && error.code === 'usage',
		);
	}
});

test('invalid UTF-8 is refused without the option, and replaced byte by byte with it', () => {
	const bytes = Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xe2, 0x82]), Buffer.from('y'), Buffer.from([0xff]), Buffer.from('é"}')]);
	const tally = {invalidChars: 0};
	const refused = decodeRecord(bytes, 0, bytes.length, {}, tally);
	assert.equal(refused.ok, false);
	if (!refused.ok) assert.match(refused.reason, /byte 8 of the record: 0xe2/);
	const replaced = decodeRecord(bytes, 0, bytes.length, {acceptInvalidChars: '?'}, tally);
	assert.deepEqual(replaced, {ok: true, text: '{"a":"x??y?é"}'});
	assert.equal(tally.invalidChars, 3);
	// A U+FFFD that was in the source is text, not a replacement.
	const honest = Buffer.from('{"a":"\ufffd"}');
	assert.deepEqual(decodeRecord(honest, 0, honest.length, {}, tally), {ok: true, text: '{"a":"\ufffd"}'});
	assert.equal(replaceLoneSurrogates('a\ud800b\udc00c\ud83d\ude00', '_', tally), 'a_b_c\ud83d\ude00');
	assert.equal(tally.invalidChars, 5);
});
