// The e-CRM's HTTP API for one logged-in user, over Playwright's APIRequestContext: the same requests the suite's
// API layer sends (suite/api/transport.py): JSON in and out, the CSRF token and a same-origin Referer on every
// state-changing request, `Accept-Language: zh-hans`, lists read page by page with page_size=100.
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';

export const API = '/api/v1/';
const TEST_CLOCK = '/__test__/clock/';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

type Json = Record<string, unknown>;
type Params = Record<string, string | number | boolean>;
export type Row = Record<string, any>;

/** `apiPath('claims', 7, 'approve')` → `/api/v1/claims/7/approve/`. */
export function apiPath(...parts: Array<string | number>): string {
  return API + parts.map((part) => `${String(part).replace(/^\/+|\/+$/g, '')}/`).join('');
}

export const PASSWORDS: Record<string, string> = {
  admin: 'Admin@2026',
  manager: 'Manager@2026',
  rep1: 'Rep1@2026',
  rep2: 'Rep2@2026',
  finance: 'Finance@2026',
  engineer: 'Engineer@2026',
  svcmanager: 'Svcmanager@2026',
  clerk: 'Clerk@2026',
};
const RESERVED = new Set(['clerk']); // suite/data/users.py: never picked to arrange data

export function passwordOf(username: string): string {
  return process.env[`ECRM_PASSWORD_${username.toUpperCase()}`] ?? PASSWORDS[username];
}

/** The first of a record's `next_approvers` the suite may act as (suite.data.users.first_available). */
export function firstAvailable(usernames: string[]): string {
  const found = usernames.find((name) => !RESERVED.has(name));
  if (!found) throw new Error(`only reserved users among ${usernames.join(', ')}`);
  return found;
}

export class ApiError extends Error {}

export class Api {
  private csrf?: string;

  private constructor(readonly request: APIRequestContext, readonly baseURL: string, public username?: string) {}

  /** A new API session (its own cookies), logged in as `username`. */
  static async login(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, username: string,
                     language = 'zh-hans'): Promise<Api> {
    const request = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Accept: 'application/json', 'Accept-Language': language },
    });
    const api = new Api(request, baseURL);
    await api.call('POST', apiPath('auth', 'login'), { json: { username, password: passwordOf(username) } }, 200);
    api.csrf = undefined; // the session changes on login, and so does the CSRF token
    api.username = username;
    return api;
  }

  async dispose(): Promise<void> {
    await this.request.dispose();
  }

  private async csrfHeaders(): Promise<Record<string, string>> {
    if (this.csrf === undefined) {
      let cookie = (await this.request.storageState()).cookies.find((c) => c.name === 'csrftoken');
      if (!cookie) {
        await this.request.get(apiPath('auth', 'csrf'));
        cookie = (await this.request.storageState()).cookies.find((c) => c.name === 'csrftoken');
      }
      this.csrf = cookie?.value ?? '';
    }
    return { 'X-CSRFToken': this.csrf, Referer: `${this.baseURL}/` };
  }

  /** The raw answer to one request (state-changing methods carry the CSRF token). */
  async send(method: string, path: string, options: { json?: Json; params?: Params } = {}): Promise<APIResponse> {
    const headers = SAFE.has(method) ? {} : await this.csrfHeaders();
    return this.request.fetch(path, { method, headers, data: options.json, params: options.params, timeout: 30_000 });
  }

  /** The JSON body of an answer that must have one of `statuses` (null for an empty one). */
  async expectStatus(response: APIResponse, ...statuses: number[]): Promise<any> {
    if (!statuses.includes(response.status())) {
      const body = (await response.text()).slice(0, 500);
      throw new ApiError(`${response.url()} answered ${response.status()}, expected ${statuses.join('/')}: ${body}`);
    }
    const text = await response.text();
    return response.status() === 204 || !text ? null : JSON.parse(text);
  }

  async call(method: string, path: string, options: { json?: Json; params?: Params }, ...statuses: number[]) {
    return this.expectStatus(await this.send(method, path, options), ...statuses);
  }

  get(path: string, params?: Params) {
    return this.call('GET', path, { params }, 200);
  }

  create(collection: string, json: Json) {
    return this.call('POST', apiPath(collection), { json }, 201);
  }

  action(collection: string, id: number, name: string, json: Json = {}, ...statuses: number[]) {
    return this.call('POST', apiPath(collection, id, name), { json }, ...(statuses.length ? statuses : [200]));
  }

  update(collection: string, id: number, json: Json, ...statuses: number[]) {
    return this.call('PATCH', apiPath(collection, id), { json }, ...(statuses.length ? statuses : [200]));
  }

  remove(collection: string, id: number, ...statuses: number[]) {
    return this.call('DELETE', apiPath(collection, id), {}, ...(statuses.length ? statuses : [204]));
  }

  /** Every item of a list, following its pages. */
  async list(collection: string, params: Params = {}): Promise<Row[]> {
    let body = await this.get(apiPath(collection), { page_size: 100, ...params });
    if (Array.isArray(body)) return body;
    const items: Row[] = [...body.results];
    while (body.next) {
      body = await this.get(body.next);
      items.push(...body.results);
    }
    return items;
  }

  /** The id of the item of `collection` whose `key` is `value` (suite.api.resource.id_of). */
  async idOf(collection: string, value: string, key = 'name', params: Params = {}): Promise<number> {
    const found = (await this.list(collection, params)).find((item) => item[key] === value);
    if (!found) throw new ApiError(`no ${collection} with ${key} ${value}`);
    return found.id;
  }

  userId(username: string): Promise<number> {
    return this.idOf('users', username, 'username');
  }

  /** The server's date (its test clock, which may be frozen). */
  async today(): Promise<string> {
    const response = await this.send('GET', TEST_CLOCK);
    if (response.status() === 200) return (await response.json()).now.slice(0, 10);
    return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  }
}
