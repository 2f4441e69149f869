// The twins' fixtures: logins once per role and worker through the API, kept as storage state; a page per role in a
// context of its own; the suite's factories (fixtures/*.py), each creating through the API and cleaning up after the
// test what it made, and the clean-up of what a test created through a form (fixtures/factories.py).
import { test as base, type BrowserContext, type Page } from '@playwright/test';

import { Api, apiPath, firstAvailable, type Row } from './api';
import {
  contactData, customerData, type CustomerData, description, Fake, lineData, opportunityData, Uniq,
} from './data';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const CLEAN_UP = 'test clean-up';
const TRACKING_NUMBER = 'SF1234567890';
const CLAIM_ORDER = ['draft', 'submitted', 'manager_approved', 'finance_approved', 'admin_approved', 'paid'];
const IN_APPROVAL = ['manager_approved', 'finance_approved', 'admin_approved'];
const CLOSE_FAULT_STEP: Record<string, string> = {
  new: 'assign', assigned: 'start', in_progress: 'resolve', pending_customer: 'resolve', resolved: 'close',
};
const CLOSE_RMA_STEP: Record<string, string> = {
  requested: 'reject', approved: 'receive', received: 'replace', repaired: 'ship', replaced: 'ship', shipped: 'close',
};

type WorkerFixtures = {
  apiAs: (username: string) => Promise<Api>;
  storageStateFor: (username: string) => Promise<StorageState>;
  usernames: (userId: number) => Promise<string>;
  userIds: (...usernames: string[]) => Promise<Record<string, number>>;
  categoryIds: () => Promise<Record<string, number>>;
};

type FormRecords = { add: (collection: string, page: Page, user: string) => number };
type ClaimOptions = { user?: string; amounts?: string[]; category?: string; to?: string };

type TestFixtures = {
  uniq: Uniq;
  fake: Fake;
  formRecords: FormRecords;
  pageAs: (username: string) => Promise<Page>;
  makeCustomer: (owner?: string, overrides?: Partial<CustomerData>) => Promise<Row>;
  makeContact: (customer: Row) => Promise<Row>;
  makeOpportunity: (customer: Row, stage?: string, overrides?: Record<string, unknown>) => Promise<Row>;
  salesCustomer: Row;
  newOpportunity: (stage: string) => Promise<Row>;
  serverToday: string;
  makeClaim: (options?: ClaimOptions) => Promise<Row>;
  serviceCustomer: Row;
  serviceProduct: Row;
  makeFault: (fields?: Record<string, unknown>) => Promise<Row>;
  makeUnit: () => Promise<Row>;
  makeRma: (unit?: Row) => Promise<Row>;
  makeArticle: (author?: string) => Promise<Row>;
};

/** The id of the record a page shows, from its address (`/sales/customers/7/` → 7). */
export function recordId(page: Page): number {
  const match = /\/(\d+)\/(?:$|\?)/.exec(new URL(page.url()).pathname + '?');
  if (!match) throw new Error(`no record id in ${page.url()}`);
  return Number(match[1]);
}

function payer(apiAs: WorkerFixtures['apiAs'], owner: string): Promise<Api> {
  return apiAs(owner === 'finance' ? 'admin' : 'finance'); // no one pays their own claim
}

async function nextApprover(apiAs: WorkerFixtures['apiAs'], record: Row): Promise<Api> {
  if (!record.next_approvers?.length) throw new Error(`${record.number ?? record.id} (${record.status}) waits for nobody`);
  return apiAs(firstAvailable(record.next_approvers));
}

async function cleanUpClaim(apiAs: WorkerFixtures['apiAs'], usernames: WorkerFixtures['usernames'], id: number) {
  const admin = await apiAs('admin');
  const response = await admin.send('GET', apiPath('claims', id));
  if (response.status() === 404) return;
  let claim = await response.json();
  const owner = await apiAs(await usernames(claim.employee));
  if (claim.status === 'submitted') {
    await owner.action('claims', id, 'withdraw');
  } else if (IN_APPROVAL.includes(claim.status)) {
    if (claim.pending_step === null) {
      const finance = await payer(apiAs, await usernames(claim.employee));
      await finance.action('claims', id, 'pay', { method: 'cash', offsets: [] }, 201, 409);
      return;
    }
    await (await nextApprover(apiAs, claim)).action('claims', id, 'reject', { comment: CLEAN_UP });
  }
  claim = await admin.get(apiPath('claims', id));
  if (['draft', 'rejected'].includes(claim.status) && !claim.number) await owner.remove('claims', id, 204, 404);
}

