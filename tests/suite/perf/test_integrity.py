"""Integrity after load: every acknowledged create must be found in the database, with the recorded values."""

from __future__ import annotations

import json

from suite.perf import integrity


def write_records(directory, lines):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "w1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fake_database(rows):
    """A lookup over {model: {id: {field: value}}} that records its calls."""
    calls = []

    def lookup(model, ids, names):
        calls.append((model, list(ids), names))
        table = rows.get(model, {})
        return {pk: table[pk] for pk in ids if pk in table}

    lookup.calls = calls
    return lookup


def line(model, pk, **fields):
    return json.dumps({"model": model, "id": pk, "fields": fields}, ensure_ascii=False)


def test_every_recorded_create_found_passes_and_is_counted(tmp_path):
    write_records(tmp_path, [line("sales.Customer", 1, name="甲"), line("sales.Customer", 2, name="乙"),
                             line("expense.Claim", 7, title="报销")])
    records, bad = integrity.read_records(tmp_path)
    db = fake_database({"sales.Customer": {1: {"name": "甲"}, 2: {"name": "乙"}},
                        "expense.Claim": {7: {"title": "报销"}}})
    result = integrity.check(records, db, bad)
    assert result.passed and result.checked == 3
    assert result.by_model == {"expense.Claim": 1, "sales.Customer": 2}
    assert "3 acknowledged create(s) checked" in result.summary()


def test_a_lost_create_fails_and_is_named(tmp_path):
    write_records(tmp_path, [line("sales.Customer", 1, name="甲"), line("sales.Customer", 2, name="乙")])
    db = fake_database({"sales.Customer": {1: {"name": "甲"}}})
    result = integrity.check(integrity.read_records(tmp_path)[0], db)
    assert not result.passed
    assert result.missing == [{"model": "sales.Customer", "id": 2, "fields": {"name": "乙"}}]
    assert "1 MISSING" in result.summary()


def test_a_row_whose_key_differs_from_what_was_acknowledged_fails(tmp_path):
    write_records(tmp_path, [line("sales.Customer", 1, name="甲")])
    db = fake_database({"sales.Customer": {1: {"name": "丙"}}})
    result = integrity.check(integrity.read_records(tmp_path)[0], db)
    assert not result.passed and result.mismatched[0]["fields"]["name"] == {"recorded": "甲", "stored": "丙"}


def test_a_torn_record_line_fails_the_check(tmp_path):
    write_records(tmp_path, [line("sales.Customer", 1, name="甲"), '{"model": "sales.Cust'])
    records, bad = integrity.read_records(tmp_path)
    result = integrity.check(records, fake_database({"sales.Customer": {1: {"name": "甲"}}}), bad)
    assert bad == 1 and not result.passed


def test_lookups_are_batched(tmp_path):
    write_records(tmp_path, [line("sales.Contact", i) for i in range(1, 1201)])
    db = fake_database({"sales.Contact": {i: {} for i in range(1, 1201)}})
    result = integrity.check(integrity.read_records(tmp_path)[0], db, batch=500)
    assert result.passed and result.checked == 1200 and [len(ids) for _, ids, _ in db.calls] == [500, 500, 200]


def test_no_records_means_nothing_to_check(tmp_path):
    result = integrity.check(*integrity.read_records(tmp_path / "absent"))
    assert result.passed and result.checked == 0
