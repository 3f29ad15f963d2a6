// The Inventory Service: the menu and what is in stock.
import type { Server } from 'node:http';
import { createJsonService, HttpError } from '../shared/http.js';
import { MENU } from '../shared/seed.js';

export function createInventoryService(): Server {
  const products = new Map(MENU.map((p) => [p.id, { ...p }]));
  return createJsonService('inventory', {
    'GET /products': () => ({ status: 200, body: [...products.values()] }),
    'GET /products/:id': (req) => {
      const product = products.get(req.params.id ?? '');
      if (!product) throw new HttpError(404, `no product ${req.params.id}`);
      return { status: 200, body: product };
    },
  });
}
