"""Forecast tables on disk: CSV or Parquet by the file's suffix, and the tag by which wavecast
knows a Parquet forecast of its own (own_files.check_output_file replaces only those)."""

from __future__ import annotations

from pathlib import Path

PARQUET_TAG = (b"wavecast", b"forecast")  # a key and value of a forecast's Parquet schema metadata


def tagged_parquet(path: Path) -> bool:
    """Whether a Parquet file carries wavecast's forecast tag (write_forecast puts it there)."""
    try:
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
    except Exception:  # noqa: BLE001  (any unreadable file is one wavecast did not write)
        return False
    return meta.get(PARQUET_TAG[0]) == PARQUET_TAG[1]


def csv_vouch(path: Path) -> bytes:
    """The words a forecast CSV's plot carries (in its PNG Software chunk) so that a later
    `wavecast forecast --out` knows the CSV, as it is now, for one wavecast wrote: a header
    ending in 'forecast' is also what a user's own file of forecasts may have."""
    return vouch_for(Path(path).read_bytes())


def vouch_for(data: bytes) -> bytes:
    """csv_vouch of a CSV whose bytes are `data` (not yet written: its plot is written first)."""
    import hashlib

    return b"csv-sha256=" + hashlib.sha256(data).hexdigest().encode()


def output_kind(path: str | Path) -> str:
    """An output file's kind by its suffix: "parquet", "png", or "csv" (any other suffix)."""
    suffix = Path(path).suffix.lower()
    return {".parquet": "parquet", ".png": "png"}.get(suffix, "csv")


def write_forecast(path: str | Path, frame) -> Path:
    """Write a forecast table atomically: Parquet (tagged as wavecast's: tagged_parquet) for a
    .parquet name, CSV otherwise."""
    from .atomic import write_bytes

    return write_bytes(path, forecast_bytes(path, frame))


def forecast_bytes(path: str | Path, frame) -> bytes:
    """The bytes write_forecast writes to `path`: a tagged Parquet file or a UTF-8 CSV, by its suffix."""
    if output_kind(path) != "parquet":
        return frame.to_csv(index=False).encode("utf-8")
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # ids 1, 2 and 'web' (a Python model's object column):
        # a Parquet column holds one type, so such a column is written as its text, as a CSV writes it
        text = {c: frame[c].astype(str) for c in frame.columns if frame[c].dtype == object}
        table = pa.Table.from_pandas(frame.assign(**text), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), PARQUET_TAG[0]: PARQUET_TAG[1]})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def plot_path(table: str | Path) -> Path:
    """The plot `forecast` draws beside a table: NAME.csv's is NAME_plot.png (it carries the CSV's
    csv_vouch), NAME.parquet's NAME_plot.parquet.png (the suffix as written). Both were
    NAME_plot.png, so a forecast to NAME.parquet redrew the plot of a NAME.csv beside it: the CSV
    was left beside a plot of another forecast. No Parquet plot name ends in '_plot.png', so none
    is any CSV's."""
    table = Path(table)
    kind = output_kind(table)
    return table.with_name(f"{table.stem}_plot{table.suffix if kind == 'parquet' else ''}.png")
