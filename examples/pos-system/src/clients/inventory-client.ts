// How the other services call the Inventory Service: an axios instance with no timeout (axios's
// default is 0, wait forever), and one request per product of an order, all at once.
import axios from 'axios';
import { urlOf } from '../shared/config.js';
import type { Product } from '../shared/types.js';

const inventory = axios.create({ baseURL: urlOf('inventory') });

export async function listProducts(): Promise<Product[]> {
  const { data } = await inventory.get<Product[]>('/products');
  return data;
}

/** Looks up every product of an order, all at the same time. */
export async function productsByIds(ids: readonly string[]): Promise<Product[]> {
  const responses = await Promise.all(ids.map((id) => inventory.get<Product>(`/products/${encodeURIComponent(id)}`)));
  return responses.map((res) => res.data);
}
