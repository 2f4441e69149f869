// What every e-CRM page has, found by role and label as the suite's page components find it (pages/components).
import { expect, type Locator, type Page } from '@playwright/test';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escape(text)}\\s*$`);
}

/** A form field by its label; a required field's label ends with a mark (" *") that screen readers skip. */
export function field(root: Locator, label: string): Locator {
  return root.getByLabel(new RegExp(`^\\s*${escape(label)}(?:\\s*\\*)?\\s*$`));
}

/** The value shown for a label in the details section (基本信息): the definition beside the term. */
export function detail(page: Page, label: string): Locator {
  const term = page.getByRole('term').filter({ hasText: exactly(label) });
  // A term and its definition share a <div> in the <dl>, which has no role of its own.
  return page.getByRole('region', { name: '基本信息' }).locator('div').filter({ has: term }).getByRole('definition');
}

/** The details section, there once a record's page has loaded. */
export function details(page: Page): Locator {
  return page.getByRole('region', { name: '基本信息' });
}

/** The body rows of a table (rows of cells; the header row holds column headers only). */
export function rows(table: Locator): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('cell') });
}

export function heading(page: Page, name?: string | RegExp): Locator {
  return page.getByRole('heading', { level: 1, ...(name ? { name, exact: true } : {}) });
}

export function toast(page: Page): Locator {
  return page.getByTestId('toast');
}

export function auditTrail(page: Page): Locator {
  return rows(page.getByRole('table', { name: '审计记录' }));
}

/** Search the list (and pick filter options by their labels), then wait for the list page again. */
export async function searchList(page: Page, listHeading: string, text?: string,
                                 filters: Record<string, string> = {}): Promise<void> {
  const search = page.getByRole('search');
  if (text !== undefined) await search.getByRole('searchbox', { name: '搜索' }).fill(text);
  for (const [name, option] of Object.entries(filters)) {
    await search.getByRole('combobox', { name, exact: true }).selectOption({ label: option });
  }
  await search.getByRole('button', { name: '查询', exact: true }).click();
  await expect(heading(page, listHeading)).toBeVisible();
}
