import json
print(json.load(open("/tmp/settings.json"))["greeting"])
