// `sparkify-dwh --source DIR` with no command: the app opens with that data for its loads.
// The command line keeps it (and only it: other command options still need a command).

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCommandLine} from '../../source/cli/args.js';

/** The data the app is opened with, from a command line that names no command. */
function sessionSource(argv: readonly string[]): string | undefined {
	const parsed = parseCommandLine(argv, {});
	assert.equal(parsed.command, undefined);
	return parsed.command === undefined ? parsed.source : undefined;
}

test('--source with no command is the app with that data; a path keeps its spaces', () => {
	assert.deepEqual(parseCommandLine(['--source', '/data/my sparkify '], {}), {command: undefined, global: parseCommandLine([], {}).global, source: '/data/my sparkify '});
	assert.equal(sessionSource(['--plain', '--source=s3://bucket/prefix']), 's3://bucket/prefix');
	assert.equal(sessionSource([]), undefined, 'none given, none kept');
	assert.equal(sessionSource(['--source', '']), undefined, 'an empty one is none');
});

test('other command options still need a command', () => {
	assert.throws(() => parseCommandLine(['--cluster-id', 'dwh'], {}), /--cluster-id goes with a command/);
	assert.throws(() => parseCommandLine(['--max-errors', '3'], {}), /--max-errors goes with a command/);
});
