import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.post("/thumbnail")
def thumbnail():
    # ImageMagick reads PDFs through Ghostscript, which the imagemagick package only recommends.
    out = subprocess.run(["convert", "-", "-thumbnail", "200x200", "png:-"], input=request.data, capture_output=True, check=True)
    return out.stdout, 200, {"Content-Type": "image/png"}
