// Per-field counting for the profiler: how many values were missing, empty or invalid, and
// the range of numbers. Whether a value is valid is decided by the loader's own rules
// (source/etl/record-rules.ts), so the profile predicts what a load will reject.

import type {FieldState} from '../etl/record-rules.js';
import type {FieldProfile, NumericRange} from './types.js';

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
