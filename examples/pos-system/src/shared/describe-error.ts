/** A one-line reason for an answer's `warning`/`reason` field: the error's name, message and cause. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = `${error.name}: ${error.message}`;
  return error.cause === undefined ? own : `${own} (${describeError(error.cause)})`;
}
