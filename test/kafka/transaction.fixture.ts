import type { Transaction } from '@mlops/contracts';

/** A valid card payment with a readable id; `overrides` changes single fields. */
export function transaction(n: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    event_id: `tx-${n}`,
    event_time: 1_767_225_600_000 + n * 1_000,
    user_id: `user-${n % 7}`,
    card_id: `card-${n % 7}`,
    merchant_id: `merchant-${n % 3}`,
    merchant_category: 'grocery',
    amount: 10 + n / 100,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: n % 2 === 0 ? null : `device-${n}`,
    ...overrides,
  };
}
