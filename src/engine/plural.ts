/** "1 group", "2 groups": every count rim prints goes through here, so no message reads "1 groups" or "group(s)". */
export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}
