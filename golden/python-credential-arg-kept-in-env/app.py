import os
from flask import Flask

app = Flask(__name__)
PASSWORD = os.environ.get("APP_PASS", "")


@app.get("/")
def index():
    return "locked" if PASSWORD else "open"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
