"""An HTTP greeting on port 8000, started by the `greeter` console script poetry installs."""
from http.server import BaseHTTPRequestHandler, HTTPServer


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello from poetry\n")


def main():
    HTTPServer(("0.0.0.0", 8000), Hello).serve_forever()
