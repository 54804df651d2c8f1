import bottle
bottle.run(host="0.0.0.0", port=8000)
