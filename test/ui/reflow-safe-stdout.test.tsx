// The stream between Ink and the terminal that erases the live frame by the rows it takes after
// the terminal rewraps it (interactive/reflow-safe-stdout.ts), and the model of the terminal's
// last lines it counts them with (interactive/terminal-tail.ts). Ink renders for real here,
// into a terminal that keeps its screen as a grid and rewraps it when it narrows, as tmux does.

import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, test} from 'node:test';
import {Box, render, Text} from 'ink';
import {ReflowSafeStdout, reflowedErase, terminalRewraps} from '../../source/interactive/reflow-safe-stdout.js';
import {cellsOf, TerminalTail} from '../../source/interactive/terminal-tail.js';

/**
 * A terminal good enough for Ink's output: a list of logical lines with the cursor on one of
 * them, where the screen shows each line over as many rows as its width needs. Cursor-up moves
 * by rows, as a real terminal does, so a line wider than the screen costs more than one step.
 */
class ReflowingTerminal extends EventEmitter {
	columns: number;
	rows = 24;
	readonly isTTY = true;
	/** Rows as the terminal holds them: text, and whether the row goes on from the one above. */
	private grid: {text: string; continued: boolean}[] = [{text: '', continued: false}];
	private row = 0;
	private column = 0;
	/** Every chunk written, to look at the sequences. */
	readonly chunks: string[] = [];

	constructor(columns: number) {
		super();
		this.columns = columns;
	}

	write(chunk: string | Uint8Array): boolean {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		this.chunks.push(text);
		const pattern = /\u001B\[([0-9;?]*)([A-Za-z])|\n|\r|[^\u001B\n\r]/gu;
		for (const match of text.matchAll(pattern)) {
			const [whole, parameters = '', final] = match;
			if (whole === '\n') this.moveTo(this.row + 1, 0);
			else if (whole === '\r') this.column = 0;
			else if (final) this.control(final, parameters);
			else this.print(whole);
		}
		return true;
	}

	/** Narrows the screen the way tmux does: each row wider than the new width goes on below. */
	narrowTo(columns: number): void {
		const lines = this.logicalLines();
		const cursorLine = this.grid.slice(0, this.row + 1).filter((row) => !row.continued).length - 1;
		this.columns = columns;
		this.grid = [];
		for (const [index, line] of lines.entries()) {
			if (index === cursorLine) this.row = this.grid.length;
			const parts = line.match(new RegExp(`.{1,${columns}}`, 'gu')) ?? [''];
			for (const [partIndex, part] of parts.entries()) this.grid.push({text: part, continued: partIndex > 0});
		}
		this.column = 0;
		this.emit('resize');
	}

	/** What the screen shows, one row a line, trailing blank rows left out. */
	screen(): string {
		return this.grid
			.map((row) => row.text.trimEnd())
			.join('\n')
			.trimEnd();
	}

	private logicalLines(): string[] {
		const lines: string[] = [];
		for (const row of this.grid) {
			if (row.continued && lines.length > 0) lines[lines.length - 1] += row.text;
			else lines.push(row.text);
		}
		return lines;
	}

	private moveTo(row: number, column = this.column): void {
		this.row = Math.max(0, row);
		while (this.grid.length <= this.row) this.grid.push({text: '', continued: false});
		this.column = column;
	}

	private print(character: string): void {
		const current = this.grid[this.row] as {text: string};
		current.text = current.text.padEnd(this.column, ' ');
		current.text = current.text.slice(0, this.column) + character + current.text.slice(this.column + 1);
		this.column++;
	}

	private control(final: string, parameters: string): void {
		if (parameters.startsWith('?') || final === 'm') return;
		const count = Math.max(1, Number.parseInt(parameters || '1', 10));
		const current = this.grid[this.row] as {text: string};
		if (final === 'A') this.moveTo(this.row - count);
		else if (final === 'B') this.moveTo(this.row + count);
		else if (final === 'E') this.moveTo(this.row + count, 0);
		else if (final === 'G') this.column = count - 1;
		else if (final === 'K' && parameters === '2') current.text = '';
		else if (final === 'K') current.text = current.text.slice(0, this.column);
		else if (final === 'J') {
			current.text = current.text.slice(0, this.column);
			this.grid.length = this.row + 1;
		}
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function Frame({lines}: {lines: string[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line) => (
				<Text key={line}>{line}</Text>
			))}
		</Box>
	);
}

const wideFrame = ['⠋ Load the data and build the star schema… 1 s', `  staging_events  ${'█'.repeat(30)}${'░'.repeat(30)} 66 MB / 143 MB`, '○ Check data quality'];

async function drawThenNarrow(rewraps: boolean): Promise<ReflowingTerminal> {
	const terminal = new ReflowingTerminal(100);
	terminal.write('$ sparkify-dwh run\n');
	const stdout = new ReflowSafeStdout(terminal, rewraps);
	const app = render(<Frame lines={wideFrame} />, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		patchConsole: false,
		exitOnCtrlC: false,
		// Drawn live even under CI, where Ink would otherwise write only the last frame.
		interactive: true,
	});
	await sleep(50);
	terminal.narrowTo(60);
	app.rerender(<Frame lines={['⠙ Load… 2 s', '  staging_events  ██░░ 70 MB', '○ Check data quality']} />);
	await sleep(50);
	app.unmount();
	stdout.detach();
	return terminal;
}

