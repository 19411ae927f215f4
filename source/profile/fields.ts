// Per-field bookkeeping for the profiler: is a value missing, empty, or one the loader
// would reject, and what number does it hold. The field types are the loader's own
// (source/etl/records.ts), and a value counts as invalid exactly when the loader's rules
// for that type would refuse it, so the profile predicts what a load will reject.

import type {FieldType} from '../etl/records.js';
import type {FieldProfile, NumericRange} from './types.js';

export type FieldState = 'ok' | 'missing' | 'empty' | 'invalid';

const integerText = /^-?\d+$/;
const numberText = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const int32 = 2 ** 31;
/** 9999-12-31T23:59:59.999Z, the last time a TIMESTAMP column takes. */
const lastTimestamp = 253_402_300_799_999;

/** A value checked against its field type: its state, and its number when it has one. */
export type Checked = {state: FieldState; number: number; reason: string};

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 40);
}

/**
 * Checks one value. Writes into `into` rather than returning a fresh object: this runs for
 * every field of every record.
 */
export function checkValue(value: unknown, type: FieldType, into: Checked): Checked {
	into.number = Number.NaN;
	into.reason = '';
	if (value === undefined || value === null) {
		into.state = 'missing';
		return into;
	}
	if (value === '') {
		into.state = 'empty';
		return into;
	}
	into.state = 'ok';
	switch (type) {
		case 'text':
			if (typeof value === 'string') return into;
			if (typeof value === 'number') {
				into.number = value;
				return into;
			}
			return invalid(into, `should be text, is ${describe(value)}`);
		case 'int': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number)) return invalid(into, `should be a whole number, is ${describe(value)}`);
			if (number >= int32 || number < -int32) return invalid(into, `is out of range for a 32-bit integer (${number})`);
			into.number = number;
			return into;
		}
		case 'float': {
			const number = typeof value === 'string' && numberText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) return invalid(into, `should be a number, is ${describe(value)}`);
			into.number = number;
			return into;
		}
		case 'epoch_ms': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) return invalid(into, `should be epoch milliseconds, is ${describe(value)}`);
			if (number > lastTimestamp) return invalid(into, `is not a valid time (${number})`);
			into.number = number;
			return into;
		}
		case 'user_id': {
			if (typeof value === 'string' ? integerText.test(value) && value[0] !== '-' && Number(value) < int32 : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < int32) {
				into.number = Number(value);
				return into;
			}
			return invalid(into, `should be a user id (whole number as text), is ${describe(value)}`);
		}
	}
}

function invalid(into: Checked, reason: string): Checked {
	into.state = 'invalid';
	into.reason = reason;
	return into;
}

/** Counts for one field; shares are worked out at the end. */
export class FieldCounter {
	missing = 0;
	empty = 0;
	invalid = 0;

	count(state: FieldState): void {
		if (state === 'missing') this.missing++;
		else if (state === 'empty') this.empty++;
		else if (state === 'invalid') this.invalid++;
	}

	result(records: number): FieldProfile {
		return {
			missing: this.missing,
			empty: this.empty,
			invalid: this.invalid,
			missingShare: records === 0 ? 0 : this.missing / records,
			emptyShare: records === 0 ? 0 : this.empty / records,
		};
	}
}

export class RangeCounter {
	count = 0;
	min = Number.POSITIVE_INFINITY;
	max = Number.NEGATIVE_INFINITY;

	add(value: number): void {
		this.count++;
		if (value < this.min) this.min = value;
		if (value > this.max) this.max = value;
	}

	result(): NumericRange {
		return this.count === 0 ? {count: 0, min: null, max: null} : {count: this.count, min: this.min, max: this.max};
	}
}
