/** The port the export keys write through (export-view.ts); the composition root provides it (src/data/export-file.ts). */
import type {Result} from '../shared/result.js';

export type ExportFormat = 'csv' | 'json';

/** Where export files go (the folder rim was started in). */
export interface ExportPort {
	/** Writes a new file (never replacing one: a taken name gets a number); resolves to the file's full path. */
	write(name: string, content: string): Promise<Result<string, {message: string}>>;
}
