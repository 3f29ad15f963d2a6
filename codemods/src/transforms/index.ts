// The transforms behind `breakwater fix`: `createFixSession(options)` turns files' text into fixed
// text (see api.ts for the contract the CLI's fix engine relies on).
export { createFixSession } from './session.js';
export * from './api.js';
