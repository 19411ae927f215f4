// A yes/no question on one line, "[y/N]": y says yes; n, Enter or Escape say no. Keys typed
// before it was on screen never answer it.

import {Text} from 'ink';
import {useKeys} from './use-keys.js';

export function YesNo({question, onAnswer, isActive = true}: {readonly question: string; readonly onAnswer: (yes: boolean) => void; readonly isActive?: boolean}) {
	useKeys(
		(key) => {
			const typed = key.name === 'text' ? key.text.toLowerCase() : '';
			const yes = typed === 'y';
			if (!yes && typed !== 'n' && key.name !== 'return' && key.name !== 'escape') return;
			onAnswer(yes);
			return 'done';
		},
		{isActive, typeAhead: false},
	);
	return (
		<Text bold>
			{question} <Text color="gray">[y/N]</Text>
		</Text>
	);
}
