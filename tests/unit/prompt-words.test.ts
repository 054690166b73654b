import { describe, expect, it } from 'vitest';
import { promptHeadline, recoveredHeadline } from '@/lib/health/prompt-words';

describe('in-page prompt headline', () => {
  it.each([
    ['no-sound', 'remote', 6_000, 'No sound from the other side for 6 s'],
    ['no-sound', 'local', 6_000, 'No sound from your microphone for 6 s'],
    ['no-sound', 'unknown', 6_000, 'No sound for 6 s'],
    ['no-video', 'remote', 72_000, 'No video from the other side for 1 min 12 s'],
    ['no-video', 'local', 4_000, 'No video from your camera for 4 s'],
    ['no-video', 'unknown', 4_000, 'No video for 4 s'],
    ['no-video', 'local', 4_000, 'No video from your screen share for 4 s', 'screen-share-stopped'],
    ['failed-connection', 'local', 3_000, 'You are offline: the call has been down for 3 s'],
    ['failed-connection', 'unknown', 9_000, 'The call connection has been down for 9 s'],
    [
      'unstable-connection',
      'remote',
      20_000,
      'The connection is unstable on the other side (20 s)',
    ],
    ['unstable-connection', 'unknown', 20_000, 'The connection is unstable (20 s)'],
    ['bandwidth-pressure', 'local', 10_000, 'Not enough bandwidth on your side (10 s)'],
    ['whiteboard-disconnected', 'unknown', 5_000, 'The whiteboard has been disconnected for 5 s'],
  ] as const)('%s on the %s side after %i ms', (kind, side, ms, words, cause?: string) => {
    expect(promptHeadline(kind, side, ms, cause)).toBe(words);
  });

  it('says a screen share is back, not the camera', () => {
    expect(recoveredHeadline('no-video', 'local', 'screen-share-stopped')).toBe(
      'Your screen share is reaching them again',
    );
    expect(recoveredHeadline('no-video', 'local', 'camera-ended')).toBe(
      'Your camera is working again',
    );
  });
});
