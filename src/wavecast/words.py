"""Counts said in words for messages and notes: '1 missing value', '2 missing values'."""


def counted(n, noun: str, plural: str = "") -> str:
    """n as written and its noun, singular for one: counted(1, "missing value") -> '1 missing value'.
    n may be text already formatted ('1', '2.5'); 1.0 is written '1.0' and keeps the plural. The
    plural adds an 's' unless given (counted(n, "series", "series"))."""
    shown = str(n)
    return f"{shown} {noun if shown == '1' else plural or noun + 's'}"
