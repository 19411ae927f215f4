// A source profile as lines for a terminal: sections of labelled, right-aligned numbers,
// shares with one decimal, and the page mix as a small table. Pure (no I/O, no colour), so
// every front end can print it and tests can read it; no line is wider than 80 columns.

import {formatBytes, formatCount, formatDuration} from '../core/format.js';
import {otherPages} from './events.js';
import type {FieldProfile, NumericRange, SourceProfile} from './types.js';

const reportWidth = 80;
const labelWidth = 30;
const valueWidth = 14;
const maxIssues = 10;

function percent(part: number, whole: number): string {
	return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** A number as people read it: whole numbers with separators, others with up to `digits` decimals. */
function formatNumber(value: number, digits = 2): string {
	return value.toLocaleString('en-US', {maximumFractionDigits: Number.isInteger(value) ? 0 : digits});
}

/** Cuts a line to the width, marking the cut. */
function fit(line: string, width = reportWidth): string {
	return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** Keeps the end of a long path, which says more than its start. */
function fitStart(text: string, width: number): string {
	return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

/** "  label ........ value  note": values right-aligned in one column. */
function row(label: string, value: string, note = ''): string {
	return fit(`  ${label.padEnd(labelWidth)}${value.padStart(valueWidth)}${note ? `  ${note}` : ''}`.trimEnd());
}

/** "label  min  to max". */
function range(label: string, value: NumericRange, show: (value: number) => string = (number) => formatNumber(number)): string {
	if (value.min === null || value.max === null) return row(label, '–', 'no values');
	return row(label, show(value.min), `to ${show(value.max)}`);
}

const isoDate = (ms: number) => {
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? formatNumber(ms) : date.toISOString().slice(0, 10);
};

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, firstWidth: number, width: number): string[] {
	const line = (cells: readonly string[]) =>
		fit(
			`  ${cells[0]!.padEnd(firstWidth)}${cells
				.slice(1)
				.map((cell) => cell.padStart(width))
				.join('')}`.trimEnd(),
		);
	return [line(header), ...rows.map(line)];
}

/** Fields worth a look: some missing, empty or invalid values. */
function fieldRows(kind: string, fields: Readonly<Record<string, FieldProfile>>): string[][] {
	return Object.entries(fields)
		.filter(([, field]) => field.missing + field.empty + field.invalid > 0)
		.map(([name, field]) => [`${kind}.${name}`, `${(field.missingShare * 100).toFixed(1)}%`, `${(field.emptyShare * 100).toFixed(1)}%`, formatCount(field.invalid)]);
}

export function profileReport(profile: SourceProfile): string[] {
	const {songs, events} = profile;
	const lines: string[] = [];
	const section = (title: string) => {
		lines.push('', title);
	};

	lines.push(fit(`Profile of ${fitStart(profile.source, reportWidth - 11)}`));
	lines.push(
		fit(`  read in ${formatDuration(profile.elapsedMs)}; event keys from ${profile.jsonPaths === 'source' ? "the source's log_json_path.json" : "the bucket's standard paths"}`),
	);

	section('Files');
	lines.push(
		...table(
			['', 'files', 'bytes', 'records', 'malformed', 'invalid'],
			[
				['songs', formatCount(songs.files), formatBytes(songs.bytes), formatCount(songs.records), formatCount(songs.malformed), formatCount(songs.recordsWithInvalidFields)],
				['events', formatCount(events.files), formatBytes(events.bytes), formatCount(events.records), formatCount(events.malformed), formatCount(events.recordsWithInvalidFields)],
			],
			10,
			12,
		),
	);
	lines.push('  (invalid: records the loader would reject for a field)');

	section('Songs');
	lines.push(row('distinct song_id', formatCount(songs.distinct.song_id)));
	lines.push(row('distinct artist_id', formatCount(songs.distinct.artist_id)));
	lines.push(range('duration (s)', songs.ranges.duration));
	lines.push(range('year (other than 0)', songs.ranges.year, String));
	lines.push(row('songs with year 0', formatCount(songs.yearZero), percent(songs.yearZero, songs.records)));
	lines.push(range('num_songs', songs.ranges.num_songs));
	lines.push(range('artist_latitude', songs.ranges.artist_latitude, (value) => formatNumber(value, 3)));
	lines.push(range('artist_longitude', songs.ranges.artist_longitude, (value) => formatNumber(value, 3)));
	lines.push(row('double-encoded names', formatCount(songs.doubleEncoded.values), `in ${formatCount(songs.doubleEncoded.records)} songs`));

	section('Events');
	lines.push(row('first event (ts)', events.ranges.ts.min === null ? '–' : String(events.ranges.ts.min), events.time.first ?? ''));
	lines.push(row('last event (ts)', events.ranges.ts.max === null ? '–' : String(events.ranges.ts.max), events.time.last ?? ''));
	lines.push(row('NextSong events (plays)', formatCount(events.nextSong), percent(events.nextSong, events.records)));
	lines.push(row('distinct userId', formatCount(events.distinct.userId)));
	lines.push(row('users with plays', formatCount(events.nextSongUsers)));
	lines.push(row('events with empty userId', formatCount(events.emptyUserId), percent(events.emptyUserId, events.records)));
	lines.push(row('users who changed level', formatCount(events.levelChangers), 'seen as free and as paid'));
	lines.push(row('distinct sessionId', formatCount(events.distinct.sessionId)));
	lines.push(row('distinct song', formatCount(events.distinct.song)));
	lines.push(row('distinct artist', formatCount(events.distinct.artist)));
	lines.push(row('plays matched to a song file', formatCount(events.match.matched), `${percent(events.match.matched, events.match.plays)} of plays`));
	lines.push(row('double-encoded names', formatCount(events.doubleEncoded.values), `in ${formatCount(events.doubleEncoded.records)} events`));
	lines.push(range('length (s)', events.ranges.length));
	lines.push(range('itemInSession', events.ranges.itemInSession));
	lines.push(range('sessionId', events.ranges.sessionId));
	lines.push(range('registration', events.ranges.registration, isoDate));

	if (events.pages.length > 0) {
		section('Page mix');
		const widest = Math.min(30, Math.max(4, ...events.pages.map((page) => page.page.length)));
		lines.push(
			...table(
				['page', 'events', 'share'],
				events.pages.map((page) => [page.page === otherPages ? page.page : fit(page.page, widest), formatCount(page.count), percent(page.count, events.records)]),
				widest + 2,
				10,
			),
		);
	}

	const fields = [...fieldRows('songs', songs.fields), ...fieldRows('events', events.fields)];
	if (fields.length > 0) {
		section('Fields with missing, empty or invalid values');
		lines.push(...table(['field', 'missing', 'empty', 'invalid'], fields, 30, 10));
	}

	if (profile.issues.length > 0) {
		const total = songs.malformed + songs.recordsWithInvalidFields + events.malformed + events.recordsWithInvalidFields;
		section(total > profile.issues.length ? `Bad records (first ${Math.min(maxIssues, profile.issues.length)} of ${formatCount(total)})` : 'Bad records');
		// Where on one line, why indented under it (a path and a reason rarely share 80 columns).
		for (const issue of profile.issues.slice(0, maxIssues)) {
			lines.push(fit(`  ${fitStart(`${issue.file}:${issue.line}`, reportWidth - 2 - (issue.field ? issue.field.length + 7 : 0))}${issue.field ? ` field ${issue.field}` : ''}`));
			lines.push(
				...wrap(issue.reason, reportWidth - 6)
					.slice(0, 2)
					.map((text) => `      ${text}`),
			);
		}
	}

	if (profile.skipped.length > 0) {
		section(`Not read (${formatCount(profile.skipped.length)})`);
		for (const entry of profile.skipped.slice(0, maxIssues)) {
			lines.push(fit(`  ${fitStart(entry.name, reportWidth - 2)}`));
			lines.push(
				...wrap(entry.reason, reportWidth - 6)
					.slice(0, 2)
					.map((text) => `      ${text}`),
			);
		}
	}

	if (profile.notes.length > 0) {
		section('Notes');
		for (const note of profile.notes) lines.push(...wrap(note, reportWidth - 4).map((text, index) => `${index === 0 ? '  - ' : '    '}${text}`));
	}
	return lines;
}

/** Wraps text at spaces to the width (a word longer than the width is cut). */
function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/)) {
		if (current && current.length + 1 + word.length > width) {
			out.push(current);
			current = '';
		}
		current = current ? `${current} ${word}` : fit(word, width);
	}
	if (current) out.push(current);
	return out;
}
