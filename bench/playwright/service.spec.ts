// e-Service twins: tests/functional/service/test_fault_records.py, test_rma.py and test_kb.py.
import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { auditTrail, detail, details, field, heading, rows, searchList } from './ui';

const TICKET_NUMBER = /^SR-(\d{8})-(\d{3,})$/;

/** Press a button of the record's workflow section (处理流程) and wait for the page again. */
async function step(page: Page, name: string) {
  await page.getByRole('region', { name: '处理流程' }).getByRole('button', { name, exact: true }).click();
  await expect(details(page)).toBeVisible();
}

async function openRecord(page: Page, path: string) {
  await page.goto(path);
  await expect(details(page)).toBeVisible();
}

test.describe('e-Service', () => {
  test('tests/functional/service/test_fault_records.py::test_the_service_manager_opens_a_ticket_through_the_form[chromium]', async ({ pageAs, serviceCustomer, serviceProduct, fake, uniq, formRecords }) => {
    const text = `${fake.sentence()} ${uniq.next()}`;
    const page = await pageAs('svcmanager');
    await page.goto(`/service/faults/new/?customer=${serviceCustomer.id}`);
    await expect(heading(page, '新建故障记录')).toBeVisible();
    const form = page.getByRole('main');
    await field(form, '产品').selectOption(serviceProduct.name);
    await field(form, '故障类别').selectOption('硬件');
    await field(form, '优先级').selectOption('P1 紧急');
    await field(form, '渠道').selectOption('电话');
    await field(form, '序列号').fill(`sn-${uniq.next()}`);
    await field(form, '故障描述').fill(text);
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(page)).toBeVisible();
    formRecords.add('fault-records', page, 'svcmanager');
    await expect(heading(page)).toHaveText(TICKET_NUMBER);
    await expect(page.getByTestId('fault-status')).toHaveText('新建');
    await expect(detail(page, '故障描述')).toHaveText(text);
    await expect(detail(page, '客户')).toHaveText(serviceCustomer.name);
    await expect(auditTrail(page).first()).toContainText('新建');
  });

  test('tests/functional/service/test_fault_records.py::test_a_ticket_moves_through_every_state_and_each_change_is_audited[chromium]', async ({ pageAs, makeFault, uniq }) => {
    const ticket = await makeFault({ priority: 'P2' });
    const manager = await pageAs('svcmanager');
    await openRecord(manager, `/service/faults/${ticket.id}/`);
    const workflow = manager.getByRole('region', { name: '处理流程' });
    const assignee = workflow.getByRole('combobox', { name: '负责工程师', exact: true });
    const options = await assignee.getByRole('option').allInnerTexts();
    await assignee.selectOption({ label: options.find((option) => option.startsWith('陈工'))! });
    await step(manager, '分派');
    await expect(manager.getByTestId('fault-status')).toHaveText('已分派');

    const engineer = await pageAs('engineer');
    const status = engineer.getByTestId('fault-status');
    await openRecord(engineer, `/service/faults/${ticket.id}/`);
    await step(engineer, '开始处理');
    await expect(status).toHaveText('处理中');
    await step(engineer, '等待客户确认');
    await expect(status).toHaveText('待客户确认');
    await step(engineer, '继续处理');
    await engineer.getByRole('region', { name: '处理流程' })
      .getByRole('textbox', { name: '解决方案', exact: true }).fill(`Replaced the fan ${uniq.next()}`);
    await step(engineer, '解决');
    await expect(status).toHaveText('已解决');
    await step(engineer, '关闭');
    await expect(status).toHaveText('已关闭');
    const statusRows = auditTrail(engineer).filter({ hasText: '状态变更' });
    await expect(statusRows).toHaveCount(6);
    await expect(statusRows.first()).toContainText('已解决');
    await expect(statusRows.first()).toContainText('已关闭');
    await expect(auditTrail(engineer).filter({ hasText: '负责工程师' })).toContainText('陈工');
  });

  test('tests/functional/service/test_rma.py::test_an_engineer_takes_an_rma_from_request_to_closed[chromium]', async ({ pageAs, makeRma, uniq }) => {
    const rma = await makeRma();
    const page = await pageAs('engineer');
    const status = page.getByTestId('rma-status');
    await openRecord(page, `/service/rma/${rma.id}/`);
    await expect(status).toHaveText('已申请');
    await step(page, '批准');
    await expect(status).toHaveText('已批准');
    await step(page, '确认收货');
    await expect(status).toHaveText('已收货');
    await step(page, '标记已更换');
    await expect(status).toHaveText('已更换');
    const tracking = `SF${uniq.next().toUpperCase()}01`;
    const workflow = page.getByRole('region', { name: '处理流程' });
    await workflow.getByRole('textbox', { name: '快递单号', exact: true }).fill(tracking);
    await step(page, '寄回');
    await expect(status).toHaveText('已寄回');
    await expect(detail(page, '快递单号')).toHaveText(tracking);
    await step(page, '关闭');
    await expect(status).toHaveText('已关闭');
    await expect(workflow).toHaveCount(0);
    const statusRows = auditTrail(page).filter({ hasText: '状态变更' });
    await expect(statusRows).toHaveCount(5);
    await expect(statusRows.first()).toContainText('已寄回');
    await expect(statusRows.last()).toContainText('已批准');
  });

  test('tests/functional/service/test_rma.py::test_the_rma_list_finds_an_rma_by_serial_number[chromium]', async ({ pageAs, makeUnit, makeRma }) => {
    const unit = await makeUnit();
    const rma = await makeRma(unit);
    const page = await pageAs('engineer');
    await page.goto('/service/rma/');
    await expect(heading(page, 'RMA')).toBeVisible();
    await searchList(page, 'RMA', unit.serial_number);
    const listed = rows(page.getByRole('table', { name: 'RMA 列表' }));
    await expect(listed).toHaveCount(1);
    await expect(listed.filter({ hasText: rma.number })).toContainText(unit.serial_number);
    await page.goto(`/service/rma/new/?customer=${unit.customer}`);
    await expect(heading(page, '新建 RMA')).toBeVisible();
    await expect(field(page.getByRole('main'), '设备').getByRole('option')).toHaveCount(2);
  });

  test('tests/functional/service/test_kb.py::test_an_author_writes_and_publishes_an_article_through_the_form[chromium]', async ({ pageAs, apiAs, uniq, formRecords }) => {
    const title = `交换机端口闪烁排查 ${uniq.next()}`;
    const page = await pageAs('engineer');
    await page.goto('/service/kb/');
    await expect(heading(page, '知识库')).toBeVisible();
    await page.getByRole('link', { name: '新建文章', exact: true }).click();
    await expect(heading(page, '新建文章')).toBeVisible();
    const form = page.getByRole('main');
    await field(form, '标题').fill(title);
    await field(form, '故障类别').selectOption('硬件');
    await field(form, '状态').selectOption('已发布');
    await field(form, '标签').fill('交换机, 端口');
    await field(form, '正文').fill('第一段。\n\n第二段，见 [厂商说明](https://support.example.com/s24)。');
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(page)).toBeVisible();
    formRecords.add('kb-articles', page, 'engineer');
    await expect(heading(page)).toHaveText(title);
    const content = page.getByTestId('kb-content');
    await expect(content.getByRole('paragraph')).toHaveCount(2);
    await expect(content.getByRole('link', { name: '厂商说明' })).toHaveAttribute('href', 'https://support.example.com/s24');
    const engineer = await apiAs('engineer');
    const article = (await engineer.list('kb-articles', { search: title })).find((row) => row.title === title)!;
    await engineer.remove('kb-articles', article.id);
  });

  test('tests/functional/service/test_kb.py::test_a_user_has_one_vote_and_voting_again_changes_it[chromium]', async ({ pageAs, apiAs, makeArticle }) => {
    const article = await makeArticle('engineer');
    const view = await pageAs('svcmanager');
    await openRecord(view, `/service/kb/${article.id}/`);
    const counts = view.getByTestId('vote-counts');
    const vote = async (name: string) => {
      await view.getByRole('button', { name, exact: true }).click();
      await expect(details(view)).toBeVisible();
    };
    await vote('有帮助');
    await expect(counts).toHaveText('有帮助：1 · 没帮助：0');
    await vote('有帮助');
    await expect(counts).toHaveText('有帮助：1 · 没帮助：0');
    await vote('没帮助');
    await expect(counts).toHaveText('有帮助：0 · 没帮助：1');
    const admin = await apiAs('admin');
    await admin.action('kb-articles', article.id, 'vote', { helpful: true });
    const body = await admin.action('kb-articles', article.id, 'vote', { helpful: true });
    expect([body.helpful, body.not_helpful]).toEqual([1, 1]);
  });
});
