/** The three places a version can be served from. */
export const ALIASES = ['champion', 'challenger', 'shadow'] as const;
export type Alias = (typeof ALIASES)[number];

export const isAlias = (value: unknown): value is Alias => typeof value === 'string' && (ALIASES as readonly string[]).includes(value);

/** Which version each alias points at, the challenger's canary share, and what each alias pointed at before (for rollbacks). */
export interface AliasState {
  readonly champion: string | null;
  readonly challenger: string | null;
  readonly shadow: string | null;
  /** Share of entities (0–1) the challenger serves; the champion serves the rest. */
  readonly challengerTraffic: number;
  /** Earlier versions of each alias, newest last; a rollback pops one. */
  readonly previous: Readonly<Record<Alias, readonly string[]>>;
}

export const emptyAliasState = (): AliasState => ({
  champion: null,
  challenger: null,
  shadow: null,
  challengerTraffic: 0,
  previous: { champion: [], challenger: [], shadow: [] },
});

/** How many earlier versions per alias are kept for rollbacks. */
export const ROLLBACK_DEPTH = 20;

export class AliasChangeError extends Error {
  override readonly name = 'AliasChangeError';
}

function withAlias(state: AliasState, alias: Alias, version: string | null, remember: boolean): AliasState {
  const current = state[alias];
  const previous =
    remember && current !== null && current !== version
      ? [...state.previous[alias], current].slice(-ROLLBACK_DEPTH)
      : state.previous[alias];
  const next: AliasState = { ...state, [alias]: version, previous: { ...state.previous, [alias]: previous } };
  return alias === 'challenger' && version === null ? { ...next, challengerTraffic: 0 } : next;
}

/** A model always keeps a champion: its version cannot move to another alias until another champion is promoted. */
function refuseLeavingChampion(state: AliasState, alias: Alias, version: string): void {
  if (alias !== 'champion' && state.champion === version)
    throw new AliasChangeError(`v${version} is the champion; promote another champion before making it the ${alias}`);
}

/**
 * Points `alias` at `version`. A version holds one alias at a time: promoting the challenger to
 * champion frees the challenger slot. `traffic` (0–1) sets the challenger's canary share.
 */
export function promote(state: AliasState, alias: Alias, version: string, traffic?: number): AliasState {
  if (traffic !== undefined && alias !== 'challenger')
    throw new AliasChangeError(`traffic applies to the challenger only, not to ${alias}`);
  if (traffic !== undefined && !(traffic >= 0 && traffic <= 1))
    throw new AliasChangeError(`traffic must be between 0 and 1, got ${traffic}`);
  refuseLeavingChampion(state, alias, version);
  let next = state;
  for (const other of ALIASES) if (other !== alias && next[other] === version) next = withAlias(next, other, null, false);
  next = withAlias(next, alias, version, true);
  return alias === 'challenger'
    ? { ...next, challengerTraffic: traffic ?? (state.challenger === null ? 0 : state.challengerTraffic) }
    : next;
}

/** Clears `alias`; a champion cannot be cleared (roll back or promote another version instead). */
export function demote(state: AliasState, alias: Alias): AliasState {
  if (alias === 'champion') throw new AliasChangeError('the champion cannot be removed: promote another version or roll back');
  if (state[alias] === null) throw new AliasChangeError(`no ${alias} to remove`);
  return withAlias(state, alias, null, true);
}

/** Points `alias` back at the version it had before its latest change. */
export function rollBack(state: AliasState, alias: Alias): AliasState {
  const earlier = state.previous[alias];
  const target = earlier[earlier.length - 1];
  if (target === undefined) throw new AliasChangeError(`${alias} has no earlier version to roll back to`);
  refuseLeavingChampion(state, alias, target);
  const popped: AliasState = { ...state, previous: { ...state.previous, [alias]: earlier.slice(0, -1) } };
  let next = popped;
  for (const other of ALIASES) if (other !== alias && next[other] === target) next = withAlias(next, other, null, false);
  return { ...next, [alias]: target };
}

/** The version serving each alias, as published on `models.lifecycle`. */
export const servingVersions = (state: AliasState): Readonly<Record<Alias, string | null>> => ({
  champion: state.champion,
  challenger: state.challenger,
  shadow: state.shadow,
});
