"""`quizgen serve`: the preview serves the bank's page, follows each save, shows the errors
`validate` prints while the bank is broken, recovers, and makes an open page reload itself."""

from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from quizgen.commands.scaffold import example_text
from quizgen.serve.server import Preview

WAIT = 20  # seconds a save may take to reach the preview on a busy machine (a limit, not a timing)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank" / "example.yaml"
    path.parent.mkdir()
    path.write_text(example_text("example"), encoding="utf-8")
    return path


@pytest.fixture
def preview(bank: Path):
    running = Preview([bank], "127.0.0.1", 0, echo=lambda text: None)
    running.start()
    yield running
    running.stop()


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8", errors="replace")


def save_and_wait(preview: Preview, path: Path, text: str) -> None:
    """Save `text` and wait until the preview has rebuilt from it."""
    with preview.site.changed:
        before = preview.site.version
    path.write_text(text, encoding="utf-8")
    with preview.site.changed:
        assert preview.site.changed.wait_for(lambda: preview.site.version != before, timeout=WAIT), (
            "the preview did not notice the save"
        )


def test_edit_break_and_fix_a_bank(preview, bank):
    kind, page = fetch(preview.url)
    assert kind.startswith("text/html") and "What is the capital of France?" in page

    text = bank.read_text(encoding="utf-8")
    save_and_wait(preview, bank, text.replace("capital of France?", "capital of Italy?"))
    _, page = fetch(preview.url)
    assert "What is the capital of Italy?" in page and "capital of France" not in page

    save_and_wait(preview, bank, text.replace("answer: Paris", "answer: Rome"))
    _, page = fetch(preview.url)
    validate = subprocess.run([sys.executable, "-m", "quizgen", "validate", str(bank)], capture_output=True, text=True)
    assert "error: answer &#x27;Rome&#x27; is not one of the choices" in page
    first_error = validate.stderr.splitlines()[0].replace("'", "&#x27;")
    assert first_error in page and 'id="quiz-data"' not in page
    _, pdf_page = fetch(preview.url + "paper.pdf")  # no PDF from a broken bank: its errors
    assert "is not one of the choices" in pdf_page

    save_and_wait(preview, bank, text)
    _, page = fetch(preview.url)
    assert "What is the capital of France?" in page and "error:" not in page


@pytest.mark.pdf
def test_pdf_paper_and_key_are_served(preview):
    for name in ("paper.pdf", "key.pdf"):
        with urllib.request.urlopen(preview.url + name, timeout=120) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read().startswith(b"%PDF-")


def test_several_banks_get_an_index(tmp_path, bank):
    other = bank.parent / "other.yaml"
    other.write_text(example_text("other").replace("title: An example bank", "title: Another bank"), encoding="utf-8")
    running = Preview([bank.parent], "127.0.0.1", 0, echo=lambda text: None)
    running.start()
    try:
        _, index = fetch(running.url)
        assert 'href="./example/"' in index and 'href="./other/"' in index and "Another bank" in index
        _, page = fetch(running.url + "other/")
        assert "What is the capital of France?" in page
    finally:
        running.stop()


def test_the_built_page_keeps_its_strict_policy(preview, bank, tmp_path, run_cli):
    """Only the served page may connect back and run the reload script."""
    _, served = fetch(preview.url)
    assert "connect-src 'self'" in served and "EventSource" in served
    assert run_cli("build", bank, "-f", "html", "-o", tmp_path / "out").exit_code == 0
    built = (tmp_path / "out" / "example" / "example.html").read_text(encoding="utf-8")
    assert "connect-src" not in built and "EventSource" not in built


