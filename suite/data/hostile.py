"""The hostile-input catalogue (COM-UI-3, COM-UI-2): strings every text and number field must survive.

Each entry says which field kinds it is sent to. A field's kind comes from its markup (``forms.field_kind``):
``text`` (one line), ``textarea``, ``number`` (``inputmode`` numeric/decimal or ``type=number``), ``email``, ``url``,
``tel``. Text-class strings go to every kind (a number field must refuse ``<script>`` as clearly as a name field
stores it); number-class strings go to number fields only.

Strings that would run script set ``window.__xss`` (the browser sweep checks that marker) rather than open a dialog,
so an execution is caught even where ``alert`` is blocked.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_KINDS = frozenset({"text", "textarea", "email", "url", "tel"})
NUMBER_KINDS = frozenset({"number"})
ALL_KINDS = TEXT_KINDS | NUMBER_KINDS


@dataclass(frozen=True)
class Hostile:
    id: str
    value: str
    category: str
    kinds: frozenset[str] = ALL_KINDS
    # Sent by the browser sweep too (it checks how the value is rendered, not only how it is stored).
    rendering: bool = False

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


def _h(id_: str, value: str, category: str, kinds: frozenset[str] = ALL_KINDS, rendering: bool = False) -> Hostile:
    return Hostile(id_, value, category, kinds, rendering)


CATALOGUE: tuple[Hostile, ...] = (
    # The seed product's defect: 员工类型 showed a garbled message for this.
    _h("seed-symbols", "!@#$%^&*", "symbols", rendering=True),
    _h("quotes-mixed", "O'Brien \"双引号\" `反引号` \\反斜杠\\", "symbols"),
    # SQL injection
    _h("sqli-or", "' OR '1'='1", "sql"),
    _h("sqli-drop", "'; DROP TABLE sales_customer;--", "sql"),
    _h("sqli-union", "1 UNION SELECT username, password FROM common_user--", "sql"),
    _h("sqli-comment", "admin'--", "sql"),
    # Markup and script
    _h("xss-script", "<script>window.__xss=1</script>", "markup", rendering=True),
    _h("xss-img", "<img src=x onerror=window.__xss=1>", "markup", rendering=True),
    _h("xss-svg", '"><svg onload=window.__xss=1>', "markup", rendering=True),
    _h("xss-js-url", "javascript:window.__xss=1", "markup", rendering=True),
    _h("xss-attr", "' autofocus onfocus='window.__xss=1", "markup"),
    _h("html-entities", "&lt;b&gt; &amp;amp; &#x41; &#xD800;", "markup"),
    # Length
    _h("long-ascii", "A" * 10_000, "length", rendering=True),
    _h("long-cjk", "长" * 10_000, "length"),
    # Emoji
    _h("emoji-basic", "客户😀🚀", "emoji"),
    _h("emoji-zwj", "👨\u200d👩\u200d👧\u200d👦 团队", "emoji", rendering=True),
    _h("emoji-flags", "🇨🇳🇺🇸🇯🇵", "emoji"),
    _h("emoji-skin", "👍🏽👋🏿", "emoji"),
    # Invisible characters (not whitespace to str.strip, so they must be kept)
    _h("zw-space", "零\u200b宽", "zero-width", rendering=True),
    _h("zw-joiner", "a\u200db\u200cc", "zero-width"),
    _h("zw-bom", "\ufeff开头", "zero-width"),
    # Bidirectional text
    _h("rtl-arabic", "مرحبا بالعالم", "rtl"),
    _h("rtl-hebrew", "שלום עולם 123", "rtl"),
    _h("rtl-override", "abc\u202etxt.exe", "rtl", rendering=True),
    # Characters no person types: refused with a localised message (SafeTextValidator)
    _h("nul", "a\x00b", "control"),
    _h("control-bell", "a\x07b", "control"),
    _h("control-escape", "\x1b[31m红色\x1b[0m", "control"),
    _h("control-delete", "a\x7fb", "control"),
    # Whitespace at the edges (trimmed: docs/ARCHITECTURE.md "Hostile inputs")
    _h("spaces-edge", "  两端空格  ", "whitespace"),
    _h("spaces-ideographic", "\u3000全角空格\u3000", "whitespace"),
    _h("spaces-only", "   ", "whitespace"),
    _h("fullwidth-digits", "１２３", "fullwidth"),
    # Chinese and odd, valid Unicode
    _h("chinese", "北京市海淀区中关村大街１号 客户「测试」", "cjk"),
    _h("cjk-ext-b", "𠀀𪚥𠮷", "cjk"),
    _h("unicode-noncharacters", "\ufffe\uffff\U0010ffff", "unicode"),
    _h("unicode-combining", "Z\u0351\u0334a\u0301\u0301l\u0337g\u0338o", "unicode"),
    _h("unicode-escape-text", "\\ud800 \\u0000 %00", "unicode"),
    # Format strings, paths, templates
    _h("format-printf", "%s %n {0}", "format"),
    _h("format-named", "%(name)s {name!r} %d%%", "format"),
    _h("path-traversal", "../../etc/passwd", "path"),
    _h("path-windows", "..\\..\\windows\\win.ini", "path"),
    _h("template-jinja", "{{7*7}}", "template"),
    _h("template-django", "{% debug %}{{ request }}", "template"),
    _h("template-shell", "${7*7} $(id)", "template"),
    _h("csv-formula", '=HYPERLINK("http://127.0.0.1/","x")', "formula"),
    # Numbers (number fields only)
    _h("num-negative", "-1", "number", NUMBER_KINDS),
    _h("num-negative-large", "-99999999", "number", NUMBER_KINDS),
    _h("num-huge-exponent", "1e308", "number", NUMBER_KINDS),
    _h("num-huge-integer", "99999999999999999999", "number", NUMBER_KINDS),
    _h("num-thousands", "1,000.00", "number", NUMBER_KINDS),
    _h("num-suffix", "12abc", "number", NUMBER_KINDS),
    _h("num-nan", "NaN", "number", NUMBER_KINDS),
    _h("num-infinity", "Infinity", "number", NUMBER_KINDS),
    _h("num-double-minus", "--1", "number", NUMBER_KINDS),
    _h("num-hex", "0x1F", "number", NUMBER_KINDS),
    _h("num-many-decimals", "1.123456789", "number", NUMBER_KINDS),
    _h("num-fullwidth-decimal", "１２．５", "number", NUMBER_KINDS),
    _h("num-arabic-indic", "\u0661\u0662", "number", NUMBER_KINDS),
)

BY_ID: dict[str, Hostile] = {entry.id: entry for entry in CATALOGUE}

# The browser sweep's payloads: the rendering-critical strings, grouped so that one submission of a form checks
# several of them (every text field of the form gets the group's text at once).
UI_GROUPS: dict[str, tuple[str, ...]] = {
    "markup": ("xss-script", "xss-img", "xss-svg", "xss-js-url"),
    "invisible": ("rtl-override", "emoji-zwj", "seed-symbols", "zw-space"),
    "long": ("long-ascii",),
}


def ui_payload(group: str) -> str:
    """The text the browser sweep types into every text field for one group."""
    return " ".join(BY_ID[item].value for item in UI_GROUPS[group])


def for_kind(kind: str) -> tuple[Hostile, ...]:
    """The entries sent to a field of this kind."""
    return tuple(entry for entry in CATALOGUE if entry.applies_to(kind))
