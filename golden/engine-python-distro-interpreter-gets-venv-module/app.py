import bottle


@bottle.route("/")
def index():
    return "ok\n"


bottle.run(host="0.0.0.0", port=8000)