export async function cleanUpAdvance(apiAs: WorkerFixtures['apiAs'], user: string, id: number) {
  const owner = await apiAs(user);
  const response = await owner.send('GET', apiPath('advances', id));
  if (response.status() === 404) return;
  let advance = await response.json();
  if (advance.status === 'disbursed' && Number(advance.outstanding) > 0) {
    await (await payer(apiAs, user)).action('advances', id, 'repay', { amount: advance.outstanding });
  } else if (advance.status === 'submitted') {
    advance = await owner.action('advances', id, 'withdraw');
  }
  if (['draft', 'rejected'].includes(advance.status) && !advance.number) await owner.remove('advances', id, 204, 404);
}

async function closeFault(manager: Api, id: number, engineerId: number) {
  let body = await manager.get(apiPath('fault-records', id));
  for (let step = 0; step < Object.keys(CLOSE_FAULT_STEP).length; step += 1) {
    const action = CLOSE_FAULT_STEP[body.status];
    if (!action) break;
    body = action === 'assign'
      ? await manager.action('fault-records', id, 'assign', { assignee: engineerId })
      : await manager.action('fault-records', id, 'transition',
        { action, ...(action === 'resolve' ? { resolution: CLEAN_UP } : {}) });
  }
}

async function closeRma(manager: Api, id: number) {
  let body = await manager.get(apiPath('rmas', id));
  for (let step = 0; step < Object.keys(CLOSE_RMA_STEP).length; step += 1) {
    const action = CLOSE_RMA_STEP[body.status];
    if (!action) break;
    const extra = action === 'reject' ? { reason: CLEAN_UP } : action === 'ship' ? { tracking_number: TRACKING_NUMBER } : {};
    body = await manager.action('rmas', id, 'transition', { action, ...extra });
  }
}

