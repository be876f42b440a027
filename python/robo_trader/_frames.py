"""Column dictionaries (numpy arrays built in C++) as pandas DataFrames."""
import pandas as pd


def frame(columns, time_columns=()):
    """A DataFrame from {name: array}; time columns hold int64 nanoseconds since the epoch (UTC)."""
    df = pd.DataFrame(columns, copy=False)
    for name in time_columns:
        df[name] = pd.to_datetime(df[name], unit="ns", utc=True)
    return df
