// What each HTTP client library exports, as trace maps for the import tracker: which references
// are requests (and in which argument shape), which create instances, and which set defaults.
import { CALL, CONSTRUCT, READ, type ExportTrace } from '../imports.js';
import type { ClientId } from '../types.js';

/** How a request call's arguments are laid out. */
export type Shape =
  | 'fetch' // (url, init)
  | 'axios' // axios(config) or axios(url, config)
  | 'axios-config' // axios.request(config)
  | 'axios-url' // get/delete/head/options(url, config)
  | 'axios-data' // post/put/patch(url, data, config)
  | 'got' // got(url, options) or got(options)
  | 'ky' // (url, options)
  | 'http' // http.request(url | options, [options], [callback])
  | 'undici' // undici.request/stream(url, options)
  | 'undici-client' // client.request(options) with options.path / origin
  | 'superagent' // request(url) or request(method, url); request.get(url)
  | 'ofetch'; // (url, options)

export interface CallLeaf {
  role: 'call';
  client: ClientId;
  shape: Shape;
  /** The method the callee implies (`axios.post` → POST); undefined: read it from the options. */
  method?: string;
  /** The client is used as a stream (got.stream, undici.stream): same timeouts. */
}

export interface FactoryLeaf {
  role: 'factory';
  client: ClientId;
  /** Which argument holds the instance defaults (axios.create(config): 0; new Client(origin, opts): 1). */
  optionsArg: number;
  /** Which argument is the origin, for undici Client/Pool. */
  originArg?: number;
}

export interface DefaultsLeaf {
  role: 'defaults';
  client: ClientId;
  /** The default being assigned (`axios.defaults.timeout = 5000` → timeout). */
  option: 'timeout' | 'baseURL';
}

export type Leaf = CallLeaf | FactoryLeaf | DefaultsLeaf;

const call = (client: ClientId, shape: Shape, method?: string): CallLeaf => (method ? { role: 'call', client, shape, method } : { role: 'call', client, shape });
const factory = (client: ClientId, optionsArg = 0, originArg?: number): FactoryLeaf =>
  originArg === undefined ? { role: 'factory', client, optionsArg } : { role: 'factory', client, optionsArg, originArg };

// axios ------------------------------------------------------------------------------------------
function axiosMethods(): ExportTrace<Leaf> {
  const t: ExportTrace<Leaf> = { request: { [CALL]: call('axios', 'axios-config') } };
  for (const m of ['get', 'delete', 'head', 'options']) t[m] = { [CALL]: call('axios', 'axios-url', m.toUpperCase()) };
  for (const m of ['post', 'put', 'patch']) {
    t[m] = { [CALL]: call('axios', 'axios-data', m.toUpperCase()) };
    t[`${m}Form`] = { [CALL]: call('axios', 'axios-data', m.toUpperCase()) };
  }
  t['defaults'] = { timeout: { [READ]: { role: 'defaults', client: 'axios', option: 'timeout' } }, baseURL: { [READ]: { role: 'defaults', client: 'axios', option: 'baseURL' } } };
  return t;
}

export function axiosInstanceTrace(): ExportTrace<Leaf> {
  return { [CALL]: call('axios', 'axios'), ...axiosMethods(), create: { [CALL]: factory('axios') } };
}

// got --------------------------------------------------------------------------------------------
export function gotInstanceTrace(): ExportTrace<Leaf> {
  const t: ExportTrace<Leaf> = { [CALL]: call('got', 'got'), extend: { [CALL]: factory('got') } };
  const stream: ExportTrace<Leaf> = { [CALL]: call('got', 'got') };
  for (const m of ['get', 'post', 'put', 'patch', 'head', 'delete']) {
    t[m] = { [CALL]: call('got', 'got', m.toUpperCase()) };
    stream[m] = { [CALL]: call('got', 'got', m.toUpperCase()) };
  }
  t['stream'] = stream;
  return t;
}

// ky ---------------------------------------------------------------------------------------------
export function kyInstanceTrace(): ExportTrace<Leaf> {
  const t: ExportTrace<Leaf> = { [CALL]: call('ky', 'ky'), create: { [CALL]: factory('ky') }, extend: { [CALL]: factory('ky') } };
  for (const m of ['get', 'post', 'put', 'patch', 'head', 'delete']) t[m] = { [CALL]: call('ky', 'ky', m.toUpperCase()) };
  return t;
}

// ofetch -----------------------------------------------------------------------------------------
export function ofetchInstanceTrace(): ExportTrace<Leaf> {
  return { [CALL]: call('ofetch', 'ofetch'), raw: { [CALL]: call('ofetch', 'ofetch') }, create: { [CALL]: factory('ofetch') } };
}

// superagent -------------------------------------------------------------------------------------
export function superagentTrace(withAgent: boolean): ExportTrace<Leaf> {
  const t: ExportTrace<Leaf> = { [CALL]: call('superagent', 'superagent') };
  for (const [name, method] of [
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['del', 'DELETE'],
    ['delete', 'DELETE'],
    ['head', 'HEAD'],
    ['options', 'OPTIONS'],
  ] as const) {
    t[name] = { [CALL]: call('superagent', 'superagent', method) };
  }
  if (withAgent) t['agent'] = { [CALL]: factory('superagent', -1) };
  return t;
}

