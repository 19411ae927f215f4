// Words the generator builds names from. Some carry letters outside ASCII, so the data
// exercises the double-encoding repair the way the real logs do.

export const syllables = ['ka', 'lo', 'mi', 'ra', 'ven', 'tor', 'sa', 'ne', 'du', 'bel', 'cor', 'fi', 'ma', 'rin', 'jo', 'zan', 'el', 'ot', 'ri', 'um'];

export const titleWords = [
	'Love', 'Night', 'Fire', 'River', 'Dream', 'Heart', 'Summer', 'Rain', 'Light', 'Road', 'Home', 'Blue', 'Gold', 'Stars',
	'Dance', 'Ghost', 'Echo', 'Wild', 'Silver', 'Morning', 'Ocean', 'Shadow', 'City', 'Train', 'Storm', 'Garden', 'Paper',
	'Electric', 'Midnight', 'Sugar', 'Angel', 'Thunder', 'Velvet', 'Window', 'Mirror', 'Desert', 'Winter', 'Candle', 'Radio',
];

export const accentedWords = ['Café', 'Señor', 'Niño', 'Éclair', 'Über', 'Fiancée', 'Mañana', 'Façade', 'Jalapeño', 'Crème', 'Naïve', 'Déjà', 'Björk', 'Sigur', 'Rós', 'Mötley', 'Crüe', 'Beyoncé', 'Héroes', 'Ferré', 'Ramalho', 'Tvárí', 'Génération', 'Satélites', 'Aló', 'Krunegård'];

export const firstNames = ['Kaylee', 'Walter', 'Lily', 'Jacob', 'Chloe', 'Ryan', 'Tegan', 'Aleena', 'Jayden', 'Mohammad', 'Zoë', 'José', 'Renée', 'Björn', 'Matthew', 'Sara', 'Noah', 'Ava', 'Liam', 'Emma', 'Lucas', 'Mia', 'Ethan', 'Isla'];
export const lastNames = ['Summers', 'Frye', 'Koch', 'Garcia', 'Cuevas', 'Smith', 'Levine', 'Kirby', 'Graham', 'Rodriguez', 'Jones', 'Núñez', 'Müller', 'Chen', 'Patel', 'Brown', 'Wilson', 'Taylor'];

export const locations = [
	'San Francisco-Oakland-Hayward, CA', 'Portland-South Portland, ME', 'Lansing-East Lansing, MI', 'Chicago-Naperville-Elgin, IL-IN-WI',
	'Atlanta-Sandy Springs-Roswell, GA', 'Phoenix-Mesa-Scottsdale, AZ', 'New York-Newark-Jersey City, NY-NJ-PA', 'Houston-The Woodlands-Sugar Land, TX',
	'Seattle-Tacoma-Bellevue, WA', 'Miami-Fort Lauderdale-West Palm Beach, FL', 'Denver-Aurora-Lakewood, CO', 'Boston-Cambridge-Newton, MA-NH',
];

export const artistLocations = ['London, England', 'Los Angeles, CA', 'New York, NY', 'Stockholm, Sweden', 'Reykjavík, Iceland', 'Kingston, Jamaica', 'Berlin, Germany', 'São Paulo, Brazil', 'Detroit, MI', 'Memphis, TN'];

export const userAgents = [
	'"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36"',
	'"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/35.0.1916.153 Safari/537.36"',
	'"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36"',
	'"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.77.4 (KHTML, like Gecko) Version/7.0.5 Safari/537.77.4"',
	'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0',
	'"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53"',
	'"Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko"',
	'"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0"',
];

/** Pages other than NextSong for a logged-in user, weighted as in the real sample. */
export const otherPages: ReadonlyArray<readonly [string, number]> = [
	['Home', 806], ['Logout', 90], ['Downgrade', 60], ['Settings', 56], ['Help', 47], ['About', 36], ['Upgrade', 21], ['Save Settings', 10], ['Error', 9],
];
/** Pages a logged-out visitor sees. */
export const loggedOutPages: ReadonlyArray<readonly [string, number]> = [['Home', 171], ['Login', 92], ['About', 14], ['Help', 9]];
