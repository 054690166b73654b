import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/shared/incident';
import type { PromptCommand } from '@/lib/shared/messages';
import { createRespondService } from '@/lib/respond/respond-service';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { MISSING_INCIDENT_WORDS } from '@/lib/records/storage-problem';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { commitTabHealth, getIncident, openLifelineDb, saveSettings } from '@/lib/records/store';
import { newTabHealth } from '@/lib/health/tab-health';
import { failedConnection } from '../support/incidents';
import { quietRespondDeps } from './support/respond-deps';

const LESSON = Date.parse('2026-11-26T16:02:05.000Z');

async function setup(incident: Incident = failedConnection({ endedAt: null }), focused = true) {
  const db = openLifelineDb(new IDBFactory());
  await commitTabHealth(await db, newTabHealth(7, LESSON), [{ type: 'open', incident }]);
  const clock = { now: LESSON + 60_000 };
  const prompts: [number, PromptCommand][] = [];
  const notes: string[] = [];
  const walks: string[] = [];
  const cameraOff: number[] = [];
  const reloads: number[] = [];
  const service = createRespondService({
    db,
    now: () => clock.now,
    timeZone: () => 'Europe/London',
    isTabFocused: async () => focused,
    sendPrompt: async (tabId, command) => void prompts.push([tabId, command]),
    notify: async (tabId, id, title) => void notes.push(`${tabId}|${id}|${title}`),
    openWalk: async (tabId, id) => void walks.push(`${tabId}|${id}`),
    openIncidentIds: async (tabId) => (tabId === 7 ? [incident.id] : []),
    markCameraOffOnPurpose: async (tabId) => void cameraOff.push(tabId),
    reloadTab: async (tabId) => void reloads.push(tabId),
  });
  const stored = async () => (await getIncident(await db, incident.id))!;
  return { db, clock, prompts, notes, walks, cameraOff, reloads, service, stored };
}

