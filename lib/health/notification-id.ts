/**
 * A system notification's id carries the tab and incident it is about, so a click can open the
 * walk for that incident after the worker has restarted and forgotten everything else.
 *
 * @example notificationId(12, 'a1') // 'lifeline|12|a1'
 */
export function notificationId(tabId: number, incidentId: string): string {
  return `lifeline|${tabId}|${incidentId}`;
}

/** The tab and incident of one of our notification ids; undefined for anything else. */
export function parseNotificationId(id: string): { tabId: number; incidentId: string } | undefined {
  const [prefix, tab, incidentId, ...rest] = id.split('|');
  const tabId = Number(tab);
  if (
    prefix !== 'lifeline' ||
    rest.length ||
    !Number.isInteger(tabId) ||
    tabId < 0 ||
    !incidentId
  ) {
    return undefined;
  }
  return { tabId, incidentId };
}
