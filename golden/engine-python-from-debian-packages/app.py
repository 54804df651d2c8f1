"""Answers every GET with the version of a dependency from the venv; reads its settings from
the environment unguarded, as many apps do: an unset variable stops it at start."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import six

PORT = int(os.environ["LISTEN_PORT"])
TOKEN = os.environ["API_TOKEN"]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"six {six.__version__}, token set: {bool(TOKEN)}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
