#!/usr/bin/env python3
"""A logging (and optionally fault-injecting) HTTP proxy in front of moto_server or LocalStack.

Tests count the requests the module really sent, instead of trusting the module's own account:
  GET    /__aotech/requests   -> JSON list of {method, path, service, operation, mutating, status, fault, peer}
                                 (peer: the client's TCP port, so tests can tell which connection carried a request)
  DELETE /__aotech/requests   -> clears the log
  PUT    /__aotech/faults     -> JSON {"rate": 0.2, "kinds": ["throttle","500","503","slow","drop","denied","lost"],
                                       "failAfter": N, "failAfterMutating": M, "afterKind": "503", "seed": 1};
                            {} turns faults off. failAfter fails every request after the Nth one (reads included),
                            failAfterMutating every request once M mutating ones went through: both cut a run off.
                            "mutatingOnly": true applies the rate to mutating requests only (e.g. "lost" answers of
                            creates, without spending the rate on reads). "loseFirst": ["CreateVpc", ...] loses the
                            answer of the first request of each named operation (the backend acts), whatever the rate.
                            "latencyMs": 150 delays every request by that much, as a distant region would.
                            The answer counts what was injected: {"injected": n, "injectedByKind": {...}, "forwarded": n}
Everything else is forwarded unchanged to --upstream.
"""
import argparse
import http.client
import json
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

READ_PREFIXES = ("Describe", "List", "Get", "BatchGet", "Filter", "Search", "Lookup")
CONTROL = "/__aotech/"


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.log = []
        self.faults = {}
        self.forwarded = 0
        self.injected = 0
        self.by_kind = {}
        self.mutating_passed = 0
        self.rng = random.Random(1)
        self.lost_once = set()


STATE = State()


def classify(method, path, headers, body):
    """Returns (service, operation) for a signed AWS request."""
    service = ""
    auth = headers.get("Authorization", "")
    m = re.search(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", auth)
    if m:
        service = m.group(1)
    target = headers.get("X-Amz-Target")
    if target:
        return service, target.split(".")[-1]
    if body and headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return service, form["Action"][0]
    query = urllib.parse.urlparse(path).query
    if "Action=" in query:
        return service, urllib.parse.parse_qs(query)["Action"][0]
    # rest-xml (Route 53): name the call by method and path shape.
    shape = re.sub(r"/(hostedzone|change|healthcheck|delegationset)/[^/?]+", r"/\1/{Id}", urllib.parse.urlparse(path).path)
    return service, method + " " + shape


def is_mutating(method, operation):
    if " " in operation:  # rest-xml
        return method in ("POST", "PUT", "DELETE", "PATCH")
    return not operation.startswith(READ_PREFIXES)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None

    def log_message(self, fmt, *args):  # keep the test output clean
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, payload, content_type="application/json", extra=None):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _control(self, body):
        if self.path.startswith(CONTROL + "requests"):
            with STATE.lock:
                if self.command == "DELETE":
                    STATE.log.clear()
                    return self._send(200, {"cleared": True})
                return self._send(200, list(STATE.log))
        if self.path.startswith(CONTROL + "faults"):
            with STATE.lock:
                if self.command == "PUT":
                    STATE.faults = json.loads(body or b"{}")
                    STATE.forwarded = 0
                    STATE.injected = 0
                    STATE.by_kind = {}
                    STATE.mutating_passed = 0
                    STATE.lost_once = set()
                    STATE.rng = random.Random(STATE.faults.get("seed", 1))
                return self._send(200, {"faults": STATE.faults, "injected": STATE.injected, "forwarded": STATE.forwarded,
                                        "injectedByKind": dict(STATE.by_kind)})
        return self._send(404, {"error": "unknown control path"})

    def _fault(self, mutating, operation):
        """Decides whether to inject a fault into this request; returns its kind or None."""
        f = STATE.faults
        if not f:
            return None
        with STATE.lock:
            STATE.forwarded += 1
            kind = None
            if operation in f.get("loseFirst", []) and operation not in STATE.lost_once:
                STATE.lost_once.add(operation)
                kind = "lost"
            elif "failAfter" in f and STATE.forwarded > int(f["failAfter"]):
                kind = f.get("afterKind", "503")
            elif "failAfterMutating" in f and STATE.mutating_passed >= int(f["failAfterMutating"]):
                kind = f.get("afterKind", "503")
            elif (mutating or not f.get("mutatingOnly")) and STATE.rng.random() < float(f.get("rate", 0)):
                kind = STATE.rng.choice(f.get("kinds", ["503"]))
            if kind in (None, "slow", "lost") and mutating:  # these still reach the backend
                STATE.mutating_passed += 1
            if kind is None:
                return None
            STATE.injected += 1
            STATE.by_kind[kind] = STATE.by_kind.get(kind, 0) + 1
            return kind

    def _handle(self):
        body = self._body()
        if self.path.startswith(CONTROL):
            return self._control(body)
        if self.path.startswith("/moto-api"):
            return self._forward(body, None)
        service, operation = classify(self.command, self.path, self.headers, body)
        entry = {"method": self.command, "path": self.path, "service": service, "operation": operation,
                 "mutating": is_mutating(self.command, operation), "status": None, "fault": None,
                 "peer": self.client_address[1]}
        fault = self._fault(entry["mutating"], operation)
        with STATE.lock:
            STATE.log.append(entry)
        latency = STATE.faults.get("latencyMs") if STATE.faults else None
        if latency:  # every call pays a distant region's round trip (benchmarks)
            time.sleep(float(latency) / 1000)
        if fault == "drop":
            entry["fault"] = fault
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault == "throttle":
            entry["fault"] = fault
            entry["status"] = 400
            return self._send(400, {"__type": "ThrottlingException", "message": "Rate exceeded"},
                              "application/x-amz-json-1.1", {"x-amzn-RequestId": "proxy-throttle"}) \
                if self.headers.get("X-Amz-Target") else self._send(
                    400, b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
                         b"</Message></Error><RequestId>proxy-throttle</RequestId></ErrorResponse>", "text/xml")
        if fault == "denied":  # a final client error (revoked permission, expired credentials): never retried
            entry["fault"] = fault
            entry["status"] = 403
            if self.headers.get("X-Amz-Target"):
                return self._send(403, {"__type": "AccessDeniedException", "message": "injected: access denied"},
                                  "application/x-amz-json-1.1", {"x-amzn-RequestId": "proxy-denied"})
            return self._send(403, b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>injected:"
                                   b" access denied</Message></Error><RequestId>proxy-denied</RequestId></ErrorResponse>",
                              "text/xml")
        if fault in ("500", "503"):
            entry["fault"] = fault
            entry["status"] = int(fault)
            return self._send(int(fault), b"service unavailable", "text/plain")
        if fault == "slow":
            entry["fault"] = fault
            time.sleep(float(STATE.faults.get("slowSeconds", 2)))
        if fault == "lost":  # the backend acts, but the answer never arrives (a timeout after the fact)
            entry["fault"] = fault
            self._forward(body, entry, deliver=False)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._forward(body, entry)

    def _forward(self, body, entry, deliver=True):
        conn = http.client.HTTPConnection(self.upstream[0], self.upstream[1], timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if entry is not None:
            entry["status"] = resp.status
        conn.close()
        if not deliver:
            return
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--port", type=int, default=0)
    a = p.parse_args()
    u = urllib.parse.urlparse(a.upstream)
    Handler.upstream = (u.hostname, u.port or 80)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
