import type { Transaction } from '@mlops/contracts';
import { processEvent } from '../engine';
import { FeatureViews, findView, merchantTransactionsV1, userTransactionsV1 } from './card-payments';

const payment: Transaction = {
  event_id: 'tx-1',
  event_time: Date.UTC(2026, 0, 1, 21, 30),
  user_id: 'u1',
  card_id: 'c1',
  merchant_id: 'm1',
  merchant_category: 'electronics',
  amount: 250,
  currency: 'EUR',
  country: 'DE',
  channel: 'online',
  card_present: false,
  device_id: 'd1',
};

describe('card-payments views', () => {
  it('lays out user_transactions v1 in 29 values, previous_amounts expanded to three', () => {
    expect(userTransactionsV1.outputNames).toHaveLength(29);
    expect(userTransactionsV1.outputNames.slice(18, 23)).toEqual([
      'last_amount',
      'previous_amounts_1',
      'previous_amounts_2',
      'previous_amounts_3',
      'seconds_since_last_tx',
    ]);
  });

  it('computes the first vector of a user from the payment alone', () => {
    const { values } = processEvent(userTransactionsV1, undefined, payment);
    const vector = Object.fromEntries(userTransactionsV1.outputNames.map((name, i) => [name, values?.[i]]));

    expect(vector).toMatchObject({
      tx_count_30d: 1,
      amount_sum_24h: 250,
      amount_stddev_30d: 0,
      small_amount_count_1h: 0,
      online_count_1h: 1,
      card_not_present_count_24h: 1,
      distinct_devices_30d: 1,
      last_amount: null,
      seconds_since_last_tx: null,
      amount: 250,
      amount_over_mean_24h: 1,
      is_online: 1,
      is_card_present: 0,
      hour_of_day: 21,
    });
  });

  it('keys the merchant view by merchant_id', () => {
    expect(merchantTransactionsV1).toMatchObject({ keyField: 'merchant_id', source: 'transactions' });
  });

  describe(findView.name, () => {
    it('finds a bundled view by name, the latest version without one', () => {
      expect(findView('user_transactions')).toBe(userTransactionsV1);
      expect(findView('merchant_transactions', 1)).toBe(merchantTransactionsV1);
    });

    it('returns undefined for an unknown name or version', () => {
      expect(findView('clicks')).toBeUndefined();
      expect(findView('user_transactions', 99)).toBeUndefined();
    });

    it('lists every bundled view once per version', () => {
      expect(FeatureViews.map((v) => `${v.name}:${v.version}`)).toEqual(['user_transactions:1', 'merchant_transactions:1']);
    });
  });
});
