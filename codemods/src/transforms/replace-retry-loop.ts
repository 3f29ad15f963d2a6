import type { TransformContext } from './context.js';

export function replaceRetryLoop(ctx: TransformContext): void {
  void ctx;
}
