import type { Transaction } from '@mlops/contracts';
import { countrySpec } from './catalog';
import type { Merchant, User } from './population';

export type Channel = Transaction['channel'];

/** One card payment before it gets its id and time. */
export interface Payment {
  readonly user: User;
  readonly merchant: Merchant;
  /** In the merchant's currency, > 0, in cents. */
  readonly amount: number;
  readonly channel: Channel;
  /** The device of an online payment; null when the card is present. */
  readonly deviceId: string | null;
}

/** The transaction event of a payment: currency from the merchant's country, card present unless online. */
export function toTransaction(eventId: string, eventTime: number, payment: Payment): Transaction {
  return {
    event_id: eventId,
    event_time: eventTime,
    user_id: payment.user.id,
    card_id: payment.user.cardId,
    merchant_id: payment.merchant.id,
    merchant_category: payment.merchant.category,
    amount: payment.amount,
    currency: countrySpec(payment.merchant.country).currency,
    country: payment.merchant.country,
    channel: payment.channel,
    card_present: payment.channel !== 'online',
    device_id: payment.channel === 'online' ? payment.deviceId : null,
  };
}