// undici -----------------------------------------------------------------------------------------
export function undiciClientTrace(): ExportTrace<Leaf> {
  return { request: { [CALL]: call('undici', 'undici-client') }, stream: { [CALL]: call('undici', 'undici-client') } };
}

function undiciExports(): ExportTrace<Leaf> {
  const named: ExportTrace<Leaf> = {
    fetch: { [CALL]: call('undici', 'fetch') },
    request: { [CALL]: call('undici', 'undici') },
    stream: { [CALL]: call('undici', 'undici') },
    Client: { [CONSTRUCT]: factory('undici', 1, 0) },
    Pool: { [CONSTRUCT]: factory('undici', 1, 0) },
  };
  return { ...named, default: named };
}

// node:http / node:https -------------------------------------------------------------------------
function httpExports(): ExportTrace<Leaf> {
  const named: ExportTrace<Leaf> = {
    request: { [CALL]: call('node-http', 'http') },
    get: { [CALL]: call('node-http', 'http', 'GET') },
  };
  return { ...named, default: named };
}

/**
 * Also reports reads of every request function (`[READ]` beside `[CALL]`), so a client function
 * handed to something else (`new CircuitBreaker(axios.get)`) can be followed.
 */
export function withReads<T extends ExportTrace<Leaf> | Record<string, ExportTrace<Leaf>>>(trace: T, seen = new Set<object>()): T {
  if (seen.has(trace)) return trace;
  seen.add(trace);
  const t = trace as ExportTrace<Leaf>;
  const leaf = t[CALL];
  if (leaf?.role === 'call' && t[READ] === undefined) t[READ] = leaf;
  for (const key of Object.keys(t)) withReads(t[key]!, seen);
  return trace;
}

/** The built-in clients' modules, keyed by module specifier. */
export function moduleTraces(): Record<string, ExportTrace<Leaf>> {
  const axios = axiosInstanceTrace();
  const got = gotInstanceTrace();
  const ky = kyInstanceTrace();
  const ofetch = ofetchInstanceTrace();
  return {
    axios: { ...axios, default: axios },
    got: { got, default: got },
    ky: { ky, default: ky },
    'ky-universal': { default: ky },
    'node-fetch': { default: { [CALL]: call('node-fetch', 'fetch') } },
    undici: undiciExports(),
    http: httpExports(),
    https: httpExports(),
    superagent: { ...superagentTrace(true), default: superagentTrace(true) },
    ofetch: { ofetch, $fetch: ofetch, createFetch: { [CALL]: factory('ofetch') } },
  };
}

/** Globals: fetch (Node ≥ 18, browsers) and Nuxt's auto-imported `$fetch` (ofetch). */
export function globalTraces(): Record<string, ExportTrace<Leaf>> {
  return { fetch: { [CALL]: call('fetch', 'fetch') }, $fetch: ofetchInstanceTrace() };
}

/** The trace for a value that behaves like `kind`'s main export (declared clients, typed parameters). */
export function traceForKind(kind: ClientId): ExportTrace<Leaf> {
  return withReads(traceForKindRaw(kind));
}

function traceForKindRaw(kind: ClientId): ExportTrace<Leaf> {
  switch (kind) {
    case 'fetch':
      return { [CALL]: call('fetch', 'fetch') };
    case 'node-fetch':
      return { [CALL]: call('node-fetch', 'fetch') };
    case 'undici':
      return { [CALL]: call('undici', 'undici'), ...undiciClientTrace(), fetch: { [CALL]: call('undici', 'fetch') } };
    case 'axios':
      return axiosInstanceTrace();
    case 'got':
      return gotInstanceTrace();
    case 'ky':
      return kyInstanceTrace();
    case 'node-http':
      return { [CALL]: call('node-http', 'http'), ...httpExports() };
    case 'superagent':
      return superagentTrace(false);
    case 'ofetch':
      return ofetchInstanceTrace();
  }
}

/** Instance traces by client, for values created by a factory. */
export function instanceTrace(client: ClientId): ExportTrace<Leaf> {
  return withReads(instanceTraceRaw(client));
}

/** Only undici differs: a Client/Pool instance has `request(options)`, not the module's functions. */
function instanceTraceRaw(client: ClientId): ExportTrace<Leaf> {
  return client === 'undici' ? undiciClientTrace() : traceForKindRaw(client);
}

/**
 * Each client package's instance types, by the name it exports them under: an annotation with one
 * (`api: AxiosInstance`), or with type information an inferred type declared by the package, marks
 * a value as an instance created elsewhere.
 */
export const INSTANCE_TYPES: Readonly<Record<string, Readonly<Record<string, ClientId>>>> = {
  axios: { AxiosInstance: 'axios', AxiosStatic: 'axios' },
  got: { Got: 'got' },
  ky: { KyInstance: 'ky' },
  undici: { Client: 'undici', Pool: 'undici', Agent: 'undici', Dispatcher: 'undici' },
  ofetch: { $Fetch: 'ofetch' },
};
