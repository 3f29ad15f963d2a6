// How the restaurant and the chatbot call POS Core: fetch and axios, neither with a timeout.
import axios from 'axios';
import { urlOf } from '../shared/config.js';
import type { Order, OrderItem, PaymentMethod } from '../shared/types.js';

const posCoreUrl = urlOf('pos-core');

export interface OrderDraft {
  table: number;
  items: OrderItem[];
  method: PaymentMethod;
}

export async function ordersOf(date: string): Promise<Order[]> {
  const res = await fetch(`${posCoreUrl}/orders?date=${encodeURIComponent(date)}`);
  if (!res.ok) throw new Error(`pos-core answered HTTP ${res.status}`);
  return (await res.json()) as Order[];
}

export async function placeOrder(draft: OrderDraft): Promise<Order> {
  const { data } = await axios.post<Order>(`${posCoreUrl}/orders`, draft);
  return data;
}
