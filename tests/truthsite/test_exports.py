from datetime import UTC, datetime

import pytest

from truthsite.exports import csv_rows, formula_safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Jane = Doe", "Jane = Doe"),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (7, "7"),
    ],
)
def test_formula_safe(value, cell):
    assert formula_safe(value) == cell


def test_csv_rows_quote_and_neutralise(settings):
    settings.TIME_ZONE = "UTC"
    lines = list(
        csv_rows(["A", "B"], [['=HYPERLINK("x")', datetime(2025, 1, 2, 3, 4, tzinfo=UTC)]])
    )
    assert lines[0] == "\ufeffA,B\r\n"
    assert lines[1] == '"\'=HYPERLINK(""x"")",2025-01-02T03:04:00+00:00\r\n'
