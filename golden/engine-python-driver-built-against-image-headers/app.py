"""Answers 200 once psycopg2 (compiled against libpq in the build) imports."""
from http.server import BaseHTTPRequestHandler, HTTPServer

import psycopg2


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"psycopg2 {psycopg2.__version__}, libpq {psycopg2.__libpq_version__}\n".encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