describe('the respond service', () => {
  it('records steps and the outcome on the stored incident with the background’s times', async () => {
    const { clock, service, stored } = await setup();
    await service.onUiRequest({
      type: 'record-step',
      incidentId: 'inc-1',
      stepId: 'reload-call-tab',
      result: 'done',
    });
    clock.now += 30_000;
    await service.onUiRequest({
      type: 'record-step',
      incidentId: 'inc-1',
      stepId: 'continue-by-phone',
      result: 'done',
    });
    clock.now += 30_000;
    await service.onUiRequest({
      type: 'set-outcome',
      incidentId: 'inc-1',
      outcome: { type: 'phone' },
    });
    const incident = await stored();
    expect(incident.steps).toEqual([
      {
        id: 'reload-call-tab',
        at: '2026-11-26T16:03:05.000Z',
        result: 'done',
        title: 'Reload the call tab',
      },
      {
        id: 'continue-by-phone',
        at: '2026-11-26T16:03:35.000Z',
        result: 'done',
        title: 'Carry on with sound over the phone',
      },
    ]);
    expect(incident.outcome).toEqual({ type: 'phone', at: '2026-11-26T16:04:05.000Z' });
  });

  it('keeps the title a step had when it was taken, after the playbook changes', async () => {
    const { service, stored } = await setup();
    const renamed = structuredClone(BUILT_IN_PLAYBOOKS.tutoring);
    renamed.steps.find((s) => s.id === 'reload-call-tab')!.title = 'Refresh the lesson page';
    await service.onUiRequest({ type: 'save-playbook', playbook: renamed });
    const step = {
      type: 'record-step',
      incidentId: 'inc-1',
      stepId: 'reload-call-tab',
      result: 'done',
    } as const;
    await service.onUiRequest(step);
    await service.onUiRequest({ type: 'save-playbook', playbook: null });
    await service.onUiRequest(step);
    expect((await stored()).steps.map((s) => s.title)).toEqual([
      'Refresh the lesson page',
      'Reload the call tab',
    ]);
  });

  it('walks the saved playbook and refuses a bad one, keeping the one it had', async () => {
    const { service } = await setup();
    const own = { ...BUILT_IN_PLAYBOOKS.tutoring, name: 'Our practice' };
    await service.onUiRequest({ type: 'save-playbook', playbook: own });
    await expect(
      service.onUiRequest({ type: 'save-playbook', playbook: { ...own, version: 9 } }),
    ).rejects.toThrow(/^The playbook was not saved: version: This playbook is a version/);
    expect(await service.onUiRequest({ type: 'get-playbook' })).toMatchObject({
      custom: true,
      playbook: { name: 'Our practice' },
      problems: [],
    });
  });

  it('carries out the prompt’s offer as the walk would: the step, the outcome, and a note', async () => {
    const sound = failedConnection({ kind: 'no-sound', side: 'remote', endedAt: null });
    const { service, stored, prompts } = await setup(sound);
    await service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'offer',
    });
    const incident = await stored();
    expect(incident.outcome).toEqual({ type: 'phone', at: '2026-11-26T16:03:05.000Z' });
    expect(incident.steps).toEqual([
      {
        id: 'continue-by-phone',
        at: '2026-11-26T16:03:05.000Z',
        result: 'done',
        title: 'Carry on with sound over the phone',
      },
    ]);
    expect(prompts).toEqual([
      [
        7,
        {
          type: 'prompt-noted',
          incidentId: 'inc-1',
          text: 'Recorded: we carried on by phone',
          lines: [
            "The organisation's mobile phone. Sound only. Return it to the main desk after use.",
            'Your own phone, only if you have unlimited minutes, with your number withheld: dial 141 before their number.',
          ],
        },
      ],
    ]);
  });

  it('reloads the tab for a whiteboard offer, and does nothing for an incident with no offer', async () => {
    const board = failedConnection({
      kind: 'whiteboard-disconnected',
      side: 'local',
      endedAt: null,
    });
    const { service, reloads, stored } = await setup(board);
    await service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'offer',
    });
    expect(reloads).toEqual([7]);
    expect((await stored()).steps.map((s) => s.id)).toEqual(['reload-call-tab']);
    expect((await stored()).outcome).toBeNull();
    const pressure = await setup(
      failedConnection({ kind: 'bandwidth-pressure', side: 'local', endedAt: null }),
    );
    await pressure.service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'offer',
    });
    expect((await pressure.stored()).steps).toEqual([]);
    expect(pressure.prompts).toEqual([]);
  });

  it('refuses a replacement outside the window from settings, and saves nothing', async () => {
    const { db, service, stored } = await setup();
    await saveSettings(await db, { ...DEFAULT_SETTINGS, replacementWindowDays: 3 });
    await expect(
      service.onUiRequest({
        type: 'set-outcome',
        incidentId: 'inc-1',
        outcome: { type: 'rescheduled', replacementAt: Date.parse('2026-11-29T10:00:00Z') },
      }),
    ).rejects.toThrow('on or before Saturday 28 November 2026');
    expect((await stored()).outcome).toBeNull();
    await service.onUiRequest({
      type: 'set-outcome',
      incidentId: 'inc-1',
      outcome: { type: 'rescheduled', replacementAt: Date.parse('2026-11-28T10:00:00Z') },
    });
    expect((await stored()).outcome?.replacementAt).toBe('2026-11-28T10:00:00.000Z');
  });

  it('sets and validates the lesson reference', async () => {
    const { service, stored } = await setup();
    await service.onUiRequest({ type: 'set-lesson-ref', incidentId: 'inc-1', lessonRef: 'AB' });
    expect((await stored()).lessonRef).toBe('AB');
    await expect(
      service.onUiRequest({ type: 'set-lesson-ref', incidentId: 'inc-1', lessonRef: 'Jane Smith' }),
    ).rejects.toThrow('no spaces');
    expect((await stored()).lessonRef).toBe('AB');
  });

  it('says clearly when the incident does not exist', async () => {
    const { service } = await setup();
    await expect(
      service.onUiRequest({ type: 'record-step', incidentId: 'nope', stepId: 'x', result: 'done' }),
    ).rejects.toThrow('That incident no longer exists or cannot be read.');
    expect(await service.onUiRequest({ type: 'get-incident', id: 'nope' })).toEqual({
      error: MISSING_INCIDENT_WORDS,
    });
  });

  it('saves settings only when valid, and hands them back', async () => {
    const { service } = await setup();
    await expect(
      service.onUiRequest({
        type: 'save-settings',
        settings: { ...DEFAULT_SETTINGS, incidentEmail: 'nope' },
      }),
    ).rejects.toThrow();
    expect(await service.onUiRequest({ type: 'get-settings' })).toEqual(DEFAULT_SETTINGS);
    const saved = { ...DEFAULT_SETTINGS, incidentEmail: 'incidents@example.org' };
    await service.onUiRequest({ type: 'save-settings', settings: saved });
    expect(await service.onUiRequest({ type: 'get-settings' })).toEqual(saved);
  });

  it('prompts in the tab and notifies when it is hidden', async () => {
    const incident = failedConnection({ endedAt: null });
    const { service, prompts, notes } = await setup(incident, false);
    await service.onIncidentChanges(7, [{ type: 'open', incident }]);
    expect(prompts.map(([tab, c]) => [tab, c.type])).toEqual([[7, 'show-prompt']]);
    expect(notes).toEqual(['7|inc-1|Lifeline: Call connection failed']);
  });

  it('after an update shows the tab’s open incident again, with no second notification', async () => {
    const { service, prompts, notes } = await setup(failedConnection({ endedAt: null }), false);
    await service.restorePrompts(7);
    expect(prompts).toEqual([
      [
        7,
        expect.objectContaining({
          type: 'show-prompt',
          incident: expect.objectContaining({ id: 'inc-1' }),
        }),
      ],
    ]);
    expect(notes).toEqual([]);
    await service.restorePrompts(8);
    expect(prompts).toHaveLength(1);
  });

  it('after an update leaves a dismissed incident’s prompt closed', async () => {
    const { service, prompts } = await setup(failedConnection({ endedAt: null, dismissed: true }));
    await service.restorePrompts(7);
    expect(prompts).toEqual([]);
  });

  it('opens the walk from the prompt, for its own tab’s incidents only', async () => {
    const { service, walks } = await setup();
    await service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'fallback-steps',
    });
    await service.onPromptAction(8, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'fallback-steps',
    });
    expect(walks).toEqual(['7|inc-1']);
  });

  it('closes the prompt on Dismiss: recorded with its time, not marked as no failure', async () => {
    const { service, stored, prompts } = await setup();
    await service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'dismiss',
    });
    const incident = await stored();
    expect(incident.dismissed).toBe(false);
    expect(incident.steps).toEqual([
      { id: 'prompt-dismissed', at: '2026-11-26T16:03:05.000Z', result: 'done' },
    ]);
    expect(prompts).toEqual([[7, { type: 'hide-prompt', incidentId: 'inc-1' }]]);
  });

  it('takes "camera off on purpose" only for a video incident', async () => {
    const video = failedConnection({ kind: 'no-video', side: 'local', endedAt: null });
    const ok = await setup(video);
    await ok.service.onPromptAction(7, {
      type: 'prompt-action',
      incidentId: 'inc-1',
      action: 'camera-off',
    });
    expect((await ok.stored()).steps.map((s) => s.id)).toEqual(['camera-off-on-purpose']);
    // …and the health engine is told, so the rule is muted for the rest of the call.
    expect(ok.cameraOff).toEqual([7]);

    const other = await setup();
    await expect(
      other.service.onPromptAction(7, {
        type: 'prompt-action',
        incidentId: 'inc-1',
        action: 'camera-off',
      }),
    ).rejects.toThrow('Only a video incident');
    expect((await other.stored()).dismissed).toBe(false);
    expect(other.cameraOff).toEqual([]);
  });
});

