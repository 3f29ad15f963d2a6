// Protected already: nothing to report here (the inventory shows it as bounded).
export async function health() {
  const res = await fetch('https://status.example.com/health', { signal: AbortSignal.timeout(1000) });
  return res.ok;
}
