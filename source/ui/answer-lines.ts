// What the wizard's questions were answered with, each as one line: printed above what
// follows (finished-lines.tsx), so the choices made stay on screen and in the scrollback
// while the setup goes on, as a terminal prompt leaves its answered questions. Pure words.

import {publicSource} from '../aws/public-source.js';
import {realSample} from '../commands/real-sample.js';
import type {ClusterChoice, CredentialsChoice, SizeChoice, SourceChoice} from '../flows/wizard-ui.js';

export type AnswerLine = {readonly question: string; readonly answer: string};

export function targetAnswer(target: 'local' | 'redshift'): AnswerLine {
	return {question: 'Warehouse', answer: target === 'local' ? 'on this machine (embedded PostgreSQL)' : 'Amazon Redshift'};
}

export function sourceAnswer(choice: SourceChoice, target: 'local' | 'redshift'): AnswerLine {
	if (choice.kind === 'default') return {question: 'Data', answer: target === 'local' ? 'the generated sample' : `the public bucket (${publicSource})`};
	if (choice.kind === 'folder' && choice.location === realSample.folder) return {question: 'Data', answer: 'the real Sparkify sample'};
	return {question: 'Data', answer: choice.location};
}

export function credentialsAnswer(choice: CredentialsChoice): AnswerLine {
	const who = choice.keys ? `keys typed, saved to profile ${choice.profile ?? 'default'}` : choice.profile ? `profile ${choice.profile}` : 'the default chain';
	return {question: 'AWS credentials', answer: `${who}, region ${choice.region}`};
}

export function sizeAnswer(choice: SizeChoice): AnswerLine {
	return {question: 'Cluster size', answer: `${choice.nodes} × ${choice.nodeType}`};
}

export function clusterAnswer(choice: ClusterChoice): AnswerLine {
	return {question: 'Cluster', answer: `${choice.clusterId}, its port open to ${choice.cidr ?? 'this machine'}`};
}
