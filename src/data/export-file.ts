/**
 * The TUI's export files: a new file in a folder (the one rim was started in), never replacing one that is there — a
 * name taken already gets `-2`, `-3`, … before its extension. The file is written whole and flushed to disk before
 * rim says where it is; a failed write leaves no partial file behind.
 */
import {open, rm} from 'node:fs/promises';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {describe, errno, isDiskFull} from './errors.js';

/** Names tried before giving up (`report.csv`, `report-2.csv` … `report-100.csv`). */
const MAX_TRIES = 100;

function candidate(name: string, attempt: number): string {
	if (attempt === 1) return name;
	const ext = path.extname(name);
	return `${name.slice(0, name.length - ext.length)}-${attempt}${ext}`;
}

export function exportFiles(dir: string) {
	return {
		async write(name: string, content: string): Promise<Result<string, {message: string}>> {
			for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
				const file = path.join(dir, candidate(name, attempt));
				let handle;
				try {
					handle = await open(file, 'wx', 0o644);
				} catch (e) {
					if (errno(e) === 'EEXIST') continue;
					return err({message: `could not write ${file}: ${describe(e)}`});
				}
				try {
					await handle.writeFile(content, 'utf8');
					await handle.sync();
					await handle.close();
					return ok(file);
				} catch (e) {
					await handle.close().catch(() => {});
					await rm(file, {force: true}).catch(() => {});
					return err({
						message: isDiskFull(e)
							? `could not write ${file}: its disk is full`
							: `could not write ${file}: ${describe(e)}`,
					});
				}
			}
			return err({message: `could not write ${name} in ${dir}: ${MAX_TRIES} files of that name are there already`});
		},
	};
}
