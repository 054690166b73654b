import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  checkPlan,
  containsContactDetails,
  planInWords,
  type ClientPlan,
} from '@/lib/prepare/client-plan';
import { createPlanService } from '@/lib/prepare/plan-service';
import { parsePlansFile, plansFile } from '@/lib/prepare/plans-file';
import { contractParagraph } from '@/lib/respond/contract-paragraph';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { walkFor } from '@/lib/respond/playbook';
import { waysOn } from '@/lib/respond/walk';
import { listPlans, openLifelineDb } from '@/lib/records/store';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { anIncident } from '../support/incidents';

const NOW = Date.parse('2026-12-02T16:00:00Z');
const DRAFT = {
  lessonRef: 'AB',
  ways: ['phone', 'typing'],
  whoContacts: 'tutor',
  messageMayBeLeft: true,
  note: 'Mum answers after 5pm.',
};
const plan = (patch: Partial<ClientPlan> = {}): ClientPlan => ({
  ...checkPlan(DRAFT, NOW),
  ...patch,
});
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  organisationName: 'Bright Tutors',
  withholdPrefix: '141',
  replacementWindowDays: 7,
};

describe('a plan agreed with a client', () => {
  it('is stamped with its version and time, and says what was agreed in order', () => {
    expect(plan()).toEqual({ ...DRAFT, schemaVersion: 1, updatedAt: '2026-12-02T16:00:00.000Z' });
    expect(planInWords(plan())).toEqual([
      'Phone: you phone them',
      'Carry on by typing in the call',
      'A message may be left.',
      'Mum answers after 5pm.',
    ]);
    expect(
      planInWords(
        plan({ whoContacts: 'client', ways: ['text'], messageMayBeLeft: false, note: '' }),
      ),
    ).toEqual(['A text to set up another time: they text you', 'Do not leave a message.']);
  });

  it('refuses contact details, names, no way and a way twice, in words', () => {
    expect(() => checkPlan({ ...DRAFT, note: 'call 07700 900123' }, NOW)).toThrow(/phone numbers/);
    expect(() => checkPlan({ ...DRAFT, note: 'mail jo@example.org' }, NOW)).toThrow(
      /email addresses/,
    );
    expect(() => checkPlan({ ...DRAFT, lessonRef: 'Jo Bloggs' }, NOW)).toThrow(
      /initials or a short code/,
    );
    expect(() => checkPlan({ ...DRAFT, ways: [] }, NOW)).toThrow(/at least one/);
    expect(() => checkPlan({ ...DRAFT, ways: ['phone', 'phone'] }, NOW)).toThrow(/once/);
    expect(containsContactDetails('Lesson at 17:30 on 2/12')).toBe(false);
    expect(containsContactDetails('+44 20 7946 0958')).toBe(true);
  });
});

describe('the plans file', () => {
  it('round-trips, sorted by reference', () => {
    const file = plansFile([plan({ lessonRef: 'CD' }), plan()], NOW);
    expect(file.plans.map((p) => p.lessonRef)).toEqual(['AB', 'CD']);
    expect(parsePlansFile(JSON.stringify(file))).toEqual({ ok: true, plans: file.plans });
  });

  it('refuses the whole file for one bad plan, with every reason', () => {
    const file = plansFile([plan(), plan({ lessonRef: 'CD' })], NOW);
    (file.plans[1] as { note: string }).note = 'ring 0161 496 0000';
    (file.plans as unknown[]).push({ ...plan({ lessonRef: 'EF' }), ways: [] });
    const read = parsePlansFile(JSON.stringify(file));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems).toEqual([
      expect.stringMatching(/^Plan 2 \(CD\), note: Leave phone numbers/),
      expect.stringMatching(/^Plan 3 \(EF\), ways: Choose at least one/),
    ]);
  });

  it('names what it is not', () => {
    expect(parsePlansFile('nope')).toEqual({
      ok: false,
      problems: [expect.stringMatching(/not JSON/)],
    });
    expect(parsePlansFile('{"format":"lifeline.export","version":1}')).toEqual({
      ok: false,
      problems: ['This is not a Lifeline plans file.'],
    });
    expect(
      parsePlansFile('{"format":"lifeline.plans","version":2,"exportedAt":"x","plans":[]}'),
    ).toEqual({
      ok: false,
      problems: ['This plans file is version 2; this Lifeline reads version 1.'],
    });
    const twice = plansFile([plan(), plan()], NOW);
    expect(parsePlansFile(JSON.stringify(twice))).toMatchObject({
      ok: false,
      problems: ['Plan 2 (AB): AB appears twice.'],
    });
  });
});

