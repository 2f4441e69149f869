// e-Expense twins: tests/functional/expense/test_claims.py and test_advances.py.
import type { Page } from '@playwright/test';

import { apiPath } from './api';
import { advanceData, lineData } from './data';
import { expect, test } from './fixtures';
import { detail, details, field, heading, rows, toast } from './ui';

async function openInbox(page: Page) {
  await page.goto('/expense/approvals/');
  await expect(heading(page, '审批')).toBeVisible();
}

function claimLink(page: Page, number: string) {
  return page.getByRole('region', { name: '待审批报销' }).getByRole('link', { name: number, exact: true });
}

async function openClaim(page: Page, id: number) {
  await page.goto(`/expense/claims/${id}/`);
  await expect(details(page)).toBeVisible();
}

/** Press a button of the record's page and wait for the page again. */
async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(details(page)).toBeVisible();
}

test.describe('e-Expense', () => {
  test('tests/functional/expense/test_claims.py::test_the_submitter_withdraws_a_claim_before_the_first_approval[chromium]', async ({ pageAs, makeClaim }) => {
    const claim = await makeClaim({ amounts: ['52.00'] });
    const rep = await pageAs('rep1');
    await openClaim(rep, claim.id);
    await press(rep, '提交');
    const number = await detail(rep, '报销单号').innerText();
    const manager = await pageAs('manager');
    await openInbox(manager);
    await expect(claimLink(manager, number)).toBeVisible();
    await press(rep, '撤回');
    await expect(detail(rep, '状态')).toHaveText('草稿');
    await expect(rep.getByRole('link', { name: '编辑报销', exact: true })).toBeVisible();
    await expect(rep.getByRole('button', { name: '撤回', exact: true })).toHaveCount(0);
    await openInbox(manager);
    await expect(claimLink(manager, number)).toHaveCount(0);
  });

  test('tests/functional/expense/test_claims.py::test_after_the_first_approval_the_submitter_can_no_longer_withdraw_or_edit[chromium]', async ({ pageAs, makeClaim }) => {
    const claim = await makeClaim({ amounts: ['52.00'], to: 'manager_approved' });
    const mine = await pageAs('rep1');
    await openClaim(mine, claim.id);
    await expect(detail(mine, '状态')).toHaveText('经理已批');
    await expect(mine.getByRole('button', { name: '撤回', exact: true })).toHaveCount(0);
    await expect(mine.getByRole('link', { name: '编辑报销', exact: true })).toHaveCount(0);
    await expect(mine.getByRole('region', { name: '添加明细' })).toHaveCount(0);
  });

  test('tests/functional/expense/test_claims.py::test_a_rejected_claim_is_edited_and_resubmitted[chromium]', async ({ pageAs, makeClaim, fake, serverToday }) => {
    const claim = await makeClaim({ amounts: ['66.00'], to: 'submitted' });
    const number: string = claim.number;
    const manager = await pageAs('manager');
    await openInbox(manager);
    await claimLink(manager, number).click();
    await expect(details(manager)).toBeVisible();
    const approval = manager.getByRole('region', { name: '审批' });
    const comment = field(approval, '审批意见');
    await comment.fill('');
    await approval.getByRole('button', { name: '驳回', exact: true }).click();
    await expect(approval.getByRole('alert').first()).toBeVisible();
    await expect(comment).toHaveAccessibleDescription('请填写驳回原因');
    await comment.fill('请补充参会人员说明');
    await approval.getByRole('button', { name: '驳回', exact: true }).click();
    await expect(heading(manager, '审批')).toBeVisible();
    await expect(claimLink(manager, number)).toHaveCount(0);

    const rep = await pageAs('rep1');
    await openClaim(rep, claim.id);
    await expect(detail(rep, '状态')).toHaveText('已驳回');
    await expect(detail(rep, '审批意见')).toHaveText('请补充参会人员说明');
    await rep.getByRole('link', { name: '编辑报销', exact: true }).click();
    await expect(heading(rep, '编辑报销')).toBeVisible();
    await field(rep.getByRole('main'), '标题').fill(`${claim.title} 已补充`);
    await rep.getByRole('main').getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(rep)).toBeVisible();
    const line = lineData(fake, serverToday, 'transport', '34.00', 1);
    const addLine = rep.getByRole('region', { name: '添加明细' });
    await field(addLine, '日期').fill(line.date);
    await field(addLine, '类别').selectOption('交通');
    await field(addLine, '金额').fill(line.amount);
    await field(addLine, '说明').fill(line.description);
    await addLine.getByRole('button', { name: '添加明细', exact: true }).click();
    await expect(toast(rep)).toBeVisible();
    await expect(details(rep)).toBeVisible();
    await expect(rep.getByTestId('claim-total')).toHaveText('100.00');
    await press(rep, '提交');
    await expect(detail(rep, '报销单号')).toHaveText(number);
    await expect(detail(rep, '状态')).toHaveText('已提交');
    await openInbox(manager);
    await expect(claimLink(manager, number)).toBeVisible();
  });

  test('tests/functional/expense/test_advances.py::test_an_advance_is_requested_approved_and_disbursed_through_the_pages[chromium]', async ({ pageAs, apiAs, fake, uniq, serverToday, formRecords }) => {
    const rep = await pageAs('rep1');
    const data = advanceData(fake, uniq, serverToday, '1200.00');
    await rep.goto('/expense/advances/new/');
    await expect(heading(rep, '新建借支')).toBeVisible();
    const form = rep.getByRole('main');
    await field(form, '用途').fill(data.purpose);
    await field(form, '金额').fill(data.amount);
    await field(form, '预计还款日期').fill(data.expected_repayment);
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(details(rep)).toBeVisible();
    const advanceId = formRecords.add('advances', rep, 'rep1');
    const financeApi = await apiAs('finance');
    try {
      await press(rep, '提交');
      const number = await detail(rep, '借支单号').innerText();
      const manager = await pageAs('manager');
      await openInbox(manager);
      await manager.getByRole('region', { name: '待审批借支' }).getByRole('link', { name: number, exact: true }).click();
      await expect(details(manager)).toBeVisible();
      await manager.getByRole('region', { name: '审批' }).getByRole('button', { name: '批准', exact: true }).click();
      await expect(heading(manager, '审批')).toBeVisible();
      const finance = await pageAs('finance');
      await finance.goto(`/expense/advances/${advanceId}/`);
      await expect(details(finance)).toBeVisible();
      await press(finance, '发放');
      await expect(detail(finance, '状态')).toHaveText('已发放');
      await expect(finance.getByTestId('advance-outstanding')).toHaveText('1200.00');
      await rep.goto('/expense/advances/');
      await expect(heading(rep, '我的借支')).toBeVisible();
      await expect(rows(rep.getByRole('table', { name: '借支列表' })).filter({ hasText: number })).toContainText('1,200.00');
      await expect(rep.getByTestId('outstanding-total')).toContainText('未还余额');
    } finally {
      await financeApi.send('POST', apiPath('advances', advanceId, 'repay'), { json: { amount: '1200.00' } });
      const rep1 = await apiAs('rep1');
      await rep1.send('POST', apiPath('advances', advanceId, 'withdraw'), { json: {} });
      await rep1.send('DELETE', apiPath('advances', advanceId));
    }
  });
});
