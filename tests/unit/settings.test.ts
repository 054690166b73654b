import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, settingsSchema } from '@/lib/settings/settings';

describe('settings', () => {
  it('has defaults that follow the policy: 7-day window, withheld own phone, 90-day retention', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      replacementWindowDays: 7,
      ownPhoneAllowed: true,
      withholdPrefix: '141',
      retentionDays: 90,
    });
    expect(DEFAULT_SETTINGS.unapprovedPlatforms).toEqual(
      expect.arrayContaining(['Facebook', 'FaceTime', 'Zoom']),
    );
  });

  it.each([
    ['incidentEmail', 'incidents at example.org', /email address/],
    ['incidentEmail', 'a@b', /email address/],
    ['withholdPrefix', '14 1', /digits/],
    ['replacementWindowDays', 0, /at least 1 day/],
    ['replacementWindowDays', 2.5, /whole number/],
    ['retentionDays', 3, /at least 7 days/],
    ['monitoredOrigins', ['https://lessons.example.org/room/1'], /nothing after the host/],
    ['monitoredOrigins', ['ftp://files.example.org'], /https:\/\/host/],
  ])('refuses %s = %j with a message a tutor can act on', (field, value, message) => {
    const result = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it.each([
    ['incidentEmail', 'incidents@westcountry.example.org'],
    ['incidentEmail', ''],
    ['withholdPrefix', '#31#'],
    ['monitoredOrigins', ['https://lessons.example.org', 'http://localhost:8080']],
  ])('accepts %s = %j', (field, value) => {
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, [field]: value }).success).toBe(true);
  });

  it('keeps every valid field of a damaged record and reports the bad ones', () => {
    const { settings, problems } = readSettings({
      ...DEFAULT_SETTINGS,
      tutorName: 'Sam',
      retentionDays: -4,
    });
    expect(settings.tutorName).toBe('Sam');
    expect(settings.retentionDays).toBe(90);
    expect(problems).toEqual(['retentionDays: Keep incidents for at least 7 days.']);
  });

  it('gives defaults for nothing stored, and for something that is not a record at all', () => {
    expect(readSettings(undefined).settings).toEqual(DEFAULT_SETTINGS);
    expect(readSettings('garbage').settings).toEqual(DEFAULT_SETTINGS);
  });
});
