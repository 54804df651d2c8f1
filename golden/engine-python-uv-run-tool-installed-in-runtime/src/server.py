"""A tiny HTTP server: GET / answers with the version of click it runs with."""
from http.server import BaseHTTPRequestHandler, HTTPServer

import click


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"click {click.__version__}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@click.command()
@click.option("--port", default=9001)
def main(port):
    HTTPServer(("0.0.0.0", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
