/** Nest injection token of the service's JSON logger (a pino `Logger`). */
export const LOGGER = Symbol('LOGGER');
