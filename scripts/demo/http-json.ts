// Small JSON requests the harness makes to the services (fault switch, metrics), each with a cap.
export async function requestJson(url: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 2_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered HTTP ${res.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}
