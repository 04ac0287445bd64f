"""Run every probe module of ``benchmarks.security_probes`` against one fresh server."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import tempfile
from pathlib import Path

from benchmarks import security_probes
from benchmarks.security_probes.harness import LiveServer

NOT_PROBES = {"harness", "__main__"}


def probe_modules() -> list[str]:
    """Names of the probe modules (every module of the package that has ``run``)."""
    names = [m.name for m in pkgutil.iter_modules(security_probes.__path__)]
    return sorted(n for n in names if n not in NOT_PROBES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("modules", nargs="*", help="probe modules to run (default: all)")
    parser.add_argument("--timeout", default="3", help="AIMSGRAPH_SPARQL_TIMEOUT for the server")
    args = parser.parse_args()
    names = args.modules or probe_modules()
    with tempfile.TemporaryDirectory(prefix="aimsgraph-probes-") as folder:
        server = LiveServer(Path(folder) / "data", env={"AIMSGRAPH_SPARQL_TIMEOUT": args.timeout})
        server.prepare()
        server.start()
        problems = 0
        try:
            for name in names:
                module = importlib.import_module(f"benchmarks.security_probes.{name}")
                print(f"== {name}")
                for outcome in module.run(server):
                    print(outcome.line(), flush=True)
                    problems += not (outcome.refused_or_harmless and outcome.server_alive)
        finally:
            server.stop()
    print(f"{problems} problem(s)")


if __name__ == "__main__":
    main()
