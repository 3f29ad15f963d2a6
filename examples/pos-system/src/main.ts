// Starts one service: `node --import tsx src/main.ts payment`.
// It listens on 127.0.0.1 at PAYMENT_PORT (POS_CORE_PORT, …; 0 picks a free port) and prints
// "<service> listening on http://127.0.0.1:<port>" once it accepts connections.
import type { Server } from 'node:http';
import { portOf, SERVICE_NAMES, type ServiceName } from './shared/config.js';
import { createChatbotService } from './services/chatbot.js';
import { createInventoryService } from './services/inventory.js';
import { createPaymentService } from './services/payment.js';
import { createPosCoreService } from './services/pos-core.js';
import { createRestaurantService } from './services/restaurant.js';

const FACTORIES: Record<ServiceName, () => Server> = {
  payment: createPaymentService,
  inventory: createInventoryService,
  'pos-core': createPosCoreService,
  restaurant: createRestaurantService,
  chatbot: createChatbotService,
};

const name = process.argv[2];
if (!SERVICE_NAMES.includes(name as ServiceName)) {
  console.error(`usage: node --import tsx src/main.ts <service>\n  <service> is one of: ${SERVICE_NAMES.join(', ')}`);
  process.exit(2);
}
const service = name as ServiceName;
const server = FACTORIES[service]();

server.on('error', (error) => {
  console.error(`${service} could not listen: ${error.message}`);
  process.exit(1);
});
server.listen(portOf(service), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : portOf(service);
  console.log(`${service} listening on http://127.0.0.1:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
