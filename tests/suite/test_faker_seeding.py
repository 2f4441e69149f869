"""Test data is reproducible: the Faker seed comes from the node id, and differs between tests and locales."""

from __future__ import annotations

import re

from suite.data.hostile import FIELD_SAMPLE
from suite.data.keys import Uniq, faker_for, seed_for
from suite.data.sales import customer_data, landline, mobile

NODE = "tests/functional/sales/test_customers.py::test_create_customer"


def test_same_node_id_gives_the_same_seed_and_data():
    assert seed_for(NODE) == seed_for(NODE)
    first = faker_for(NODE)
    second = faker_for(NODE)
    assert [first.company() for _ in range(5)] == [second.company() for _ in range(5)]


def test_other_node_ids_give_other_data():
    other = NODE + "_again"
    assert seed_for(NODE) != seed_for(other)
    assert [faker_for(NODE).name() for _ in range(3)] != [faker_for(other).name() for _ in range(3)]


def test_each_locale_has_its_own_stream():
    chinese = faker_for(NODE, "zh_CN").name()
    english = faker_for(NODE, "en_US").name()
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    assert re.fullmatch(r"[A-Za-z .'-]+", english)


def test_unsupported_locale_is_refused():
    import pytest

    with pytest.raises(ValueError, match="unsupported locale"):
        faker_for(NODE, "fr_FR")


def test_uniqueness_tokens_are_deterministic_per_attempt_and_differ_between_attempts():
    first, again, retry = Uniq(NODE, 1), Uniq(NODE, 1), Uniq(NODE, 2)
    assert [first(), first()] == [again(), again()]
    assert first() != retry()
    tokens = {Uniq(NODE, 1)() for _ in range(3)}
    assert len(tokens) == 1


def test_generated_phones_match_the_specs_formats():
    fake = faker_for(NODE)
    for _ in range(200):
        assert re.fullmatch(r"1[3-9]\d{9}", mobile(fake))
        assert re.fullmatch(r"0\d{2}-\d{8}", landline(fake))


def test_customer_builder_makes_valid_unique_customers():
    fake, uniq = faker_for(NODE), Uniq(NODE)
    customers = [customer_data(fake, uniq) for _ in range(50)]
    assert len({customer.name for customer in customers}) == 50
    assert all(2 <= len(customer.name) <= 100 for customer in customers)
    assert customer_data(fake, uniq, level="top", owner="rep2").level == "top"


def test_hostile_strings_include_the_seed_defect_input():
    assert "!@#$%^&*" in FIELD_SAMPLE
    assert any(len(value) > 100 for value in FIELD_SAMPLE)
