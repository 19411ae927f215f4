// Starts the Ink app on the terminal: the wizard or menu when no command was given, or one
// command drawn live. Loaded only for interactive terminals, so scripts never pay for React.

import fs from 'node:fs';
import {render} from 'ink';
import type {Context} from '../core/context.js';
import type {AppProps} from '../ui/app.js';
import {App} from '../ui/app.js';
import {createUiStore} from '../ui/store.js';
import {createActions} from './actions.js';
import {ReflowSafeStdout, terminalRewraps} from './reflow-safe-stdout.js';

/** `source`: the data given with `sparkify-dwh --source` (no command), which the app's loads read this session. */
export async function startInteractive(ctx: Context, options: {command?: AppProps['command']; yes: boolean; source?: string}): Promise<number> {
	const store = createUiStore();
	// Settings to read: conf loads now. A first run has none, and its first frame does not wait for conf.
	const settingsModule = fs.existsSync(ctx.paths.settings) ? await import('../config/settings.js') : undefined;
	const actions = createActions(ctx, store, {yes: options.yes, fromCommandLine: options.command !== undefined, ...(settingsModule ? {settingsModule} : {})});
	let code = 0;
	const given = {...(options.command ? {command: options.command} : {}), ...(options.source ? {sessionSource: options.source} : {})};
	const stdout = new ReflowSafeStdout(process.stdout, terminalRewraps(ctx.env));
	const app = render(<App actions={actions} store={store} {...given} onExit={(exitCode) => (code = exitCode)} />, {
		// Ctrl-C belongs to the app: the first press cancels the running step.
		exitOnCtrlC: false,
		// Progress moves ten times a second at most; drawing faster only costs the load CPU
		// (the terminal's as well as ours). Only changed lines are rewritten.
		maxFps: 10,
		incrementalRendering: true,
		// Ink takes the terminal's stream; this one is it, with the erase after a narrowing mended.
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: process.stdin,
	});
	// For the benchmark: when the first frame was on the screen, in ms since the process began.
	const frameFile = ctx.env.SPARKIFY_DWH_FIRST_FRAME_FILE;
	if (frameFile) setImmediate(() => fs.writeFileSync(frameFile, performance.now().toFixed(0)));
	try {
		await app.waitUntilExit();
	} finally {
		stdout.detach();
	}
	return code;
}
