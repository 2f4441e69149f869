"""Every label of the reports in zh-CN and en. ``t(key, lang)`` picks one; ``both(key)`` gives "中文 English"."""

from __future__ import annotations

LANGS = ("zh-CN", "en")
LANG_NAMES = {"zh-CN": "中文", "en": "English"}

TEXTS: dict[str, tuple[str, str]] = {
    # the summary
    "summary_title": ("e-CRM 测试总结", "e-CRM test summary"),
    "traceability_title": ("需求追溯矩阵", "Traceability matrix"),
    "run": ("运行信息", "The run"),
    "five_figures": ("五项指标", "The five figures"),
    "arithmetic": ("数字如何相加", "How the figures add up"),
    "reconciliation": ("与 Allure 的核对", "Reconciliation with Allure"),
    "reconciliation_intro": (
        "Allure 从同一批结果计数：每个用例算一次（重跑算作重试），按最后一次尝试的状态。"
        "Allure 看不到未选中和未运行的用例。",
        "Allure counts the same results: each test once (re-runs are its retries), by its last attempt. "
        "Allure never sees deselected or not-run cases.",
    ),
    "by_module": ("按模块", "By module"),
    "by_severity": ("按严重级别", "By severity"),
    "by_priority": ("按优先级", "By priority"),
    "by_rule": ("按需求编号", "By rule ID"),
    "severity_priority": ("未通过用例：严重级别 × 优先级", "Failed cases: severity × priority"),
    "defects": ("缺陷报告", "Defect reports"),
    "new_defects": ("新缺陷（未登记）", "New defects (not yet filed)"),
    "known_defects": ("已知缺陷（已登记）", "Known defects (already filed)"),
    "since_last_run": ("与上次运行相比", "Since the last run"),
    "since_last": ("与上次相比", "since last run"),
    "test_defects_heading": (
        "测试缺陷（测试脚本出错，不是产品缺陷）", "Test defects (errors in the test, not in the product)"
    ),
    "environment_heading": ("环境故障（被测系统或浏览器不可达）", "Environment failures (SUT or browser unreachable)"),
    "flaky_heading": (
        "不稳定用例（重跑结果不一致，不计为产品缺陷）", "Flaky tests (mixed re-run results: not product defects)"
    ),
    "not_executed_heading": ("未执行的用例及原因", "Cases not executed, and why"),
    "collection_errors": ("无法收集的测试模块", "Test modules that could not be collected"),
    "scales": ("等级说明：严重级别与优先级", "The scales: severity and priority"),
    "scales_intro": (
        "严重级别说明失败有多严重，优先级说明多快修复；两者相互独立。Allure 的严重级别与手工团队的用语对应如下。",
        "Severity says how bad a failure is, priority how soon to fix it; the two are independent. "
        "Allure's levels map onto the manual team's wording as follows.",
    ),
    "none": ("无", "none"),
    "notes": ("注意", "Notes"),
    # figures
    "total": ("用例总数", "total cases"),
    "executed": ("执行用例数", "executed"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "defect_reports": ("缺陷报告数", "defect reports"),
    "not_executed": ("未执行", "not executed"),
    "skipped": ("跳过", "skipped"),
    "deselected": ("未选中", "deselected"),
    "not_run": ("未运行", "not run"),
    "product_defects": ("产品缺陷失败", "product-defect failures"),
    "test_defects": ("测试缺陷", "test defects"),
    "environment_failures": ("环境故障", "environment failures"),
    "flaky_failed": ("不稳定且最后失败", "flaky, last attempt failed"),
    "flaky_passed": ("不稳定但重跑通过", "flaky, passed on a re-run"),
    "allure_total": ("Allure 总数", "Allure total"),
    "allure_passed": ("Allure 通过", "Allure passed"),
    "allure_failed": ("Allure 失败", "Allure failed"),
    "allure_broken": ("Allure 中断", "Allure broken"),
    "allure_skipped": ("Allure 跳过", "Allure skipped"),
    "allure_unknown": ("Allure 未知", "Allure unknown"),
    "allure_retries": ("Allure 有重试的用例", "Allure tests with retries"),
    "allure_flaky": ("Allure 不稳定", "Allure flaky"),
    "holds": ("成立", "holds"),
    "broken_identity": ("不成立：请报告此问题", "does not hold: please report this"),
    # columns and facts
    "module": ("模块", "module"),
    "function": ("功能", "function"),
    "rule": ("需求编号", "rule ID"),
    "rule_text": ("需求", "requirement"),
    "severity": ("严重级别", "severity"),
    "priority": ("优先级", "priority"),
    "test": ("测试", "test"),
    "tests": ("测试", "tests"),
    "result": ("结果", "result"),
    "reason": ("原因", "reason"),
    "status": ("状态", "status"),
    "count": ("数量", "count"),
    "defect_id": ("缺陷编号", "defect ID"),
    "summary": ("简单描述", "summary"),
    "reproducibility": ("缺陷重现率", "reproducibility"),
    "issue": ("问题单", "issue"),
    "category": ("类别", "category"),
    "message": ("失败信息", "failure message"),
    "allure_level": ("Allure 级别", "Allure level"),
    "manual_word": ("手工团队用语", "manual team's word"),
    "meaning": ("含义", "meaning"),
    "version": ("版本", "version"),
    "tested_on": ("测试时间", "tested on"),
    "tester": ("测试人员", "tester"),
    "environment": ("测试环境", "environment"),
    "target": ("被测系统", "system under test"),
    "reruns": ("失败重跑次数", "re-runs of a failed test"),
    "workers": ("并行进程数", "parallel workers"),
    "built": ("报告生成时间", "report built"),
    "results_dir": ("结果目录", "results"),
    "exit_status": ("pytest 退出码", "pytest exit status"),
    "allure_report": ("Allure 报告", "Allure report"),
    "traceability_link": ("需求追溯矩阵", "traceability matrix"),
    "defects_json": ("机器可读的缺陷列表", "machine-readable defects"),
    "other_language": ("English version", "中文版"),
    "new": ("新", "new"),
    "still_failing": ("仍然失败", "still failing"),
    "fixed": ("已修复", "fixed"),
    "unchecked": ("本次未验证", "not re-checked"),
    "previous_run": ("上次运行", "previous run"),
    "no_previous_run": (
        "没有上次运行的记录：所有缺陷都算作新缺陷。", "No previous run on record: every defect is new."
    ),
    "filed_as": ("已登记为", "filed as"),
    "known": ("已知", "known"),
    # the fields of a defect report (docs/DEFECT-REPORT.md)
    "field": ("字段", "field"),
    "value": ("内容", "value"),
    "field_module": ("所属模块", "module"),
    "field_priority": ("缺陷优先级", "priority"),
    "preconditions": ("预置条件", "preconditions"),
    "steps": ("详细描述", "steps"),
    "attachments": ("附件", "attachments"),
    "trace": ("堆栈", "trace"),
    "id_basis": ("编号依据", "ID basis"),
    # verdicts and results
    "verdict_passed": ("通过", "passed"),
    "verdict_skipped": ("跳过", "skipped"),
    "verdict_flaky": ("不稳定", "flaky"),
    "verdict_product-defect": ("产品缺陷", "product defect"),
    "verdict_test-defect": ("测试缺陷", "test defect"),
    "verdict_environment": ("环境故障", "environment failure"),
    "result_passed": ("通过", "passed"),
    "result_failed": ("未通过", "failed"),
    "result_skipped": ("跳过", "skipped"),
    "result_deselected": ("未选中", "deselected"),
    "result_not-run": ("未运行", "not run"),
    "no_test": ("没有测试", "no test"),
    # notes about the run
    "note_no_results": (
        "结果目录里没有任何测试结果：没有用例被执行（也许测试在开始前就停止了）。以下数字均为零或仅来自收集清单。",
        "The results directory holds no test result: no test was executed (the run may have stopped before any "
        "test started). The figures below are zero or come from the collection manifest only.",
    ),
    "note_stopped": ("测试会话提前停止：{stopped}", "The test session stopped early: {stopped}"),
    "note_unfinished": (
        "测试会话没有正常结束（没有记录退出码）：这是一次不完整的运行，结果只包含已完成的用例。",
        "The test session did not finish (no exit status was recorded): this is a partial run, and the results hold "
        "only the tests that finished.",
    ),
    "note_exit_status": ("pytest 退出码为 {status}（{meaning}）。", "pytest exited with status {status} ({meaning})."),
    "note_not_run": (
        "{count} 个已选中的用例没有结果（运行被中断或进程崩溃），计为未执行。",
        "{count} selected case(s) have no result (the run was interrupted or a worker crashed); they count as not "
        "executed.",
    ),
    "note_no_manifest": (
        "没有收集清单（run-meta/collection.json）：用例总数只包括有结果的用例，未选中的用例无法统计。",
        "There is no collection manifest (run-meta/collection.json): the total counts only the cases with a result, "
        "and deselected cases cannot be counted.",
    ),
    "note_unreadable": (
        "{count} 个结果文件无法读取（运行中断时写了一半？），已忽略：{files}",
        "{count} result file(s) could not be read (half-written when the run stopped?) and were ignored: {files}",
    ),
    "note_collection_errors": (
        "{count} 个测试模块无法收集，其中的用例不在总数内（见“无法收集的测试模块”）。",
        "{count} test module(s) could not be collected; their cases are not in the total (see \"Test modules that "
        "could not be collected\").",
    ),
    "note_reconciliation": (
        "有核对等式不成立，数字不可信：请把本报告和 allure-results 一起报告给维护者。",
        "An identity does not hold, so the figures cannot be trusted: please report this with the allure-results.",
    ),
    "exit_2": ("被中断", "interrupted"),
    "exit_3": ("内部错误，或被测系统不健康", "internal error, or the system under test was not healthy"),
    "exit_4": ("用法错误", "usage error"),
    "exit_5": ("没有收集到测试", "no tests collected"),
    "exit_other": ("其他", "other"),
    # traceability
    "trace_intro": (
        "每个需求编号（docs/ECRM-SPEC.md）对应的测试及其本次结果。红色：没有任何测试的需求。",
        "Each rule ID of docs/ECRM-SPEC.md, the tests naming it and their result in this run. Red: rules no test "
        "names.",
    ),
    "trace_counts": (
        "{rules} 条需求：{passing} 条有通过的测试，{failing} 条有未通过的测试，{unrun} 条的测试本次未执行，"
        "{uncovered} 条没有测试。",
        "{rules} rules: {passing} with a passing test, {failing} with a failing test, {unrun} whose tests were not "
        "executed this time, {uncovered} with no test.",
    ),
    "latest_result": ("最新结果", "latest result"),
    "rule_tests_summary": ("{tests} 个测试，{cases} 个用例", "{tests} tests, {cases} cases"),
    "cases": ("{count} 个用例", "{count} cases"),
    "show_tests": ("展开 {count} 个用例", "show the {count} cases"),
    "charts": ("图表", "Charts"),
    "chart_by_module": ("各模块的用例结果", "Results by module"),
    "chart_trend": ("历次运行的趋势（最近 {runs} 次）", "Trend over the stored runs (last {runs})"),
    "time_zone": ("时区", "time zone"),
    "embedded_target": ("内置的参考 e-CRM", "embedded reference e-CRM"),
    "time_zone_value": ("UTC+8（Asia/Shanghai，被测系统的时区）；本报告所有时间均为此时区",
                        "UTC+8 (Asia/Shanghai, the e-CRM's); every time in this report is in it"),
    "priority_label": ("Allure 标签 priority", "label priority"),
    "trace_passing": ("已覆盖且通过", "covered, passing"),
    "trace_failing": ("有未通过的测试", "a test fails"),
    "trace_unrun": ("测试未执行", "tests not executed"),
    "trace_uncovered": ("没有测试", "no test"),
    "test_data": ("测试数据", "test data"),
    # what a run against a deployment left behind (suite.data.leftovers)
    "left_behind_heading": ("本次运行留下的记录", "What the run left behind"),
    "left_behind_intro": (
        "本次运行（运行编号 {run_id}）通过 API 创建的每条记录，及其在运行结束时的状态。",
        "Every record this run (run id {run_id}) created through the API, and its state when the run ended.",
    ),
    "left_behind_none": (
        "在 e-CRM 允许清理的地方，本次运行创建的记录都已清理：没有仍处于活动状态的记录。",
        "Nothing the run created is still active where the e-CRM allows clean-up.",
    ),
    "left_behind_active": (
        "{count} 条记录在允许清理的情况下仍处于活动状态：",
        "{count} records are still active although the e-CRM allows their clean-up:",
    ),
    "record_kind": ("记录类型", "Record kind"),
    "created": ("创建", "Created"),
    "states_now": ("现在的状态", "States now"),
    "still_active": ("仍活动", "Still active"),
    "record_label": ("名称或编号", "Name or number"),
    "state": ("状态", "State"),
    "state_deleted": ("已删除", "deleted"),
    "state_archived": ("已归档", "archived"),
    "state_deactivated": ("已停用", "deactivated"),
    "state_active": ("活动", "active"),
    "state_lost": ("输单", "lost"),
    "state_won": ("赢单", "won"),
    "state_open": ("进行中", "open"),
    "state_closed": ("已关闭", "closed"),
    "state_done": ("已完成", "done"),
    "state_cancelled": ("已取消", "cancelled"),
    "state_draft": ("草稿", "draft"),
    "state_withdrawn": ("已撤回", "withdrawn"),
    "state_rejected": ("已驳回", "rejected"),
    "state_approved": ("已批准", "approved"),
    "state_paid": ("已支付", "paid"),
    "state_settled": ("已核销", "settled"),
    "state_disbursed": ("已放款", "disbursed"),
    "state_submitted": ("已提交", "submitted"),
    "state_resolved": ("已解决", "resolved"),
    "state_published": ("已发布", "published"),
    "state_planned": ("计划中", "planned"),
    "state_draft (numbered)": ("已编号的草稿", "draft (numbered)"),
}


def has(key: str) -> bool:
    return key in TEXTS


def t(key: str, lang: str, **values: object) -> str:
    """The text of a key in a language (``zh-CN`` or ``en``); ``both`` gives "中文 English"."""
    zh, en = TEXTS[key]
    if lang == "both":
        return f"{zh.format(**values)} {en.format(**values)}"
    return (zh if lang == "zh-CN" else en).format(**values)
