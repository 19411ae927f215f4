// The tag that marks what sparkify-dwh made. Everything the tool creates in AWS carries it,
// and the tool only ever changes or deletes what carries it.

export const managedByTag = {Key: 'managed-by', Value: 'sparkify-dwh'} as const;

export function isManagedByUs(tags: ReadonlyArray<{Key?: string; Value?: string}> | undefined): boolean {
	return (tags ?? []).some((tag) => tag.Key === managedByTag.Key && tag.Value === managedByTag.Value);
}
