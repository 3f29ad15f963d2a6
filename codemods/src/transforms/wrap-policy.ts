import type { TransformContext } from './context.js';

export function wrapPolicy(ctx: TransformContext): void {
  void ctx;
}
