"""Bilingual step titles built from page-class and method names (``CustomerFormPage.save_expecting_errors`` →
``客户表单 › 保存（预期报错）`` / ``Customer form › save (expecting errors)``).

One glossary for the whole suite: ``tests/suite/test_steps.py`` checks that every page service gets a wholly Chinese
title, so a new page or method that uses a new word fails there until the word is added here.
"""

from __future__ import annotations

import re

# Words of page-class and method names. Order in Chinese follows the English words (verb + object reads the same).
WORDS: dict[str, str] = {
    "acknowledge": "确认", "action": "操作", "activity": "商务活动", "add": "添加", "advance": "借款",
    "alert": "预警", "amount": "金额", "answer": "回答", "apply": "应用", "approval": "审批", "approve": "审批通过",
    "archive": "归档", "arm": "布置", "article": "文章", "assign": "分派", "board": "看板", "box": "框",
    "boxes": "框", "button": "按钮", "card": "卡片", "cards": "卡片", "cell": "单元格", "change": "修改",
    "chart": "图表", "choose": "选择", "claim": "报销单", "column": "列", "comment": "意见", "confirm": "确认",
    "contact": "联系人", "count": "数量", "create": "新建", "csv": "CSV", "customer": "客户",
    "dashboard": "工作台", "day": "一天", "delete": "删除", "description": "描述", "detail": "详情",
    "disburse": "放款", "dismiss": "关闭", "do": "执行", "edit": "编辑", "employee": "员工", "enabled": "可用的",
    "error": "报错", "errors": "报错", "evaluate": "评估", "every": "每个", "expense": "报销", "export": "导出",
    "fault": "故障记录", "field": "字段", "fill": "填写", "filter": "筛选", "forecast": "预测", "form": "表单",
    "generic": "通用", "go": "前往", "header": "表头", "inbox": "待办", "installed": "已安装", "kb": "知识库",
    "language": "语言", "limit": "限额", "line": "明细", "link": "关联", "list": "列表", "log": "记录",
    "login": "登录", "marker": "标记", "move": "移动", "my": "我的", "name": "名称", "nav": "导航", "new": "新建",
    "next": "下一", "offset": "冲抵", "open": "打开", "opportunity": "销售机会", "options": "选项",
    "overflow": "溢出", "page": "页", "panel": "面板", "password": "密码", "path": "路径", "pay": "付款",
    "payment": "付款", "pipeline": "销售漏斗", "product": "产品", "project": "项目", "public": "公开",
    "pyramid": "金字塔", "rate": "率", "receipt": "票据", "refusal": "被拒", "reject": "驳回", "report": "报表",
    "resolve": "解决", "restore": "恢复", "review": "点评", "rma": "RMA", "row": "行", "rows": "行", "rule": "规则",
    "run": "运行", "save": "保存", "schedule": "安排", "score": "评分", "screen": "页面", "search": "搜索",
    "section": "区块",
    "select": "选择", "selected": "所选", "service": "售后", "set": "设置", "setting": "设置", "settings": "设置",
    "settlement": "结算", "show": "显示", "sla": "SLA", "sort": "排序", "stage": "阶段", "status": "状态",
    "submit": "提交", "survey": "调查", "switch": "切换", "table": "表格", "text": "文本", "totals": "合计",
    "trap": "陷阱", "type": "类型", "types": "类型", "unit": "设备", "values": "值", "view": "视图", "vote": "投票",
    "win": "赢单", "withdraw": "撤回", "work": "工作", "xss": "XSS", "main": "主",
}
# Whole method names (or name parts) whose Chinese is not word by word.
PHRASES: dict[str, str] = {
    "log_in": "登录", "log_out": "退出登录", "log_in_returning_to": "登录并回到原页面", "sort_by": "按列排序",
    "next_page": "翻到下一页", "export_csv": "导出 CSV", "open_new": "打开新建页", "go_to": "前往",
    "switch_language": "切换语言", "move_to_stage": "移到阶段", "schedule_follow_up": "安排跟进",
    "drill_down": "下钻", "fill_every_text_box": "填写每个文本框", "arm_xss_trap": "布置 XSS 陷阱",
    "change_password": "修改密码", "add_work_log": "添加工作记录", "log_activity": "记录商务活动",
    "approve_selected": "批量审批所选", "open_employee_types": "打开员工类型", "list_view": "列表视图",
    "assign_to": "分派给", "new": "新建", "do": "执行", "go": "前往", "show": "显示",
    "open_searching": "打开并搜索", "next_claims_page": "报销单翻到下一页", "next_advances_page": "借支翻到下一页",
}
# Page classes whose name is not word by word.
PAGES: dict[str, tuple[str, str]] = {
    "MyDayPage": ("我的一天", "My day"),
    "WinRateReportPage": ("赢单率报表", "Win-rate report"),
    "KbArticlePage": ("知识库文章", "KB article"),
    "KbFormPage": ("知识库文章表单", "KB article form"),
    "KbListPage": ("知识库", "Knowledge base"),
    "RmaDetailPage": ("RMA 详情", "RMA detail"),
    "RmaFormPage": ("RMA 表单", "RMA form"),
    "RmaListPage": ("RMA 列表", "RMA list"),
    "LoginPage": ("登录页", "Login page"),
    "MainNav": ("主导航", "Main navigation"),
    "ApprovalInboxPage": ("审批待办", "Approval inbox"),
    "AlertInboxPage": ("预警待办", "Alert inbox"),
}
EXPECTING = "_expecting_"
ROLES: dict[str, tuple[str, str]] = {
    "admin": ("系统管理员", "administrator"), "manager": ("销售经理", "sales manager"),
    "rep": ("销售代表", "sales rep"),
    "finance": ("财务", "finance"), "engineer": ("售后工程师", "service engineer"),
    "svcmanager": ("售后经理", "service manager"),
}
# API collections (``/api/v1/<collection>/``) → what a record of it is called.
KINDS: dict[str, tuple[str, str]] = {
    "customers": ("客户", "customer"), "contacts": ("联系人", "contact"), "opportunities": ("销售机会", "opportunity"),
    "activities": ("商务活动", "activity"), "industries": ("行业", "industry"), "sources": ("来源", "source"),
    "stages": ("销售阶段", "sales stage"), "claims": ("报销单", "expense claim"), "lines": ("报销明细", "claim line"),
    "claim-lines": ("报销明细", "claim line"), "advances": ("借款", "advance"), "projects": ("项目", "project"),
    "payments": ("付款", "payment"), "employee-types": ("员工类型", "employee type"),
    "expense-categories": ("报销类别", "expense category"), "products": ("产品", "product"),
    "fault-categories": ("故障类别", "fault category"), "sla-policies": ("SLA 策略", "SLA policy"),
    "installed-products": ("已安装产品", "installed product"), "fault-records": ("故障记录", "fault record"),
    "rmas": ("RMA", "RMA"), "surveys": ("客户调查", "survey"), "alert-rules": ("预警规则", "alert rule"),
    "alerts": ("预警", "alert"), "kb-articles": ("知识库文章", "KB article"), "users": ("用户", "user"),
    "reviews": ("点评", "review"), "work-logs": ("工作记录", "work log"), "comments": ("意见", "comment"),
}


