// The transforms the engine drives by default: the package's own `createFixSession`.
import { createFixSession } from '../transforms/index.js';
import type { FixOptions, FixSession } from '../transforms/api.js';

export type CreateFixSession = (options: FixOptions) => FixSession;

export const defaultCreateFixSession: CreateFixSession = createFixSession;
