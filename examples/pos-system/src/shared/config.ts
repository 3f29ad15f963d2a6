// Where each service listens and where it finds the others. Everything can be set from the
// environment, so two copies of the system can run side by side on different ports.
// Default ports follow the article (inventory 4003, payment 4004).

export type ServiceName = 'pos-core' | 'restaurant' | 'inventory' | 'payment' | 'chatbot';

export const SERVICE_NAMES: readonly ServiceName[] = ['payment', 'inventory', 'pos-core', 'restaurant', 'chatbot'];

const DEFAULT_PORTS: Record<ServiceName, number> = {
  'pos-core': 4001,
  restaurant: 4002,
  inventory: 4003,
  payment: 4004,
  chatbot: 4005,
};

/** `pos-core` → `POS_CORE`, the prefix of the service's environment variables. */
function envPrefix(service: ServiceName): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/** The port a service listens on: `PAYMENT_PORT`, `POS_CORE_PORT`, … or the article's default. */
export function portOf(service: ServiceName): number {
  const raw = process.env[`${envPrefix(service)}_PORT`];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[service];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${envPrefix(service)}_PORT must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

/** The base URL of a service: `PAYMENT_URL`, … or 127.0.0.1 on its port. */
export function urlOf(service: ServiceName): string {
  return process.env[`${envPrefix(service)}_URL`] ?? `http://127.0.0.1:${portOf(service)}`;
}
