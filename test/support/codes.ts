/** A maintenance code written in a test, parsed as rim parses one at its edges (a typo fails the test, not tsc). */
import {parseMaintenanceCode, type MaintenanceCode} from '../../src/shared/maintenance-code.js';

export function maintenanceCode(text: string): MaintenanceCode {
	const parsed = parseMaintenanceCode(text);
	if (parsed === null) throw new Error(`"${text}" is not a maintenance code`);
	return parsed;
}
