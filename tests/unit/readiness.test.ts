import { describe, expect, it } from 'vitest';
import { headsUpsBefore } from '@/lib/prepare/heads-up-words';
import {
  ESSENTIAL_UPLOAD_KBPS,
  judgeBattery,
  judgeComputer,
  judgeDevices,
  judgeMediaTabs,
  judgeUpload,
  readinessInWords,
  readinessReport,
  type ReadinessInputs,
} from '@/lib/prepare/readiness';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

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

describe('the readiness check', () => {
  const SET: Settings = {
    ...DEFAULT_SETTINGS,
    incidentEmail: 'incidents@tutoring.example',
  };
  const READY: ReadinessInputs = {
    battery: { level: 0.8, charging: true },
    pressure: 'nominal',
    otherMediaTabs: 0,
    devices: { microphones: 1, cameras: 1 },
    networkType: null,
    settings: SET,
    uploadKbps: 4200,
  };
  const levels = (inputs: ReadinessInputs) =>
    Object.fromEntries(readinessReport(inputs).map((i) => [i.id, i.level]));

  it('is all green for a charged, quiet computer with a fast upload and settings done', () => {
    const report = readinessReport(READY);
    expect(report.map((i) => i.id)).toEqual([
      'battery',
      'computer',
      'media-tabs',
      'devices',
      'upload',
      'network',
      'settings',
    ]);
    expect(report.every((i) => i.level === 'green' && i.fix === '')).toBe(true);
    expect(report.find((i) => i.id === 'upload')!.words).toBe('Upload: about 4.2 Mbps');
  });

  it('judges the upload against the 2 Mbps seed 002 calls essential', () => {
    expect(judgeUpload(ESSENTIAL_UPLOAD_KBPS).level).toBe('green');
    expect(judgeUpload(1200)).toMatchObject({
      level: 'amber',
      words: 'Upload: about 1.2 Mbps, under the 2 Mbps a webcam lesson needs',
      fix: expect.stringMatching(/camera off/),
    });
    expect(judgeUpload(300)).toMatchObject({
      level: 'red',
      words: expect.stringMatching(/300 kbps/),
    });
    expect(judgeUpload(null)).toMatchObject({
      level: 'amber',
      words: expect.stringMatching(/once a call starts/),
    });
  });

  it('gives each problem its colour and its fix', () => {
    const bad = levels({
      ...READY,
      battery: { level: 0.1, charging: false },
      pressure: 'critical',
      otherMediaTabs: 2,
      devices: { microphones: 0, cameras: 1 },
      networkType: 'cellular',
      settings: DEFAULT_SETTINGS,
    });
    expect(bad).toEqual({
      battery: 'red',
      computer: 'red',
      'media-tabs': 'amber',
      devices: 'red',
      upload: 'green',
      network: 'amber',
      settings: 'amber',
    });
    expect(judgeMediaTabs(2).words).toBe('2 other tabs are playing sound');
    expect(judgeMediaTabs(1).words).toBe('1 other tab is playing sound');
    expect(judgeDevices({ microphones: 1, cameras: 0 })).toMatchObject({
      level: 'amber',
      words: 'No camera found',
    });
    expect(judgeComputer('serious').fix).toMatch(/system update/);
  });

  it('says unknown, never fine, where the browser cannot tell', () => {
    const unknown = readinessReport({ ...READY, battery: null, pressure: null, devices: null });
    expect(unknown.filter((i) => i.level !== 'green').map((i) => i.words)).toEqual([
      'Battery: unknown',
      'Computer load: unknown',
      'Microphone and camera: unknown',
    ]);
  });

  it('is quoted in an email line per item, with its verdict in words', () => {
    const lines = readinessInWords(readinessReport({ ...READY, otherMediaTabs: 1 }));
    expect(lines[0]).toBe('Battery: 80%, charging (ok)');
    expect(lines[2]).toBe('1 other tab is playing sound (check)');
  });
});

describe('heads-ups cited by an incident', () => {
  const T = Date.parse('2026-12-02T16:30:00Z');
  const h = (minutesBefore: number, detail: string) => ({
    kind: 'battery-low' as const,
    at: T - minutesBefore * 60_000,
    words: '',
    detail,
  });

  it('says how long before, oldest first, and only the hour before it', () => {
    expect(
      headsUpsBefore(
        [
          h(0.5, 'computer under critical load for 20 s'),
          h(12, 'battery 8 %, discharging'),
          h(61, 'old'),
          h(-2, 'after'),
        ],
        T,
      ),
    ).toEqual([
      '12 min before: battery 8 %, discharging',
      'just before: computer under critical load for 20 s',
    ]);
  });
});
