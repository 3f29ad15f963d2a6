// The transforms the engine drives by default: the package's own `createFixSession`
// (codemods/src/transforms, built under issue #4 alongside this engine).
import type { FixOptions, FixSession } from '../transforms/api.js';

export type CreateFixSession = (options: FixOptions) => FixSession;

export async function loadCreateFixSession(): Promise<CreateFixSession> {
  // A computed specifier while the transforms' entry point is still being written; it becomes a
  // static import once codemods/src/transforms/index.ts exists.
  const specifier = '../transforms/index.js';
  let loaded: { createFixSession?: unknown };
  try {
    loaded = (await import(specifier)) as { createFixSession?: unknown };
  } catch (error) {
    throw new Error(`the transforms are not available in this build (${(error as Error).message})`);
  }
  if (typeof loaded.createFixSession !== 'function') throw new Error('the transforms module does not export createFixSession');
  return loaded.createFixSession as CreateFixSession;
}
