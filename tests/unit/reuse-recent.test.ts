import { describe, expect, it } from 'vitest';
import { reuseRecent } from '@/lib/shared/reuse-recent';

describe('reuseRecent', () => {
  const counting = () => {
    let clock = 0;
    let made = 0;
    let fail = false;
    const get = reuseRecent(
      1_000,
      async () => {
        made++;
        if (fail) throw new Error('no room');
        return made;
      },
      () => clock,
    );
    return {
      get,
      made: () => made,
      advance: (ms: number) => (clock += ms),
      failNext: (v: boolean) => (fail = v),
    };
  };

  it('shares one answer between calls within the age', async () => {
    const c = counting();
    expect(await c.get()).toBe(1);
    c.advance(999);
    expect(await c.get()).toBe(1);
    expect(c.made()).toBe(1);
  });

  it('works the answer out again once it is older than the age', async () => {
    const c = counting();
    await c.get();
    c.advance(1_000);
    expect(await c.get()).toBe(2);
  });

  it('does not keep a failure: the next call tries again', async () => {
    const c = counting();
    c.failNext(true);
    await expect(c.get()).rejects.toThrow('no room');
    c.failNext(false);
    expect(await c.get()).toBe(2);
  });
});
