"""A row with a field too many (a stray comma, a value holding one without quotes) is refused in
the file's words: the line, what it holds and what to do. It was pandas' tokenizer's own line,
'cannot parse t.csv as CSV: Error tokenizing data. C error: Expected 9 fields in line 194, saw 10'
(a user round's R Seatbelts export with one stray row)."""

from wavecast.cli import main


def _file(tmp_path, row: str, sep: str = ","):
    lines = [sep.join(["month", "y", "x"])] + [sep.join([f"2020-{m:02d}", str(10 + m), str(m)]) for m in range(1, 13)]
    lines.insert(6, row)
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_row_with_a_field_too_many_is_named_with_its_line(tmp_path, capsys):
    path = _file(tmp_path, "2020-06-15,1,234,5")
    assert main(["run", "--data", str(path), "--target", "y", "--time", "month", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Error tokenizing" not in err, err
    assert f"line 7 of {path} has 4 fields where the lines above it have 3: '2020-06-15,1,234,5'" in err
    assert "a value holding ',' without quotes around it" in err


def test_the_separator_given_is_the_one_named(tmp_path, capsys):
    path = _file(tmp_path, "2020-06-15;1;2;5", sep=";")
    assert main(["run", "--data", str(path), "--target", "y", "--time", "month", "--sep", ";", "--quiet"]) == 2
    assert "a stray ';' in that row" in capsys.readouterr().err
