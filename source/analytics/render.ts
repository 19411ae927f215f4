// An answer's rows as text: an aligned table, a horizontal bar chart, or RFC 4180 CSV.
// Pure functions with no I/O, shared by the plain front end and the Ink screens, so every
// front end draws the same table the same way.

import {formatCount} from '../core/format.js';

export type Row = Readonly<Record<string, unknown>>;

const ellipsis = '…';
const columnGap = '  ';
/** The narrowest a text column is squeezed to before the table is allowed to overflow. */
const minTextWidth = 3;

/** Characters as the terminal counts them (code points; wide CJK is not accounted for). */
function textWidth(text: string): number {
	let width = 0;
	for (const _ of text) width++;
	return width;
}

/** Cuts text to `width` characters, ending with … when something was cut. */
export function truncate(text: string, width: number): string {
	if (textWidth(text) <= width) return text;
	if (width <= 0) return '';
	return [...text].slice(0, width - 1).join('') + ellipsis;
}

function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}

function isNumeric(value: unknown): value is number | bigint {
	return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
}

/** Identifiers and years read wrong with thousands separators ("user 1,024", "2,018"). */
function isPlainNumberColumn(column: string): boolean {
	return /(^|_)(id|year|hour|day|week|month|weekday)$/i.test(column);
}

/** One cell's text: numbers with thousands separators, dates as ISO, NULL as empty. */
function formatCell(value: unknown, column = ''): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'bigint') return isPlainNumberColumn(column) ? value.toString() : value.toLocaleString('en-US');
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return String(value);
		if (isPlainNumberColumn(column)) return String(value);
		return Number.isInteger(value) ? formatCount(value) : value.toLocaleString('en-US', {maximumFractionDigits: 2});
	}
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	if (typeof value === 'string') return value.replace(/[\r\n\t]+/g, ' ');
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** A column is right-aligned when every value it holds is a number. */
function numericColumn(rows: readonly Row[], column: string): boolean {
	let seen = false;
	for (const row of rows) {
		const value = row[column];
		if (value === null || value === undefined) continue;
		if (!isNumeric(value)) return false;
		seen = true;
	}
	return seen;
}

/**
 * A query's rows (values in column order) as records by column name. A name that comes again
 * gets its position (`id`, `id (2)`), so no value hides another.
 */
export function recordsOf(names: readonly string[], rows: readonly (readonly unknown[])[]): {columns: string[]; records: Row[]} {
	const columns = names.map((column, index) => {
		const seen = names.slice(0, index).filter((each) => each === column).length;
		return seen === 0 ? column : `${column} (${seen + 1})`;
	});
	return {columns, records: rows.map((values) => Object.fromEntries(columns.map((column, index) => [column, values[index]])))};
}

/**
 * Rows as an aligned table: a header, a rule, then one line per row. Numeric columns are
 * right-aligned; when the table is wider than `width`, the widest text columns are cut
 * (ending with …) until it fits. Numbers are never cut.
 */
export function formatTable(columns: readonly string[], rows: readonly Row[], width = 80): string[] {
	if (columns.length === 0) return [];
	const numeric = columns.map((column) => numericColumn(rows, column));
	const cells = rows.map((row) => columns.map((column) => formatCell(row[column], column)));
	const widths = columns.map((column, index) => Math.max(textWidth(column), ...cells.map((line) => textWidth(line[index]!))));
	const natural = [...widths];
	const total = () => widths.reduce((sum, each) => sum + each, 0) + columnGap.length * (columns.length - 1);
	// Shrink the widest text column one character at a time: long names give way first.
	while (total() > width) {
		let widest = -1;
		for (let index = 0; index < columns.length; index++) {
			if (numeric[index] || widths[index]! <= Math.min(minTextWidth, natural[index]!)) continue;
			if (widest === -1 || widths[index]! > widths[widest]!) widest = index;
		}
		if (widest === -1) break;
		widths[widest]!--;
	}
	// Numbers keep their digits; a number column too narrow for its header cuts the header.
	const line = (values: readonly string[]) =>
		values
			.map((value, index) => {
				const text = truncate(value, widths[index]!);
				return numeric[index] ? padStart(text, widths[index]!) : padEnd(text, widths[index]!);
			})
			.join(columnGap)
			.trimEnd();
	return [line(columns), widths.map((each) => '─'.repeat(each)).join(columnGap), ...cells.map(line)];
}

/** Left to right: one eighth of a block to seven eighths. */
const partialBlocks = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const fullBlock = '█';

/** A bar `eighths` eighths of a character long. */
export function bar(eighths: number): string {
	const whole = Math.floor(eighths / 8);
	return fullBlock.repeat(whole) + partialBlocks[eighths % 8]!;
}

/**
 * Rows as horizontal bars: the label, the bar, then the value. The largest value gets the
 * whole width left over by the labels and values, the others in proportion, to an eighth of
 * a character; a value above zero always shows at least a sliver. Lines fit `width`.
 */
export function formatBarChart(rows: readonly Row[], label: string, value: string, width = 80): string[] {
	if (rows.length === 0) return [];
	const amounts = rows.map((row) => {
		const raw = row[value];
		const number = typeof raw === 'bigint' ? Number(raw) : typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
		return Number.isFinite(number) ? number : 0;
	});
	const labelsAreNumbers = rows.every((row) => isNumeric(row[label]) || row[label] === null || row[label] === undefined);
	const valueTexts = rows.map((row, index) => (isNumeric(row[value]) ? formatCell(row[value], value) : formatCell(amounts[index], value)));
	const valueWidth = Math.max(...valueTexts.map(textWidth));
	// Labels take at most a third of the line, so the bars keep room to be read.
	const labelTexts = rows.map((row) => formatCell(row[label], label));
	const labelWidth = Math.min(Math.max(...labelTexts.map(textWidth)), Math.max(minTextWidth, Math.floor(width / 3)));
	const barWidth = Math.max(1, width - labelWidth - 1 - 1 - valueWidth);
	const max = Math.max(0, ...amounts);
	return rows.map((_, index) => {
		const amount = amounts[index]!;
		let eighths = max > 0 && amount > 0 ? Math.round((amount / max) * barWidth * 8) : 0;
		if (amount > 0 && eighths === 0) eighths = 1;
		const labelText = truncate(labelTexts[index]!, labelWidth);
		const shownLabel = labelsAreNumbers ? padStart(labelText, labelWidth) : padEnd(labelText, labelWidth);
		const drawn = bar(eighths);
		return `${shownLabel} ${drawn}${drawn ? ' ' : ''}${valueTexts[index]!}`;
	});
}

/** One CSV field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(value: unknown): string {
	let text: string;
	if (value === null || value === undefined) text = '';
	else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
	else if (typeof value === 'string') text = value;
	else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
	else if (Buffer.isBuffer(value)) text = value.toString('hex');
	else text = JSON.stringify(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as RFC 4180 CSV: a header record, then one record per row, each ending in CRLF. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
	const record = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;
	return record(columns) + rows.map((row) => record(columns.map((column) => row[column]))).join('');
}

/** "3 rows", "done" for a statement that counts none, "the first 1,000 rows (there are more)" when cut short. */
export function rowCountText(answer: {readonly rowCount: number | null; readonly truncated?: boolean}): string {
	if (answer.rowCount === null) return 'done';
	if (answer.truncated) return `the first ${formatCount(answer.rowCount)} rows (there are more)`;
	return `${formatCount(answer.rowCount)} row${answer.rowCount === 1 ? '' : 's'}`;
}
