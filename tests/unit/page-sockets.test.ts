import { describe, expect, it } from 'vitest';
import { applySocketEvent, MAX_SOCKETS, type PageSocket } from '@/lib/detect/page-sockets';

const host = 'board.example:443';

describe('page socket memory', () => {
  it('records an open socket and its close, with who closed it', () => {
    let sockets: PageSocket[] = [];
    sockets = applySocketEvent(sockets, { phase: 'open', key: '0:a', host, at: 1_000 });
    sockets = applySocketEvent(sockets, {
      phase: 'close',
      key: '0:a',
      host,
      byPage: true,
      at: 9_000,
    });
    expect(sockets).toEqual([
      { key: '0:a', host, openedAt: 1_000, closedAt: 9_000, closedByPage: true },
    ]);
  });

  it('ignores a close for a socket it never saw open', () => {
    const sockets = applySocketEvent([], {
      phase: 'close',
      key: '0:x',
      host,
      byPage: false,
      at: 1_000,
    });
    expect(sockets).toEqual([]);
  });

  it('forgets settled closes after a minute but keeps a drop nothing replaced', () => {
    let sockets: PageSocket[] = [
      { key: '0:old', host, openedAt: 0, closedAt: 1_000, closedByPage: true },
      { key: '0:drop', host: 'other:1', openedAt: 0, closedAt: 1_000, closedByPage: false },
    ];
    sockets = applySocketEvent(sockets, { phase: 'open', key: '0:new', host, at: 120_000 });
    expect(sockets.map((s) => s.key)).toEqual(['0:drop', '0:new']);
  });

  it(`keeps at most ${MAX_SOCKETS} sockets, dropping the oldest closed first`, () => {
    let sockets: PageSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS + 10; i++) {
      sockets = applySocketEvent(sockets, { phase: 'open', key: `0:${i}`, host, at: i });
    }
    expect(sockets).toHaveLength(MAX_SOCKETS);
    expect(sockets[0]!.key).toBe('0:10');
  });
});
