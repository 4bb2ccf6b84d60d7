/** The terminal size, following resizes (docs/tui.md, Ink notes); tests pass a fixed size instead. */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {ScreenSize} from './layout.js';

export function useScreenSize(override?: ScreenSize): ScreenSize {
	const {stdout} = useStdout();
	const read = (): ScreenSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (override) return;
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, override]);
	return override ?? size;
}
