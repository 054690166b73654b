import { deletePlan, listPlans, putPlans, type LifelineDatabase } from '@/lib/records/store';
import { checkPlan, planRefSchema, type ClientPlan } from './client-plan';
import { parsePlansFile } from './plans-file';

export interface PlanServiceDeps {
  db: PromiseLike<LifelineDatabase>;
  now(): number;
}

/** The agreed plans for the pages: list, save, delete and import, each checked here. */
export function createPlanService(deps: PlanServiceDeps) {
  return {
    async list(): Promise<{ plans: ClientPlan[]; unreadable: number }> {
      const { records, rejected } = await listPlans(await deps.db);
      return { plans: records, unreadable: rejected.length };
    },
    async save(draft: unknown): Promise<ClientPlan> {
      const plan = checkPlan(draft, deps.now());
      await putPlans(await deps.db, [plan]);
      return plan;
    },
    async remove(lessonRef: string): Promise<{ ok: true }> {
      await deletePlan(await deps.db, planRefSchema.parse(lessonRef));
      return { ok: true };
    },
    /** All or nothing: a file with any bad plan changes nothing and says every reason. */
    async importFile(text: string): Promise<{ imported: number } | { problems: string[] }> {
      const read = parsePlansFile(text);
      if (!read.ok) return { problems: read.problems };
      await putPlans(await deps.db, read.plans);
      return { imported: read.plans.length };
    },
  };
}
export type PlanService = ReturnType<typeof createPlanService>;
