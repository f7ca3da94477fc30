"""The floor: the dashboard with its query layer served from memory.

`python -m bench.replay record FILE -- <streamlit args>` runs `streamlit run` with egov.db.query wrapped
so that every result is kept and written to FILE (pickle) when the server stops;
`python -m bench.replay replay FILE -- <streamlit args>` runs it with egov.db.query answering from FILE
alone (a query never recorded is an error). Nothing in egov/ changes: the wrapper is installed in the
server process before Streamlit starts, and every module calls `db.query` through the module attribute.

Replaying the same page with the same filters shows the same charts and tables with no database work:
what Streamlit, plotly and the pages' own pandas cost by themselves.
"""

from __future__ import annotations

import atexit
import pickle
import signal
import sys
from pathlib import Path

import pandas as pd


def key(sql: str, params) -> str:
    return sql + "\x00" + repr(list(params or []))


def install(mode: str, path: Path) -> None:
    from egov import db

    real = db.query
    if mode == "record":
        store: dict[str, pd.DataFrame] = {}

        def query(sql, params=None):
            df = real(sql, params)
            store.setdefault(key(sql, params), df.copy())
            return df

        def dump(*_):
            if store:
                tmp = path.with_suffix(".tmp")
                with open(tmp, "wb") as fh:
                    pickle.dump(store, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)

        atexit.register(dump)
        previous = signal.getsignal(signal.SIGTERM)

        def on_term(signum, frame):
            dump()
            if callable(previous):
                previous(signum, frame)
            else:
                raise SystemExit(0)

        signal.signal(signal.SIGTERM, on_term)
    elif mode == "replay":
        with open(path, "rb") as fh:
            store = pickle.load(fh)

        def query(sql, params=None):
            try:
                return store[key(sql, params)].copy()
            except KeyError:
                raise LookupError(f"query not recorded: {sql[:200]!r} {params!r}") from None
    else:
        raise ValueError(mode)
    db.query = query


def main(argv: list[str]) -> None:
    mode, path, rest = argv[0], Path(argv[1]), argv[2:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    install(mode, path)
    from streamlit.web import cli

    sys.argv = ["streamlit", *rest]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
