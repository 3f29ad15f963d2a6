// Unbounded fan-out: one request per SKU, all at once.
export async function stockLevels(skus: string[]) {
  return Promise.all(skus.map((sku) => fetch(`https://stock.example.com/levels/${sku}`, { signal: AbortSignal.timeout(3000) })));
}
