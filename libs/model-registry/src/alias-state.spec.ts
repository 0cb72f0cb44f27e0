import {
  ALIASES,
  AliasChangeError,
  ROLLBACK_DEPTH,
  demote,
  emptyAliasState,
  isAlias,
  promote,
  rollBack,
  servingVersions,
  type AliasState,
} from './alias-state';

/** Applies promotions in order, from the empty state. */
const promoted = (...steps: [alias: 'champion' | 'challenger' | 'shadow', version: string, traffic?: number][]): AliasState =>
  steps.reduce((state, [alias, version, traffic]) => promote(state, alias, version, traffic), emptyAliasState());

describe('alias state', () => {
  it('starts with no alias set, no canary traffic and nothing to roll back to', () => {
    expect(emptyAliasState()).toEqual({
      champion: null,
      challenger: null,
      shadow: null,
      challengerTraffic: 0,
      previous: { champion: [], challenger: [], shadow: [] },
    });
  });

  it('knows its three aliases', () => {
    expect(ALIASES).toEqual(['champion', 'challenger', 'shadow']);
    expect(['champion', 'challenger', 'shadow', 'canary', '', null, 1].map(isAlias)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe(promote.name, () => {
  it('points an alias at a version and remembers the version it replaces', () => {
    const first = promote(emptyAliasState(), 'champion', '1');
    const second = promote(first, 'champion', '2');

    expect(first).toMatchObject({ champion: '1', previous: { champion: [], challenger: [], shadow: [] } });
    expect(second).toMatchObject({ champion: '2', previous: { champion: ['1'], challenger: [], shadow: [] } });
  });

  it('leaves the state it was given unchanged', () => {
    const before = promoted(['champion', '1'], ['challenger', '2', 0.1]);
    const copy = structuredClone(before);

    promote(before, 'champion', '2');

    expect(before).toEqual(copy);
  });

  it('remembers nothing when the alias already points at the version', () => {
    const state = promoted(['champion', '1'], ['champion', '1']);

    expect(state).toMatchObject({ champion: '1', previous: { champion: [] } });
  });

  it('gives a version one alias at a time: promoting the challenger to champion frees the challenger slot and its traffic', () => {
    const state = promote(promoted(['champion', '1'], ['challenger', '2', 0.25]), 'champion', '2');

    expect(state).toEqual({
      champion: '2',
      challenger: null,
      shadow: null,
      challengerTraffic: 0,
      previous: { champion: ['1'], challenger: [], shadow: [] },
    });
  });

  it('moves the shadow version to the challenger slot, freeing the shadow', () => {
    const state = promote(promoted(['champion', '1'], ['shadow', '2']), 'challenger', '2', 0.5);

    expect(servingVersions(state)).toEqual({ champion: '1', challenger: '2', shadow: null });
    expect(state.challengerTraffic).toBe(0.5);
    expect(state.previous.shadow).toEqual([]);
  });

  it('sets the challenger traffic, keeps it when a new challenger replaces the old one, and starts a first challenger at 0', () => {
    const first = promoted(['champion', '1'], ['challenger', '2']);
    const withShare = promote(first, 'challenger', '2', 0.1);
    const replaced = promote(withShare, 'challenger', '3');

    expect(first.challengerTraffic).toBe(0);
    expect(withShare.challengerTraffic).toBe(0.1);
    expect(replaced).toMatchObject({ challenger: '3', challengerTraffic: 0.1, previous: { challenger: ['2'] } });
  });

  it.each([0, 1])('accepts a challenger traffic of %p', (traffic) => {
    expect(promoted(['challenger', '2', traffic]).challengerTraffic).toBe(traffic);
  });

  it.each([-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a challenger traffic of %p', (traffic) => {
    const attempt = () => promote(emptyAliasState(), 'challenger', '2', traffic);

    expect(attempt).toThrow(AliasChangeError);
    expect(attempt).toThrow(`traffic must be between 0 and 1, got ${traffic}`);
  });

  it.each(['champion', 'shadow'] as const)('refuses traffic for the %s', (alias) => {
    const attempt = () => promote(emptyAliasState(), alias, '1', 0.5);

    expect(attempt).toThrow(AliasChangeError);
    expect(attempt).toThrow(`traffic applies to the challenger only, not to ${alias}`);
  });

  it.each(['challenger', 'shadow'] as const)('does not take the champion version away from the champion to make it %s', (alias) => {
    const state = promoted(['champion', '1'], ['champion', '2']);

    // One alias per version would otherwise leave the model without a champion, which demote refuses.
    expect(() => promote(state, alias, '2')).toThrow(AliasChangeError);
  });
});

describe(demote.name, () => {
  it('clears the challenger, resets its traffic and remembers it for a rollback', () => {
    const state = demote(promoted(['champion', '1'], ['challenger', '2', 0.3]), 'challenger');

    expect(state).toEqual({
      champion: '1',
      challenger: null,
      shadow: null,
      challengerTraffic: 0,
      previous: { champion: [], challenger: ['2'], shadow: [] },
    });
  });

  it('clears the shadow', () => {
    expect(demote(promoted(['champion', '1'], ['shadow', '3']), 'shadow')).toMatchObject({ shadow: null, previous: { shadow: ['3'] } });
  });

  it('refuses to remove the champion', () => {
    const attempt = () => demote(promoted(['champion', '1']), 'champion');

    expect(attempt).toThrow(AliasChangeError);
    expect(attempt).toThrow('the champion cannot be removed: promote another version or roll back');
  });

  it.each(['challenger', 'shadow'] as const)('refuses to remove a %s that is not set', (alias) => {
    const attempt = () => demote(promoted(['champion', '1']), alias);

    expect(attempt).toThrow(AliasChangeError);
    expect(attempt).toThrow(`no ${alias} to remove`);
  });
});

describe(rollBack.name, () => {
  it('pops the previous versions of an alias, newest first, until there is nothing to roll back to', () => {
    const state = promoted(['champion', '1'], ['champion', '2'], ['champion', '3']);

    const once = rollBack(state, 'champion');
    const twice = rollBack(once, 'champion');

    expect(once).toMatchObject({ champion: '2', previous: { champion: ['1'] } });
    expect(twice).toMatchObject({ champion: '1', previous: { champion: [] } });
    expect(() => rollBack(twice, 'champion')).toThrow(AliasChangeError);
    expect(() => rollBack(twice, 'champion')).toThrow('champion has no earlier version to roll back to');
  });

  it('refuses an alias that never changed', () => {
    expect(() => rollBack(emptyAliasState(), 'shadow')).toThrow('shadow has no earlier version to roll back to');
  });

  it('brings back a demoted challenger', () => {
    const state = rollBack(demote(promoted(['champion', '1'], ['challenger', '2', 0.2]), 'challenger'), 'challenger');

    expect(servingVersions(state)).toEqual({ champion: '1', challenger: '2', shadow: null });
    expect(state.previous.challenger).toEqual([]);
  });

  it('frees another alias holding the version it goes back to', () => {
    const state = promoted(['champion', '1'], ['champion', '2'], ['shadow', '1']);

    const rolledBack = rollBack(state, 'champion');

    expect(servingVersions(rolledBack)).toEqual({ champion: '1', challenger: null, shadow: null });
    expect(rolledBack.previous).toEqual({ champion: [], challenger: [], shadow: [] });
  });

  it('does not take the champion version away from the champion', () => {
    // shadow 2 → 3; then 2 becomes champion: the shadow's previous version is now the champion's.
    const state = promoted(['champion', '1'], ['shadow', '2'], ['shadow', '3'], ['champion', '2']);

    expect(() => rollBack(state, 'shadow')).toThrow(AliasChangeError);
  });

  it(`keeps the ${ROLLBACK_DEPTH} latest versions per alias`, () => {
    const versions = Array.from({ length: ROLLBACK_DEPTH + 5 }, (_, i) => String(i + 1));
    let state = versions.reduce((s, version) => promote(s, 'champion', version), emptyAliasState());

    expect(state.champion).toBe('25');
    expect(state.previous.champion).toEqual(versions.slice(4, 24));
    for (let i = 0; i < ROLLBACK_DEPTH; i += 1) state = rollBack(state, 'champion');
    expect(state.champion).toBe('5');
    expect(() => rollBack(state, 'champion')).toThrow(AliasChangeError);
  });
});

describe(servingVersions.name, () => {
  it('gives the version of each alias without the rollback history', () => {
    expect(servingVersions(promoted(['champion', '1'], ['champion', '2'], ['shadow', '3']))).toEqual({
      champion: '2',
      challenger: null,
      shadow: '3',
    });
  });
});
