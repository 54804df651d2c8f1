import subprocess

from flask import Flask

app = Flask(__name__, static_folder="static")


@app.route("/thumb")
def thumb():
    return subprocess.run(["convert", "-version"], capture_output=True, text=True).stdout


app.run(host="0.0.0.0", port=8000)
