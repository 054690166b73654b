import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { formFromSettings, settingsFromForm } from '@/lib/settings/settings-form';

const form = (overrides: Partial<ReturnType<typeof formFromSettings>> = {}) => ({
  ...formFromSettings(DEFAULT_SETTINGS),
  ...overrides,
});

describe('the settings form', () => {
  it('round-trips the defaults through the form unchanged', () => {
    expect(settingsFromForm(form())).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it.each([
    ['incidentEmail', { incidentEmail: 'not an address' }, 'Enter an email address'],
    ['incidentEmail', { incidentEmail: 'a@b' }, 'Enter an email address'],
    ['withholdPrefix', { withholdPrefix: '14a' }, 'Use only digits'],
    ['replacementWindowDays', { replacementWindowDays: '0' }, 'at least 1 day'],
    ['replacementWindowDays', { replacementWindowDays: '32' }, 'at most 31 days'],
    ['replacementWindowDays', { replacementWindowDays: '7.5' }, 'whole number'],
    ['replacementWindowDays', { replacementWindowDays: '' }, 'whole number'],
    ['retentionDays', { retentionDays: '6' }, 'at least 7 days'],
    ['retentionDays', { retentionDays: '1e3' }, 'whole number'],
    ['retentionDays', { retentionDays: '5000' }, 'at most 10 years'],
    ['organisationName', { organisationName: 'x'.repeat(101) }, 'too long'],
    ['approvedPlatforms', { approvedPlatforms: 'y'.repeat(61) }, 'under 60 characters'],
    [
      'unapprovedPlatforms',
      { unapprovedPlatforms: Array.from({ length: 41 }, (_, i) => `P${i}`).join('\n') },
      'more platforms',
    ],
  ])('refuses a bad %s with a message for that field', (field, overrides, message) => {
    const result = settingsFromForm(form(overrides));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field]).toContain(message);
  });

  it('reports nested fields by their dotted name', () => {
    const result = settingsFromForm(
      form({ organisationPhone: { ...DEFAULT_SETTINGS.organisationPhone, label: 'z'.repeat(81) } }),
    );
    expect(result.ok || Object.keys(result.errors)).toEqual(['organisationPhone.label']);
  });

  it('reports every bad field at once', () => {
    const result = settingsFromForm(form({ incidentEmail: 'x', retentionDays: 'lots' }));
    expect(result.ok || Object.keys(result.errors).sort()).toEqual([
      'incidentEmail',
      'retentionDays',
    ]);
  });

  it('trims what the tutor typed and drops empty list lines', () => {
    const result = settingsFromForm(
      form({
        incidentEmail: '  office@tutors.example.org ',
        retentionDays: ' 30 ',
        unapprovedPlatforms: 'Zoom\n\n  Skype  \r\n',
      }),
    );
    expect(result.ok && result.settings).toMatchObject({
      incidentEmail: 'office@tutors.example.org',
      retentionDays: 30,
      unapprovedPlatforms: ['Zoom', 'Skype'],
    });
  });

  it('accepts an empty incident address (not set up yet)', () => {
    expect(settingsFromForm(form({ incidentEmail: '' })).ok).toBe(true);
  });
});
