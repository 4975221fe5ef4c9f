#!/usr/bin/env python3
"""A logging (and optionally fault-injecting) HTTP proxy in front of moto_server or LocalStack, with the layer of
documented AWS behaviour (aws_behaviour.py) on by default.

Tests count the requests the module really sent, instead of trusting the module's own account:
  GET    /__aotech/requests   -> JSON list of {method, path, service, operation, action, caller, mutating, status, fault,
                                 behaviour, peer}
                                 (peer: the client's TCP port, so tests can tell which connection carried a request;
                                 behaviour: the AWS behaviour that answered or rewrote the answer, if any;
                                 action: the operation's name in its service model, for REST calls too (Route 53);
                                 caller: the module's command that sent it, from "app/AoTech.Ecs#<command>" in the
                                 User-Agent, "" for another module call, None for calls that are not the module's)
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
  GET    /__aotech/behaviour  -> {"enabled", "windows": {behaviour: seconds}, "off": [...], "acted": {behaviour: n}, "changes"}
  PUT    /__aotech/behaviour  -> JSON {"enabled": bool, "window": s, "windows": {behaviour: s}, "off": [behaviour, ...],
                                       "capacityProviderDeleteFails": "reason"} (the last makes deletions end DELETE_FAILED)
  DELETE /__aotech/behaviour  -> forgets what the layer saw (as moto's reset does)
Faults come first: a request the proxy fails (throttle, 5xx, drop, denied) never reaches "AWS", so the layer does not
see it; one whose answer is lost ("lost") is seen and acted on, as AWS would. Everything else is forwarded to --upstream
(through the layer). --behaviour off (or AOTECH_TEST_AWS_BEHAVIOUR=off in the harness) leaves moto as it is.
  GET    /__aotech/ecs-deployments -> the model of ECS service deployments (ecs_deployments.py): {enabled, settings, acted}
  PUT    /__aotech/ecs-deployments -> JSON {"enabled": bool, "minute": s, "taskStart": s, "taskFailure": s, "stage": s}
  DELETE /__aotech/ecs-deployments -> forgets the services it follows (moto's reset does too)
With --service-deployments on, ECS calls the layer lets through go to that model, which answers the service-deployment
APIs moto lacks and rewrites moto's answers where ECS would differ; the layer then sees its answer as moto's. For a
blue/green-family service with a load balancer it moves the listener rules' forward weights in moto as ECS does
(ecs_load_balancing.py); DescribeRules through the layer first brings every deployment up to date.
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
import uuid
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aws_behaviour import Behaviour, Call
from ecs_deployments import NAME as ECS_DEPLOYMENTS, EcsDeployments
from ecs_load_balancing import Moto

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
# Every call of the module, appended as one JSON line {service, action, caller} to the file AOTECH_TEST_ACTION_LOG
# names (a whole test run's record, which the tests' own clearing of the log above does not touch). The run's last
# check holds each line against the IAM policy of the command that made the call (tests/PolicyCheck/).
ACTION_LOG = os.environ.get("AOTECH_TEST_ACTION_LOG")
ACTION_LOG_LOCK = threading.Lock()
USER_AGENT_CALLER = re.compile(r"(?:^|\s)app/AoTech\.Ecs#(\S+)")
BEHAVIOUR = Behaviour()
ECS_MODEL = EcsDeployments()
ECS_TARGET = "AmazonEC2ContainerServiceV20141113."


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


_REST_OPERATIONS = {}


def rest_operation(service, method, path):
    """The model's name of a REST call (Route 53's ListHostedZonesByName for GET /2013-04-01/hostedzonesbyname), read
    from the botocore model of the service; None when botocore or a match is missing."""
    if service not in _REST_OPERATIONS:
        table = []
        try:
            import botocore.session
            model = botocore.session.get_session().get_service_model(service)
            for name in model.operation_names:
                http = model.operation_model(name).http
                uri = http["requestUri"].split("?")[0].rstrip("/")
                pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(uri))
                table.append((http["method"], re.compile("^" + pattern + "/?$"), name))
        except Exception:  # botocore absent or a model it lacks: the shape stays the name
            table = []
        _REST_OPERATIONS[service] = table
    bare = urllib.parse.urlparse(path).path
    return next((name for m, rx, name in _REST_OPERATIONS[service] if m == method and rx.match(bare)), None)


def caller_of(headers):
    """The module's command that sent a request ("" for a module call without one), or None for anyone else's."""
    agent = headers.get("User-Agent", "")
    m = USER_AGENT_CALLER.search(agent)
    if m:
        return m.group(1)
    return "" if agent.startswith("AoTech.Ecs/") else None


def record_action(entry):
    if not ACTION_LOG or entry["caller"] is None:
        return
    line = json.dumps({"service": entry["service"], "action": entry["action"], "caller": entry["caller"]}) + "\n"
    with ACTION_LOG_LOCK, open(ACTION_LOG, "a", encoding="utf-8") as f:
        f.write(line)


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
        if self.path.startswith(CONTROL + "behaviour"):
            if self.command == "PUT":
                BEHAVIOUR.configure(json.loads(body or b"{}"))
            elif self.command == "DELETE":
                BEHAVIOUR.reset()
            return self._send(200, BEHAVIOUR.state())
        if self.path.startswith(CONTROL + "ecs-deployments"):
            if self.command == "PUT":
                ECS_MODEL.configure(json.loads(body or b"{}"))
            elif self.command == "DELETE":
                ECS_MODEL.reset()
            return self._send(200, ECS_MODEL.state())
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
            if self.path.startswith("/moto-api/reset"):
                BEHAVIOUR.reset()
                ECS_MODEL.reset()
            return self._forward(body, None)
        service, operation = classify(self.command, self.path, self.headers, body)
        entry = {"method": self.command, "path": self.path, "service": service, "operation": operation,
                 "mutating": is_mutating(self.command, operation), "status": None, "fault": None, "behaviour": None,
                 "peer": self.client_address[1], "caller": caller_of(self.headers),
                 "action": (rest_operation(service, self.command, self.path) or operation) if " " in operation else operation}
        record_action(entry)
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
            self._through_layer(body, entry, service, operation, deliver=False)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._through_layer(body, entry, service, operation)

    def _through_layer(self, body, entry, service, operation, deliver=True):
        """AWS as documented: the layer answers where AWS would refuse, else moto does and the layer may rewrite."""
        call = Call(self.command, self.path, self.headers, body, service, operation)
        if service == "elasticloadbalancing" and operation == "DescribeRules" and ECS_MODEL.enabled:
            # The rules show the traffic the model's deployments have shifted by now, as ECS would have shifted it.
            ECS_MODEL.settle()
        try:
            self._answer(call, entry, body, deliver)
        finally:
            BEHAVIOUR.release(call)

    def _answer(self, call, entry, body, deliver):
        answer = BEHAVIOUR.before(call)
        if answer is not None:
            entry["status"] = answer.status
            entry["behaviour"] = answer.headers.get("x-aotech-behaviour")
            if deliver:
                self._send(answer.status, answer.body, answer.content_type, answer.headers)
            return
        status, headers, data, modelled = self._backend(body)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "text/xml")
        status, content_type, data, acted = BEHAVIOUR.after(call, status, content_type, data)
        entry["status"] = status
        entry["behaviour"] = acted or modelled
        if deliver:
            self._reply(status, [(k, v) for k, v in headers if k.lower() != "content-type"] + [("Content-Type", content_type)], data)

    def _backend(self, body):
        """moto, with the model of ECS service deployments in front of its ECS; the last value names the model if it acted."""
        target = self.headers.get("X-Amz-Target") or ""
        if target.startswith(ECS_TARGET) and ECS_MODEL.enabled:
            return self._through_ecs_model(body, target[len(ECS_TARGET):])
        return self._upstream(body) + (None,)

    def _through_ecs_model(self, body, operation):
        """ECS as documented for the services the model follows: it answers, or rewrites moto's answer, or neither."""
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        json_headers = [("Content-Type", "application/x-amz-json-1.1")]
        answered = ECS_MODEL.answer(operation, params)
        if answered is not None:
            status, doc = answered
            return (status, json_headers + [("x-amzn-RequestId", "behaviour-" + str(uuid.uuid4()))],
                    json.dumps(doc).encode(), ECS_DEPLOYMENTS)
        status, headers, data = self._upstream(body)
        try:
            doc = json.loads(data or b"{}") if status == 200 else None
        except ValueError:
            doc = None
        rewritten = ECS_MODEL.rewrite(operation, params, status, doc) if doc is not None else None
        if rewritten is None:
            return status, headers, data, None
        kept = [(k, v) for k, v in headers if k.lower() != "content-type"]
        return status, kept + json_headers, json.dumps(rewritten).encode(), ECS_DEPLOYMENTS

    def _upstream(self, body):
        conn = http.client.HTTPConnection(self.upstream[0], self.upstream[1], timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, resp.getheaders(), data

    def _reply(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _forward(self, body, entry):
        status, headers, data = self._upstream(body)
        if entry is not None:
            entry["status"] = status
        self._reply(status, headers, data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--behaviour", choices=["on", "off"], default="on",
                   help="the layer of documented AWS behaviour (aws_behaviour.py): on unless turned off")
    p.add_argument("--window", type=float, default=1.0, help="seconds each behaviour lasts (e.g. a new role refused)")
    p.add_argument("--windows", default="{}", help='JSON {"behaviour": seconds} overriding --window for some')
    p.add_argument("--service-deployments", choices=["on", "off"], default="off",
                   help="the model of ECS service deployments (ecs_deployments.py) in front of moto's ECS")
    a = p.parse_args()
    BEHAVIOUR.configure({"enabled": a.behaviour == "on", "window": a.window, "windows": json.loads(a.windows)})
    ECS_MODEL.configure({"enabled": a.service_deployments == "on"})
    u = urllib.parse.urlparse(a.upstream)
    Handler.upstream = (u.hostname, u.port or 80)
    # ECS reads and changes ELB and IAM itself: the layer's checks and the model's traffic shifts go to moto straight.
    BEHAVIOUR.moto = ECS_MODEL.traffic = Moto(u.hostname, u.port or 80)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
