// Numbers as people read them: counts, bytes, durations. Shared by every front end and
// by steps that describe their plans; and text from the data made safe to show.

export function formatCount(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)} s`;
	// Whole seconds first, so 119.6 s reads 2m 00s, never 1m 60s.
	const whole = Math.round(seconds);
	return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
}

// Text from the data or from a file name may hold anything: an escape sequence that clears
// the screen or retitles the terminal, a NUL, a bidi override that reorders what is read,
// half a surrogate pair. Every front end passes such text through escapeControl, so it is
// shown as a visible \uXXXX and never acted on. Newline and tab are kept only where the
// caller asks (a multi-line summary, a stack in the log): they move the cursor, nothing more.
const unsafeCharacters =
	/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(character: string): string {
	return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every control, bidi and lone-surrogate character written out as \uXXXX. */
export function escapeControl(text: string, options: {keepNewlines?: boolean} = {}): string {
	return text.replace(unsafeCharacters, (character, offset: number) => {
		const lineBreak = character === '\n' || character === '\t' || (character === '\r' && text[offset + 1] === '\n');
		return options.keepNewlines && lineBreak ? character : visible(character);
	});
}

// JSON.stringify already writes C0 controls and lone surrogates as \uXXXX, but not DEL,
// the C1 controls, U+2028/2029 or the bidi controls: a terminal or a JavaScript reader of
// the line can still trip over those. Escaping them inside the JSON text keeps it valid
// JSON with the same value.
const unsafeInJson = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** One JSON line that holds no raw control, bidi or separator character. */
export function safeJson(value: unknown): string {
	return JSON.stringify(value).replace(unsafeInJson, visible);
}

/** The zone's short name in `locale` (`CET`, `EST`, `UTC`), or GMT±n when the locale has no name for it. */
function zoneName(date: Date, locale: string, timeZone: string | undefined): string {
	const parts = new Intl.DateTimeFormat(locale, {timeZoneName: 'short', ...(timeZone ? {timeZone} : {})}).formatToParts(date);
	return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * A moment as the user reads it: the local date and time to the minute and the zone's name
 * (`2026-12-02 05:12 CET`). A bare UTC time reads as local time to most people, and an hour
 * or more off. `short`: the month's name and no year (`Dec 2 05:12 CET`), for a menu row
 * that has little room. `timeZone`: for tests and for the rare caller that must name one.
 */
export function formatLocalTime(at: Date | string, options: {readonly timeZone?: string; readonly short?: boolean} = {}): string {
	const date = typeof at === 'string' ? new Date(at) : at;
	if (Number.isNaN(date.getTime())) return String(at);
	const {timeZone, short = false} = options;
	const zone = timeZone ? {timeZone} : {};
	const day = short ? ({month: 'short', day: 'numeric'} as const) : ({year: 'numeric', month: '2-digit', day: '2-digit'} as const);
	const parts = new Intl.DateTimeFormat('en-US', {...zone, ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
	// en-US names the American zones (EST, PDT) and en-GB the European ones (CET, BST); either
	// falls back to GMT+1 for the other's: the first that has a name wins.
	const names = ['en-US', 'en-GB'].map((locale) => zoneName(date, locale, timeZone));
	const name = names.find((candidate) => !/^GMT[+-]/.test(candidate)) ?? names[0];
	const when = short ? `${part('month')} ${part('day')}` : `${part('year')}-${part('month')}-${part('day')}`;
	return `${when} ${part('hour')}:${part('minute')} ${name}`;
}
