// Debian's Janus for the e2e suite; the implementation is shared with `npm run bench` and the
// fixture recorder, which run on plain Node (scripts/janus.mjs).
export { ROOMS, startJanus, type Janus } from '../../../scripts/janus.mjs';