def _words(name: str) -> list[str]:
    return [word for word in name.split("_") if word]


def zh_words(name: str) -> str:
    """A snake_case name in Chinese, phrase first, else word by word (an unknown word stays as it is)."""
    if name in PHRASES:
        return PHRASES[name]
    words = _words(name)
    for size in range(len(words), 1, -1):  # the longest known phrase at the front
        head = "_".join(words[:size])
        if head in PHRASES:
            rest = "_".join(words[size:])
            return PHRASES[head] + (zh_words(rest) if rest else "")
    return "".join(WORDS.get(word, word) for word in words)


def page_title(class_name: str) -> tuple[str, str]:
    if class_name in PAGES:
        return PAGES[class_name]
    words = [word.lower() for word in re.findall(r"[A-Z][a-z0-9]*", class_name)]
    if words and words[-1] == "page":
        words = words[:-1]
    zh = "".join(WORDS.get(word, word) for word in words)
    en = " ".join(words).capitalize()
    return zh, en


def method_title(name: str) -> tuple[str, str]:
    base, _, expected = name.partition(EXPECTING)
    zh, en = zh_words(base), " ".join(_words(base))
    if expected:
        zh += f"（预期{zh_words(expected)}）"
        en += f" (expecting {' '.join(_words(expected))})"
    return zh, en


def service_title(class_name: str, method: str) -> tuple[str, str]:
    """``("客户表单 › 保存", "Customer form › save")``."""
    page_zh, page_en = page_title(class_name)
    zh, en = method_title(method)
    return f"{page_zh} › {zh}", f"{page_en} › {en}"


# Playwright's web-first assertions (``expect(locator).to_have_text(...)``): what each checks, in Chinese.
ASSERTIONS: dict[str, str] = {
    "to_be_attached": "应在页面中", "to_be_checked": "应已勾选", "to_be_disabled": "应不可用",
    "to_be_editable": "应可编辑",
    "to_be_empty": "应为空", "to_be_enabled": "应可用", "to_be_focused": "应获得焦点", "to_be_hidden": "应不可见",
    "to_be_in_viewport": "应在视口内", "to_be_visible": "应可见", "to_contain_class": "应含样式类",
    "to_contain_text": "应包含文本", "to_have_accessible_description": "的无障碍描述应为",
    "to_have_accessible_error_message": "的无障碍错误信息应为", "to_have_accessible_name": "的无障碍名称应为",
    "to_have_attribute": "的属性应为", "to_have_class": "的样式类应为", "to_have_count": "的数量应为",
    "to_have_css": "的 CSS 应为", "to_have_id": "的 id 应为", "to_have_js_property": "的 JS 属性应为",
    "to_have_role": "的角色应为", "to_have_text": "的文本应为", "to_have_value": "的值应为",
    "to_have_values": "的选中值应为", "to_match_aria_snapshot": "应符合无障碍快照", "to_have_title": "的标题应为",
    "to_have_url": "的网址应为", "to_be_ok": "应成功",
}


def assertion_title(name: str) -> tuple[str, str]:
    """``not_to_have_text`` → ``("的文本不应为", "not to have text")``."""
    base = name.removeprefix("not_")
    zh, en = ASSERTIONS.get(base, base), base.replace("_", " ")
    if name.startswith("not_"):
        return zh.replace("应", "不应", 1), f"not {en}"
    return zh, en


def untranslated(zh: str) -> list[str]:
    """ASCII words left in a Chinese title, other than acronyms (CSV, RMA, SLA, XSS, API)."""
    return [word for word in re.findall(r"[A-Za-z]+", zh) if word not in ("CSV", "RMA", "SLA", "XSS", "API", "KB")]
