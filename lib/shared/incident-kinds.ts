/**
 * The words an incident is made of, as plain lists with no schema library, so both the full
 * records (`incident.ts`, zod) and the small in-page prompt's messages (`messages.ts`, zod/mini)
 * build on the same list.
 */

/** What the policy calls a failure, plus the two the product adds (design.md §3). */
export const INCIDENT_KINDS = [
  'failed-connection',
  'unstable-connection',
  'no-sound',
  'no-video',
  'bandwidth-pressure',
  'whiteboard-disconnected',
] as const;

export const SEVERITIES = ['warning', 'failure'] as const;

export const SIDES = ['local', 'remote', 'unknown'] as const;

/** Early warnings before anything breaks (lib/prepare/heads-up.ts): never incidents. */
export const HEADS_UP_KINDS = [
  'battery-low',
  'battery-critical',
  'computer-overloaded',
  'headroom-shrinking',
  'link-degrading',
] as const;

/** The lines of the readiness check (lib/prepare/readiness.ts), in the order it shows them. */
export const READINESS_IDS = [
  'battery',
  'computer',
  'media-tabs',
  'devices',
  'upload',
  'network',
  'settings',
] as const;
