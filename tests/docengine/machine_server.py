"""A local server that speaks LibreTranslate's ``POST /translate`` API, for the machine-translation tests.

It translates word by word from a small English–Chinese dictionary (unknown words pass through), keeps
HTML elements in ``format: html`` as LibreTranslate does, leaves ``translate="no"`` elements untouched,
and writes its words in reverse order when asked (``reorder``) so that tests see elements move. It
checks the API key when one is set, and can be told to fail, to answer slowly or to answer nonsense.
"""

from __future__ import annotations

import html
import json
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {
    "green": "绿色",
    "city": "城市",
    "cities": "城市",
    "energy": "能源",
    "the": "",
    "of": "的",
    "and": "和",
    "planning": "规划",
    "is": "是",
    "important": "重要",
}


def translate_words(text: str) -> str:
    words = [WORDS.get(word.lower(), word) for word in text.split()]
    return "".join(word for word in words if word)


class _Translator(HTMLParser):
    """Translates an HTML fragment's text, keeping its elements; ``reorder`` reverses its top-level parts."""

    def __init__(self, reorder: bool):
        super().__init__(convert_charrefs=True)
        self.reorder = reorder
        self.chunks: list[str] = []
        self.depth = 0
        self.untouched = 0

    def _add(self, piece: str, *, opens: bool = False, closes: bool = False):
        if self.depth == 0:
            self.chunks.append(piece)
        else:
            self.chunks[-1] += piece
        self.depth += opens
        self.depth -= closes and self.depth > 0

    def handle_starttag(self, tag, attrs):
        if self.untouched or dict(attrs).get("translate") == "no":
            self.untouched += 1
        rendered = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        self._add(f"<{tag}{rendered}>", opens=True)

    def handle_startendtag(self, tag, attrs):
        rendered = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        self._add(f"<{tag}{rendered}/>")

    def handle_endtag(self, tag):
        if self.untouched:
            self.untouched -= 1
        self._add(f"</{tag}>", closes=True)

    def handle_data(self, data):
        self._add(html.escape(data if self.untouched else translate_words(data), quote=False))

    def result(self) -> str:
        return "".join(reversed(self.chunks) if self.reorder else self.chunks)


class MachineServer:
    """``with MachineServer() as server:`` serves on ``server.url`` until the block ends."""

    def __init__(self, *, api_key: str = "", mode: str = "ok", delay: float = 0.0, reorder: bool = False):
        self.api_key, self.mode, self.delay, self.reorder = api_key, mode, delay, reorder
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: object, raw: bytes | None = None):
                data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                if self.path != "/translate":
                    return self._answer(404, {"error": "Not Found"})
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                owner.requests.append(body)
                if owner.delay:
                    time.sleep(owner.delay)
                if owner.api_key and body.get("api_key") != owner.api_key:
                    return self._answer(403, {"error": "Invalid API key"})
                if owner.mode == "fail":
                    return self._answer(500, {"error": "Cannot translate text: model not loaded"})
                if owner.mode == "nonsense":
                    return self._answer(200, None, raw=b"<html>not json</html>")
                texts = body.get("q")
                single = isinstance(texts, str)
                texts = [texts] if single else texts
                if body.get("format") == "html":
                    answers = []
                    for text in texts:
                        translator = _Translator(owner.reorder)
                        translator.feed(text)
                        translator.close()
                        answers.append(translator.result())
                else:
                    answers = [translate_words(text) for text in texts]
                self._answer(200, {"translatedText": answers[0] if single else answers})

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up waiting (the timeout test) is not the server's error

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> MachineServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
