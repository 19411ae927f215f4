// The data a load reads when no --source is given: a generated set, made once and kept. Its
// own file, with nothing imported, so the wizard's source question can describe it without
// loading the generator.

export const defaultSample = {songs: 1000, events: 20_000, seed: 42} as const;
