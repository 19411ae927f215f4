// A spinner that turns while something runs; static text when motion is not wanted.

import {Text} from 'ink';
import {useEffect, useState} from 'react';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner({intervalMs = 100}: {readonly intervalMs?: number}) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame((current) => (current + 1) % frames.length), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs]);
	return <Text color="cyan">{frames[frame]}</Text>;
}
