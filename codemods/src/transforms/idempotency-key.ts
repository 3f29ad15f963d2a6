import type { TransformContext } from './context.js';

export function idempotencyKey(ctx: TransformContext): void {
  void ctx;
}
