import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('Pick and drop opens Define New Job', () => {
	it('drops the picked update data package on SECURITY-PCS: Install package enabled, the other two disabled with reasons', async () => {
		const tui = await renderApp();
		await tui.press(KEY.space);
		expect(lineWith(tui.frame(), 'SEC-PATCH-2611')).toContain('✚');
		expect(tui.frame()).toContain('picked SEC-PATCH-2611');
		await highlightDestination(tui, 'SECURITY-PCS');
		await tui.press(KEY.enter);
		const f = tui.frame();
		expect(f).toContain('Define New Job');
		expect(f).toContain('SEC-PATCH-2611 › group SECURITY-PCS (Security PCs)');
		expect(lineWith(f, 'Install package')).toMatch(/› ✓ Install package$|› ✓ Install package\s/);
		expect(f).toContain('⊘ Transfer package to relay system (disabled)');
		expect(f).toContain('accepts only relay systems as destinations');
		expect(f).toContain('⊘ Get software information from client (disabled)');
		expect(f).toContain('Security PCs accept only Install package jobs');
	});

	it('refuses a standard package on the security-PC-only group, naming the security PCs', async () => {
		const tui = await renderApp();
		await tui.press('j', 'j');
		expect(lineWith(tui.frame(), 'OFFICE-SUITE')).toContain('›');
		await tui.press(KEY.space);
		await highlightDestination(tui, 'SECURITY-PCS');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('⊘ Install package (disabled)');
		expect(tui.frame()).toContain('Security PCs accept only update data packages; OFFICE-SUITE is a standard package');
		await tui.press(KEY.enter);
		const flash = lineWith(tui.frame(), '✗');
		expect(flash).toContain('Install package is not available: Security PCs accept only update data packages');
		expect(tui.frame()).toContain('SEC-01, SEC-02');
		expect(tui.frame()).toContain('Define New Job');
	});

	it('opens Define New Job without a pick: only Get software information is enabled', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'ACCOUNTING');
		await tui.press(KEY.end, KEY.enter);
		const f = tui.frame();
		expect(f).toContain('no package › group ACCOUNTING');
		expect(f).toContain('⊘ Install package (disabled)');
		expect(f).toContain('Install package needs at least one package');
		expect(lineWith(f, 'Get software information')).toContain('› ✓');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('1 Packages');
	});

	it('space on a picked package unpicks it, and esc clears a pick', async () => {
		const tui = await renderApp();
		const header = () => lineWith(tui.frame(), 'rim ·');
		await tui.press(KEY.space, KEY.space);
		expect(header()).not.toContain('picked');
		await tui.press(KEY.space, KEY.escape);
		expect(header()).not.toContain('picked');
		expect(tui.frame()).toContain('Pick cleared');
	});
});
