import { describe, expect, it } from 'vitest';
import { notificationId, parseNotificationId } from '@/lib/health/notification-id';

describe('notification ids', () => {
  it('carry the tab and incident through a round trip', () => {
    expect(parseNotificationId(notificationId(12, 'a1-b2'))).toEqual({
      tabId: 12,
      incidentId: 'a1-b2',
    });
  });

  it.each([
    '',
    'lifeline',
    'lifeline|x|a1',
    'lifeline|-3|a1',
    'lifeline|4|',
    'other|4|a1',
    'lifeline|4|a1|extra',
  ])('refuses %j', (id) => {
    expect(parseNotificationId(id)).toBeUndefined();
  });
});
