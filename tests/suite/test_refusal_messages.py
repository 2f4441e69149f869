"""``suite.checks.messages.unclear_refusal``: a refusal of bad input must say clearly, in the user's language, which
field is wrong."""

from __future__ import annotations

from suite.checks.messages import unclear_refusal


def test_a_localised_message_under_the_field_is_clear():
    assert unclear_refusal({"title": ["标题不能为空"]}, {"title"}) == []
    assert unclear_refusal({"title": ["Enter a title"]}, {"title"}, language="en") == []


def test_a_message_that_only_echoes_the_value_is_not_clear():
    problems = unclear_refusal({"title": ["「长长长」"]}, {"title"}, sent="长长长")
    assert problems == ["title: not a clear zh-hans message: '「长长长」'"]


def test_no_message_an_empty_one_or_another_field_is_not_clear():
    assert unclear_refusal({}, {"title"}) == ["no message at all: {}"]
    assert unclear_refusal([], {"title"}) == ["no message at all: []"]
    assert unclear_refusal({"title": []}, {"title"}) == ["title: no message: []"]
    assert unclear_refusal({"title": [""]}, {"title"}) == ["title: not a clear zh-hans message: ''"]
    assert unclear_refusal({"detail": ["服务器错误"]}, {"title"}) == ["detail: a field the request did not set"]


def test_an_english_message_is_not_clear_to_a_chinese_user():
    assert unclear_refusal({"title": ["This field is required."]}, {"title"}) == [
        "title: not a clear zh-hans message: 'This field is required.'"]
