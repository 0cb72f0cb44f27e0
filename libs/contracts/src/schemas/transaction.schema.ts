/** A card payment as it happened: the example domain's event. Keyed by `user_id`. */
export const transactionSchema = {
  type: 'record',
  name: 'Transaction',
  namespace: 'mlops.events',
  doc: 'One card payment attempt.',
  fields: [
    { name: 'event_id', type: 'string', doc: 'Globally unique id; the idempotency key.' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When it happened (ms since epoch, UTC).' },
    { name: 'user_id', type: 'string', doc: 'Card holder; the partition key.' },
    { name: 'card_id', type: 'string' },
    { name: 'merchant_id', type: 'string' },
    { name: 'merchant_category', type: 'string', doc: 'ISO 18245 merchant category, e.g. "grocery".' },
    { name: 'amount', type: 'double', doc: 'In the currency below, > 0.' },
    { name: 'currency', type: 'string', doc: 'ISO 4217 code.' },
    { name: 'country', type: 'string', doc: 'ISO 3166-1 alpha-2 of the merchant.' },
    { name: 'channel', type: { type: 'enum', name: 'Channel', symbols: ['pos', 'online', 'atm'] } },
    { name: 'card_present', type: 'boolean' },
    { name: 'device_id', type: ['null', 'string'], default: null },
  ],
} as const;
