/** A mistake in how the CLI or the API was called (bad option, missing path, unreadable settings):
 * the CLI prints its message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
