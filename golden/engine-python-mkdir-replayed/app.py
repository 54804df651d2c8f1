# Writes into /data at start (the directory the Dockerfile makes), then serves what it wrote.
import http.server
import pathlib

marker = pathlib.Path("/data/started")
marker.write_text("ok\n")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = marker.read_bytes()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


http.server.HTTPServer(("", 8000), Handler).serve_forever()
