#!/usr/bin/env python3
"""A plain static file server that logs what it sends (for bench/search.sh).

    python3 bench/count_server.py DIR PORT LOG

Serves DIR on 127.0.0.1:PORT without compression (like `python3 -m http.server`)
and appends "PATH BYTES" to LOG for every file sent (BYTES: the body's length;
headers add some 150 bytes a request)."""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, *args):
        pass

    def send_header(self, key, value):
        if key.lower() == "content-length":
            with open(LOG, "a") as log:
                log.write(f"{self.path} {value}\n")
        super().send_header(key, value)


if __name__ == "__main__":
    directory, port, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    handler = functools.partial(Handler, directory=directory)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
