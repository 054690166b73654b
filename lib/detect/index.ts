import type { IncidentKind } from '../incident';
import { detectFailedConnection } from './failed-connection';
import type { Detector } from './verdict';

/** The detectors the health engine runs on every evaluation, one per incident kind. */
export const DETECTORS: Partial<Record<IncidentKind, Detector>> = {
  'failed-connection': detectFailedConnection,
};
