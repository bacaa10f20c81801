"""Data in: read files and objects (reader, parquet, tables, timeparse), the Dataset, the
synthetic signals, windows and scalers, and prepare(): the parts of a run, built once."""
