import json
print(json.load(open("config.json"))["greeting"])
