"""``python -m bench [--quick] [--out DIR] [NAME ...]``: run the benchmarks, print and write their tables."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bench.runner import BENCHMARKS, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: proves the benchmarks run, measures nothing")
    parser.add_argument("--out", type=Path, default=Path("bench-results"), help="where the tables are written")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    tables = asyncio.run(run_all(args.names or list(BENCHMARKS), quick=args.quick, out=args.out))
    print(f"{len(tables)} table(s) written to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
