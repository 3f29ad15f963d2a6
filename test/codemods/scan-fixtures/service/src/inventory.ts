export async function listItems() {
  const res = await fetch('https://inventory.example.com/items', { signal: AbortSignal.timeout(3000) });
  return res.json();
}

export async function reserve(sku: string) {
  return fetch(`https://inventory.example.com/items/${sku}/reserve`, { method: 'POST' });
}
