// e-Sales twins: tests/functional/sales/test_customers.py and test_opportunities.py.
import { expect, test } from './fixtures';
import { customerData } from './data';
import { detail, details, field, heading, rows, searchList, toast } from './ui';

test.describe('e-Sales', () => {
  test('tests/functional/sales/test_customers.py::test_a_rep_creates_a_customer_and_sees_its_360_view[chromium]', async ({ pageAs, fake, uniq, formRecords }) => {
    const customer = customerData(fake, uniq, { level: 'high' });
    const page = await pageAs('rep1');
    await page.goto('/sales/customers/new/');
    await expect(heading(page, '新建客户')).toBeVisible();
    const form = page.getByRole('main');
    await field(form, '名称').fill(customer.name);
    await field(form, '级别').selectOption(customer.level);
    await field(form, '地区').fill(customer.region);
    await field(form, '城市').fill(customer.city);
    await field(form, '地址').fill(customer.address);
    await field(form, '电话').fill(customer.phone);
    await field(form, '网站').fill(customer.website);
    await field(form, '标签').fill(customer.tags);
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(page)).toBeVisible();
    formRecords.add('customers', page, 'rep1');
    await expect(heading(page)).toHaveText(customer.name);
    await expect(toast(page)).toContainText(customer.name);
    await expect(detail(page, '电话')).toHaveText(customer.phone);
    await expect(detail(page, '级别')).toHaveText('高端');
    await expect(detail(page, '负责人')).toHaveText('张三');
  });

  test('tests/functional/sales/test_customers.py::test_the_list_searches_by_name_phone_or_contact_name[chromium-name]', async ({ pageAs, makeCustomer, makeContact }) => {
    const customer = await makeCustomer('rep1');
    await makeContact(customer);
    const page = await pageAs('rep1');
    await page.goto('/sales/customers/');
    await expect(heading(page, '客户')).toBeVisible();
    await searchList(page, '客户', customer.name);
    const table = rows(page.getByRole('table', { name: '客户列表' }));
    await expect(table.filter({ hasText: customer.name })).toBeVisible();
    await expect(table).toHaveCount(1);
  });

  test('tests/functional/sales/test_customers.py::test_the_list_filters_by_level_and_industry[chromium]', async ({ pageAs, makeCustomer, uniq }) => {
    const tag = uniq.next();
    const wanted = await makeCustomer('rep1', { name: `宁波顶端 ${tag}`, level: 'top', industry: '制造业' });
    await makeCustomer('rep1', { name: `宁波低端 ${tag}`, level: 'low', industry: '制造业' });
    const page = await pageAs('rep1');
    await page.goto(`/sales/customers/?q=${tag}`);
    await expect(heading(page, '客户')).toBeVisible();
    const table = rows(page.getByRole('table', { name: '客户列表' }));
    await expect(table).toHaveCount(2);
    await searchList(page, '客户', undefined, { 级别: '顶端' });
    await expect(table).toHaveCount(1);
    await expect(table.filter({ hasText: wanted.name })).toBeVisible();
    await searchList(page, '客户', undefined, { 行业: '金融' });
    await expect(page.getByTestId('empty-state')).toBeVisible();
  });

  test('tests/functional/sales/test_customers.py::test_archiving_hides_the_customer_but_never_destroys_it[chromium]', async ({ pageAs, makeCustomer }) => {
    const customer = await makeCustomer('rep1');
    const page = await pageAs('rep1');
    await page.goto(`/sales/customers/${customer.id}/`);
    await expect(details(page)).toBeVisible();
    await page.getByRole('button', { name: '归档', exact: true }).click();
    await page.getByRole('dialog', { name: '归档客户' }).getByRole('button', { name: '确认', exact: true }).click();
    await expect(page.getByRole('button', { name: '恢复', exact: true })).toBeVisible();
    await expect(toast(page)).toContainText(customer.name);
    await expect(page.getByTestId('archived-badge')).toBeVisible();
    await page.goto('/sales/customers/');
    await expect(heading(page, '客户')).toBeVisible();
    await searchList(page, '客户', customer.name);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await searchList(page, '客户', undefined, { 状态: '已归档' });
    await expect(rows(page.getByRole('table', { name: '客户列表' })).filter({ hasText: customer.name })).toBeVisible();
  });

  test('tests/functional/sales/test_opportunities.py::test_moving_a_stage_in_the_form_sets_the_default_probability_and_records_history[chromium]', async ({ pageAs, newOpportunity }) => {
    const opportunity = await newOpportunity('lead');
    const page = await pageAs('rep1');
    await page.goto(`/sales/opportunities/${opportunity.id}/edit/`);
    await expect(heading(page, '编辑销售机会')).toBeVisible();
    await field(page.getByRole('main'), '阶段').selectOption('方案报价');
    await page.getByRole('main').getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(page)).toBeVisible();
    await expect(toast(page)).toContainText(opportunity.name);
    await expect(detail(page, '概率')).toHaveText('50%');
    await expect(detail(page, '阶段')).toHaveText('方案报价');
    const history = rows(page.getByRole('table', { name: '阶段历史' }));
    await expect(history).toHaveCount(2);
    await expect(history.nth(1)).toContainText('线索');
    await expect(history.nth(1)).toContainText('方案报价');
  });

  test('tests/functional/sales/test_opportunities.py::test_creating_an_opportunity_through_the_form[chromium]', async ({ pageAs, salesCustomer, fake, uniq, formRecords }) => {
    const name = `${fake.catchPhrase().slice(0, 40)} ${uniq.next()}`;
    const page = await pageAs('rep1');
    await page.goto(`/sales/opportunities/new/?customer=${salesCustomer.id}`);
    await expect(heading(page, '新建销售机会')).toBeVisible();
    const form = page.getByRole('main');
    await field(form, '名称').fill(name);
    await field(form, '金额').fill('88000.50');
    await field(form, '阶段').selectOption('需求确认');
    await field(form, '预计成交日期').fill('2099-03-31');
    await field(form, '竞争对手').fill('某竞品');
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(page)).toBeVisible();
    formRecords.add('opportunities', page, 'rep1');
    await expect(heading(page)).toHaveText(name);
    await expect(detail(page, '概率')).toHaveText('30%');
    await expect(detail(page, '加权金额')).toHaveText('26400.15');
    await expect(rows(page.getByRole('table', { name: '阶段历史' }))).toHaveCount(1);
  });
});
