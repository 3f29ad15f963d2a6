import plugin from 'eslint-plugin-breakwater';
import { ruleTester } from '../support/rule-tester.js';

const rule = plugin.rules['no-unsafe-retry'];

const hr = `async function sleep(ms: number) { return new Promise((r) => setTimeout(r, ms)); }\n`;

ruleTester.run('no-unsafe-retry', rule, {
  valid: [
    // idempotent methods may be retried
    `import pRetry from 'p-retry'; await pRetry(() => fetch('/x'), { retries: 3 });`,
    `import pRetry from 'p-retry'; await pRetry(() => fetch('/x', { method: 'PUT', body: '{}' }), { retries: 3 });`,
    `import pRetry from 'p-retry'; import axios from 'axios'; await pRetry(() => axios.delete('/x/1'));`,
    `import pRetry from 'p-retry'; await pRetry(() => fetch('/x', { method: 'HEAD' })); await pRetry(() => fetch('/x', { method: 'options' }));`,
    `import pRetry from 'p-retry'; import axios from 'axios'; interface U { id: string } export const f = (u: U) => pRetry(() => axios.put<U>('/u', u));`,
    // a key made once, before the retry
    `import pRetry from 'p-retry'; export async function pay(b: string) { const key = crypto.randomUUID(); return pRetry(() => fetch('/pay', { method: 'POST', body: b, headers: { 'Idempotency-Key': key } })); }`,
    `${hr}export async function pay() { const key = crypto.randomUUID(); for (let i = 0; i < 3; i++) { try { return await fetch('/pay', { method: 'POST', headers: { 'idempotency-key': key } }); } catch { await sleep(100 * 2 ** i * Math.random()); } } }`,
    `import retry from 'async-retry'; export function update(key: string) { return retry(() => fetch('/x', { method: 'PATCH', headers: { 'Idempotency-Key': key } })); }`,
    `import pRetry from 'p-retry'; export function pay(key: string) { const headers = { 'Idempotency-Key': key }; return pRetry(() => fetch('/pay', { method: 'POST', headers })); }`,
    `import pRetry from 'p-retry'; export function pay(key: string) { const headers = new Headers(); headers.set('Idempotency-Key', key); return pRetry(() => fetch('/pay', { method: 'POST', headers })); }`,
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retries: 3 }); axios.get('/x');`,
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; export function make(key: string) { const api = axios.create({ headers: { 'Idempotency-Key': key } }); axiosRetry(api, { retries: 2 }); return api.post('/x', {}); }`,
    // a retryCondition that keeps axios-retry to idempotent methods
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create({ timeout: 5000 }); axiosRetry(api, { retryCondition: axiosRetry.isIdempotentRequestError }); export const charge = (b: object) => api.post('/charge', b);`,
    // axios-retry on another instance does not retry this one
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; const a = axios.create(); const b = axios.create(); axiosRetry(a); export const charge = (x: object) => b.post('/charge', x);`,
    // client retries that exclude POST by default, or resend the key they were given
    `import got from 'got'; got.post('/x', { json: {} });`,
    `import got from 'got'; got.post('/x', { retry: { limit: 3 } });`,
    `import ky from 'ky'; ky.post('/x', { retry: 3 });`,
    `import got from 'got'; got.post('/x', { headers: { 'Idempotency-Key': crypto.randomUUID() }, retry: { limit: 2, methods: ['POST'] } });`,
    `import request from 'superagent'; export const f = (k: string) => request.post('/x').set('Idempotency-Key', k).retry(3);`,
    `import request from 'superagent'; request.get('/x').retry(3);`,
    `import { ofetch } from 'ofetch'; ofetch('/x', { method: 'POST' });`,
    // not retried at all
    `fetch('/x', { method: 'POST' });`,
    `export async function each(items: string[]) { for (const item of items) { await fetch('/x', { method: 'POST', body: item, headers: { 'Idempotency-Key': crypto.randomUUID() } }); } }`,
    `import { policy } from '@breakwater/runtime'; const p = policy('payments', {}); p.execute(({ signal }) => fetch('/x', { method: 'POST', signal }));`,
    // other retry forms with idempotent requests
    `import { retry, handleAll } from 'cockatiel'; retry(handleAll, { maxAttempts: 3 }).execute(() => fetch('/x'));`,
    `export async function get(n: number): Promise<Response> { try { return await fetch('/x'); } catch (e) { if (n > 0) return get(n - 1); throw e; } }`,
    { code: `const pRetry = require('p-retry'); pRetry(() => fetch('/x'));`, filename: 'file.js' },
    // an unknown method is not reported by default
    `import pRetry from 'p-retry'; export const f = (m: string) => pRetry(() => fetch('/x', { method: m }));`,
    // look-alike: a local pRetry
    `const pRetry = (f: () => unknown) => f(); pRetry(() => fetch('/x', { method: 'POST' }));`,
  ],
  invalid: [
    {
      code: `import pRetry from 'p-retry';\nexport async function pay(body: string) {\n  await pRetry(() => fetch('http://payments.internal/charge', { method: 'POST', body }), { retries: 3 });\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 3,
          column: 22,
          data: { label: 'fetch', method: 'POST', retry: 'p-retry', target: 'payments' },
          suggestions: [
            {
              messageId: 'addKey',
              data: { name: 'idempotencyKey' },
              output: `import pRetry from 'p-retry';\nexport async function pay(body: string) {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() => fetch('http://payments.internal/charge', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }), { retries: 3 });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${hr}export async function pay() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await fetch('/pay', { method: 'POST', headers: { 'Content-Type': 'application/json' } });\n    } catch {\n      await sleep(200 * 2 ** attempt * Math.random());\n    }\n  }\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 5,
          suggestions: [
            {
              messageId: 'addKey',
              output: `${hr}export async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await fetch('/pay', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey } });\n    } catch {\n      await sleep(200 * 2 ** attempt * Math.random());\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import axios from 'axios';\n${hr}export async function save(body: object) {\n  let tries = 0;\n  while (tries < 5) {\n    try {\n      return await axios.post('/save', body);\n    } catch {\n      tries++;\n      await sleep(1000 * Math.random());\n    }\n  }\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 7,
          suggestions: [
            {
              messageId: 'addKey',
              output: `import axios from 'axios';\n${hr}export async function save(body: object) {\n  let tries = 0;\n  const idempotencyKey = crypto.randomUUID();\n  while (tries < 5) {\n    try {\n      return await axios.post('/save', body, { headers: { 'Idempotency-Key': idempotencyKey } });\n    } catch {\n      tries++;\n      await sleep(1000 * Math.random());\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import axios from 'axios';\nimport axiosRetry from 'axios-retry';\naxiosRetry(axios, { retries: 3 });\nexport async function order(o: object) {\n  return axios.post('http://orders.internal/o', o);\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 5,
          data: { label: 'axios.post', method: 'POST', retry: 'axios-retry', target: 'orders' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import axios from 'axios';\nimport axiosRetry from 'axios-retry';\naxiosRetry(axios, { retries: 3 });\nexport async function order(o: object) {\n  const idempotencyKey = crypto.randomUUID();\n  return axios.post('http://orders.internal/o', o, { headers: { 'Idempotency-Key': idempotencyKey } });\n}`,
            },
          ],
        },
      ],
    },
    // axios-retry on an instance: its default retryCondition (isNetworkOrIdempotentRequestError) retries
    // any method on a network error — a POST whose connection reset after it was sent is sent again.
    {
      code: `import axios from 'axios';\nimport axiosRetry from 'axios-retry';\nconst payments = axios.create({ baseURL: 'http://payments.internal', timeout: 5000 });\naxiosRetry(payments, { retries: 3, retryDelay: axiosRetry.exponentialDelay });\nexport async function charge(body: object) {\n  return payments.post('/charge', body);\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 6,
          data: { label: 'payments.post (axios instance)', method: 'POST', retry: 'axios-retry', target: 'payments' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import axios from 'axios';\nimport axiosRetry from 'axios-retry';\nconst payments = axios.create({ baseURL: 'http://payments.internal', timeout: 5000 });\naxiosRetry(payments, { retries: 3, retryDelay: axiosRetry.exponentialDelay });\nexport async function charge(body: object) {\n  const idempotencyKey = crypto.randomUUID();\n  return payments.post('/charge', body, { headers: { 'Idempotency-Key': idempotencyKey } });\n}`,
            },
          ],
        },
      ],
    },
    // …also with an explicit isNetworkError or isRetryableError condition (neither looks at the method)
    {
      code: `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create({ timeout: 5000 }); axiosRetry(api, { retryCondition: axiosRetry.isRetryableError, retryDelay: axiosRetry.exponentialDelay }); export function refund(id: string) { return api.patch('/refunds/' + id, {}); }`,
      errors: [{ messageId: 'unsafeRetry', data: { label: 'api.patch (axios instance)', method: 'PATCH', retry: 'axios-retry', target: 'the server' }, suggestions: [{ messageId: 'addKey', output: `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create({ timeout: 5000 }); axiosRetry(api, { retryCondition: axiosRetry.isRetryableError, retryDelay: axiosRetry.exponentialDelay }); export function refund(id: string) { const idempotencyKey = crypto.randomUUID();\nreturn api.patch('/refunds/' + id, {}, { headers: { 'Idempotency-Key': idempotencyKey } }); }` }] }],
    },
    {
      code: `import got from 'got';\nexport async function pay() {\n  return got.post('/pay', { retry: { limit: 2, methods: ['POST'] } });\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import got from 'got';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  return got.post('/pay', { retry: { limit: 2, methods: ['POST'] }, headers: { 'Idempotency-Key': idempotencyKey } });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import ky from 'ky';\nexport async function pay() {\n  return ky.post('/pay', { retry: { limit: 2, methods: ['post'] } });\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import ky from 'ky';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  return ky.post('/pay', { retry: { limit: 2, methods: ['post'] }, headers: { 'Idempotency-Key': idempotencyKey } });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import request from 'superagent';\nexport async function pay() {\n  return request.post('/pay').send({}).retry(3);\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          data: { label: 'request.post', method: 'POST', retry: 'superagent .retry(3)', target: 'the server' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import request from 'superagent';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  return request.post('/pay').set('Idempotency-Key', idempotencyKey).send({}).retry(3);\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import retry from 'async-retry';\nexport async function rename(name: string) {\n  await retry(async () => fetch('/me', { method: 'PATCH', body: name }), { retries: 2 });\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          data: { label: 'fetch', method: 'PATCH', retry: 'async-retry', target: 'the server' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import retry from 'async-retry';\nexport async function rename(name: string) {\n  const idempotencyKey = crypto.randomUUID();\n  await retry(async () => fetch('/me', { method: 'PATCH', body: name, headers: { 'Idempotency-Key': idempotencyKey } }), { retries: 2 });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { retry, handleAll } from 'cockatiel';\nconst policy = retry(handleAll, { maxAttempts: 3 });\nexport async function pay() {\n  await policy.execute(() => fetch('/pay', { method: 'POST' }));\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import { retry, handleAll } from 'cockatiel';\nconst policy = retry(handleAll, { maxAttempts: 3 });\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  await policy.execute(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }));\n}`,
            },
          ],
        },
      ],
    },
    {
      // A recursive retry: the key would have to become a parameter, so there is no local suggestion.
      code: `export async function pay(n: number): Promise<Response> {\n  try {\n    return await fetch('/pay', { method: 'POST' });\n  } catch (e) {\n    if (n > 0) return pay(n - 1);\n    throw e;\n  }\n}`,
      errors: [{ messageId: 'unsafeRetry', line: 3, suggestions: [] }],
    },
    {
      code: `import pRetry from 'p-retry';\nexport const f = (m: string) => pRetry(() => fetch('/x', { method: m }));`,
      options: [{ unknownMethod: 'report' }],
      // An arrow with an expression body has no statement to put the key before.
      errors: [{ messageId: 'unsafeRetry', data: { label: 'fetch', method: 'method unknown', retry: 'p-retry', target: 'the server' }, suggestions: [] }],
    },
    {
      code: `import pRetry from 'p-retry';\nexport async function pay() {\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() } }));\n}`,
      errors: [
        {
          messageId: 'keyPerAttempt',
          line: 3,
          suggestions: [
            {
              messageId: 'hoistKey',
              output: `import pRetry from 'p-retry';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }));\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${hr}export async function pay() {\n  for (let i = 0; i < 3; i++) {\n    const key = crypto.randomUUID();\n    try {\n      return await fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': key } });\n    } catch {\n      await sleep(100 * Math.random());\n    }\n  }\n}`,
      errors: [{ messageId: 'keyPerAttempt', line: 6, suggestions: [] }],
    },
    {
      code: `import { v4 as uuid } from 'uuid';\nimport pRetry from 'p-retry';\nexport async function pay() {\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': \`\${uuid()}\` } }));\n}`,
      errors: [
        {
          messageId: 'keyPerAttempt',
          suggestions: [
            {
              messageId: 'hoistKey',
              output: `import { v4 as uuid } from 'uuid';\nimport pRetry from 'p-retry';\nexport async function pay() {\n  const idempotencyKey = \`\${uuid()}\`;\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }));\n}`,
            },
          ],
        },
      ],
    },
    {
      // Options in a variable: the report only.
      code: `import pRetry from 'p-retry';\nconst init = { method: 'POST' };\nexport async function pay() {\n  await pRetry(() => fetch('/pay', init));\n}`,
      errors: [{ messageId: 'unsafeRetry', suggestions: [] }],
    },
    {
      code: `import https from 'node:https';\nexport function send() {\n  for (let i = 0; i < 2; i++) {\n    try {\n      return https.request({ hostname: 'mail.internal', method: 'POST', path: '/send' });\n    } catch {}\n  }\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          data: { label: 'https.request', method: 'POST', retry: 'a hand-rolled for loop', target: 'mail' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import https from 'node:https';\nexport function send() {\n  const idempotencyKey = crypto.randomUUID();\n  for (let i = 0; i < 2; i++) {\n    try {\n      return https.request({ hostname: 'mail.internal', method: 'POST', path: '/send', headers: { 'Idempotency-Key': idempotencyKey } });\n    } catch {}\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `const pRetry = require('p-retry');\nasync function pay() {\n  await pRetry(() => fetch('/pay', { method: 'POST' }));\n}\nmodule.exports = { pay };`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `const pRetry = require('p-retry');\nasync function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }));\n}\nmodule.exports = { pay };`,
            },
          ],
        },
      ],
    },
    {
      // The name is taken: the suggestion picks the next free one.
      code: `import pRetry from 'p-retry';\nexport async function pay(idempotencyKey: string) {\n  await pRetry(() => fetch('/pay', { method: 'POST' }));\n  return idempotencyKey;\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              data: { name: 'idempotencyKey2' },
              output: `import pRetry from 'p-retry';\nexport async function pay(idempotencyKey: string) {\n  const idempotencyKey2 = crypto.randomUUID();\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey2 } }));\n  return idempotencyKey;\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import pRetry from 'p-retry';\nimport axios from 'axios';\ninterface Res { ok: boolean }\nexport async function pay(body: unknown) {\n  const res = await pRetry(async () => (await axios.post<Res>('/pay', body as object)).data);\n  return res!;\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import pRetry from 'p-retry';\nimport axios from 'axios';\ninterface Res { ok: boolean }\nexport async function pay(body: unknown) {\n  const idempotencyKey = crypto.randomUUID();\n  const res = await pRetry(async () => (await axios.post<Res>('/pay', body as object, { headers: { 'Idempotency-Key': idempotencyKey } })).data);\n  return res!;\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'http://ledger.internal' });\n${hr}export async function book(entry: object) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await api?.post('/entries', entry);\n    } catch {\n      await sleep(50 * Math.random());\n    }\n  }\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          data: { label: 'api?.post (axios instance)', method: 'POST', retry: 'a hand-rolled for loop', target: 'ledger' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'http://ledger.internal' });\n${hr}export async function book(entry: object) {\n  const idempotencyKey = crypto.randomUUID();\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await api?.post('/entries', entry, { headers: { 'Idempotency-Key': idempotencyKey } });\n    } catch {\n      await sleep(50 * Math.random());\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import pRetry from 'p-retry';\nexport async function pay(amount: number) {\n  await pRetry(() =>\n    fetch('/pay', {\n      method: 'POST',\n      body: JSON.stringify({ amount }),\n    }),\n  );\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          line: 4,
          suggestions: [
            {
              messageId: 'addKey',
              output: `import pRetry from 'p-retry';\nexport async function pay(amount: number) {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() =>\n    fetch('/pay', {\n      method: 'POST',\n      body: JSON.stringify({ amount }),\n      headers: { 'Idempotency-Key': idempotencyKey },\n    }),\n  );\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import pRetry from 'p-retry';\nexport async function pay() {\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: new Headers({ Accept: 'application/json' }) }));\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import pRetry from 'p-retry';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: new Headers({ Accept: 'application/json', 'Idempotency-Key': idempotencyKey }) }));\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${hr}export async function pay() {\n  let attempt = 0;\n  do {\n    try {\n      return await fetch('/pay', { method: 'POST' });\n    } catch {\n      attempt++;\n      await sleep(100 * 2 ** attempt * Math.random());\n    }\n  } while (attempt < 3);\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `${hr}export async function pay() {\n  let attempt = 0;\n  const idempotencyKey = crypto.randomUUID();\n  do {\n    try {\n      return await fetch('/pay', { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } });\n    } catch {\n      attempt++;\n      await sleep(100 * 2 ** attempt * Math.random());\n    }\n  } while (attempt < 3);\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import got from 'got';\nconst ledger = got.extend({ prefixUrl: 'http://ledger.internal', retry: { limit: 3, methods: ['PATCH'] } });\nexport async function fix() {\n  return ledger.patch('entries/1', { json: {} });\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          data: { label: 'ledger.patch (got instance)', method: 'PATCH', retry: "got's retry option", target: 'ledger' },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import got from 'got';\nconst ledger = got.extend({ prefixUrl: 'http://ledger.internal', retry: { limit: 3, methods: ['PATCH'] } });\nexport async function fix() {\n  const idempotencyKey = crypto.randomUUID();\n  return ledger.patch('entries/1', { json: {}, headers: { 'Idempotency-Key': idempotencyKey } });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import request from 'superagent';\nexport async function pay() {\n  return request('POST', '/pay').retry(2);\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import request from 'superagent';\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  return request('POST', '/pay').set('Idempotency-Key', idempotencyKey).retry(2);\n}`,
            },
          ],
        },
      ],
    },
    {
      // Headers from a const object: spread it and add the key.
      code: `import pRetry from 'p-retry';\nconst json = { 'Content-Type': 'application/json' };\nexport async function pay() {\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: json }));\n}`,
      errors: [
        {
          messageId: 'unsafeRetry',
          suggestions: [
            {
              messageId: 'addKey',
              output: `import pRetry from 'p-retry';\nconst json = { 'Content-Type': 'application/json' };\nexport async function pay() {\n  const idempotencyKey = crypto.randomUUID();\n  await pRetry(() => fetch('/pay', { method: 'POST', headers: { ...json, 'Idempotency-Key': idempotencyKey } }));\n}`,
            },
          ],
        },
      ],
    },
  ],
});
