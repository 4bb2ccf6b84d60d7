/**
 * How an agent's key hash (SHA-256 of its public key's DER, hex) is shown beside its name: the first 16 hex digits in
 * groups of four. The waiting agent prints it, and the admin compares it with what the TUI and `rim host pending` show.
 */
export function shortKeyHash(keySha256: string): string {
	return `SHA256:${keySha256.slice(0, 16).replace(/(.{4})(?=.)/g, '$1 ')}`;
}
