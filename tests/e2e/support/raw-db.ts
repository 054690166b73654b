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

    /**
     * Whether the browser refuses a write in the extension's origin for lack of room. Written to
     * a database of its own, so Lifeline's records stay as they are.
     */
    refused: () =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve, reject) => {
            const open = indexedDB.open('lifeline-quota-probe');
            open.onupgradeneeded = () => open.result.createObjectStore('probe');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('probe', 'readwrite');
              tx.objectStore('probe').put(Date.now(), 'last');
              tx.oncomplete = () => {
                open.result.close();
                resolve(false);
              };
              tx.onabort = () => {
                open.result.close();
                resolve(tx.error?.name === 'QuotaExceededError');
              };
            };
          }),
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
