import { browser } from 'wxt/browser';
import type { UiRequest } from '@/lib/shared/messages';

/** Sends a request to the background; a reply `{ error }` becomes a thrown Error. */
export async function askBackground<T>(request: UiRequest): Promise<T> {
  const reply: unknown = await browser.runtime.sendMessage(request);
  if (reply && typeof reply === 'object' && 'error' in reply) throw new Error(String(reply.error));
  return reply as T;
}
