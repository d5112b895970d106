/** The injectable clock: code that depends on time takes `now` from here so tests can move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
