// Where the public Sparkify data lives: the default source on Redshift.

/** The public Sparkify bucket (in us-west-2). */
export const publicSource = 's3://udacity-dend/';
export const publicSourceRegion = 'us-west-2';
