"""An independent HTTP/1.1 peer for RuntimeIO's HTTP server tests: drives the server at
127.0.0.1:PORT with python-requests and prints one `name=value` line per check."""
import json
import sys

import requests

base = "http://127.0.0.1:%s" % sys.argv[1]
session = requests.Session()

r1 = session.get(base + "/a?x=1")
r2 = session.get(base + "/b")
print("get=%d %s %s" % (r1.status_code, r1.headers.get("X-Target"), r2.headers.get("X-Target")))

payload = json.dumps({"program_id": "hello-world", "params": {"iterations": 3}})
r = session.post(base + "/jobs", data=payload)
print("json=%d %s %s" % (r.status_code, r.headers.get("X-Content-Type"), json.loads(r.content)["program_id"]))


def pieces():
    for index in range(50):
        yield b"piece%02d," % index


r = session.post(base + "/upload", data=pieces())
print("chunked=%d %s" % (r.status_code, r.content == b"".join(pieces())))

r = session.put(base + "/big", data=b"y" * 300_000)
print("big=%d %d" % (r.status_code, len(r.content)))

r = requests.post(base + "/too-big", data=b"z" * 2_000_000)
print("toolarge=%d %s" % (r.status_code, r.headers.get("Connection")))

r = requests.get(base + "/", headers={"X-Huge": "h" * 70_000})
print("headers=%d" % r.status_code)

r = session.head(base + "/head")
print("head=%d %s %d" % (r.status_code, r.headers.get("Content-Length"), len(r.content)))
print("date=%s" % ("GMT" in r.headers.get("Date", "")))
