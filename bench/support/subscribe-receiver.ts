// A webhook receiver subscribed through the API, as a partner is, and confirmed before a bench
// starts measuring; the 201's body (its id and partner token) is returned.
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { ADMIN, sleep } from './common.ts';

const CONFIRM_WITHIN_MS = 15_000;

export async function subscribeReceiver(apiUrl: string, receiver: RunningReceiver, filter: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const subscribed = await fetch(`${apiUrl}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ endpoint: receiver.url, ...filter }),
  });
  if (subscribed.status !== 201) throw new Error(`POST /v1/subscriptions answered ${subscribed.status}: ${await subscribed.text()}`);
  for (const by = Date.now() + CONFIRM_WITHIN_MS; !receiver.confirmed; await sleep(20)) {
    if (Date.now() > by) throw new Error(`the receiver did not confirm its subscription in ${CONFIRM_WITHIN_MS / 1000} s`);
  }
  return (await subscribed.json()) as { id: string; token: string };
}
