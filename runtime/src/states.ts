// Numeric state codes. This module imports nothing, so a bundler (esbuild with syntax
// minification, as the package's bundles are built) inlines each use as a literal: constants
// declared in a module that imports others are kept as variables (their initialisation order
// could matter in an import cycle).
import type { BreakerStateName } from './store.js';

/** A circuit breaker's states, by their index (the Prometheus gauge's value). */
export const STATES: BreakerStateName[] = ['closed', 'open', 'half-open', 'isolated'];
export const CLOSED = 0;
export const OPEN = 1;
export const HALF_OPEN = 2;
export const ISOLATED = 3;

/** The phases of a call (0: not started). */
export const QUEUED = 1;
export const RUNNING = 2;
export const SLEEPING = 3;
export const SETTLED = 4;
