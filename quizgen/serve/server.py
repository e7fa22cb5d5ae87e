"""The preview's HTTP server (the standard library's ThreadingHTTPServer) and file watcher."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from quizgen.serve.site import Site


def watched_folders(paths: list[Path]) -> list[Path]:
    """The folders to watch: a bank's own folder (editors save by writing a new file and renaming
    it, which a watch on the file itself would miss), or the folder named."""
    folders = {(p if p.is_dir() else p.parent).resolve() for p in (paths or [Path("questions")])}
    return sorted(f for f in folders if f.exists())


# What a bank is made of: a save of anything else (a log, an output folder inside the bank's
# folder) must not rebuild, or a preview writing into its own folder would never stop.
_INPUTS = {".yaml", ".yml", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


def bank_input(change, path: str) -> bool:
    name = Path(path).name
    return Path(name).suffix.lower() in _INPUTS and not name.startswith(".")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


# A client gone mid-response (a closed tab, a reload, a stopped download): nothing to report.
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)

_WILDCARDS = {"", "0.0.0.0", "::"}


def _host_and_port(value: str) -> tuple[str, int | None] | None:
    """`name:port`, `[v6]:port`, or either without a port, as (lower-case name, port); None when
    it is not one of those."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or not name:
            return None
    else:
        name = value.split(":", 1)[0]
        rest = value[len(name) :]
        if not name:
            return None
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isascii() or not rest[1:].isdigit() or len(rest) > 6:
        return None
    return name, int(rest[1:])


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


POLL = 0.1  # seconds between the server's looks for a stop request (`start`)


class Addresses:
    """The names a browser may use for the preview: the loopback names and `--host`, each with the
    port served. A name that DNS could point elsewhere later (`evil.example`, rebound to
    127.0.0.1) is not one of them, so a page on another site never reads the preview. Bound to
    every address (`--host 0.0.0.0`), any IP address is accepted too: nobody can rebind one."""

    def __init__(self, host: str, port: int):
        bound = host.strip("[]").lower()
        self.port = port
        self.any_ip = bound in _WILDCARDS
        self.names = {"127.0.0.1", "localhost", "::1"} | ({bound} if bound and not self.any_ip else set())

    def host_allowed(self, value: str | None) -> bool:
        parsed = _host_and_port(value) if value else None
        if parsed is None:
            return False
        name, port = parsed
        if (port if port is not None else 80) != self.port:
            return False
        return name in self.names or (self.any_ip and _is_ip(name))

    def origin_allowed(self, origin: str | None) -> bool:
        """No `Origin` (a same-origin request) or the preview's own."""
        if origin is None:
            return True
        return origin.lower().startswith("http://") and self.host_allowed(origin[len("http://") :])


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass made for each server
    addresses: Addresses  # likewise, once the port is known

    def log_message(self, format, *args) -> None:  # quiet: the terminal shows rebuilds only
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except _GONE:
            self.close_connection = True

    def do_GET(self) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or not self.addresses.host_allowed(hosts[0]):
            self.close_connection = True
            return self._send(
                HTTPStatus.MISDIRECTED_REQUEST,
                "text/plain; charset=utf-8",
                b"misdirected request: this preview answers only at the address it serves\n",
            )
        path = self.path.split("?", 1)[0]
        if path == "/__events":
            given = self.headers.get_all("Origin")
            origins: list[str | None] = list(given) if given else [None]
            if len(origins) != 1 or not self.addresses.origin_allowed(origins[0]):
                self.close_connection = True
                return self._send(
                    HTTPStatus.FORBIDDEN,
                    "text/plain; charset=utf-8",
                    b"forbidden: events go only to the preview's own pages\n",
                )
            return self._events()
        parts = [unquote(p, errors="replace") for p in path.split("/") if p]
        site = self.site
        with site.changed:
            single = site.entry(None)
        if not parts:
            return self._html(site.page(single) if single else site.index())
        if len(parts) == 1 and single and parts[0] in ("paper.pdf", "key.pdf"):
            return self._pdf(single, parts[0][:-4])
        entry = site.entry(parts[0])
        if entry is None:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"no such bank\n")
        if len(parts) == 1:
            return self._html(site.page(entry))
        if len(parts) == 2 and parts[1] in ("paper.pdf", "key.pdf"):
            return self._pdf(entry, parts[1][:-4])
        return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

    def _html(self, text: str) -> None:
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", text.encode("utf-8"))

    def _pdf(self, entry, kind: str) -> None:
        data = self.site.pdf(entry, kind)
        if data is None:
            return self._html(self.site.page(entry))  # the errors, instead of a PDF
        self._send(HTTPStatus.OK, "application/pdf", data)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the current version now, then each new one (the page reloads
        when it differs from the version it was served with)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        site, seen = self.site, None
        try:
            self.end_headers()
            while not getattr(self.server, "stopping", False):
                with site.changed:
                    if site.version == seen:
                        site.changed.wait(timeout=15)
                    version = site.version
                if version != seen:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except _GONE:
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    stopping = False  # set when the preview stops: the open event streams end


class _ServerIPv6(_Server):
    """For `--host ::1` (or `::`, every address): the standard library's server is IPv4 unless told."""

    address_family = socket.AF_INET6


class Preview:
    """A running preview: the server and the watcher, each on a thread of its own."""

    def __init__(self, paths: list[Path], host: str = "127.0.0.1", port: int = 8000, *, echo=print):
        self.site = Site(list(paths))
        self.echo = echo
        self.site.rebuild()

        class BoundHandler(Handler):
            """The handler of this server: its site, and its addresses once the port is known."""

        BoundHandler.site = self.site
        bare_host = host.strip("[]")  # `[::1]` as in a URL, or `::1`
        server_class = _ServerIPv6 if ":" in bare_host else _Server
        self.server = server_class((bare_host, port), BoundHandler)
        BoundHandler.addresses = Addresses(host, self.server.server_address[1])
        self.server.daemon_threads = True
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self.ready = threading.Event()  # set once the watcher sees saves

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        assert isinstance(host, str)  # an internet address: its host is text
        shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
        return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"

    def watch(self) -> None:
        from watchfiles import watch

        folders = watched_folders(self.site.paths)
        if not folders:
            self.ready.set()
            return
        # yield_on_timeout: the first (empty) yield says the watcher is in place, so `start` can
        # return only once a save would be seen; it comes after rust_timeout ms without a change.
        for changes in watch(
            *folders,
            watch_filter=bank_input,
            stop_event=self.stop_event,
            debounce=100,
            step=50,
            rust_timeout=100,
            yield_on_timeout=True,
        ):
            self.ready.set()
            if not changes:
                continue
            self.site.rebuild()
            broken = [e.path.name for e in self.site.entries if e.errors]
            self.echo(f"rebuilt ({'errors in ' + ', '.join(broken) if broken else 'ok'})")

    def start(self) -> None:
        # The server looks for a stop request every POLL seconds (socketserver's default is 0.5 s,
        # which every stop then waited out): ten wake-ups a second cost nothing measurable.
        for target in (lambda: self.server.serve_forever(poll_interval=POLL), self.watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)
        self.ready.wait(timeout=60)

    def stop(self) -> None:
        self.stop_event.set()
        self.server.stopping = True
        with self.site.changed:
            self.site.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
