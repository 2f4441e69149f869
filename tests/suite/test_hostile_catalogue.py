"""Unit tests of the hostile-input catalogue, the form parser and the oracle: the oracle must fail on a server error,
on a changed read-back, on a silently different number, on a missing or untranslated message and on mojibake."""

from __future__ import annotations

import pytest

from suite.checks.forms import Outcome, as_number, judge, parse_forms, post_forms, replace
from suite.data import hostile
from suite.data.hostile import BY_ID, CATALOGUE, UI_GROUPS, for_kind, ui_payload

REQUIRED_VALUES = [
    "!@#$%^&*", "' OR '1'='1", "'; DROP TABLE sales_customer;--", "../../etc/passwd", "{{7*7}}", "%s %n {0}",
    "１２３", "1e308", "99999999999999999999", "1,000.00", "12abc", "NaN", "Infinity", "--1", "0x1F", "-1",
]


def test_catalogue_has_unique_ids_and_enough_strings():
    ids = [entry.id for entry in CATALOGUE]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len(CATALOGUE) >= 30


@pytest.mark.parametrize("value", REQUIRED_VALUES)
def test_catalogue_holds_the_required_strings(value):
    assert any(entry.value == value for entry in CATALOGUE), f"{value!r} is missing"


@pytest.mark.parametrize("needle", ["\x00", "\u200b", "\u200d", "\ufeff", "\u202e", "\x07", "<script>", "onerror=",
                                    "onload=", "javascript:", "🇨🇳", "长" * 100])
def test_catalogue_holds_the_required_characters(needle):
    assert any(needle in entry.value for entry in CATALOGUE), f"no entry contains {needle!r}"


def test_long_strings_are_ten_thousand_characters():
    assert len(BY_ID["long-ascii"].value) == 10_000 and len(BY_ID["long-cjk"].value) == 10_000


def test_every_string_is_valid_utf8_and_applies_somewhere():
    for entry in CATALOGUE:
        entry.value.encode("utf-8")  # a lone surrogate would raise
        assert entry.kinds and entry.category


def test_number_strings_go_to_number_fields_only():
    assert BY_ID["num-hex"] in for_kind("number") and BY_ID["num-hex"] not in for_kind("text")
    assert BY_ID["xss-script"] in for_kind("number") and BY_ID["xss-script"] in for_kind("textarea")


def test_ui_payloads_hold_every_rendering_critical_string():
    grouped = {item for items in UI_GROUPS.values() for item in items}
    assert grouped == {entry.id for entry in CATALOGUE if entry.rendering}
    assert "window.__xss" in ui_payload("markup")


# --------------------------------------------------------------------------------------------------- the parser
PAGE = """
<form method="post" action="/i18n/setlang/"><select name="language"><option value="zh-hans" selected>简体中文</option>
<option value="en">English</option></select><button>切换</button></form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <div role="alert"><p>请更正下面标出的错误。</p></div>
  <input type="text" name="name" id="id_name" value="A &amp; B &lt;x&gt;" aria-invalid="true">
  <div class="field-error" id="id_name-error"><span>名称已被使用</span></div>
  <input type="text" name="amount" id="id_amount" inputmode="decimal" value="1.00">
  <input type="text" name="phone" id="id_phone" inputmode="tel" value="">
  <input type="date" name="when" id="id_when" value="2026-01-01">
  <input type="text" name="owner" id="id_owner" value="x" disabled>
  <input type="checkbox" name="active" checked><input type="checkbox" name="off">
  <select name="level"><option value="">---</option><option value="top" selected>顶端</option></select>
  <select name="industry"><option value="1">A</option><option value="2">B</option></select>
  <textarea name="notes" id="id_notes">
line one
line two</textarea>
  <button type="submit">保存</button>
</form>
"""


def test_parser_reads_fields_values_and_errors():
    (form,) = post_forms(PAGE)
    kinds = {c.name: c.kind for c in form.swept()}
    assert kinds == {"name": "text", "amount": "number", "phone": "tel", "notes": "textarea"}
    assert form.control("name").value == "A & B <x>"
    assert form.control("notes").value == "line one\nline two"
    assert form.error_for(form.control("name")) == "名称已被使用"
    assert form.error_for(form.control("amount")) is None
    assert "请更正" in form.alert


def test_parser_submits_what_a_browser_submits():
    (form,) = post_forms(PAGE)
    data = dict(form.data())
    assert data["csrfmiddlewaretoken"] == "tok" and data["active"] == "on" and "off" not in data
    assert "owner" not in data, "a disabled field is not submitted"
    assert data["level"] == "top" and data["industry"] == "1", "selected option, else the first"
    changed = replace(form.data(), "name", "x")
    assert dict(changed)["name"] == "x" and len(changed) == len(form.data())
    with pytest.raises(KeyError):
        replace(form.data(), "nope", "x")


