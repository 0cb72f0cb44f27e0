/** Current time in ms since epoch; injected so that TTL and age logic can be tested at any instant. */
export type Clock = () => number;

export const CLOCK = Symbol('CLOCK');
