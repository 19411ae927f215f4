// The terminal as Ink sees it, with one thing mended: the erase of the live frame when the
// terminal is made narrower.
//
// Ink erases its frame by lines: a frame of N lines is erased by going up N lines. But most
// terminals (tmux, iTerm2, kitty, GNOME Terminal, Windows Terminal, WezTerm) rewrap their
// lines when the window narrows, before the program hears of it: a line of 80 columns becomes
// two rows at 60. Going up N lines then stops inside the old frame, and its top rows stay on
// the screen above the new frame and later in the scrollback: a bar or a spinner left behind.
//
// This stream keeps the text of the lines written last (TerminalTail). When the terminal
// narrows, Ink erases its frame at once, in the resize handler; that erase (and only that one)
// is replaced by going up the rows the frame takes after the rewrap, then erasing down. xterm
// does not rewrap, so there Ink's own erase is right and is left alone.

import {EventEmitter} from 'node:events';
import {TerminalTail} from './terminal-tail.js';

/** What Ink and the app use of a terminal's output stream. */
export interface TerminalOutput {
	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean;
	readonly columns: number;
	readonly rows: number;
	readonly isTTY?: boolean;
	readonly writable?: boolean;
	readonly writableEnded?: boolean;
	readonly destroyed?: boolean;
	on(event: 'resize', listener: () => void): unknown;
	off(event: 'resize', listener: () => void): unknown;
}

// ansi-escapes' eraseLines(n), which Ink writes: n times "erase the line", going up between them.
const eraseLinesPattern = /^(?:\u001B\[2K\u001B\[1A)*\u001B\[2K\u001B\[G$/;

/** Whether the terminal rewraps its lines when it narrows. xterm keeps them cut instead. */
export function terminalRewraps(env: NodeJS.ProcessEnv): boolean {
	return !(env.XTERM_VERSION && !env.TMUX);
}

/**
 * The erase that clears a frame, once rewrapped at `columns`: `widths` are the cells of its lines
 * above the cursor's line, and `cursorColumn` is where the cursor is on its own line.
 */
export function reflowedErase(widths: number[], cursorColumn: number, columns: number): string {
	const rows = widths.reduce((sum, width) => sum + Math.max(1, Math.ceil(width / columns)), Math.floor(cursorColumn / columns));
	return `\r${rows > 0 ? `\u001B[${rows}A` : ''}\u001B[J`;
}

export class ReflowSafeStdout extends EventEmitter {
	private readonly tail = new TerminalTail();
	private columnsBefore: number;
	/** While Ink answers a narrowing: the new width. */
	private narrowedTo: number | undefined;

	constructor(
		private readonly terminal: TerminalOutput,
		private readonly rewraps: boolean,
	) {
		super();
		this.columnsBefore = terminal.columns;
		terminal.on('resize', this.onResize);
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	get isTTY(): boolean {
		return this.terminal.isTTY === true;
	}

	get writable(): boolean {
		return this.terminal.writable !== false;
	}

	get writableEnded(): boolean {
		return this.terminal.writableEnded === true;
	}

	get destroyed(): boolean {
		return this.terminal.destroyed === true;
	}

	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		const written = this.narrowedTo !== undefined && eraseLinesPattern.test(text) ? this.eraseRewrapped(text, this.narrowedTo) : chunk;
		this.tail.write(text);
		return this.terminal.write(written, ...rest);
	}

	/** Stops following the terminal's size (after the app has ended). */
	detach(): void {
		this.terminal.off('resize', this.onResize);
	}

	private eraseRewrapped(eraseLines: string, columns: number): string {
		const lines = eraseLines.split('\u001B[2K').length - 1;
		// The cursor's own line is the last of them (empty when the frame ends with a line feed).
		return reflowedErase(this.tail.widthsAbove(lines - 1), this.tail.cursor().column, columns);
	}

	private readonly onResize = (): void => {
		const columns = this.terminal.columns;
		this.narrowedTo = this.rewraps && columns < this.columnsBefore ? columns : undefined;
		try {
			this.emit('resize');
		} finally {
			this.narrowedTo = undefined;
			this.columnsBefore = columns;
		}
	};
}
