// What the song and event profiles share: counting files, bytes, records and malformed
// lines, checking every field of a record against its type, and spotting names that look
// double-encoded. The song and event profiles add their own questions on top, reading the
// values this class has just checked, so each value is looked at once.

import {repairMojibake} from '../etl/mojibake.js';
import {checkValue, requiredReason, ruleFailure, type Checked, type CompiledRules, type FieldType, type TextOptions} from '../etl/record-rules.js';
import {FieldCounter} from './fields.js';
import type {FileSetProfile, ProfileIssue} from './types.js';

export type FieldSpec = {
	/** The JSON key. */
	readonly key: string;
	readonly type: FieldType;
	/** A name that may be double-encoded. */
	readonly name?: boolean;
	/** The loader rejects a record without it (absent, null or ''). */
	readonly required?: boolean;
};

/** Keeps the first few issues and counts the rest. */
export class IssueSample {
	readonly issues: ProfileIssue[] = [];
	constructor(private readonly size = 20) {}
	add(issue: ProfileIssue): void {
		if (this.issues.length < this.size) this.issues.push(issue);
	}
}

export class RecordSet {
	files = 0;
	bytes = 0;
	records = 0;
	malformed = 0;
	recordsWithInvalidFields = 0;
	/** Whether the current record has a field the loader would reject. */
	rejectable = false;
	/** The checked values of the current record, by field position. */
	readonly checked: Checked[];
	/** The current record's raw values, by field position. */
	readonly values: unknown[];
	/** For name fields: the repaired text of the current record's value (the value itself when fine). */
	readonly repaired: Array<string | undefined>;
	private readonly counters: FieldCounter[];
	private readonly encodedByField: number[];
	private readonly encodedNames = new Set<string>();
	private encodedValues = 0;
	private encodedRecords = 0;

	constructor(
		readonly specs: readonly FieldSpec[],
		private readonly issues: IssueSample,
		/** The table's record rules (record-rules.ts), with the keys of these specs. */
		private readonly rules: CompiledRules = [],
		private readonly text: TextOptions = {},
	) {
		this.checked = specs.map(() => ({state: 'ok', number: Number.NaN, reason: ''}));
		this.values = specs.map(() => undefined);
		this.repaired = specs.map(() => undefined);
		this.counters = specs.map(() => new FieldCounter());
		this.encodedByField = specs.map(() => 0);
	}

	/** Position of a key in the specs; throws on a programming error. */
	indexOf(key: string): number {
		const index = this.specs.findIndex((spec) => spec.key === key);
		if (index === -1) throw new Error(`No field ${key} in this profile.`);
		return index;
	}

	rejectLine(file: string, line: number, reason: string, field?: string): void {
		this.malformed++;
		this.issues.add({file, line, ...(field === undefined ? {} : {field}), reason});
	}

	/**
	 * Checks one parsed line. Returns false (and counts it as malformed) when it is not a
	 * JSON object; otherwise fills checked/values/repaired for the caller to read.
	 */
	take(value: unknown, file: string, line: number): boolean {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			this.rejectLine(file, line, `is not a JSON object but ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
			return false;
		}
		this.records++;
		const record = value as Record<string, unknown>;
		let invalid = false;
		let encoded = false;
		for (let index = 0; index < this.specs.length; index++) {
			const spec = this.specs[index]!;
			const raw = record[spec.key];
			const checked = checkValue(raw, spec.type, this.checked[index]!, this.text);
			this.values[index] = raw;
			this.counters[index]!.count(checked.state);
			if (checked.state === 'invalid' || (spec.required && checked.state !== 'ok')) {
				if (!invalid) this.issues.add({file, line, field: spec.key, reason: checked.state === 'invalid' ? checked.reason : requiredReason(raw)});
				invalid = true;
			}
			if (spec.name) {
				let text: string | undefined;
				if (typeof raw === 'string' && raw.length > 0) {
					text = repairMojibake(raw);
					if (text !== raw) {
						encoded = true;
						this.encodedValues++;
						this.encodedByField[index]!++;
						this.encodedNames.add(raw);
					}
				}
				this.repaired[index] = text;
			}
		}
		if (!invalid && this.rules.length > 0) {
			const broken = ruleFailure(record, this.rules);
			if (broken) {
				this.issues.add({file, line, ...broken});
				invalid = true;
			}
		}
		this.rejectable = invalid;
		if (invalid) this.recordsWithInvalidFields++;
		if (encoded) this.encodedRecords++;
		return true;
	}

	result(): FileSetProfile {
		const fields: Record<string, ReturnType<FieldCounter['result']>> = {};
		const byField: Record<string, number> = {};
		this.specs.forEach((spec, index) => {
			fields[spec.key] = this.counters[index]!.result(this.records);
			if (spec.name) byField[spec.key] = this.encodedByField[index]!;
		});
		return {
			files: this.files,
			bytes: this.bytes,
			records: this.records,
			malformed: this.malformed,
			recordsWithInvalidFields: this.recordsWithInvalidFields,
			fields,
			doubleEncoded: {values: this.encodedValues, records: this.encodedRecords, distinct: this.encodedNames.size, byField},
		};
	}
}
