import { feature } from '../definition';
import { defineFeatureView, type FeatureView } from '../view';

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

/** Per card holder: velocity, amounts against the holder's own habits, spread across merchants, card testing. */
export const userTransactionsV1: FeatureView = defineFeatureView({
  name: 'user_transactions',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '5m',
  features: [
    feature.count('tx_count_10m', { window: '10m' }),
    feature.count('tx_count_1h', { window: '1h' }),
    feature.count('tx_count_24h', { window: '24h' }),
    feature.count('tx_count_30d', { window: '30d' }),
    feature.sum('amount_sum_1h', 'amount', { window: '1h' }),
    feature.sum('amount_sum_24h', 'amount', { window: '24h' }),
    feature.mean('amount_mean_24h', 'amount', { window: '24h' }),
    feature.mean('amount_mean_30d', 'amount', { window: '30d' }),
    feature.max('amount_max_24h', 'amount', { window: '24h' }),
    feature.min('amount_min_1h', 'amount', { window: '1h' }),
    feature.stddev('amount_stddev_30d', 'amount', { window: '30d' }),
    feature.count('small_amount_count_1h', { window: '1h', where: { field: 'amount', lessThan: 2 } }),
    feature.count('online_count_1h', { window: '1h', where: { field: 'channel', equals: 'online' } }),
    feature.count('card_not_present_count_24h', { window: '24h', where: { field: 'card_present', equals: false } }),
    feature.distinct('distinct_merchants_1h', 'merchant_id', { window: '1h' }),
    feature.distinct('distinct_merchants_24h', 'merchant_id', { window: '24h' }),
    feature.distinct('distinct_countries_7d', 'country', { window: '7d' }),
    feature.distinct('distinct_devices_30d', 'device_id', { window: '30d' }),
    feature.last('last_amount', 'amount'),
    feature.lastN('previous_amounts', 'amount', 3),
    feature.timeSinceLast('seconds_since_last_tx'),
    feature.derived('amount', (request) => num(request['amount'])),
    feature.derived('amount_over_mean_24h', (request, f) => ratio(num(request['amount']), f['amount_mean_24h'] ?? null)),
    feature.derived('amount_over_mean_30d', (request, f) => ratio(num(request['amount']), f['amount_mean_30d'] ?? null)),
    feature.derived('is_online', (request) => (request['channel'] === 'online' ? 1 : 0)),
    feature.derived('is_card_present', (request) => (request['card_present'] === true ? 1 : 0)),
    feature.derived('hour_of_day', (request) => {
      const time = num(request['event_time']);
      return time === null ? null : new Date(time).getUTCHours();
    }),
  ],
});

/** Per merchant: traffic and amounts, and how many different card holders pay there. */
export const merchantTransactionsV1: FeatureView = defineFeatureView({
  name: 'merchant_transactions',
  version: 1,
  entity: 'merchant',
  keyField: 'merchant_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '5m',
  features: [
    feature.count('tx_count_1h', { window: '1h' }),
    feature.count('tx_count_24h', { window: '24h' }),
    feature.count('tx_count_7d', { window: '7d' }),
    feature.mean('amount_mean_24h', 'amount', { window: '24h' }),
    feature.max('amount_max_24h', 'amount', { window: '24h' }),
    feature.distinct('distinct_users_24h', 'user_id', { window: '24h' }),
    feature.count('card_not_present_count_24h', { window: '24h', where: { field: 'card_present', equals: false } }),
    feature.timeSinceLast('seconds_since_last_tx'),
  ],
});

/** Every bundled view version, the registry services read. */
export const FeatureViews: readonly FeatureView[] = [userTransactionsV1, merchantTransactionsV1];

export function findView(name: string, version?: number): FeatureView | undefined {
  const candidates = FeatureViews.filter((v) => v.name === name && (version === undefined || v.version === version));
  return candidates.sort((a, b) => b.version - a.version)[0];
}
