/**
 * A standalone host for the pane: the same routing the app shell does (one useInput → keyNames → jobStatusKeymap →
 * updateJobStatus; effects run against the EngineApi, their Flash shown). Used by the screen tests, and a reference
 * for integrating the contract.
 */
import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer, useSyncExternalStore} from 'react';
import type {EngineSnapshot} from '../../src/engine/snapshot.js';
import type {EngineApi} from '../../src/screens/engine-context.js';
import {findBinding, keyNames, type KeyName} from '../../src/screens/key-binding.js';
import type {FlashEffect, Flash, Navigate} from '../../src/screens/screen.js';
import type {JobStatusAction} from '../../src/screens/job-status/actions.js';
import {jobStatusKeymap} from '../../src/screens/job-status/keymap.js';
import {JobStatusModal} from '../../src/screens/job-status/JobStatusModal.js';
import {JobStatusPane} from '../../src/screens/job-status/JobStatusPane.js';
import {initialJobStatus, jobStatusModalOpen, type JobStatusState} from '../../src/screens/job-status/state.js';
import {updateJobStatus} from '../../src/screens/job-status/update.js';

interface HostState {
	screen: JobStatusState;
	effects: readonly FlashEffect[];
	flash: Flash | null;
	navigate: Navigate | null;
}

type HostEvent =
	| {type: 'keys'; names: KeyName[]; snapshot: EngineSnapshot; now: number}
	| {type: 'effects-taken'; count: number}
	| {type: 'flash'; flash: Flash | null};

function route(host: HostState, action: JobStatusAction, snapshot: EngineSnapshot, now: number): HostState {
	const update = updateJobStatus(host.screen, action, snapshot, now);
	return {
		screen: update.state,
		effects: update.effect ? [...host.effects, update.effect] : host.effects,
		flash: update.flash ?? host.flash,
		navigate: update.navigate ?? host.navigate,
	};
}

function reduce(host: HostState, event: HostEvent): HostState {
	switch (event.type) {
		case 'keys':
			return event.names.reduce((acc, name) => {
				const binding = findBinding(jobStatusKeymap(acc.screen), name);
				return binding ? route({...acc, flash: null}, binding.action, event.snapshot, event.now) : acc;
			}, host);
		case 'effects-taken':
			return {...host, effects: host.effects.slice(event.count)};
		case 'flash':
			return {...host, flash: event.flash};
	}
}

export function JobStatusHarness({
	api,
	width = 100,
	height = 20,
	initial,
}: {
	api: EngineApi;
	width?: number;
	height?: number;
	initial?: JobStatusState;
}) {
	const snapshot = useSyncExternalStore(api.subscribe, api.getSnapshot);
	const [host, dispatch] = useReducer(reduce, undefined, () => ({
		screen: initial ?? initialJobStatus(),
		effects: [],
		flash: null,
		navigate: null,
	}));
	useInput((input, key) =>
		dispatch({type: 'keys', names: keyNames(input, key), snapshot: api.getSnapshot(), now: api.now()}),
	);
	useEffect(() => {
		if (!host.effects.length) return;
		dispatch({type: 'effects-taken', count: host.effects.length});
		for (const effect of host.effects) void effect(api).then(flash => dispatch({type: 'flash', flash}));
	}, [host.effects, api]);
	const now = api.now();
	return (
		<Box flexDirection="column" width={width}>
			{jobStatusModalOpen(host.screen) ? (
				<JobStatusModal state={host.screen} snapshot={snapshot} width={width} height={height} now={now} />
			) : (
				<JobStatusPane state={host.screen} snapshot={snapshot} width={width} height={height} focused now={now} />
			)}
			<Text wrap="truncate">{host.flash ? `${host.flash.kind === 'error' ? '! ' : ''}${host.flash.text}` : ' '}</Text>
			<Text wrap="truncate">{host.navigate ? `navigate: ${JSON.stringify(host.navigate)}` : ' '}</Text>
		</Box>
	);
}
