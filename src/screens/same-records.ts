/** Whether two lists hold the very same records in the same order (the engine replaces a record it changes). */
export function sameRecords<T>(a: readonly T[], b: readonly T[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
