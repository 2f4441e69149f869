// Allure 3 report configuration for the e-CRM suite: `npx allure generate` reads it (./qa run, ./qa report).
// docs/DEFECTS.md explains the report and how it matches the run summary (python -m suite.reporting.build).
import { readFileSync } from "node:fs";
import { defineConfig } from "allure";

// The failure categories, defined once for Allure and for the run summary: environment failures, flaky tests,
// product defects (failed assertions, grouped by severity then priority), test defects (broken). First match wins.
const categories = JSON.parse(
  readFileSync(new URL("./suite/reporting/allure-categories.json", import.meta.url), "utf-8"),
);

// What the defects view shows: tests whose counted attempt did not pass, and flaky ones.
const isDefect = (testResult) => testResult.flaky || ["failed", "broken", "unknown"].includes(testResult.status);

export default defineConfig({
  name: "e-CRM QA report",
  output: "./reports/allure-report",
  // Kept between runs (./qa run only wipes allure-results, run-meta and test-results), so trends and history show.
  historyPath: "./reports/history/allure-history.jsonl",
  categories,
  // Each plugin writes its own directory under reports/allure-report/, and index.html links them. The run summary
  // links to tests in the "awesome" one (suite/reporting/render.py, ALLURE_REPORT_PAGE): keep that id.
  plugins: {
    // Every test once, as QA files defects: module → function → test. The rules a test covers are its `rule` labels
    // and its tags (the report's tag filter), never a tree level: a level per rule would list a test once per rule.
    awesome: {
      options: {
        reportName: "e-CRM QA report",
        singleFile: false,
        reportLanguage: "en",
        groupBy: ["epic", "feature"],
        // The step tree (suite/plugin/steps.py) opens at the failing step.
        stepTreeExpansion: "expand_failed_only",
      },
    },
    // Allure's own charts: results and severity now, status trend over the stored history.
    dashboard: {
      options: {
        reportName: "e-CRM QA dashboard",
        singleFile: false,
        reportLanguage: "en",
      },
    },
    // Failures and flaky tests only: how soon to fix (priority) → how bad (severity) → module. (Severity first is
    // the Categories tab of the main report.) Each report copies the attachments, so views are kept to two.
    defects: {
      import: "@allurereport/plugin-awesome",
      options: {
        reportName: "e-CRM defects by priority and severity",
        singleFile: false,
        reportLanguage: "en",
        groupBy: ["priority", "severity", "epic"],
        filter: isDefect,
      },
    },
  },
});