def test_language_switch_is_not_a_swept_form():
    assert len(parse_forms(PAGE)) == 2 and len(post_forms(PAGE)) == 1


# --------------------------------------------------------------------------------------------------- the oracle
def test_server_error_fails():
    assert judge("text", "x", Outcome(status=500)) == ["server error 500"]


def test_localised_error_next_to_the_field_passes():
    assert judge("text", "a\x00b", Outcome(status=200, error="文本包含不允许的字符")) == []
    assert judge("text", "a\x00b", Outcome(status=200, error="Text contains characters"), language="en") == []


def test_reshown_form_without_an_error_next_to_the_field_fails():
    problems = judge("text", "x", Outcome(status=200, other_errors={"alert": "请更正"}))
    assert problems and "without an error next to the field" in problems[0] and "请更正" in problems[0]


def test_untranslated_or_garbled_error_fails():
    assert judge("text", "x", Outcome(status=200, error="Enter a valid value."))
    assert judge("text", "x", Outcome(status=200, error="超过 10 个字符"), language="en")
    assert any("mojibake" in p for p in judge("text", "x", Outcome(status=200, error="é”™è¯¯ â€ ä¸­")))
    assert judge("text", "x", Outcome(status=200, error="  "))


def test_exact_read_back_passes_and_changed_read_back_fails():
    assert judge("text", "<b>x</b>", Outcome(status=302, read_back="<b>x</b>")) == []
    assert judge("text", "<b>x</b>", Outcome(status=302, read_back="&lt;b&gt;x&lt;/b&gt;"))
    assert judge("text", "零\u200b宽", Outcome(status=302, read_back="零宽")), "a dropped zero-width space"
    assert judge("text", "A" * 10_000, Outcome(status=302, read_back="A" * 255)), "a truncated value"
    assert any("mojibake" in p for p in judge("text", "中文", Outcome(status=302, read_back="ä¸­æ–‡Ã")))


def test_only_edge_whitespace_may_be_trimmed():
    assert judge("text", "  两端  ", Outcome(status=302, read_back="两端")) == []
    assert judge("text", "a  b", Outcome(status=302, read_back="a b"))
    assert judge("textarea", "\u3000全角\u3000", Outcome(status=302, read_back="全角")) == []


def test_url_may_gain_the_documented_scheme_only():
    assert judge("url", "example.com", Outcome(status=302, read_back="https://example.com")) == []
    assert judge("url", "example.com", Outcome(status=302, read_back="http://evil.example"))


def test_numbers_must_be_the_same_number():
    assert judge("number", "１２３", Outcome(status=302, read_back="123.00")) == []
    assert judge("number", "１２３", Outcome(status=302, read_back="12.30"))
    assert judge("number", "1,000.00", Outcome(status=302, read_back="1000.00")), "a thousands separator"
    assert judge("number", "12abc", Outcome(status=302, read_back="12")), "a silently different number"
    assert judge("number", "NaN", Outcome(status=302, read_back="NaN"))


def test_as_number():
    assert as_number("１２３") == 123 and as_number(" -1 ") == -1 and as_number("1e2") == 100
    for text in ("1,000.00", "12abc", "NaN", "Infinity", "--1", "0x1F", "", "１２．５"):
        assert as_number(text) is None, text


def test_accepted_but_unreadable_fails_and_write_only_passes():
    assert judge("text", "x", Outcome(status=302, read_back_missing=True))
    assert judge("text", "x", Outcome(status=302)) == []
    assert judge("text", "x", Outcome(status=403)) == ["unexpected status 403"]


# -- the HTTP form sweep's PR sample (``--ecrm-sweep sample``) ---------------------------------------------------------
def test_a_pr_sample_has_every_category_the_fixed_strings_and_repeats_by_run_id():
    sample = hostile.sweep_sample("abc123")
    assert {entry.category for entry in sample} == {entry.category for entry in hostile.CATALOGUE}
    assert set(hostile.FIELD_SAMPLE_IDS) <= {entry.id for entry in sample}
    assert len(sample) < len(hostile.CATALOGUE)
    assert hostile.sweep_sample("abc123") == sample, "the same run id draws the same sample"
    assert any(hostile.sweep_sample(run_id) != sample for run_id in ("def456", "ghi789", "jkl012"))
    assert hostile.sweep_strings("full", "abc123") == hostile.CATALOGUE


def test_successive_runs_go_through_the_whole_catalogue():
    seen = {entry.id for run in range(60) for entry in hostile.sweep_sample(f"r{run:05d}")}
    assert seen == {entry.id for entry in hostile.CATALOGUE}


def test_an_unknown_sweep_depth_is_refused():
    with pytest.raises(ValueError, match="unknown sweep depth 'most'"):
        hostile.sweep_strings("most", "abc123")
