import { describe, expect, it } from 'vitest';
import { setupGaps } from '@/lib/prepare/setup-gaps';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

const withSettings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('setupGaps', () => {
  it('names the empty incident address', () => {
    expect(setupGaps(withSettings({ incidentEmail: '' })).map((g) => g.key)).toContain(
      'incident-address',
    );
  });
  it('names the phone when neither the organisation phone nor your own is allowed', () => {
    const s = withSettings({
      incidentEmail: 'incidents@example.org',
      ownPhoneAllowed: false,
      organisationPhone: { available: false, label: '', note: '' },
    });
    expect(setupGaps(s).map((g) => g.key)).toEqual(['phone']);
  });
  it('is empty once the address and a phone are set', () => {
    const s = withSettings({ incidentEmail: 'incidents@example.org', ownPhoneAllowed: true });
    expect(setupGaps(s)).toEqual([]);
  });
});
