import assert from 'node:assert/strict';
import {test} from 'node:test';
import {repairMojibake} from '../../source/etl/mojibake.js';

// Builds mojibake the way it happens: UTF-8 bytes read as Latin-1, written out again.
const doubleEncode = (text: string) => Buffer.from(Buffer.from(text, 'utf8').toString('latin1'), 'utf8').toString('utf8');
const mangle = (text: string, rounds: number) => {
	let current = text;
	for (let round = 0; round < rounds; round++) current = Buffer.from(current, 'utf8').toString('latin1');
	return current;
};

test('text encoded twice or three times is repaired', () => {
	for (const name of ['Björk', 'La Boulette (Génération Nan Nan)', 'Tvárí v Tvár', 'Markus Krunegård', 'Don´t Believe The Hype']) {
		assert.equal(repairMojibake(mangle(name, 1)), name);
		assert.equal(repairMojibake(mangle(name, 2)), name);
		assert.equal(repairMojibake(doubleEncode(name)), name);
	}
});

test('the Windows-1252 form of mojibake is repaired too', () => {
	// "é" as UTF-8 is C3 A9; read as Windows-1252 that is "Ã©". "ƒ" is 0x83 in Windows-1252.
	assert.equal(repairMojibake('GÃ©nÃ©ration'), 'Génération');
	assert.equal(repairMojibake('BjÃƒÂ¶rk'), 'Björk');
});

test('correct text is left alone', () => {
	for (const text of ['Beyoncé', 'Motörhead', 'Sigur Rós', 'plain ASCII', '東京事変', 'Café del Mar', 'naïve — “quoted”', '']) {
		assert.equal(repairMojibake(text), text);
	}
});
