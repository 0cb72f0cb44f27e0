import { csvField, parseCsv } from './csv';

describe(parseCsv.name, () => {
  it('splits records and fields', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('"a,1","say ""hi""","x\ny"\r\n')).toEqual([['a,1', 'say "hi"', 'x\ny']]);
  });

  it('handles CRLF, a missing final line break, empty fields and blank lines', () => {
    expect(parseCsv('a,,c\r\n\r\n1,2,')).toEqual([
      ['a', '', 'c'],
      ['1', '2', ''],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow('unterminated quoted field');
  });
});

describe(csvField.name, () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('user-1')).toBe('user-1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('round-trips through parseCsv', () => {
    const fields = ['plain', 'a,b', 'q"uote', 'line\nbreak', ''];

    expect(parseCsv(`${fields.map(csvField).join(',')}\n`)).toEqual([fields]);
  });
});
