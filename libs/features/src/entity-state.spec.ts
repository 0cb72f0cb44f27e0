import { decodeState, emptyState, encodeState, type EntityState } from './entity-state';

describe(encodeState.name, () => {
  it('round-trips an empty state, whose watermark is −Infinity', () => {
    const decoded = decodeState(encodeState(emptyState()));

    expect(decoded).toEqual(emptyState());
    expect(decoded.watermark).toBe(Number.NEGATIVE_INFINITY);
  });

  it('writes the −Infinity watermark as null, which JSON can hold', () => {
    expect(JSON.parse(encodeState(emptyState()))).toMatchObject({ watermark: null });
  });

  it('round-trips a state with tiles, sketches, positions and previous values', () => {
    const state: EntityState = {
      watermark: 1_767_225_600_500,
      positions: { '0': '17', '3': '9007199254740993' },
      tiles: {
        '*|*|1000': [
          [1_767_225_600_000, 2, 2, 2, 1, 1],
          [1_767_225_601_000, 1, 1, 1, 1, 1],
        ],
        'device_id|*|1000': [[1_767_225_600_000, 2, 0, 0, 0, 0, [12, 345_678]]],
      },
      lasts: { amount: [0.1 + 0.2, null, 12.5] },
      lastTime: 1_767_225_600_500,
      recent: ['tx-2', 'tx-1'],
    };

    expect(decodeState(encodeState(state))).toEqual(state);
  });
});

describe(decodeState.name, () => {
  it('reads a state stored before duplicate ids were remembered with no recent ids', () => {
    const stored = JSON.stringify({ watermark: 5, positions: { '0': '1' }, tiles: {}, lasts: {}, lastTime: 5 });

    expect(decodeState(stored)).toEqual({ ...emptyState(), watermark: 5, positions: { '0': '1' }, lastTime: 5 });
  });

  it.each([[null], [undefined], ['']])('reads %j as the empty state', (text) => {
    expect(decodeState(text)).toEqual(emptyState());
  });
});
