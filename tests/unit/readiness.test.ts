import { describe, expect, it } from 'vitest';
import { judgeBattery } from '@/lib/prepare/readiness';

describe('judgeBattery', () => {
  it('says unknown where the browser has no battery API', () => {
    expect(judgeBattery(null)).toMatchObject({ level: 'amber', words: 'Battery: unknown' });
  });
  it('is red when low and not charging, green when charging', () => {
    expect(judgeBattery({ level: 0.1, charging: false }).level).toBe('red');
    expect(judgeBattery({ level: 0.1, charging: true }).level).toBe('green');
    expect(judgeBattery({ level: 0.35, charging: false }).level).toBe('amber');
    expect(judgeBattery({ level: 0.9, charging: false }).level).toBe('green');
  });
});
