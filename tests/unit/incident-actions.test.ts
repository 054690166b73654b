import { describe, expect, it } from 'vitest';
import {
  dismissIncident,
  MAX_STEPS,
  recordStep,
  setLessonRef,
  setOutcome,
} from '@/lib/respond/incident-actions';
import { failedConnection } from '../support/incidents';

const t = (iso: string) => Date.parse(iso);

describe('incident actions', () => {
  it('records steps in order with their times, repeats included', () => {
    let incident = failedConnection();
    incident = recordStep(incident, 'reload-call-tab', 'done', t('2026-11-26T16:03:00Z'));
    incident = recordStep(incident, 'reload-call-tab', 'done', t('2026-11-26T16:03:30Z'));
    incident = recordStep(incident, 'continue-by-typing', 'skipped', t('2026-11-26T16:04:00Z'));
    expect(incident.steps).toEqual([
      { id: 'reload-call-tab', at: '2026-11-26T16:03:00.000Z', result: 'done' },
      { id: 'reload-call-tab', at: '2026-11-26T16:03:30.000Z', result: 'done' },
      { id: 'continue-by-typing', at: '2026-11-26T16:04:00.000Z', result: 'skipped' },
    ]);
  });

  it('does not change the incident it was given', () => {
    const before = failedConnection();
    recordStep(before, 'reload-call-tab', 'done', 0);
    expect(before.steps).toEqual([]);
  });

  it('refuses a step past the limit with a clear message', () => {
    const full = failedConnection({
      steps: Array.from({ length: MAX_STEPS }, () => ({
        id: 'reload-call-tab',
        at: '2026-11-26T16:03:00.000Z',
        result: 'done' as const,
      })),
    });
    expect(() => recordStep(full, 'reload-call-tab', 'done', 0)).toThrow(
      'This incident already has 200 steps recorded.',
    );
  });

  it('sets an outcome with its time and replaces an earlier one', () => {
    let incident = setOutcome(failedConnection(), { type: 'typing' }, t('2026-11-26T16:05:00Z'));
    incident = setOutcome(
      incident,
      { type: 'phone', note: 'Own phone' },
      t('2026-11-26T16:06:00Z'),
    );
    expect(incident.outcome).toEqual({
      type: 'phone',
      at: '2026-11-26T16:06:00.000Z',
      note: 'Own phone',
    });
  });

  it('stores the replacement time of a rescheduled lesson', () => {
    const incident = setOutcome(
      failedConnection(),
      { type: 'rescheduled', replacementAt: t('2026-12-01T17:00:00Z') },
      t('2026-11-26T16:05:00Z'),
    );
    expect(incident.outcome).toEqual({
      type: 'rescheduled',
      at: '2026-11-26T16:05:00.000Z',
      replacementAt: '2026-12-01T17:00:00.000Z',
    });
  });

  it.each([
    [{ type: 'rescheduled' as const }, 'A rescheduled session needs the agreed replacement time.'],
    [
      { type: 'phone' as const, replacementAt: 1 },
      'Only a rescheduled session has a replacement time.',
    ],
  ])('refuses %j', (request, message) => {
    expect(() => setOutcome(failedConnection(), request, 0)).toThrow(message);
  });

  it('marks a video incident dismissed when the camera is off on purpose, with the time', () => {
    const video = failedConnection({ kind: 'no-video' });
    const incident = dismissIncident(video, t('2026-11-26T16:02:30Z'));
    expect(incident.dismissed).toBe(true);
    expect(incident.steps).toEqual([
      { id: 'camera-off-on-purpose', at: '2026-11-26T16:02:30.000Z', result: 'done' },
    ]);
  });

  it('will not dismiss anything but a video incident', () => {
    expect(() => dismissIncident(failedConnection(), 0)).toThrow(
      'Only a video incident can be marked as camera off on purpose.',
    );
  });

  it.each(['AB', 'L-1042', 'A.B.', 'É.Ø'])('accepts the lesson reference %s', (ref) => {
    expect(setLessonRef(failedConnection(), ` ${ref} `).lessonRef).toBe(ref);
  });

  it.each(['Jane Smith', 'ABCDEFGHIJKLM', 'a<b>'])('refuses %j as a lesson reference', (ref) => {
    expect(() => setLessonRef(failedConnection(), ref)).toThrow(
      'Use initials or a short code, like AB or L-1042 (no spaces).',
    );
  });

  it('removes the reference when cleared', () => {
    const incident = setLessonRef(failedConnection({ lessonRef: 'AB' }), '');
    expect('lessonRef' in incident).toBe(false);
  });
});
