// What the load generator calls on each version: every service's main endpoints, at a fixed rate.
// The chatbot gets the most traffic: its daily-revenue answer is the article's example.
import type { Endpoint } from './load.js';

export const CHATBOT_ENDPOINT = 'chatbot GET /revenue/daily';
export const CHECKOUT_ENDPOINT = 'restaurant POST /tables/:n/checkout';

const MENU_IDS = ['p-espresso', 'p-croissant', 'p-bagel', 'p-orange-juice', 'p-flat-white', 'p-muffin'];

export function loadEndpoints(rateScale = 1): Endpoint[] {
  const endpoints: Endpoint[] = [
    { name: CHATBOT_ENDPOINT, service: 'chatbot', method: 'GET', path: () => '/revenue/daily', rps: 5 },
    {
      name: CHECKOUT_ENDPOINT,
      service: 'restaurant',
      method: 'POST',
      path: (n) => `/tables/${1 + (n % 12)}/checkout`,
      body: (n) => ({
        items: [
          { product_id: MENU_IDS[n % MENU_IDS.length], qty: 1 },
          { product_id: MENU_IDS[(n + 2) % MENU_IDS.length], qty: 2 },
        ],
        method: n % 3 === 0 ? 'cash' : 'card',
      }),
      rps: 2,
    },
    { name: 'restaurant GET /kitchen/queue', service: 'restaurant', method: 'GET', path: () => '/kitchen/queue', rps: 2 },
    { name: 'pos-core GET /orders', service: 'pos-core', method: 'GET', path: () => '/orders', rps: 2 },
    { name: 'inventory GET /products', service: 'inventory', method: 'GET', path: () => '/products', rps: 2 },
    { name: 'payment GET /payments', service: 'payment', method: 'GET', path: () => '/payments', rps: 2 },
  ];
  return endpoints.map((e) => ({ ...e, rps: e.rps * rateScale }));
}
