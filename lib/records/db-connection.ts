import type { LifelineDatabase, OpenEvents } from './store';

/**
 * Where a page's or the worker's database connection stands: `blocked` while an older Lifeline
 * page holds up an upgrade, `closed` once a newer Lifeline took the database over.
 */
export type DbState = 'opening' | 'blocked' | 'open' | 'closed';

/** How the extension's pages and worker tell each other an upgrade is held up. */
export type DbNews = Pick<BroadcastChannel, 'postMessage' | 'addEventListener'>;

/** The channel name every Lifeline page and the worker share for `DbNews`. */
export const DB_NEWS_CHANNEL = 'lifeline-db';

/**
 * One database connection for a page or the worker, opened on first use. It can be awaited like
 * the promise of a database, so every service keeps `await deps.db`; after the connection was
 * closed (a newer version upgrading, the browser shutting it) the next use opens a fresh one.
 *
 * Only the first of several waiting openers hears that an older page blocks the upgrade; the
 * others just wait in line behind it. So the one that hears it tells the rest over `news`, and
 * answers any opener that asks later.
 *
 * @param open opens the database, telling the given events what happens to the connection.
 * @param news a channel shared by every Lifeline page and the worker (a `BroadcastChannel`).
 */
export function createDbConnection(
  open: (events: OpenEvents) => Promise<LifelineDatabase>,
  news?: DbNews,
) {
  let current: Promise<LifelineDatabase> | undefined;
  let state: DbState = 'opening';
  const listeners = new Set<(state: DbState) => void>();
  let blocked = deferred();
  const set = (next: DbState) => {
    if (state === 'blocked' && next !== 'blocked') blocked = deferred();
    state = next;
    if (next === 'blocked') blocked.resolve();
    for (const listener of listeners) listener(next);
  };

  news?.addEventListener('message', (event: MessageEvent) => {
    if (event.data === 'blocked' && state === 'opening' && current) set('blocked');
    if (event.data === 'anyone-blocked?' && state === 'blocked') news.postMessage('blocked');
  });

  const get = (): Promise<LifelineDatabase> => {
    if (current) return current;
    set('opening');
    news?.postMessage('anyone-blocked?');
    const opening: Promise<LifelineDatabase> = open({
      blocked: () => {
        if (current !== opening) return;
        set('blocked');
        news?.postMessage('blocked');
      },
      closed: () => {
        if (current !== opening) return;
        current = undefined;
        set('closed');
      },
    });
    current = opening;
    opening.then(
      () => current === opening && set('open'),
      // A failed open is not kept: the next use tries again.
      () => {
        if (current === opening) current = undefined;
      },
    );
    return opening;
  };

  return {
    then<A = LifelineDatabase, B = never>(
      onOpen?: ((db: LifelineDatabase) => A | PromiseLike<A>) | null,
      onError?: ((error: unknown) => B | PromiseLike<B>) | null,
    ): Promise<A | B> {
      return get().then(onOpen, onError);
    },
    state: () => state,
    /** Calls `listener` with every change of state from now on; returns how to stop. */
    subscribe(listener: (state: DbState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * Resolves as soon as the connection is (or already is) blocked by an older page. One promise
     * per blocked spell, so waiting on it often costs nothing more.
     */
    whenBlocked: (): Promise<void> => blocked.promise,
  };
}
export type DbConnection = ReturnType<typeof createDbConnection>;

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
