"""``paper2book serve DIR``: a site folder (``--site``'s) over HTTP, read-only."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
from pathlib import Path

from ..log import configure_cli

log = logging.getLogger("paper2book")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="paper2book serve",
        description="Serve a site folder made with --site over HTTP, read-only, with search for "
                    "OPDS reader apps (an OpenSearch description at /opensearch.xml). "
                    "Ctrl-C stops it.")
    p.add_argument("folder", metavar="DIR", help="the site folder (its index.html, opds.xml, …)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; "
                        "0.0.0.0 opens it to the network)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port)")
    p.add_argument("-v", "--verbose", action="count", default=0, help="log every request")
    return p


def main(argv: list[str]) -> int:
    from ..site.serve import address_of, make_server

    args = build_parser().parse_args(argv)
    configure_cli(args.verbose)
    folder = Path(args.folder)
    if not os.path.isdir(folder):
        log.error("%s: not a folder", folder)
        return 1
    try:
        server = make_server(folder, args.host, args.port)
    except OSError as e:
        log.error("%s:%s: cannot listen: %s", args.host, args.port, e.strerror or e)
        return 1
    try:    # from here on, Ctrl-C (even one arriving before the first request) stops it cleanly
        _announce(folder, args.host, address_of(server))
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr, flush=True)
    finally:
        server.server_close()
    return 0


def _announce(folder: Path, host: str, address: tuple[str, int]) -> None:
    shown = f"[{address[0]}]" if ":" in str(address[0]) else address[0]
    where = f"http://{shown}:{address[1]}/"
    if _loopback(host):
        print(f"serving {folder} at {where} (this machine only; Ctrl-C stops)", file=sys.stderr, flush=True)
    else:
        print(f"serving {folder} at {where} — open to the network, read-only (Ctrl-C stops)",
              file=sys.stderr, flush=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
