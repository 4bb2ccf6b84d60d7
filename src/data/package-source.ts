/**
 * What `rim package add PATH` will pack: walks a file or a folder once, before anything is written, and refuses what
 * cannot become a package — a path that does not exist or cannot be read, a symbolic link that points outside the
 * folder (it would unpack to something else on the client), a device, socket or pipe.
 */
import {constants} from 'node:fs';
import {access, lstat, readdir, readlink, stat} from 'node:fs/promises';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {describe, errno} from './errors.js';

export interface PackageSource {
	/** The folder the entries are relative to (PATH itself, or the folder holding a single file). */
	root: string;
	/** Entries in archive order (sorted, each folder before its content), relative to `root` with `/` separators. */
	entries: string[];
	/** Regular files among the entries. */
	files: Set<string>;
	/** Bytes of file content. */
	contentBytes: number;
	/** Size of the uncompressed tar stream, estimated from the entries: headers, content padded to 512-byte blocks. */
	tarBytes: number;
}

const BLOCK = 512;
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
// A header block per entry; a path longer than the ustar fields holds gets an extended header (two blocks more).
const headerBytes = (rel: string) => BLOCK + (Buffer.byteLength(rel) > 99 ? 3 * BLOCK : 0);
// Two zero blocks end the archive.
const TRAILER = 2 * BLOCK;

function readProblem(shown: string, e: unknown): string {
	const code = errno(e);
	if (code === 'ENOENT') return `${shown} does not exist`;
	if (code === 'EACCES' || code === 'EPERM') return `${shown} is not readable (permission denied)`;
	return `cannot read ${shown} (${describe(e)})`;
}

async function readable(abs: string, shown: string, folder: boolean): Promise<string | null> {
	try {
		await access(abs, folder ? constants.R_OK | constants.X_OK : constants.R_OK);
		return null;
	} catch (e) {
		return readProblem(shown, e);
	}
}

/** Scans PATH (a file or a folder); `shown` is how refusals name it (the path as the admin typed it). */
export async function scanPackageSource(input: string): Promise<Result<PackageSource, string>> {
	const abs = path.resolve(input);
	let top;
	try {
		// PATH itself may be a link the admin named on purpose: follow it.
		top = await stat(abs);
	} catch (e) {
		return err(readProblem(input, e));
	}
	if (top.isFile()) {
		const problem = await readable(abs, input, false);
		if (problem) return err(problem);
		const name = path.basename(abs);
		return ok({
			root: path.dirname(abs),
			entries: [name],
			files: new Set([name]),
			contentBytes: top.size,
			tarBytes: headerBytes(name) + padded(top.size) + TRAILER,
		});
	}
	if (!top.isDirectory()) return err(`${input} is neither a file nor a folder`);
	const problem = await readable(abs, input, true);
	if (problem) return err(problem);
	return walk(abs, input);
}

async function walk(root: string, shownRoot: string): Promise<Result<PackageSource, string>> {
	const entries: string[] = [];
	const files = new Set<string>();
	let contentBytes = 0;
	let tarBytes = TRAILER;
	// Depth first with an explicit stack, so a deep tree cannot overflow the call stack; names sorted for a stable archive.
	const stack: string[] = [''];
	while (stack.length) {
		const dirRel = stack.pop()!;
		const dirAbs = path.join(root, dirRel);
		let names: string[];
		try {
			names = (await readdir(dirAbs)).sort();
		} catch (e) {
			return err(readProblem(path.join(shownRoot, dirRel), e));
		}
		const subdirs: string[] = [];
		for (const name of names) {
			const rel = dirRel === '' ? name : `${dirRel}/${name}`;
			const abs = path.join(root, rel);
			const shown = path.join(shownRoot, rel);
			let info;
			try {
				info = await lstat(abs);
			} catch (e) {
				return err(readProblem(shown, e));
			}
			if (info.isSymbolicLink()) {
				const target = await readlink(abs);
				const resolved = path.resolve(path.dirname(abs), target);
				if (path.isAbsolute(target) || (resolved !== root && !resolved.startsWith(root + path.sep))) {
					return err(
						`${shown} is a symbolic link to ${target}, outside the folder; rim packs only links that stay inside it`,
					);
				}
				tarBytes += headerBytes(rel) + (Buffer.byteLength(target) > 99 ? 2 * BLOCK : 0);
			} else if (info.isDirectory()) {
				const problem = await readable(abs, shown, true);
				if (problem) return err(problem);
				subdirs.push(rel);
				tarBytes += headerBytes(rel);
			} else if (info.isFile()) {
				const problem = await readable(abs, shown, false);
				if (problem) return err(problem);
				files.add(rel);
				contentBytes += info.size;
				tarBytes += headerBytes(rel) + padded(info.size);
			} else {
				return err(`${shown} is not a file, folder or symbolic link (a device, socket or pipe cannot be packed)`);
			}
			entries.push(rel);
		}
		// Pushed in reverse so that the first subfolder is walked next: its content follows it in the archive order.
		for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
	}
	if (files.size === 0) return err(`${shownRoot} holds no file; a package needs at least one`);
	return ok({root, entries: orderEntries(entries), files, contentBytes, tarBytes});
}

/** Each folder directly followed by its content, siblings sorted: the order `tar` lists a sorted tree in. */
function orderEntries(entries: string[]): string[] {
	const byParent = new Map<string, string[]>();
	for (const rel of entries) {
		const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
		let list = byParent.get(parent);
		if (!list) byParent.set(parent, (list = []));
		list.push(rel);
	}
	const out: string[] = [];
	const visit = (parent: string) => {
		for (const rel of (byParent.get(parent) ?? []).sort()) {
			out.push(rel);
			if (byParent.has(rel)) visit(rel);
		}
	};
	visit('');
	return out;
}
