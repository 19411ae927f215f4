// A real terminal for end-to-end tests: the program runs in a detached tmux session of a
// fixed size, keys are sent with send-keys and the screen is read with capture-pane.
// CI is removed from the program's environment: Ink draws only the last frame under CI.

import fs from 'node:fs';
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export type Terminal = {
	readonly name: string;
	/** The screen as text, without colours. */
	screen(): string;
	/** The screen and everything scrolled above it. */
	history(): string;
	/** Sends keys (tmux key names such as Enter, Down, C-c, or literal text with `literal`). */
	keys(...keys: string[]): void;
	type(text: string): void;
	/** Waits until the screen matches, or throws with the screen in the message. */
	waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
	/** Waits for the program to exit and returns its exit code. */
	exitCode(timeoutMs?: number): Promise<number>;
	close(): void;
};

export function tmuxAvailable(): boolean {
	return spawnSync('tmux', ['-V']).status === 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function openTerminal(command: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; columns?: number; rows?: number; socket?: string} = {}): Terminal {
	const name = `sparkify-test-${randomBytes(4).toString('hex')}`;
	// A server socket of the test's own (-L): a `tmux kill-server` elsewhere cannot end it.
	const socket = options.socket ?? `sparkify-test-${process.pid}`;
	const tmux = (args: string[], more: Parameters<typeof execFileSync>[2] = {}) => execFileSync('tmux', ['-L', socket, ...args], more);
	const env: NodeJS.ProcessEnv = {...process.env, ...options.env, TERM: 'xterm-256color'};
	delete env.CI;
	const statusFile = `/tmp/${name}.status`;
	// Keep the pane open after the program ends so its last screen can still be read,
	// and record the exit code where the test can find it.
	const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
	const script = `${quoted}; echo $? > ${statusFile}; sleep 600`;
	const envArgs = Object.entries(env).flatMap(([key, value]) => (value === undefined || key.includes('=') ? [] : ['-e', `${key}=${value}`]));
	tmux(
		[
			'new-session',
			'-d',
			'-s',
			name,
			'-x',
			String(options.columns ?? 80),
			'-y',
			String(options.rows ?? 24),
			...envArgs,
			...(options.cwd ? ['-c', options.cwd] : []),
			'bash',
			'-c',
			script,
		],
		{env},
	);
	const terminal: Terminal = {
		name,
		// -J joins lines the terminal wrapped, so a sentence can be matched whole.
		screen: () => String(tmux(['capture-pane', '-p', '-J', '-t', name], {encoding: 'utf8'})),
		// -S -: from the start of the scrollback, where finished lines (Ink's <Static>) go as they scroll up.
		history: () => String(tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', name], {encoding: 'utf8'})),
		keys: (...keys) => void tmux(['send-keys', '-t', name, ...keys]),
		type: (text) => void tmux(['send-keys', '-t', name, '-l', text]),
		async waitFor(pattern, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const screen = terminal.screen();
				if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern} on the screen:\n${screen}`);
				await sleep(100);
			}
		},
		async exitCode(timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				try {
					return Number(fs.readFileSync(statusFile, 'utf8').trim());
				} catch {
					if (Date.now() > deadline) throw new Error(`The program did not exit; its screen:\n${terminal.screen()}`);
					await sleep(100);
				}
			}
		},
		close() {
			spawnSync('tmux', ['-L', socket, 'kill-session', '-t', name]);
			fs.rmSync(statusFile, {force: true});
		},
	};
	return terminal;
}
