import { z } from 'zod';
import { clientPlanSchema, type ClientPlan } from './client-plan';

/** The agreed plans as a file of their own (never in the incident export, which is version 1). */
export const PLANS_FILE_FORMAT = 'lifeline.plans';
export const PLANS_FILE_VERSION = 1;

const plansFileSchema = z.object({
  format: z.literal(PLANS_FILE_FORMAT),
  version: z.literal(PLANS_FILE_VERSION),
  exportedAt: z.string(),
  plans: z.array(z.unknown()).max(2000),
});

export function plansFile(plans: readonly ClientPlan[], now: number) {
  return {
    format: PLANS_FILE_FORMAT,
    version: PLANS_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    plans: [...plans].sort((a, b) => a.lessonRef.localeCompare(b.lessonRef)),
  };
}

/**
 * Reads a plans file. All or nothing: one bad plan refuses the file, with every reason, so an
 * import never leaves half of a practice's plans behind.
 */
export function parsePlansFile(
  text: string,
): { ok: true; plans: ClientPlan[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['This is not a Lifeline plans file: it is not JSON.'] };
  }
  const file = plansFileSchema.safeParse(json);
  if (!file.success) {
    const format = (json as { format?: unknown } | null)?.format;
    const version = (json as { version?: unknown } | null)?.version;
    return {
      ok: false,
      problems: [
        format === PLANS_FILE_FORMAT && version !== PLANS_FILE_VERSION
          ? `This plans file is version ${String(version)}; this Lifeline reads version ${PLANS_FILE_VERSION}.`
          : 'This is not a Lifeline plans file.',
      ],
    };
  }
  const problems: string[] = [];
  const plans: ClientPlan[] = [];
  const seen = new Set<string>();
  file.data.plans.forEach((raw, i) => {
    const parsed = clientPlanSchema.safeParse(raw);
    const ref = (raw as { lessonRef?: unknown } | null)?.lessonRef;
    const name = `Plan ${i + 1}${typeof ref === 'string' ? ` (${ref.slice(0, 12)})` : ''}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${name}, ${issue.path.join('.') || 'plan'}: ${issue.message}`);
      }
      return;
    }
    if (seen.has(parsed.data.lessonRef)) {
      problems.push(`${name}: ${parsed.data.lessonRef} appears twice.`);
      return;
    }
    seen.add(parsed.data.lessonRef);
    plans.push(parsed.data);
  });
  return problems.length ? { ok: false, problems } : { ok: true, plans };
}