describe('the latest incident of a call page', () => {
  it('finds the newest incident of that origin within the last three hours', async () => {
    const db = openLifelineDb(new IDBFactory());
    const at = (h: number) => new Date(LESSON + h * 3_600_000).toISOString();
    const other = { origin: 'https://other.example', title: '' };
    const stale = { origin: 'https://stale.example', title: '' };
    await commitTabHealth(await db, newTabHealth(1, LESSON), [
      { type: 'open', incident: failedConnection({ id: 'old', startedAt: at(-4) }) },
      {
        type: 'open',
        incident: failedConnection({ id: 'stale', startedAt: at(-3.1), page: stale }),
      },
      { type: 'open', incident: failedConnection({ id: 'earlier', startedAt: at(-2) }) },
      { type: 'open', incident: failedConnection({ id: 'newest', startedAt: at(-1) }) },
      {
        type: 'open',
        incident: failedConnection({ id: 'elsewhere', startedAt: at(-0.5), page: other }),
      },
    ]);
    const service = createRespondService(quietRespondDeps(db, { now: () => LESSON }));
    const latest = (origin: string) =>
      service.onUiRequest({ type: 'latest-incident', origin }) as Promise<{ id: string } | null>;
    expect((await latest('https://lessons.example.org'))?.id).toBe('newest');
    expect((await latest('https://other.example'))?.id).toBe('elsewhere');
    expect(await latest('https://nowhere.example')).toBeNull();
    expect(await latest('https://stale.example')).toBeNull();
    expect(await latest('')).toBeNull();
  });
});
