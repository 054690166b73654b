import { describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import { alertsFor } from '@/lib/health/incident-alerts';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { failedConnection } from '../support/incidents';

const open = failedConnection({ endedAt: null });
const lookup =
  (...incidents: Incident[]) =>
  (id: string) =>
    incidents.find((i) => i.id === id);
const PROMPT = {
  type: 'show-prompt',
  incident: {
    id: 'inc-1',
    kind: 'failed-connection',
    severity: 'failure',
    side: 'local',
    cause: open.cause,
    startedAt: '2026-11-26T16:02:05.000Z',
  },
};
const NOTIFY = {
  type: 'notify',
  incidentId: 'inc-1',
  title: 'Lifeline: Call connection failed',
  message: 'Your side. Click for the fallback steps.',
};

describe('prompts and notifications for incident changes', () => {
  it('prompts in the page for a new failure in the focused tab, without a notification', () => {
    const alerts = alertsFor(
      [{ type: 'open', incident: open }],
      lookup(open),
      DEFAULT_SETTINGS,
      true,
    );
    expect(alerts).toEqual([PROMPT]);
  });

  it('also notifies when the call tab is not focused', () => {
    const alerts = alertsFor(
      [{ type: 'open', incident: open }],
      lookup(open),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts).toEqual([PROMPT, NOTIFY]);
  });

  it('never notifies for a warning, focused or not', () => {
    const warning = { ...open, severity: 'warning' as const };
    const alerts = alertsFor(
      [{ type: 'open', incident: warning }],
      lookup(warning),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts.map((a) => a.type)).toEqual(['show-prompt']);
  });

  it('prompts and notifies again when a warning becomes a failure', () => {
    const alerts = alertsFor(
      [{ type: 'update', id: 'inc-1', patch: { severity: 'failure' } }],
      lookup(open),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts).toEqual([PROMPT, NOTIFY]);
  });

  it('stays quiet for figures and cause updates', () => {
    const alerts = alertsFor(
      [
        { type: 'observe', id: 'inc-1', metrics: { worstRttMs: 90 } },
        { type: 'update', id: 'inc-1', patch: { cause: 'connection-failed' } },
      ],
      lookup(open),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts).toEqual([]);
  });

  it('says the call recovered when the incident ends, and hides a dismissed one', () => {
    const close = [{ type: 'close', id: 'inc-1', endedAt: '2026-11-26T16:09:40.000Z' }] as const;
    const ended = { ...open, endedAt: '2026-11-26T16:09:40.000Z' };
    expect(alertsFor([...close], lookup(ended), DEFAULT_SETTINGS, true)).toEqual([
      { type: 'prompt-recovered', incidentId: 'inc-1', text: 'The call is connected again' },
    ]);
    expect(
      alertsFor([...close], lookup({ ...ended, dismissed: true }), DEFAULT_SETTINGS, true),
    ).toEqual([{ type: 'hide-prompt', incidentId: 'inc-1' }]);
  });

  it('puts the offered step on the prompt', () => {
    const alerts = alertsFor(
      [{ type: 'open', incident: open }],
      lookup(open),
      DEFAULT_SETTINGS,
      true,
      () => 'Carry on by phone',
    );
    expect(alerts[0]).toMatchObject({ type: 'show-prompt', offer: 'Carry on by phone' });
  });

  it('does not raise an incident again once the tutor recorded its outcome', () => {
    const handled = {
      ...open,
      outcome: { type: 'phone' as const, at: '2026-11-26T16:03:00.000Z' },
    };
    const alerts = alertsFor(
      [{ type: 'update', id: 'inc-1', patch: { severity: 'failure' } }],
      lookup(handled),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts).toEqual([]);
  });

  it('does not raise a dismissed incident again', () => {
    const dismissed = { ...open, dismissed: true };
    const alerts = alertsFor(
      [{ type: 'update', id: 'inc-1', patch: { severity: 'failure' } }],
      lookup(dismissed),
      DEFAULT_SETTINGS,
      false,
    );
    expect(alerts).toEqual([]);
  });

  it.each([
    [{ inPagePrompt: false, systemWhenHidden: true }, ['notify']],
    [{ inPagePrompt: true, systemWhenHidden: false }, ['show-prompt']],
    [{ inPagePrompt: false, systemWhenHidden: false }, []],
  ])('follows the notification settings %o', (notifications, types) => {
    const settings: Settings = { ...DEFAULT_SETTINGS, notifications };
    const alerts = alertsFor([{ type: 'open', incident: open }], lookup(open), settings, false);
    expect(alerts.map((a) => a.type)).toEqual(types);
  });
});
