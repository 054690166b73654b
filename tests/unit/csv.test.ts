import { describe, expect, it } from 'vitest';
import { csvField, incidentsToCsv, INCIDENT_CSV_COLUMNS, toCsv } from '@/lib/records/csv';
import { anIncident } from '../support/incidents';

/** A small RFC 4180 reader, so tests check that what we write reads back as the same cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('CSV quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    [' padded ', '" padded "'],
    ['', ''],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+44 20', "'+44 20"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    [null, ''],
    [undefined, ''],
    [0, '0'],
    [-3.5, '-3.5'],
    [true, 'true'],
  ])('writes the non-text value %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('ends every row with CRLF, including the last', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('a,b\r\nc,d\r\n');
  });

  it('reads back cell for cell, whatever the text holds', () => {
    const nasty = ['a,b', 'quote " inside', 'line\r\nbreak', '', 'ünïcödé ✓'];
    expect(readCsv(toCsv([nasty]))).toEqual([nasty]);
  });
});

describe('incidents as CSV', () => {
  it('has a header row and one row per incident', () => {
    const rows = readCsv(incidentsToCsv([anIncident(), anIncident({ id: 'inc-2' })]));
    expect(rows[0]).toEqual([...INCIDENT_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === INCIDENT_CSV_COLUMNS.length)).toBe(true);
  });

  it('fills every column from the incident', () => {
    const incident = anIncident({
      page: { origin: 'https://meet.google.com', title: 'Maths, week 3 "algebra"' },
      steps: [
        { id: 'quick-fixes', at: '2026-11-19T14:06:00.000Z', result: 'done' },
        { id: 'phone', at: '2026-11-19T14:06:30.000Z', result: 'skipped' },
      ],
      outcome: {
        type: 'rescheduled',
        at: '2026-11-19T14:10:00.000Z',
        replacementAt: '2026-11-24T16:00:00.000Z',
        note: 'Tuesday, 4pm',
      },
      lessonRef: 'JS',
    });
    const [header, row] = readCsv(incidentsToCsv([incident]));
    const cells = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(cells).toEqual({
      id: 'inc-1',
      kind: 'failed-connection',
      severity: 'failure',
      side: 'local',
      cause: 'browser-offline',
      startedAt: '2026-11-19T14:05:00.000Z',
      detectedAt: '2026-11-19T14:05:01.000Z',
      endedAt: '2026-11-19T14:07:00.000Z',
      durationSeconds: '120',
      dismissed: 'false',
      origin: 'https://meet.google.com',
      title: 'Maths, week 3 "algebra"',
      worstLossPct: '12.5',
      worstRttMs: '640',
      worstJitterMs: '',
      minOutgoingKbps: '',
      minIncomingKbps: '',
      lowestMos: '',
      steps: 'quick-fixes@2026-11-19T14:06:00.000Z:done; phone@2026-11-19T14:06:30.000Z:skipped',
      outcome: 'rescheduled',
      outcomeAt: '2026-11-19T14:10:00.000Z',
      replacementAt: '2026-11-24T16:00:00.000Z',
      outcomeNote: 'Tuesday, 4pm',
      lessonRef: 'JS',
      downSeconds: '',
      reconnectAttempts: '',
    });
  });

  it("carries a whiteboard's figures", () => {
    const incident = anIncident({
      kind: 'whiteboard-disconnected',
      metrics: { downSeconds: 12.4, reconnectAttempts: 3 },
    });
    const [header, row] = readCsv(incidentsToCsv([incident]));
    expect(row![header!.indexOf('downSeconds')]).toBe('12.4');
    expect(row![header!.indexOf('reconnectAttempts')]).toBe('3');
  });

  it('leaves the duration empty for an incident still open', () => {
    const [, row] = readCsv(incidentsToCsv([anIncident({ endedAt: null })]));
    expect(row![INCIDENT_CSV_COLUMNS.indexOf('durationSeconds')]).toBe('');
  });

  it('is just the header for no incidents', () => {
    expect(incidentsToCsv([])).toBe(INCIDENT_CSV_COLUMNS.join(',') + '\r\n');
  });
});
