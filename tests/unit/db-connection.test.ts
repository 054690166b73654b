import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDbConnection, type DbState } from '@/lib/records/db-connection';
import { DB_NAME, DB_VERSION, openLifelineDb } from '@/lib/records/store';

/** Resolves with an IDBRequest's result, or whether it was blocked first. */
function settle<T>(request: IDBOpenDBRequest | IDBRequest<T>) {
  return new Promise<{ result: T; blocked: boolean }>((resolve, reject) => {
    let blocked = false;
    if ('onblocked' in request) request.onblocked = () => (blocked = true);
    request.onsuccess = () => resolve({ result: request.result as T, blocked });
    request.onerror = () => reject(request.error);
  });
}

/** An older Lifeline's page: version 1 of the records, and it never lets go of them. */
async function oldPageHolding(factory: IDBFactory) {
  const request = factory.open(DB_NAME, 1);
  request.onupgradeneeded = () => {
    request.result
      .createObjectStore('incidents', { keyPath: 'id' })
      .createIndex('startedAt', 'startedAt');
    request.result.createObjectStore('health', { keyPath: 'tabId' });
    request.result.createObjectStore('settings');
  };
  return (await settle<IDBDatabase>(request)).result;
}

const channels: BroadcastChannel[] = [];
const news = () => {
  const channel = new BroadcastChannel('lifeline-db-test');
  channels.push(channel);
  return channel;
};
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

const until = async (probe: () => boolean) => {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(probe()).toBe(true);
};

describe('a page’s or the worker’s connection to the records', () => {
  it('opens on first use, and can be awaited like the database', async () => {
    const factory = new IDBFactory();
    const db = createDbConnection((events) => openLifelineDb(factory, events));
    expect((await factory.databases()).map((d) => d.name)).toEqual([]);
    expect((await db).version).toBe(DB_VERSION);
    expect(db.state()).toBe('open');
  });

  it('lets a newer version upgrade at once, closes, and says so', async () => {
    const factory = new IDBFactory();
    const db = createDbConnection((events) => openLifelineDb(factory, events));
    const states: DbState[] = [];
    db.subscribe((s) => states.push(s));
    await db;
    const newer = await settle<IDBDatabase>(factory.open(DB_NAME, DB_VERSION + 1));
    expect(newer.blocked).toBe(false);
    expect(newer.result.version).toBe(DB_VERSION + 1);
    expect(db.state()).toBe('closed');
    expect(states).toEqual(['opening', 'open', 'closed']);
    newer.result.close();
  });

  it('opens afresh on the next use after being closed', async () => {
    const factory = new IDBFactory();
    const db = createDbConnection((events) => openLifelineDb(factory, events));
    const first = await db;
    await first.put('settings', { tutorName: 'Sam' }, 'current');
    expect((await settle(factory.deleteDatabase(DB_NAME))).blocked).toBe(false);
    expect(db.state()).toBe('closed');
    const second = await db;
    expect(second).not.toBe(first);
    expect(await second.get('settings', 'current')).toBeUndefined();
    expect(db.state()).toBe('open');
  });

  it('says it is blocked while an older page holds the upgrade up, then upgrades keeping its data', async () => {
    const factory = new IDBFactory();
    const old = await oldPageHolding(factory);
    const write = old.transaction('incidents', 'readwrite');
    write.objectStore('incidents').put({ id: 'kept', startedAt: '2026-11-01T10:00:00.000Z' });
    await new Promise((r) => (write.oncomplete = r));

    const db = createDbConnection((events) => openLifelineDb(factory, events));
    let opened = false;
    void db.then(() => (opened = true));
    await db.whenBlocked();
    expect(db.state()).toBe('blocked');
    expect(opened).toBe(false);

    old.close();
    const upgraded = await db;
    expect(db.state()).toBe('open');
    expect([...upgraded.objectStoreNames].sort()).toEqual([
      'health',
      'incidents',
      'plans',
      'settings',
      'timelines',
    ]);
    expect(await upgraded.get('incidents', 'kept')).toMatchObject({ id: 'kept' });
  });

  it('tells the openers waiting in line, and any that comes later, that the upgrade is held up', async () => {
    const factory = new IDBFactory();
    const old = await oldPageHolding(factory);
    const first = createDbConnection((events) => openLifelineDb(factory, events), news());
    void first.then(() => undefined);
    await first.whenBlocked();
    // Only the first in line hears `blocked` from IndexedDB itself.
    const second = createDbConnection((events) => openLifelineDb(factory, events), news());
    void second.then(() => undefined);
    await until(() => second.state() === 'blocked');

    old.close();
    await Promise.all([first, second]);
    expect([first.state(), second.state()]).toEqual(['open', 'open']);
  });

  it('tries again after an open that failed', async () => {
    const factory = new IDBFactory();
    let attempts = 0;
    const db = createDbConnection((events) =>
      ++attempts === 1 ? Promise.reject(new Error('disk busy')) : openLifelineDb(factory, events),
    );
    await expect(db.then((d) => d.version)).rejects.toThrow('disk busy');
    expect((await db).version).toBe(DB_VERSION);
    expect(attempts).toBe(2);
  });
});
