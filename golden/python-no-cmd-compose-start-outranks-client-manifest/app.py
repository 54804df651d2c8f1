from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import functools

handler = functools.partial(SimpleHTTPRequestHandler, directory="static")
ThreadingHTTPServer(("0.0.0.0", 8000), handler).serve_forever()
