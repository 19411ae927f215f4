// Prices to fall back on when the AWS Pricing API cannot be asked (no permission, no
// network). Dated, and shown with their date: list prices change, and a stale figure that
// says it is stale is better than none. On-demand US dollars per node-hour in us-east-1;
// us-west-2 lists the same. Sources: ../shared/notes/redshift-facts.md §6 (the AWS pricing
// page's "$0.25 per hour" for dc2.large; third-party list-price tables for the rest).

export const priceTableDate = '2026-03-01';

/** Hours in a billing month, as AWS's own calculator counts them. */
export const hoursPerMonth = 730;

export type NodeFacts = {
	readonly vcpu: number;
	readonly memoryGiB: number;
	/** The largest node count at creation, as documented (elastic resize can go further). */
	readonly maxNodes: number;
	readonly dollarsPerNodeHour: number;
	/** False when the figures come from a single unverified source. */
	readonly verified: boolean;
};

export const nodeFacts: Readonly<Record<string, NodeFacts>> = {
	'ra3.large': {vcpu: 2, memoryGiB: 16, maxNodes: 16, dollarsPerNodeHour: 0.543, verified: true},
	'ra3.xlplus': {vcpu: 4, memoryGiB: 32, maxNodes: 16, dollarsPerNodeHour: 1.086, verified: true},
	'ra3.4xlarge': {vcpu: 12, memoryGiB: 96, maxNodes: 32, dollarsPerNodeHour: 3.26, verified: true},
	'ra3.16xlarge': {vcpu: 48, memoryGiB: 384, maxNodes: 128, dollarsPerNodeHour: 13.04, verified: true},
	'rg.xlarge': {vcpu: 4, memoryGiB: 32, maxNodes: 16, dollarsPerNodeHour: 0.76, verified: false},
	'rg.4xlarge': {vcpu: 16, memoryGiB: 128, maxNodes: 32, dollarsPerNodeHour: 3.043, verified: false},
};

/** Node types the API still lists but AWS no longer lets anyone create (deprecated 2025). */
export const retiredNodeTypes: Readonly<Record<string, string>> = {
	'dc2.large': 'DC2 nodes can no longer be created (deprecated by AWS in 2025); ra3.large is the smallest current type',
	'dc2.8xlarge': 'DC2 nodes can no longer be created (deprecated by AWS in 2025); choose an ra3 or rg type',
};

/** Redshift Serverless: dollars per RPU-hour, and the smallest base capacity one can set. */
export const serverless = {dollarsPerRpuHour: 0.375, minimumBaseRpu: 4, defaultBaseRpu: 128} as const;

/** The Pricing API names regions by their long names. */
export const pricingLocation: Readonly<Record<string, string>> = {
	'us-east-1': 'US East (N. Virginia)',
	'us-east-2': 'US East (Ohio)',
	'us-west-1': 'US West (N. California)',
	'us-west-2': 'US West (Oregon)',
	'ca-central-1': 'Canada (Central)',
	'eu-west-1': 'EU (Ireland)',
	'eu-west-2': 'EU (London)',
	'eu-west-3': 'EU (Paris)',
	'eu-central-1': 'EU (Frankfurt)',
	'eu-north-1': 'EU (Stockholm)',
	'ap-south-1': 'Asia Pacific (Mumbai)',
	'ap-northeast-1': 'Asia Pacific (Tokyo)',
	'ap-northeast-2': 'Asia Pacific (Seoul)',
	'ap-southeast-1': 'Asia Pacific (Singapore)',
	'ap-southeast-2': 'Asia Pacific (Sydney)',
	'sa-east-1': 'South America (Sao Paulo)',
};