describe('the paragraph for the contract', () => {
  it('follows the plan: the ways in order, the message, the organisation', () => {
    expect(contractParagraph(SETTINGS, plan())).toBe(
      'If the technology fails during a lesson (the call drops, we lose sound or video, or a battery runs out), I will first try to reconnect for a few minutes, so please keep the call open. ' +
        'If it does not come back, I will phone you (the number may show as withheld); if that does not work, we carry on by typing in the call. ' +
        'If you do not answer, I may leave a short message saying only that I tried to reach you. ' +
        'If the lesson cannot go on, we will arrange a replacement within 7 days. ' +
        'The fault is reported to Bright Tutors so that it can be put right.',
    );
  });

  it('for counselling speaks of sessions and privacy; without a plan it uses the settings', () => {
    const counselling = { ...SETTINGS, playbook: 'counselling' as const, ownPhoneAllowed: false };
    const text = contractParagraph(
      { ...counselling, organisationPhone: { ...counselling.organisationPhone, available: false } },
      undefined,
    );
    expect(text).toMatch(/^If the technology fails during a session/);
    expect(text).toMatch(/If it does not come back, we carry on by typing in the call\./);
    expect(text).toMatch(/Nothing of what we say is recorded/);
    expect(
      contractParagraph(SETTINGS, plan({ ways: ['reschedule'], whoContacts: 'client' })),
    ).toMatch(
      /If it does not come back, we arrange another session within 7 days\. If you do not answer/,
    );
  });
});

describe('the walk with a plan', () => {
  const steps = walkFor(
    anIncident({ kind: 'no-sound', side: 'remote' }),
    BUILT_IN_PLAYBOOKS.tutoring,
    SETTINGS,
    'Europe/London',
  );

  it('puts the agreed ways first, in the order agreed, and marks them', () => {
    const plain = waysOn(steps).map((w) => w.label);
    expect(plain).toEqual(['Phone', 'Typing', 'Replacement', 'Abandon']);
    const agreed = waysOn(steps, plan({ ways: ['reschedule', 'typing'] }));
    expect(agreed.map((w) => [w.label, w.agreed ?? false])).toEqual([
      ['Replacement', true],
      ['Typing', true],
      ['Phone', false],
      ['Abandon', false],
    ]);
  });
});

describe('plans in IndexedDB', () => {
  it('are saved, listed, replaced, deleted; a damaged record is reported and kept', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const service = createPlanService({ db: Promise.resolve(db), now: () => NOW });
    await service.save(DRAFT);
    await service.save({ ...DRAFT, lessonRef: 'CD', ways: ['text'] });
    await service.save({ ...DRAFT, ways: ['typing'] });
    await db.put('plans', { lessonRef: 'ZZ', ways: 'all' });
    expect(await service.list()).toEqual({
      plans: [plan({ ways: ['typing'] }), plan({ lessonRef: 'CD', ways: ['text'] })],
      unreadable: 1,
    });
    await service.remove('CD');
    expect((await listPlans(db)).records.map((p) => p.lessonRef)).toEqual(['AB']);
    expect(await db.get('plans', 'ZZ')).toEqual({ lessonRef: 'ZZ', ways: 'all' });
    await expect(service.save({ ...DRAFT, note: 'jo@example.org' })).rejects.toThrow(/email/);
    db.close();
  });

  it('import all or nothing', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const service = createPlanService({ db: Promise.resolve(db), now: () => NOW });
    const bad = plansFile([plan(), { ...plan({ lessonRef: 'CD' }), note: '07700900123' }], NOW);
    expect(await service.importFile(JSON.stringify(bad))).toEqual({
      problems: [expect.any(String)],
    });
    expect((await service.list()).plans).toEqual([]);
    const good = plansFile([plan(), plan({ lessonRef: 'CD' })], NOW);
    expect(await service.importFile(JSON.stringify(good))).toEqual({ imported: 2 });
    expect((await service.list()).plans).toHaveLength(2);
    db.close();
  });
});
