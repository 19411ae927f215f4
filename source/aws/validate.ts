// The rules AWS applies to names and addresses, checked before anything is sent: pure
// functions, shared by the steps and by the screens that validate as the user types.

const regionName = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function validateRegion(region: string): string | undefined {
	return regionName.test(region.trim()) ? undefined : `"${region}" is not an AWS region name (like us-west-2).`;
}

export const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A reason the text is not an IPv4 CIDR block, or undefined when it is one. */
export function validateCidr(text: string): string | undefined {
	const [address, bits, ...rest] = text.trim().split('/');
	if (rest.length > 0 || !address || !ipv4.test(address) || bits === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) {
		return `"${text}" is not an IPv4 CIDR block like 203.0.113.7/32.`;
	}
	return undefined;
}

/** Redshift's cluster identifier rules, as the API states them; undefined when valid. */
export function validateClusterId(id: string): string | undefined {
	if (id.length < 1 || id.length > 63) return 'A cluster identifier is 1 to 63 characters.';
	if (!/^[a-z]/.test(id)) return 'A cluster identifier starts with a lowercase letter.';
	if (!/^[a-z0-9-]+$/.test(id)) return 'A cluster identifier has only lowercase letters, digits and hyphens.';
	if (id.endsWith('-') || id.includes('--')) return 'A cluster identifier cannot end with a hyphen or hold two in a row.';
	return undefined;
}
