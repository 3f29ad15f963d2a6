// "files done / total" on one rewritten line of stderr, for long runs on a terminal only: never in
// pipes, files or CI logs, and not at all for runs that end before `delayMs`.

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line (call before printing results). */
  end(): void;
}

export function createProgress(
  stream: ProgressStream,
  label: string,
  { delayMs = 500, intervalMs = 100, now = () => Date.now() }: { delayMs?: number; intervalMs?: number; now?: () => number } = {},
): Progress {
  if (stream.isTTY !== true) return { update() {}, end() {} };
  const start = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - start < delayMs || (t - lastDraw < intervalMs && done < total)) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r\u001b[K${label}: ${done}/${total} files`);
    },
    end() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