async function closeAsLost(admin: Api, id: number) {
  await admin.update('opportunities', id, { stage: 'lost', lost_reason: CLEAN_UP }, 200, 400, 404);
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // -- once per worker -------------------------------------------------------------------------------------------
  apiAs: [async ({ playwright }, use, workerInfo) => {
    const baseURL = workerInfo.project.use.baseURL as string;
    const sessions = new Map<string, Promise<Api>>();
    await use((username) => {
      if (!sessions.has(username)) sessions.set(username, Api.login(playwright, baseURL, username));
      return sessions.get(username)!;
    });
    for (const session of sessions.values()) await (await session).dispose();
  }, { scope: 'worker' }],

  storageStateFor: [async ({ playwright }, use, workerInfo) => {
    const baseURL = workerInfo.project.use.baseURL as string;
    const states = new Map<string, Promise<StorageState>>();
    const login = async (username: string) => {
      const api = await Api.login(playwright, baseURL, username);
      const state = await api.request.storageState();
      await api.dispose();
      return state;
    };
    await use((username) => {
      if (!states.has(username)) states.set(username, login(username));
      return states.get(username)!;
    });
  }, { scope: 'worker' }],

  usernames: [async ({ apiAs }, use) => {
    const byId = new Map<number, string>();
    await use(async (userId) => {
      if (!byId.size) for (const user of await (await apiAs('admin')).list('users')) byId.set(user.id, user.username);
      return byId.get(userId)!;
    });
  }, { scope: 'worker' }],

  userIds: [async ({ apiAs }, use) => {
    const ids: Record<string, number> = {};
    await use(async (...usernames) => {
      const admin = await apiAs('admin');
      for (const name of usernames) if (!(name in ids)) ids[name] = await admin.userId(name);
      return ids;
    });
  }, { scope: 'worker' }],

  categoryIds: [async ({ apiAs }, use) => {
    let ids: Record<string, number> | undefined;
    await use(async () => {
      if (!ids) {
        const rows = await (await apiAs('admin')).get(apiPath('expense-categories'));
        ids = Object.fromEntries((rows.results ?? rows).map((row: Row) => [row.code, row.id]));
      }
      return ids!;
    });
  }, { scope: 'worker' }],

  // -- per test ----------------------------------------------------------------------------------------------------
  uniq: async ({}, use, testInfo) => {
    await use(new Uniq(`${testInfo.file}::${testInfo.title}`, testInfo.retry + 1, process.env.ECRM_RUN_ID ?? ''));
  },

  fake: async ({}, use, testInfo) => {
    await use(new Fake(`${process.env.ECRM_RUN_ID}|${testInfo.file}::${testInfo.title}|zh_CN|${testInfo.retry + 1}`));
  },

  formRecords: async ({ apiAs, usernames, userIds }, use) => {
    const made: Array<[string, number, string]> = [];
    await use({
      add: (collection, page, user) => {
        const id = recordId(page);
        made.push([collection, id, user]);
        return id;
      },
    });
    const admin = await apiAs('admin');
    for (const [collection, id, user] of made.reverse()) {
      if (collection === 'customers') await admin.remove('customers', id, 204, 404);
      else if (collection === 'opportunities') await closeAsLost(admin, id);
      else if (collection === 'claims') await cleanUpClaim(apiAs, usernames, id);
      else if (collection === 'advances') await cleanUpAdvance(apiAs, user, id);
      else if (collection === 'fault-records') {
        await closeFault(await apiAs('svcmanager'), id, (await userIds('engineer')).engineer);
      } else if (collection === 'kb-articles') await (await apiAs(user)).remove('kb-articles', id, 204, 404);
      else throw new Error(`no clean-up for ${collection}`);
    }
  },

  pageAs: async ({ browser, storageStateFor, formRecords, baseURL }, use) => {
    void formRecords; // torn down after the pages: what their forms created is cleaned up once they are closed
    const contexts: BrowserContext[] = [];
    await use(async (username) => {
      const context = await browser.newContext({ storageState: await storageStateFor(username) });
      contexts.push(context);
      await context.addCookies([{ name: 'django_language', value: 'zh-hans', url: baseURL! }]);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },

  makeCustomer: async ({ apiAs, fake, uniq }, use) => {
    const admin = await apiAs('admin');
    const made: Row[] = [];
    await use(async (owner = 'rep1', overrides = {}) => {
      const data: Record<string, unknown> = { ...customerData(fake, uniq, { owner, ...overrides }) };
      data.owner = await admin.userId(owner);
      if (typeof data.industry === 'string') data.industry = await admin.idOf('industries', data.industry);
      const customer = await admin.create('customers', data);
      made.push(customer);
      return customer;
    });
    for (const customer of made.reverse()) await admin.remove('customers', customer.id, 204, 404);
  },

  makeContact: async ({ apiAs, fake, uniq }, use) => {
    const admin = await apiAs('admin');
    const made: Row[] = [];
    await use(async (customer) => {
      const contact = await admin.create('contacts', contactData(fake, uniq, customer.id));
      made.push(contact);
      return contact;
    });
    for (const contact of made.reverse()) await admin.remove('contacts', contact.id, 204, 404);
  },

  makeOpportunity: async ({ apiAs, fake, uniq, makeCustomer }, use) => {
    void makeCustomer; // as in the suite: torn down after it, so a customer is archived once its opportunities close
    const admin = await apiAs('admin');
    const made: Row[] = [];
    await use(async (customer, stage = 'qualified', overrides = {}) => {
      const data = { ...opportunityData(fake, uniq, customer.id), amount: '128000.00', competitor: '', stage, ...overrides };
      const filled = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== '' && value !== undefined));
      const opportunity = await admin.create('opportunities', filled);
      made.push(opportunity);
      return opportunity;
    });
    for (const opportunity of made.reverse()) await closeAsLost(admin, opportunity.id);
  },

  salesCustomer: async ({ apiAs, makeCustomer }, use) => {
    const customer = await makeCustomer('rep1');
    await use(customer);
    const admin = await apiAs('admin');
    for (const opportunity of await admin.list('opportunities', { status: 'open' })) {
      if (opportunity.customer === customer.id) {
        await admin.update('opportunities', opportunity.id, { stage: 'lost', lost_reason: CLEAN_UP });
      }
    }
  },

  newOpportunity: async ({ fake, uniq, salesCustomer, makeOpportunity }, use) => {
    await use(async (stage) => {
      const { customer: _customer, stage: _stage, ...fields } = opportunityData(fake, uniq, salesCustomer.id);
      return makeOpportunity(salesCustomer, stage, fields);
    });
  },

  serverToday: async ({ apiAs }, use) => {
    await use(await (await apiAs('admin')).today());
  },

  makeClaim: async ({ apiAs, fake, uniq, usernames, serverToday, categoryIds }, use) => {
    const made: number[] = [];
    await use(async ({ user = 'rep1', amounts = ['88.50', '120.00'], category = 'meals', to = 'draft' } = {}) => {
      const api = await apiAs(user);
      const ids = await categoryIds();
      const title = `${fake.city()}客户拜访 ${uniq.next()}`;
      const id = (await api.create('claims', { title, new_lines: [] })).id;
      made.push(id);
      for (const [index, amount] of amounts.entries()) {
        const line = lineData(fake, serverToday, category, amount, index + 1);
        await api.create('claim-lines', { ...line, category: ids[line.category], claim: id });
      }
      let claim = await api.get(apiPath('claims', id));
      while (CLAIM_ORDER.indexOf(claim.status) < CLAIM_ORDER.indexOf(to) && claim.status !== 'rejected') {
        if (claim.status === 'draft') {
          claim = await (await apiAs(await usernames(claim.employee))).action('claims', id, 'submit');
        } else if (claim.pending_step === null) {
          const finance = await payer(apiAs, await usernames(claim.employee));
          await finance.action('claims', id, 'pay', { method: 'cash', offsets: [] }, 201);
          return finance.get(apiPath('claims', id));
        } else {
          claim = await (await nextApprover(apiAs, claim)).action('claims', id, 'approve');
        }
      }
      return claim;
    });
    for (const id of made.reverse()) await cleanUpClaim(apiAs, usernames, id);
  },

  serviceCustomer: async ({ makeCustomer }, use) => {
    await use(await makeCustomer('rep1'));
  },

  serviceProduct: async ({ apiAs, uniq }, use) => {
    const admin = await apiAs('admin');
    const token = uniq.next();
    const product = await admin.create('products',
      { code: `t-${token}`, name: `测试产品 ${token}`, name_en: `Test product ${token}`, order: 900 });
    await use(product);
    await admin.update('products', product.id, { active: false });
  },

  makeFault: async ({ apiAs, fake, uniq, serviceCustomer, serviceProduct, userIds }, use) => {
    const admin = await apiAs('admin');
    const categories = await admin.get(apiPath('fault-categories'));
    const hardware = (categories.results ?? categories).find((row: Row) => row.code === 'hardware').id;
    const manager = await apiAs('svcmanager');
    const engineerId = (await userIds('engineer')).engineer;
    const made: Row[] = [];
    await use(async (fields = {}) => {
      const ticket = await manager.create('fault-records', {
        customer: serviceCustomer.id, product: serviceProduct.id, category: hardware,
        description: description(fake, uniq), priority: 'P3', channel: 'phone', ...fields,
      });
      made.push(ticket);
      return ticket;
    });
    for (const ticket of made.reverse()) await closeFault(manager, ticket.id, engineerId);
  },

  makeUnit: async ({ apiAs, uniq, serviceCustomer, serviceProduct }, use) => {
    const admin = await apiAs('admin');
    const made: Row[] = [];
    await use(async () => {
      const purchased = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
      const unit = await admin.create('installed-products', {
        customer: serviceCustomer.id, product: serviceProduct.id, serial_number: `SN-${uniq.next().toUpperCase()}`,
        purchase_date: purchased, warranty_months: 12,
      });
      made.push(unit);
      return unit;
    });
    for (const unit of made.reverse()) await admin.remove('installed-products', unit.id, 204, 404, 409);
  },

  makeRma: async ({ apiAs, fake, uniq, serviceCustomer, makeUnit }, use) => {
    void serviceCustomer;
    const manager = await apiAs('svcmanager');
    const made: Row[] = [];
    await use(async (unit) => {
      const used = unit ?? await makeUnit();
      const rma = await (await apiAs('engineer')).create('rmas',
        { customer: used.customer, installed_product: used.id, reason: `${fake.sentence()} [${uniq.next()}]` });
      made.push(rma);
      return rma;
    });
    for (const rma of made.reverse()) await closeRma(manager, rma.id);
  },

  makeArticle: async ({ apiAs, fake, uniq }, use) => {
    const made: Array<[string, Row]> = [];
    await use(async (author = 'engineer') => {
      const article = await (await apiAs(author)).create('kb-articles',
        { title: `${fake.sentence(5)} ${uniq.next()}`, content: fake.paragraph(), status: 'published' });
      made.push([author, article]);
      return article;
    });
    for (const [author, article] of made.reverse()) await (await apiAs(author)).remove('kb-articles', article.id, 204, 404);
  },
});

export { expect } from '@playwright/test';
