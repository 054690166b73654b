/**
 * The DOM event the MAIN-world hook dispatches on `document` and the relay listens for; its
 * `detail` is a JSON string (strings cross the MAIN/isolated world boundary in every browser,
 * objects do not). Kept in its own file so the hook bundle does not pull in the schemas.
 */
export const HOOK_EVENT_NAME = 'lifeline:hook';
