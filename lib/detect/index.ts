import type { IncidentKind } from '../incident';
import { detectBandwidthPressure } from './bandwidth-pressure';
import { detectFailedConnection } from './failed-connection';
import { detectNoSound } from './no-sound';
import { detectNoVideo } from './no-video';
import { detectUnstableConnection } from './unstable-connection';
import { detectWhiteboardDisconnected } from './whiteboard-disconnected';
import type { Detector } from './verdict';

/** The detectors the health engine runs on every evaluation, one per incident kind. */
export const DETECTORS: Record<IncidentKind, Detector> = {
  'failed-connection': detectFailedConnection,
  'unstable-connection': detectUnstableConnection,
  'no-sound': detectNoSound,
  'no-video': detectNoVideo,
  'bandwidth-pressure': detectBandwidthPressure,
  'whiteboard-disconnected': detectWhiteboardDisconnected,
};
