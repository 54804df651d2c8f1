import http.server
import getpass

import markupsafe


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = str(markupsafe.escape(f"hello from {getpass.getuser()}")).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


http.server.HTTPServer(("", 8000), Handler).serve_forever()
