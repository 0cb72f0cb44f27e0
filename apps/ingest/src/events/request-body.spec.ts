import { BodyParseError, bodyFormat, parseEvents } from './request-body';

describe(bodyFormat.name, () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/JSON', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['application/jsonl', 'ndjson'],
  ])('reads %s as %s', (contentType, format) => {
    expect(bodyFormat(contentType)).toBe(format);
  });

  it.each([['text/plain'], ['application/xml'], [''], [undefined]])('does not read %p', (contentType) => {
    expect(bodyFormat(contentType)).toBeUndefined();
  });
});

describe(parseEvents.name, () => {
  it('reads one JSON object as one event', () => {
    expect(parseEvents('{"a":1}', 'json')).toEqual({ events: [{ a: 1 }], batch: false });
  });

  it('reads a JSON array as a batch', () => {
    expect(parseEvents('[{"a":1},{"a":2}]', 'json')).toEqual({ events: [{ a: 1 }, { a: 2 }], batch: true });
  });

  it('reads NDJSON line by line, skipping blank lines', () => {
    expect(parseEvents('{"a":1}\n\n{"a":2}\n', 'ndjson')).toEqual({ events: [{ a: 1 }, { a: 2 }], batch: true });
  });

  it('names the line of malformed NDJSON', () => {
    expect(() => parseEvents('{"a":1}\n{"a":', 'ndjson')).toThrow(BodyParseError);
    expect(() => parseEvents('{"a":1}\n{"a":', 'ndjson')).toThrow(/^line 2 is not valid JSON/);
  });

  it('refuses malformed JSON', () => {
    expect(() => parseEvents('{"a":', 'json')).toThrow(/^body is not valid JSON/);
  });
});
