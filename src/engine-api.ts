/** Adapts the Engine and the lab actions to the EngineApi the screens use. */
import type {Engine} from './engine/engine.js';
import {issueCertificate, labAnswer, labFault, labPower} from './engine/lab.js';
import {describeCertificate} from './engine/pki/index.js';
import type {EngineApi} from './screens/engine-context.js';

export function engineApi(engine: Engine): EngineApi {
	const lab = engine.fleet.lab;
	return {
		subscribe: engine.subscribe,
		getSnapshot: engine.getSnapshot,
		now: () => engine.now(),
		executeJob: input => engine.executeJob(input),
		saveDefinition: input => engine.saveDefinition(input),
		executeDefinition: id => engine.executeDefinition(id),
		deleteDefinition: id => engine.deleteDefinition(id),
		moveDefinition: (id, folder) => engine.moveDefinition(id, folder),
		createFolder: (parent, name) => engine.createFolder(parent, name),
		renameFolder: (id, name) => engine.renameFolder(id, name),
		deleteFolder: (id, force) => engine.deleteFolder(id, force),
		rerunCandidates: id => engine.rerunCandidates(id),
		rerun: (id, hosts) => engine.rerun(id, hosts),
		deleteJob: id => engine.deleteJob(id),
		issueCertificate: host => issueCertificate(engine, host),
		labFault: (host, fault) => labFault(engine, host, fault),
		labAnswer: (host, answer) => labAnswer(engine, host, answer),
		labPower: (host, on) => labPower(engine, host, on),
		...(lab ? {labDevice: (host: string) => lab.device(host) ?? null} : {}),
		describeCertificate,
	};
}
