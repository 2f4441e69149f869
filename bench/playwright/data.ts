// Test data of the twins, shaped as the suite's builders shape theirs (suite/data/{keys,sales,expense,service}.py):
// unique tokens `<run id><test key><attempt><counter>`, phones derived from a token, and Chinese names, cities and
// sentences from a generator seeded per run, test and attempt (the suite seeds Faker the same way).
import { createHash } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function base36(value: bigint, width: number): string {
  let out = '';
  for (let index = 0; index < width; index += 1) {
    out = BASE36[Number(value % 36n)] + out;
    value /= 36n;
  }
  return out;
}

export function newRunId(): string {
  return Array.from({ length: 6 }, () => BASE36[Math.floor(Math.random() * 36)]).join('');
}

/** Tokens unique to one attempt of one test in one run (suite.data.keys.Uniq). */
export class Uniq {
  readonly stem: string;
  private counter = 0;

  constructor(testKey: string, attempt: number, runId: string) {
    this.stem = `${runId}${base36(BigInt(`0x${sha256(testKey)}`), 5)}${BASE36[attempt]}`;
  }

  next(): string {
    this.counter += 1;
    return `${this.stem}${this.counter}`;
  }

  /** `count` decimal digits derived from the next token. */
  digits(count: number): string {
    const value = BigInt(`0x${sha256(this.next())}`) % 10n ** BigInt(count);
    return value.toString().padStart(count, '0');
  }
}

const COMPANY_PREFIXES = ['华泰', '东方', '鼎盛', '恒信', '中科', '汇通', '天华', '新宇', '佳禾', '瑞丰', '凌云', '博远'];
const COMPANY_KINDS = ['科技', '信息', '网络', '电子', '传媒', '贸易', '软件', '数据'];
const COMPANY_SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司'];
const CITIES = ['杭州市', '宁波市', '苏州市', '南京市', '成都市', '武汉市', '西安市', '长沙市', '郑州市', '济南市'];
const PROVINCES = ['浙江省', '江苏省', '四川省', '湖北省', '陕西省', '湖南省', '河南省', '山东省'];
const STREETS = ['解放', '人民', '中山', '建设', '和平', '文一', '长江', '滨江'];
const WORDS = ['质量', '系统', '服务', '客户', '产品', '市场', '管理', '合作', '发展', '技术', '项目', '方案'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];
const JOBS = ['销售经理', '采购主管', '技术总监', '项目经理', '财务专员', '运营总监'];
const DOMAINS = ['163.com', '126.com', 'qq.com', 'gmail.com', 'yahoo.com', 'hotmail.com'];
const PHRASE = ['Synergized', 'Robust', 'Adaptive', 'Integrated', 'Optimized', 'Scalable', 'client-driven',
  'mission-critical', 'multimedia', 'bandwidth-monitored', 'paradigm', 'solution', 'framework', 'workforce'];
export const LEVELS = ['top', 'high', 'mid', 'low', 'inactive', 'potential', 'watching'];

/** A seeded generator of realistic Chinese data (what the suite takes from Faker's zh_CN locale). */
export class Fake {
  private state: number;

  constructor(seedKey: string) {
    this.state = parseInt(sha256(seedKey).slice(0, 8), 16) >>> 0;
  }

  private random(): number { // mulberry32
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  numerify(count: number): string {
    return Array.from({ length: count }, () => String(this.int(0, 9))).join('');
  }

  companyPrefix(): string { return this.pick(COMPANY_PREFIXES); }
  company(): string { return `${this.companyPrefix()}${this.pick(COMPANY_KINDS)}${this.pick(COMPANY_SUFFIXES)}`; }
  city(): string { return this.pick(CITIES); }
  province(): string { return this.pick(PROVINCES); }
  streetAddress(): string { return `${this.pick(STREETS)}路${this.int(1, 999)}号`; }
  words(count: number): string[] { return Array.from({ length: count }, () => this.pick(WORDS)); }
  sentence(words = 6): string { return `${this.words(words).join('')}。`; }
  paragraph(): string { return [this.sentence(), this.sentence(), this.sentence()].join(''); }
  name(): string { return `${this.pick(SURNAMES)}${this.pick(GIVEN)}${this.pick(GIVEN)}`; }
  job(): string { return this.pick(JOBS); }
  freeEmailDomain(): string { return this.pick(DOMAINS); }
  catchPhrase(): string { return `${this.pick(PHRASE)} ${this.pick(PHRASE)} ${this.pick(PHRASE)}`; }
  mobile(): string { return `1${this.pick(['3', '4', '5', '6', '7', '8', '9'])}${this.numerify(9)}`; }
}

export function addDays(isoDate: string, days: number): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** A customer phone no other customer has: +86 1[3-9] and 10 digits from a token (suite.data.sales.unique_phone). */
export function uniquePhone(uniq: Uniq): string {
  const digits = uniq.digits(12);
  return `+861${'3456789'[Number(digits[0]) % 7]}${digits.slice(1)}`;
}

export interface CustomerData {
  name: string; level: string; region: string; city: string; address: string; phone: string; website: string;
  tags: string; industry?: string; source?: string; owner?: string;
}

export function customerData(fake: Fake, uniq: Uniq, overrides: Partial<CustomerData> = {}): CustomerData {
  return {
    name: `${fake.company()} ${uniq.next()}`,
    level: fake.pick(LEVELS),
    region: fake.province(),
    city: fake.city(),
    address: fake.streetAddress(),
    phone: uniquePhone(uniq),
    website: `https://${uniq.next()}.example.com`,
    tags: fake.words(2).join(','),
    ...overrides,
  };
}

export function contactData(fake: Fake, uniq: Uniq, customer: number) {
  return {
    name: fake.name(), title: fake.job().slice(0, 50), mobile: fake.mobile(),
    email: `${uniq.next()}@${fake.freeEmailDomain()}`, is_primary: false, notes: fake.sentence(), customer,
  };
}

export function opportunityData(fake: Fake, uniq: Uniq, customer: number) {
  return {
    customer,
    name: `${fake.catchPhrase().slice(0, 40)} ${uniq.next()}`,
    amount: `${fake.int(1000, 900000)}.${String(fake.int(0, 99)).padStart(2, '0')}`,
    expected_close: addDays(new Date().toISOString().slice(0, 10), fake.int(10, 200)),
    stage: 'lead',
    competitor: fake.company().slice(0, 60),
  };
}

export const CATEGORY_LABELS: Record<string, string> = {
  travel: '差旅', transport: '交通', lodging: '住宿', meals: '餐费', entertainment: '招待', office: '办公', other: '其他',
};

export interface LineData { date: string; category: string; amount: string; description: string }

export function lineData(fake: Fake, today: string, category = 'meals', amount = '88.50', days = 3): LineData {
  return { date: addDays(today, -days), category, amount, description: `${fake.companyPrefix()}${CATEGORY_LABELS[category]}` };
}

export function advanceData(fake: Fake, uniq: Uniq, today: string, amount = '2000.00', dueInDays = 30) {
  return { purpose: `${fake.city()}出差备用金 ${uniq.next()}`, amount, expected_repayment: addDays(today, dueInDays) };
}

export function description(fake: Fake, uniq: Uniq): string {
  return `${fake.sentence(8)} [${uniq.next()}]`;
}
