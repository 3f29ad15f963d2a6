// The shapes the services exchange. Money is in integer cents.

export interface Product {
  id: string;
  name: string;
  price_cents: number;
  stock: number;
}

export interface OrderItem {
  product_id: string;
  qty: number;
}

export type PaymentMethod = 'card' | 'cash';

export interface Order {
  id: string;
  date: string;
  table: number;
  items: OrderItem[];
  total_cents: number;
  method: PaymentMethod;
  payment_id: string;
}

export interface PaymentReceipt {
  payment_id: string;
  order_id: string;
  amount_cents: number;
  method: PaymentMethod;
  status: 'captured';
}

export interface PaymentSummary {
  date: string;
  count: number;
  total_cents: number;
  by_method: Record<PaymentMethod, number>;
}

/** The chatbot's answer to "what is today's revenue?", marked with how complete it is. */
export interface RevenueAnswer {
  date: string;
  /** full: payments + orders + products; degraded: orders only (estimated); cached: the last full answer. */
  mode: 'full' | 'degraded' | 'cached';
  total_revenue_cents: number;
  order_count: number;
  payment_methods?: Record<PaymentMethod, number>;
  top_products?: string[];
  warning?: string;
  cached_at?: string;
}
