// The last lines written to a terminal, as the terminal holds them: text, line feeds and the
// few cursor and erase sequences Ink writes (up, down, to a column, next line, erase line,
// to the end of the line, down to the end of the screen). Colours and modes are skipped.
// It is kept so that, when the terminal is made narrower, the rows Ink's live frame now takes
// can be counted (see reflow-safe-stdout.ts). Lines are logical lines: what was written
// between two line feeds, however many rows the terminal shows it on.

/** How many lines are kept: far more than any screen is tall. */
const keptLines = 1000;

// Combining marks (variation selectors among them) and the zero-width spaces and joiners.
const zeroWidth = /[\p{Mn}\p{Me}\u200B-\u200F\u2060]/u;
// East Asian wide and fullwidth characters, and emoji shown as pictures: two cells each.
const doubleWidth =
	/[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F680}-\u{1F6FF}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

/** The cells a character takes on a terminal: 0, 1 or 2. */
export function cellsOf(character: string): 0 | 1 | 2 {
	if (zeroWidth.test(character)) return 0;
	return doubleWidth.test(character) ? 2 : 1;
}

export class TerminalTail {
	/** Each line as its cells; a wide character's second cell is ''. */
	private readonly lines: string[][] = [[]];
	private row = 0;
	private column = 0;

	/** Takes what was written to the terminal, escape sequences and all. */
	write(text: string): void {
		let index = 0;
		while (index < text.length) {
			const character = text[index] as string;
			if (character === '\u001B') {
				index = this.escape(text, index);
			} else if (character === '\n') {
				this.lineFeed();
				index++;
			} else if (character === '\r') {
				this.column = 0;
				index++;
			} else if (character === '\b') {
				this.column = Math.max(0, this.column - 1);
				index++;
			} else if (character < ' ' || character === '\u007F') {
				index++;
			} else {
				const codePoint = text.codePointAt(index) as number;
				const printed = String.fromCodePoint(codePoint);
				this.print(printed);
				index += printed.length;
			}
		}
	}

	/** The cells written on each of the `count` lines above the cursor's line, top first. */
	widthsAbove(count: number): number[] {
		const first = Math.max(0, this.row - count);
		return this.lines.slice(first, this.row).map((cells) => cells.length);
	}

	/** The cursor: its line counted from the top of what is kept, and its column. */
	cursor(): {row: number; column: number} {
		return {row: this.row, column: this.column};
	}

	private get line(): string[] {
		return this.lines[this.row] as string[];
	}

	private print(character: string): void {
		const cells = cellsOf(character);
		const line = this.line;
		if (cells === 0) {
			if (this.column > 0) line[this.column - 1] += character;
			return;
		}
		while (line.length < this.column) line.push(' ');
		line[this.column] = character;
		if (cells === 2) line[this.column + 1] = '';
		this.column += cells;
	}

	private lineFeed(): void {
		this.row++;
		this.column = 0;
		if (this.row === this.lines.length) this.lines.push([]);
		if (this.lines.length > keptLines) {
			const dropped = this.lines.length - keptLines;
			this.lines.splice(0, dropped);
			this.row -= dropped;
		}
	}

	private moveTo(row: number): void {
		this.row = Math.max(0, row);
		while (this.lines.length <= this.row) this.lines.push([]);
	}

	/** Reads the escape sequence at `start` and returns where the text goes on after it. */
	private escape(text: string, start: number): number {
		const kind = text[start + 1];
		if (kind === ']') {
			// An operating system command (a link, a title): it ends with BEL or ESC \.
			const bell = text.indexOf('\u0007', start);
			const terminator = text.indexOf('\u001B\\', start + 2);
			const ends = [bell === -1 ? Number.POSITIVE_INFINITY : bell + 1, terminator === -1 ? Number.POSITIVE_INFINITY : terminator + 2];
			const end = Math.min(...ends);
			return end === Number.POSITIVE_INFINITY ? text.length : end;
		}
		if (kind !== '[') return Math.min(text.length, start + 2);
		const sequence = /^\u001B\[([0-9;?<>=]*)([\u0020-\u002F]*)([\u0040-\u007E])/.exec(text.slice(start, start + 40));
		if (!sequence) return text.length;
		const [whole, parameters = '', , final] = sequence;
		const first = Number.parseInt(parameters.split(';')[0] || '', 10);
		const count = Number.isNaN(first) ? 1 : Math.max(1, first);
		this.control(final as string, parameters, count);
		return start + whole.length;
	}

	private control(final: string, parameters: string, count: number): void {
		if (parameters.startsWith('?')) return; // Modes: the cursor shown or hidden, synchronised output.
		switch (final) {
			case 'A':
				this.moveTo(this.row - count);
				break;
			case 'B':
				this.moveTo(this.row + count);
				break;
			case 'C':
				this.column += count;
				break;
			case 'D':
				this.column = Math.max(0, this.column - count);
				break;
			case 'E':
				this.moveTo(this.row + count);
				this.column = 0;
				break;
			case 'F':
				this.moveTo(this.row - count);
				this.column = 0;
				break;
			case 'G':
				this.column = count - 1;
				break;
			case 'H':
				// Home: the top of the screen, which is not known here; the line kept first is the nearest.
				this.moveTo(0);
				this.column = 0;
				break;
			case 'J':
				this.line.length = Math.min(this.line.length, this.column);
				this.lines.length = this.row + 1;
				break;
			case 'K':
				if (parameters === '2') this.line.length = 0;
				else if (parameters === '' || parameters === '0') this.line.length = Math.min(this.line.length, this.column);
				break;
			default:
				break; // Colours (m) and everything else Ink does not use to move or erase.
		}
	}
}
