import { sqlIdentifier, sqlInteger, sqlString } from './sql';

describe(sqlString.name, () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'; DROP TABLE events; --", "'\\\\''; DROP TABLE events; --'"],
    ['', "''"],
  ])('quotes %j as %s', (value, literal) => {
    expect(sqlString(value)).toBe(literal);
  });
});

describe(sqlIdentifier.name, () => {
  it.each([['mlops'], ['_staging'], ['Db_2'], ['merchant_id']])('accepts %j', (name) => {
    expect(sqlIdentifier(name)).toBe(name);
  });

  it.each([['2db'], ['ml-ops'], ['a b'], ['db.table'], ['x; DROP'], ['']])('refuses %j', (name) => {
    expect(() => sqlIdentifier(name)).toThrow(`"${name}" is not a plain identifier`);
  });
});

describe(sqlInteger.name, () => {
  it('writes a safe whole number', () => {
    expect(sqlInteger(1_767_225_600_000)).toBe('1767225600000');
  });

  it.each([[-1], [1.5], [Number.NaN], [2 ** 53]])('refuses %d', (value) => {
    expect(() => sqlInteger(value)).toThrow('is not a whole number ≥ 0');
  });
});