describe('erasing the live frame after the terminal narrows', () => {
	test('the rewrapped frame is erased whole, and the line above it is kept', async () => {
		const terminal = await drawThenNarrow(true);
		assert.ok(terminal.chunks.includes('\r\u001B[4A\u001B[J'), 'the frame erased by its rows at 60 columns: 1 + 2 + 1');
		assert.equal(terminal.screen(), ['$ sparkify-dwh run', '⠙ Load… 2 s', '  staging_events  ██░░ 70 MB', '○ Check data quality'].join('\n'));
	});

	test("Ink's own erase by lines (a terminal that does not rewrap) leaves the rewrapped frame's top behind", async () => {
		// This is what the stream mends: the same run, with the mending off.
		const terminal = await drawThenNarrow(false);
		assert.match(terminal.screen(), /⠋ Load the data/);
	});

	test('the erase goes up the rows the frame takes at the new width', () => {
		assert.equal(reflowedErase([46, 80, 20], 0, 60), '\r\u001B[4A\u001B[J');
		assert.equal(reflowedErase([0, 121], 0, 60), '\r\u001B[4A\u001B[J', 'an empty line is a row; 121 cells are 3 rows');
		assert.equal(reflowedErase([], 70, 60), '\r\u001B[1A\u001B[J', 'the cursor on a line that wrapped');
		assert.equal(reflowedErase([], 0, 60), '\r\u001B[J');
	});

	test('only an erase while Ink answers a narrowing is replaced; every other write goes through as written', () => {
		const terminal = new ReflowingTerminal(80);
		const stdout = new ReflowSafeStdout(terminal, true);
		const eraseThree = '\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G';
		stdout.write(`${'x'.repeat(80)}\n${'y'.repeat(10)}\n`);
		stdout.write(eraseThree);
		assert.equal(terminal.chunks.at(-1), eraseThree, 'no resize: as written');
		stdout.write(`${'x'.repeat(80)}\n${'y'.repeat(10)}\n`);
		stdout.on('resize', () => stdout.write(eraseThree));
		terminal.columns = 100;
		terminal.emit('resize');
		assert.equal(terminal.chunks.at(-1), eraseThree, 'wider: nothing rewraps');
		stdout.write(`${'x'.repeat(80)}\n${'y'.repeat(10)}\n`);
		terminal.narrowTo(40);
		assert.equal(terminal.chunks.at(-1), '\r\u001B[3A\u001B[J', '80 cells at 40 columns are 2 rows, and 10 cells 1');
		stdout.detach();
		assert.equal(terminal.listenerCount('resize'), 0, 'detached from the terminal');
	});

	test('xterm keeps its lines cut when it narrows; other terminals rewrap', () => {
		assert.equal(terminalRewraps({XTERM_VERSION: 'XTerm(390)'}), false);
		assert.equal(terminalRewraps({XTERM_VERSION: 'XTerm(390)', TMUX: '/tmp/tmux-0/default,1,0'}), true, 'tmux inside xterm rewraps');
		assert.equal(terminalRewraps({TERM_PROGRAM: 'iTerm.app'}), true);
	});
});

describe("the model of the terminal's last lines", () => {
	test('follows text, line feeds and the cursor moves and erases Ink writes', () => {
		const tail = new TerminalTail();
		tail.write('static\n\u001B[?25lone\ntwo three\nfour\n');
		assert.deepEqual(tail.widthsAbove(3), [3, 9, 4]);
		// Ink's incremental update: up three lines, to column 5, erase to the end, new text.
		tail.write('\u001B[3A\u001B[E\u001B[5G\u001B[Kx\n\u001B[E');
		assert.deepEqual(tail.widthsAbove(3), [3, 5, 4]);
		tail.write('\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G');
		assert.deepEqual(tail.cursor(), {row: 1, column: 0});
		assert.deepEqual(tail.widthsAbove(1), [6], 'erased back to the line under "static"');
		tail.write('\u001B[J');
		tail.write('a\u001B[31mred\u001B[39m \u001B]8;;https://example.com\u0007link\u001B]8;;\u0007\n');
		assert.deepEqual(tail.widthsAbove(1), [9], 'colours and links take no cells');
	});

	test('counts cells, not code units', () => {
		const tail = new TerminalTail();
		tail.write('日本語 e\u0301 😀\n');
		assert.deepEqual(tail.widthsAbove(1), [11], 'three wide characters, a combining accent, an emoji');
		assert.equal(cellsOf('日'), 2);
		assert.equal(cellsOf('\u0301'), 0);
		assert.equal(cellsOf('█'), 1);
	});

	test('keeps a bounded number of lines', () => {
		const tail = new TerminalTail();
		tail.write('line\n'.repeat(5000));
		assert.equal(tail.cursor().row, 999, 'a thousand lines, the cursor on the last');
		assert.equal(tail.widthsAbove(5000).length, 999);
	});
});
