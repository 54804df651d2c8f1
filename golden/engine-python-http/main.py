print("see CMD: python3 -m http.server")
