// The tags that mark what sparkify-dwh made, and for which cluster. Everything the tool
// creates in AWS carries both; the tool only ever changes or deletes what carries the first,
// and teardown of one cluster only what carries that cluster's name in the second — so two
// clusters side by side never share, or delete, each other's role, group or rule.

const managedByTag = {Key: 'managed-by', Value: 'sparkify-dwh'} as const;

export const clusterTagKey = 'sparkify-dwh:cluster';

type Tags = ReadonlyArray<{Key?: string; Value?: string}> | undefined;

export function clusterTag(clusterId: string): {Key: string; Value: string} {
	return {Key: clusterTagKey, Value: clusterId};
}

/** Both tags, for a resource made for one cluster. */
export function tagsFor(clusterId: string): Array<{Key: string; Value: string}> {
	return [{...managedByTag}, clusterTag(clusterId)];
}

export function isManagedByUs(tags: Tags): boolean {
	return (tags ?? []).some((tag) => tag.Key === managedByTag.Key && tag.Value === managedByTag.Value);
}

/** Made by this tool for this cluster (not for another one, not by someone else). */
export function belongsTo(tags: Tags, clusterId: string): boolean {
	return isManagedByUs(tags) && (tags ?? []).some((tag) => tag.Key === clusterTagKey && tag.Value === clusterId);
}
