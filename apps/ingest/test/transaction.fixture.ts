import type { Transaction } from '@mlops/contracts';

/** A valid payment as a client would post it; `run` keeps ids unique across spec runs. */
export function payment(run: string, n: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    event_id: `${run}-tx-${n}`,
    event_time: 1_767_225_600_000 + n * 1_000,
    user_id: `user-${n % 11}`,
    card_id: `card-${n % 11}`,
    merchant_id: `merchant-${n % 5}`,
    merchant_category: 'grocery',
    amount: 10 + (n % 100),
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
    ...overrides,
  };
}

export interface PostResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** POSTs a body to ingest and returns status, parsed JSON body and headers. */
export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
