import type { Page } from 'puppeteer-core';

/**
 * Direct access to the extension's IndexedDB from one of its pages, bypassing Lifeline's code:
 * to plant what an older version or a damaged disk would have left, and to look at what is kept.
 */
export function rawDb(page: Page) {
  return {
    /** Puts `records` into `store` as they are, at whatever version the database has. */
    put: (store: string, records: { key?: string; value: unknown }[]) =>
      page.evaluate(
        (store, records) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('lifeline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(store, 'readwrite');
              for (const r of records) tx.objectStore(store).put(r.value, r.key);
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        store,
        records,
      ),

    /** Every record of `store`, as stored. */
    all: (store: string) =>
      page.evaluate(
        (store) =>
          new Promise<unknown[]>((resolve, reject) => {
            const open = indexedDB.open('lifeline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction(store).objectStore(store).getAll();
              get.onsuccess = () => {
                open.result.close();
                resolve(get.result);
              };
              get.onerror = () => reject(get.error);
            };
          }),
        store,
      ),

    /** The database's version and stores, from a connection closed straight after. */
    shape: () =>
      page.evaluate(
        () =>
          new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
            const open = indexedDB.open('lifeline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const { version, objectStoreNames } = open.result;
              open.result.close();
              resolve({ version, stores: [...objectStoreNames].sort() });
            };
          }),
      ),
  };
}
