// The Ink screens draw text from the data (a step's detail, a rejected record, a file name in
// an error) without ever passing on what would drive the terminal: the real App, fed through
// the real Ink front end, with a record that tries to retitle and clear the terminal, a NUL and
// a right-to-left override. Ink's own colour codes are its drawing; the data's are not allowed.

import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import {createUiStore} from '../../source/ui/store.js';
import {commandCall, fakeActions, type Behaviour} from './fake-actions.js';
import {screen, tick} from './ink-helpers.js';

afterEach(() => cleanup());

const hostile = 'x\u001b]0;pwned\u0007\u001b[2J\u0000\u202ey';

const hostileLoad: Behaviour = (_argv, {front}) => {
	front.report({type: 'step', step: 'etl', status: 'running', title: 'Load'});
	front.report({type: 'progress', step: 'etl', task: `staging_events ${hostile}`, state: 'running', unit: 'rows', done: 1, total: 2, counters: {}, elapsedMs: 5});
	front.report({type: 'log', step: 'etl', level: 'warn', message: `rejected: ${hostile}`});
	front.report({type: 'step', step: 'etl', status: 'failed', title: 'Load', detail: `bad record ${hostile}`});
	// A system error on a file whose name came from the source: translated, then escaped.
	front.failure(Object.assign(new Error('EACCES'), {code: 'EACCES', syscall: 'open', path: `/data/${hostile}.json`}), '/tmp/dwh.log');
	return 1;
};

test('App: a hostile record and file name are drawn as visible escapes, never acted on', async () => {
	const store = createUiStore();
	const actions = fakeActions(store, {behaviours: {etl: hostileLoad}});
	const exits: number[] = [];
	const instance = render(<App actions={actions} store={store} command={commandCall(['etl'])} onExit={(code) => exits.push(code)} />);
	const deadline = Date.now() + 2000;
	while (!/Permission denied/.test(instance.frames.join('\n')) && Date.now() < deadline) await tick();
	const drawn = instance.frames.join('\n');
	assert.match(drawn, /Permission denied: .+ may not open \/data\/x\\u001b\]0;pwned\\u0007\\u001b\[2J\\u0000\\u202ey\.json\./);
	assert.doesNotMatch(drawn, /a bug/);
	// Nothing of the data's own control text: no OSC (title), no clear screen, no BEL, NUL or bidi override.
	assert.doesNotMatch(drawn, /\u001b\]|\u001b\[2J|[\u0000\u0007\u202a-\u202e\u2066-\u2069]/);
	assert.match(screen(instance) + drawn, /bad record x\\u001b/);
});
