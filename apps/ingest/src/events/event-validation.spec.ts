import { Schemas } from '@mlops/contracts';
import { Type } from 'avsc';
import { validateEvent } from './event-validation';

const type = Type.forSchema(Schemas.transaction as never);
const timestamps = new Set(['event_time']);

const valid = {
  event_id: 'e1',
  event_time: 1_767_225_600_000,
  user_id: 'u1',
  card_id: 'c1',
  merchant_id: 'm1',
  merchant_category: 'grocery',
  amount: 12.5,
  currency: 'EUR',
  country: 'DE',
  channel: 'pos',
  card_present: true,
};

describe(validateEvent.name, () => {
  it('accepts a valid event and fills optional fields with their defaults', () => {
    const result = validateEvent(type, timestamps, valid);
    expect(result.errors).toEqual([]);
    expect(result.value).toEqual({ ...valid, device_id: null });
    expect(type.isValid(result.value)).toBe(true);
  });

  it('turns an ISO-8601 event time into epoch milliseconds', () => {
    const result = validateEvent(type, timestamps, { ...valid, event_time: '2026-01-01T00:00:00Z' });
    expect(result.errors).toEqual([]);
    expect(result.value['event_time']).toBe(1_767_225_600_000);
  });

  it('lists every problem of an event with its path and reason', () => {
    const { errors } = validateEvent(type, timestamps, {
      ...valid,
      event_time: 'yesterday',
      user_id: 7,
      amount: '12',
      channel: 'web',
      device_id: 5,
      color: 'red',
      card_id: undefined,
    });
    expect(errors).toEqual([
      { path: 'event_time', reason: 'expected epoch milliseconds or an ISO-8601 time, got string "yesterday"' },
      { path: 'color', reason: 'unknown field' },
      { path: 'user_id', reason: 'expected a string, got number 7' },
      { path: 'card_id', reason: 'required field missing (a string)' },
      { path: 'amount', reason: 'expected a number, got string "12"' },
      { path: 'channel', reason: 'expected one of "pos", "online", "atm", got string "web"' },
      { path: 'device_id', reason: 'expected null or a string, got number 5' },
    ]);
  });

  it('explains a missing timestamp in the terms it accepts', () => {
    const { errors } = validateEvent(type, timestamps, { ...valid, event_time: undefined });
    expect(errors).toEqual([{ path: 'event_time', reason: 'required field missing (epoch milliseconds or an ISO-8601 time)' }]);
  });

  it.each([
    ['an array', []],
    ['a string', 'hello'],
    ['null', null],
  ])('refuses %s where an object is expected', (_, input) => {
    const { errors } = validateEvent(type, timestamps, input);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('');
    expect(errors[0]?.reason).toMatch(/^expected a JSON object, got /);
  });

  it('refuses non-integral and out-of-range numbers for integer fields', () => {
    expect(validateEvent(type, timestamps, { ...valid, event_time: 1.5 }).errors).toEqual([
      { path: 'event_time', reason: 'expected an integer, got number 1.5' },
    ]);
  });

  it('reports paths inside nested arrays and records', () => {
    const nested = Type.forSchema({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'items', type: { type: 'array', items: { type: 'record', name: 'Item', fields: [{ name: 'sku', type: 'string' }] } } },
      ],
    });
    const { errors } = validateEvent(nested, new Set(), { items: [{ sku: 'a' }, { sku: 3 }] });
    expect(errors).toEqual([{ path: 'items[1].sku', reason: 'expected a string, got number 3' }]);
  });
});
