/** The port the session log copies a line through (OSC 52, src/terminal/clipboard.ts); the composition root provides it. */
export type CopyResult = {copied: true; how: string} | {copied: false; why: string};

export interface ClipboardPort {
	copy(text: string): CopyResult;
}