def test_page_reloads_itself_after_a_save(preview, bank, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(preview.url)
    assert page.locator("text=What is the capital of France?").count() == 1
    text = bank.read_text(encoding="utf-8")
    save_and_wait(preview, bank, text.replace("capital of France?", "capital of Spain?"))
    page.wait_for_selector("text=What is the capital of Spain?", timeout=WAIT * 1000)
    save_and_wait(preview, bank, text.replace("answer: Paris", "answer: Madrid"))
    page.wait_for_selector("#errors", timeout=WAIT * 1000)
    assert "is not one of the choices" in page.locator("#errors").inner_text()
    save_and_wait(preview, bank, text)
    page.wait_for_selector("text=What is the capital of France?", timeout=WAIT * 1000)
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()


def test_sharing_on_the_network_warns(bank, tmp_path):
    """`--host` other than loopback says who can see the banks (started, then stopped)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "quizgen", "serve", str(bank), "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        warning = process.stderr.readline()
        serving = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert warning.startswith("warning: serving on 0.0.0.0: anyone who can reach this computer")
    assert serving.startswith("serving http://127.0.0.1:")


def test_a_missing_watcher_says_what_to_install(run_cli, bank, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    result = run_cli("serve", bank, "--port", "0")
    assert result.exit_code == 1
    assert "quizgen serve needs watchfiles: pip install 'quizgen[serve]'" in result.stderr


# -- hostile requests ------------------------------------------------------------------------------


def request(
    preview: Preview, path: str, headers: dict[str, str], *, skip_host: bool = False, first_line_only: bool = False
) -> tuple[int, dict[str, str], bytes]:
    """GET `path` from the preview on 127.0.0.1 with exactly these headers (`Host` as given)."""
    port = preview.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_host=skip_host or "Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.fp.readline() if first_line_only else response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


def test_only_the_served_address_is_answered(preview):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends
    `Host: evil.example:PORT`; it gets a short refusal, never the quiz or its key."""
    port = preview.server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"):
        status, headers, body = request(preview, "/", {"Host": host})
        assert status == 200 and b"What is the capital of France?" in body, host
    for host in (
        f"evil.example:{port}",
        "evil.example",
        f"127.0.0.1.evil.example:{port}",
        f"localhost.:{port}",
        f"127.0.0.1:{port + 1}",
        "127.0.0.1",
        "localhost",
        f"[::2]:{port}",
        f"::1:{port}",
        f"127.0.0.1:{port}@evil.example",
        "",
    ):
        for path in ("/", "/key.pdf", "/paper.pdf", "/example/", "/__events", "/nothing"):
            status, headers, body = request(preview, path, {"Host": host})
            assert status == 421, (host, path)
            assert headers["Content-Type"] == "text/plain; charset=utf-8"
            assert body == b"misdirected request: this preview answers only at the address it serves\n"
    status, _, _ = request(preview, "/", {}, skip_host=True)  # no Host at all
    assert status == 421
    status, _, _ = request(preview, "/", {"Host": f"127.0.0.1:{port}", "host": f"evil.example:{port}"})
    assert status == 421  # two Host headers: which one would a proxy have used?


def test_the_host_given_is_answered_too(bank):
    """`--host localhost`: the name given is one of the preview's; other names are not."""
    running = Preview([bank], "localhost", 0, echo=lambda text: None)
    running.start()
    try:
        port = running.server.server_address[1]
        assert request(running, "/", {"Host": f"localhost:{port}"})[0] == 200
        assert request(running, "/", {"Host": f"127.0.0.1:{port}"})[0] == 200
        assert request(running, "/", {"Host": f"example.com:{port}"})[0] == 421
    finally:
        running.stop()


def test_the_ipv6_loopback_can_be_served(bank):
    """`--host ::1`: the preview listens on IPv6 and names itself with brackets, as a URL must."""
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    running = Preview([bank], "::1", 0, echo=lambda text: None)
    running.start()
    try:
        port = running.server.server_address[1]
        assert running.url == f"http://[::1]:{port}/"
        content_type, body = fetch(running.url)
        assert content_type.startswith("text/html") and "example" in body
    finally:
        running.stop()


def test_shared_on_every_address_answers_ip_addresses_only(bank):
    """`--host 0.0.0.0` serves every address of the computer: a colleague types its IP address,
    which DNS cannot rebind; a name is still refused."""
    from quizgen.serve.server import Addresses

    shared = Addresses("0.0.0.0", 8000)
    assert shared.host_allowed("192.168.1.20:8000") and shared.host_allowed("[fe80::1]:8000")
    assert shared.host_allowed("localhost:8000")
    assert not shared.host_allowed("evil.example:8000") and not shared.host_allowed("192.168.1.20:8001")
    on_80 = Addresses("127.0.0.1", 80)  # a browser leaves the default port out of Host
    assert on_80.host_allowed("localhost") and on_80.host_allowed("127.0.0.1:80")
    named = Addresses("quiz.lan", 8000)
    assert named.host_allowed("QUIZ.LAN:8000") and not named.host_allowed("192.168.1.20:8000")


def test_the_event_stream_refuses_other_origins(preview):
    port = preview.server.server_address[1]
    host = {"Host": f"127.0.0.1:{port}"}
    for origin in (
        "http://evil.example",
        f"http://evil.example:{port}",
        "null",
        f"https://127.0.0.1:{port}",
        f"http://127.0.0.1:{port + 1}",
        f"http://127.0.0.1:{port}.evil.example",
    ):
        status, headers, body = request(preview, "/__events", {**host, "Origin": origin}, first_line_only=True)
        assert status == 403, origin
        assert headers["Content-Type"] == "text/plain; charset=utf-8" and b"data:" not in body
    for origin in (None, f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
        status, headers, line = request(
            preview, "/__events", {**host, **({"Origin": origin} if origin else {})}, first_line_only=True
        )
        assert status == 200 and headers["Content-Type"] == "text/event-stream", origin
        assert line.startswith(b"data: "), origin


def test_a_bank_named_with_a_backslash_links_inside_the_preview(tmp_path, bank, browser):
    """`\\evil.example.yaml` must not give `href="/\\evil.example/"`, which a browser reads as
    //evil.example/: each link is relative and percent-encoded, and leads to that bank's page."""
    (bank.parent / "\\evil.example.yaml").write_text("title: [broken\n", encoding="utf-8")
    running = Preview([bank.parent], "127.0.0.1", 0, echo=lambda text: None)
    running.start()
    try:
        _, index = fetch(running.url)
        assert 'href="./%5Cevil.example/"' in index and 'href="/' not in index
        page = browser.new_page()
        page.goto(running.url)
        links = page.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) == 4 and all(link.startswith(running.url) for link in links), links
        page.goto(running.url + "%5Cevil.example/")
        assert "has errors" in page.locator("h1").inner_text()
        page.close()
    finally:
        running.stop()


def _reset(connection: socket.socket) -> None:
    """Close as a crashed client or a killed tab does: a TCP reset, not a goodbye."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_a_client_gone_mid_response_is_no_traceback(preview, capfd):
    """A closed tab, a reload or a stopped download: the server goes on without a word."""
    port = preview.server.server_address[1]
    site, server = preview.site, preview.server
    finished = threading.Semaphore(0)
    process = server.process_request_thread

    def process_and_count(request, client_address):  # a request is over once its thread is
        try:
            process(request, client_address)
        finally:
            finished.release()

    server.process_request_thread = process_and_count
    asked, gone, page = threading.Event(), threading.Event(), site.page

    def page_after_the_client_left(entry):
        asked.set()
        gone.wait(timeout=WAIT)
        return page(entry)

    site.page = page_after_the_client_left
    try:
        client = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert asked.wait(timeout=WAIT)
        _reset(client)
        gone.set()
        assert finished.acquire(timeout=WAIT)
    finally:
        gone.set()
        del site.page

    client = socket.create_connection(("127.0.0.1", port), timeout=WAIT)  # the reload events
    client.sendall(f"GET /__events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert client.recv(4096).startswith(b"HTTP/1.0 200")
    _reset(client)
    with site.changed:  # the next event goes to nobody
        site.version += 1
        site.changed.notify_all()
    assert finished.acquire(timeout=WAIT)

    # The server still answers, and it printed nothing.
    assert b"What is the capital of France?" in request(preview, "/", {"Host": f"127.0.0.1:{port}"})[2]
    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Exception" not in err and not out, err
