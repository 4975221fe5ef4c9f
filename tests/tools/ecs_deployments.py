"""The life of an ECS service deployment, as the ECS documentation describes it, for the test layer in front of moto.

moto has none of the service-deployment APIs (ListServiceDeployments, DescribeServiceDeployments,
StopServiceDeployment, ContinueServiceDeployment, DescribeServiceRevisions), ignores deploymentConfiguration's
strategy fields, and keeps a service's one deployment as it was created. This model follows what each tracked
service is asked to do (CreateService and UpdateService through the layer, with their deploymentConfiguration and
deploymentController) and runs the service deployments that follow: rolling with the circuit breaker, blue/green with
bake time, canary and linear traffic steps with their bake times, PAUSE lifecycle hooks, stops and rollbacks. It
answers the service-deployment APIs itself and rewrites DescribeServices, ListTasks and DescribeTasks where ECS would
answer differently from moto. Services it never saw created or updated are left to moto.

For a blue/green-family service with a load balancer (loadBalancers[].advancedConfiguration), the model moves traffic
as ECS does, in moto's ELBv2: the test listener rule forwards to the green target group at TEST_TRAFFIC_SHIFT, the
production listener rule's forward weights follow the production traffic shift (all at once, canary, linear steps),
a successful deployment leaves both rules 100% on the green target group, which is then the live one (the next
deployment goes the other way), and a rollback returns both to the blue one. The weights written are those
DescribeServiceDeployments reports (whole percentages on the rule: ELB weights are integers).

Time is scaled so tests stay short: a documented minute (bake times, canary and linear step bake times, hook
timeouts) lasts `minute` seconds, a task takes `taskStart` seconds to start and pass its health checks, a failing task
is stopped after `taskFailure` seconds, and each transitional stage lasts `stage` seconds.

The layer runs no containers. What a revision's tasks would do comes from the environment variable
AOTECH_TEST_TASK_FATE in any of its containers: `healthy` (the default), `unhealthy` (the container health check
fails, so ECS stops and replaces the task), or `exits` (the essential container exits with code 1). The model learns a
revision's containers from RegisterTaskDefinition and DescribeTaskDefinition calls that pass through the layer.

Each transition, the documentation page it follows and the tests that meet it: tests/AwsBehaviour.Catalogue.md
(section "serviceDeployments"). The interface is narrow, on JSON documents only:
    answer(operation, params)                 -> (status, body) when the model answers instead of moto, else None
    rewrite(operation, params, status, body)  -> the body as ECS would answer it, or None to leave moto's
    configure(settings), state(), reset()
Python standard library only.
"""
import math
import random
import string
import threading
import time
import uuid

import ecs_load_balancing

NAME = "serviceDeployments"
FATE_VARIABLE = "AOTECH_TEST_TASK_FATE"
# ECS keeps stopped tasks for a while; ListTasks returns at most 100 a page.
MAX_STOPPED_TASKS = 100
DEFAULTS = {"minute": 1.0, "taskStart": 0.6, "taskFailure": 0.3, "stage": 0.15}

# ServiceDeploymentStatus: which of them are ongoing and which are completed (service-deployment.html).
ONGOING = ("PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS")
COMPLETED = ("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED")
BLUE_GREEN_FAMILY = ("BLUE_GREEN", "CANARY", "LINEAR")
# The lifecycle stages of a blue/green-family deployment, in order (API_ServiceDeployment.html, lifecycleStage).
STAGES = ("RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
          "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP")
# Hook stages that are not lifecycle stages of their own run where the next stage begins.
HOOK_STAGE_AT = {"PRE_PRODUCTION_TRAFFIC_SHIFT": "PRODUCTION_TRAFFIC_SHIFT"}
# deployment-lifecycle-hooks.html, pause-lifecycle-hooks.html (Constraints): no PAUSE hook at these stages (they also run
# during a rollback).
NO_PAUSE_STAGES = ("TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT")
# API_DeploymentLifecycleHookTimeoutConfiguration.html: a hook times out after 1440 minutes, then ECS rolls back.
HOOK_TIMEOUT_MINUTES, HOOK_TIMEOUT_ACTION = 1440, "ROLLBACK"
# migrate-code-deploy-to-ecs-blue-green.html: a deployment whose rules do not carry both target groups is rolled back.
NETWORKING_REASON = ("Service deployment rolled back because of invalid networking configuration. Both targetGroup and "
                     "alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.")
# Operations that start a deployment when their parameter is given (service-deployment.html: "A user updates one or
# more service properties that require a deployment").
DEPLOYING_PARAMETERS = ("loadBalancers", "networkConfiguration", "capacityProviderStrategy", "platformVersion",
                        "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations",
                        "placementConstraints", "placementStrategy")


def _error(code, message):
    return 400, {"__type": code, "message": message}


def _rid(n=22):
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(random.choice(alphabet) for _ in range(n))


class Revision:
    """A service revision: the task definition (and fate of its tasks) a deployment deploys."""

    def __init__(self, arn, task_definition, fate, created):
        self.arn, self.task_definition, self.fate, self.created = arn, task_definition, fate, created


class Deployment:
    """One service deployment with the internal timeline the model steps it along."""

    def __init__(self, service, arn, ecs_id, target, sources, config, created, desired):
        self.service = service
        self.arn, self.ecs_id = arn, ecs_id
        self.target, self.sources = target, sources
        self.config = config
        self.strategy = (config.get("strategy") or "ROLLING").upper()
        self.created = self.updated = created
        self.started = self.finished = self.stopped = None
        self.status, self.reason = "PENDING", None
        self.stage = None
        self.phase, self.until = "pending", created
        self.desired = desired
        self.running = 0                 # target revision tasks running
        self.old_running = desired if sources else 0  # source revision tasks running
        self.failed_tasks = 0
        self.prod_weight, self.test_weight = (100.0, 100.0) if not sources else (0.0, 0.0)
        self.hooks = []                  # lifecycleHookDetails
        self.pending_hooks = []          # hook details of the current stage not yet done
        self.rollback = None
        self.rollback_ecs_id = None
        self.rolled_back_at = None
        breaker = config.get("deploymentCircuitBreaker") or {}
        self.breaker_on = bool(breaker.get("enable")) and self.strategy in ("ROLLING", "BLUE_GREEN")
        self.breaker_rollback = bool(breaker.get("rollback"))
        # deployment-circuit-breaker: threshold = 0.5 * desired task count, at least 3 and at most 200.
        self.threshold = min(200, max(3, int(math.ceil(0.5 * max(desired, 0)))))
        self.breaker_status = "MONITORING" if self.breaker_on else "DISABLED"
        self.steps = []                  # production traffic weights still to shift to (canary, linear)
        self.shifting = False            # the production traffic shift has begun (its steps are set)
        self.reconcile = False
        self.blue = self.green = None    # target groups traffic moves from and to (a service with a load balancer)

    @property
    def ongoing(self):
        return self.status in ONGOING

    def to_json(self):
        revision = {"arn": self.target.arn, "requestedTaskCount": self.desired, "runningTaskCount": self.running,
                    "pendingTaskCount": max(0, self.desired - self.running) if self.status in ("IN_PROGRESS", "PENDING") else 0}
        sources = [{"arn": s.arn, "requestedTaskCount": self.desired if self.old_running else 0,
                    "runningTaskCount": self.old_running, "pendingTaskCount": 0} for s in self.sources]
        if self.strategy in BLUE_GREEN_FAMILY:
            revision["requestedProductionTrafficWeight"] = self.prod_weight
            revision["requestedTestTrafficWeight"] = self.test_weight
            for s in sources:
                s["requestedProductionTrafficWeight"] = 100.0 - self.prod_weight
                s["requestedTestTrafficWeight"] = 100.0 - self.test_weight
        body = {"serviceDeploymentArn": self.arn, "serviceArn": self.service.arn, "clusterArn": self.service.cluster_arn,
                "createdAt": self.created, "updatedAt": self.updated, "sourceServiceRevisions": sources,
                "targetServiceRevision": revision, "status": self.status,
                "deploymentConfiguration": self.config,
                "deploymentCircuitBreaker": {"status": self.breaker_status, "failureCount": self.failed_tasks,
                                             "threshold": self.threshold},
                "alarms": {"status": "DISABLED"}}
        for key, value in (("startedAt", self.started), ("finishedAt", self.finished), ("stoppedAt", self.stopped),
                           ("statusReason", self.reason), ("lifecycleStage", self.stage), ("rollback", self.rollback)):
            if value is not None:
                body[key] = value
        if self.hooks:
            body["lifecycleHookDetails"] = [dict(h) for h in self.hooks]
        return body

    def brief(self):
        body = {"serviceDeploymentArn": self.arn, "serviceArn": self.service.arn, "clusterArn": self.service.cluster_arn,
                "createdAt": self.created, "targetServiceRevisionArn": self.target.arn, "status": self.status}
        for key, value in (("startedAt", self.started), ("finishedAt", self.finished), ("statusReason", self.reason)):
            if value is not None:
                body[key] = value
        return body


class Service:
    def __init__(self, arn, name, cluster_arn, created):
        self.arn, self.name, self.cluster_arn, self.created = arn, name, cluster_arn, created
        self.config = {}
        self.controller = {"type": "ECS"}
        self.desired = 0
        self.deployments = []            # oldest first
        self.revisions = []
        self.events = []                 # newest first
        self.stopped_tasks = []          # DescribeTasks shapes, newest first
        self.task_definition = None
        self.scaled_at = None            # a desired-count change of a settled service takes effect then
        self.balancing = None            # {"pair", "production", "test"}: the target groups and rules ECS shifts traffic on
        self.live = None                 # the target group production traffic goes to between deployments

    @property
    def region(self):
        return self.arn.split(":")[3]

    @property
    def account(self):
        return self.arn.split(":")[4]

    @property
    def cluster(self):
        return self.cluster_arn.rsplit("/", 1)[-1]

    @property
    def current(self):
        return self.deployments[-1] if self.deployments else None


class EcsDeployments:
    """The model; thread-safe. `clock` is injectable so the timeline can be tested without sleeping."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.lock = threading.RLock()
        self.enabled = True
        self.settings = dict(DEFAULTS)
        self.traffic = None              # ecs_load_balancing.Moto: where traffic shifts are written (None: nowhere)
        self.reset()

    # ---- control ----

    def reset(self):
        with self.lock:
            self.services = {}           # (cluster name, service name) -> Service
            self.task_definitions = {}   # task definition ARN -> fate
            self.acted = 0

    def configure(self, settings):
        with self.lock:
            if "enabled" in settings:
                self.enabled = bool(settings["enabled"])
            for key in DEFAULTS:
                if key in settings:
                    self.settings[key] = float(settings[key])

    def state(self):
        with self.lock:
            return {"enabled": self.enabled, "settings": dict(self.settings), "acted": self.acted,
                    "services": sorted("%s/%s" % k for k in self.services)}

    def settle(self):
        """Brings every deployment up to now (before a read of what they change outside ECS: the listener rules)."""
        if not self.enabled:
            return
        with self.lock:
            now = self.clock()
            for svc in list(self.services.values()):
                self._advance(svc, now)

    # ---- the interface ----

    def answer(self, operation, params):
        if not self.enabled:
            return None
        handler = getattr(self, "_answer_" + operation, None)
        if handler is None:
            return None
        with self.lock:
            now = self.clock()
            result = handler(params or {}, now)
            if result is not None:
                self.acted += 1
            return result

    def rewrite(self, operation, params, status, body):
        if not self.enabled or status != 200:
            return None
        handler = getattr(self, "_rewrite_" + operation, None)
        if handler is None:
            return None
        with self.lock:
            now = self.clock()
            result = handler(params or {}, body or {}, now)
            if result is not None:
                self.acted += 1
            return result

    # ---- what ECS refuses of a service's deployment configuration ----

    def _answer_CreateService(self, params, now):
        return self._refused_hooks(params.get("deploymentConfiguration"))

    def _answer_UpdateService(self, params, now):
        return self._refused_hooks(params.get("deploymentConfiguration"))

    def _refused_hooks(self, config):
        for hook in (config or {}).get("lifecycleHooks") or []:
            if (hook.get("targetType") or "").upper() != "PAUSE":
                continue
            stages = [s for s in hook.get("lifecycleStages") or [] if s in NO_PAUSE_STAGES]
            if stages:
                return _error("InvalidParameterException", "PAUSE hooks cannot be configured at %s." % ", ".join(stages))
        return None

    # ---- task definitions: what a revision's tasks would do ----

    def _learn(self, task_definition):
        arn = task_definition.get("taskDefinitionArn")
        if not arn:
            return
        fate = "healthy"
        for container in task_definition.get("containerDefinitions") or []:
            for variable in container.get("environment") or []:
                if variable.get("name") == FATE_VARIABLE and variable.get("value"):
                    fate = variable["value"].strip().lower()
        self.task_definitions[arn] = fate

    def _rewrite_RegisterTaskDefinition(self, params, body, now):
        self._learn(body.get("taskDefinition") or {})
        return None

    _rewrite_DescribeTaskDefinition = _rewrite_RegisterTaskDefinition

    def _fate(self, arn):
        return self.task_definitions.get(arn, "healthy")

    # ---- services: what they are asked to do ----

    def _key(self, cluster, service):
        return ((cluster or "default").rsplit("/", 1)[-1], (service or "").rsplit("/", 1)[-1])

    def _service(self, cluster, service):
        return self.services.get(self._key(cluster, service))

    def _rewrite_CreateService(self, params, body, now):
        made = body.get("service") or {}
        if not made.get("serviceArn"):
            return None
        svc = Service(made["serviceArn"], made.get("serviceName") or params.get("serviceName"),
                      made.get("clusterArn") or "", now)
        svc.config = self._effective_config({}, params.get("deploymentConfiguration"))
        svc.controller = params.get("deploymentController") or {"type": "ECS"}
        svc.desired = int(params.get("desiredCount") or 0)
        svc.task_definition = made.get("taskDefinition") or params.get("taskDefinition")
        self._learn_balancing(svc, params.get("loadBalancers"))
        self.services[self._key(params.get("cluster"), svc.name)] = svc
        if svc.controller.get("type", "ECS") == "ECS" and svc.task_definition:
            # service-deployment.html: ECS creates a service deployment when a user creates a service.
            self._start(svc, svc.task_definition, now)
        return {"service": self._describe(svc, made, now)}

    def _rewrite_UpdateService(self, params, body, now):
        answered = body.get("service") or {}
        svc = self._service(params.get("cluster"), params.get("service"))
        if svc is None:
            if not answered.get("serviceArn"):
                return None
            svc = self._adopt(params, answered, now)
        self._advance(svc, now)
        if params.get("loadBalancers") is not None:
            self._learn_balancing(svc, params["loadBalancers"])
        previous = svc.task_definition
        if params.get("deploymentConfiguration") is not None:
            svc.config = self._effective_config(svc.config, params["deploymentConfiguration"])
        if params.get("deploymentController"):
            svc.controller = params["deploymentController"]
        if params.get("desiredCount") is not None:
            svc.desired = int(params["desiredCount"])
            current = svc.current
            if current is not None:
                current.desired = svc.desired
                if not current.ongoing:
                    svc.scaled_at = now + self.settings["taskStart"]
        if params.get("taskDefinition"):
            svc.task_definition = answered.get("taskDefinition") or params["taskDefinition"]
        deploys = (svc.task_definition != previous or bool(params.get("forceNewDeployment"))
                   or any(params.get(k) is not None for k in DEPLOYING_PARAMETERS))
        if deploys and svc.controller.get("type", "ECS") == "ECS":
            self._start(svc, svc.task_definition, now)
        return {"service": self._describe(svc, answered, now)}

    def _adopt(self, params, answered, now):
        """A service created past the layer, updated through it: moto's one deployment is its completed first one."""
        svc = Service(answered["serviceArn"], answered.get("serviceName"), answered.get("clusterArn") or "",
                      _epoch(answered.get("createdAt")) or now)
        svc.desired = int(answered.get("desiredCount") or 0)
        first = (answered.get("deployments") or [{}])[0]
        original = first.get("taskDefinition") or answered.get("taskDefinition")
        svc.task_definition = original
        svc.config = self._effective_config({}, answered.get("deploymentConfiguration"))
        svc.controller = answered.get("deploymentController") or {"type": "ECS"}
        self._learn_balancing(svc, answered.get("loadBalancers"))
        self.services[self._key(params.get("cluster"), svc.name)] = svc
        if original:
            created = _epoch(first.get("createdAt")) or svc.created
            d = self._new_deployment(svc, original, created, ecs_id=first.get("id"))
            d.status, d.started, d.finished, d.updated = "SUCCESSFUL", created, created, created
            d.running, d.old_running, d.phase, d.until = svc.desired, 0, "done", None
            d.prod_weight = d.test_weight = 100.0
            d.stage = "CLEAN_UP" if d.strategy in BLUE_GREEN_FAMILY else None
        return svc

    def _learn_balancing(self, svc, load_balancers):
        """The target groups and listener rules ECS shifts the service's traffic on (alb-resources-for-blue-green.html)."""
        lb = ecs_load_balancing.balancing(load_balancers)
        advanced = (lb or {}).get("advancedConfiguration") or {}
        if not advanced.get("alternateTargetGroupArn") or not advanced.get("productionListenerRule"):
            svc.balancing = svc.live = None
            return
        pair = (lb["targetGroupArn"], advanced["alternateTargetGroupArn"])
        before = svc.balancing
        svc.balancing = {"pair": pair, "production": advanced["productionListenerRule"], "test": advanced.get("testListenerRule")}
        if before is None or set(before["pair"]) != set(pair) or svc.live not in pair:
            # The two target groups are interchangeable: the live one is the one the production rule forwards to.
            live = self.traffic.live_target_group(svc.balancing["production"], pair) if self.traffic else None
            svc.live = live or pair[0]

    def _rules_carry_both(self, svc):
        """Whether the production and test rules forward, between them, to both of the service's target groups."""
        balancing = svc.balancing
        if self.traffic is None or balancing is None:
            return True
        carried = set()
        for rule in (balancing["production"], balancing.get("test")):
            if rule:
                carried |= {g for a in self.traffic.rule(rule) or [] if a["type"] == "forward" for g, _ in a["groups"]}
        return set(balancing["pair"]) <= carried

    def _route(self, d):
        """Writes the deployment's traffic weights to the listener rules, as ECS does with ModifyRule."""
        balancing = d.service.balancing
        if self.traffic is None or d.blue is None or balancing is None:
            return
        self.traffic.forward(balancing["production"], [(d.blue, 100.0 - d.prod_weight), (d.green, d.prod_weight)])
        if balancing.get("test"):
            self.traffic.forward(balancing["test"], [(d.blue, 100.0 - d.test_weight), (d.green, d.test_weight)])

    def _effective_config(self, current, given):
        config = dict(current or {})
        for key, value in (given or {}).items():
            config[key] = value
        config.setdefault("maximumPercent", 200)
        config.setdefault("minimumHealthyPercent", 100)
        config.setdefault("strategy", "ROLLING")
        config.setdefault("deploymentCircuitBreaker", {"enable": False, "rollback": False})
        return config

    def _rewrite_DeleteService(self, params, body, now):
        # service-deployment.html: "When you delete a service, Amazon ECS deletes the service deployments."
        self.services.pop(self._key(params.get("cluster"), params.get("service")), None)
        return None

    # ---- starting and stepping deployments ----

    def _new_deployment(self, svc, task_definition, now, ecs_id=None):
        revision = Revision("arn:aws:ecs:%s:%s:service-revision/%s/%s/%d" % (
            svc.region, svc.account, svc.cluster, svc.name, random.randint(10 ** 18, 10 ** 19 - 1)),
            task_definition, self._fate(task_definition), now)
        svc.revisions.append(revision)
        previous = svc.current
        sources = []
        if previous is not None:
            if previous.ongoing and previous.status not in ("ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"):
                sources = list(previous.sources) + [previous.target]
            elif previous.status in ("ROLLBACK_SUCCESSFUL",) or (previous.ongoing and previous.rollback):
                sources = list(previous.sources[-1:])
            elif previous.status == "SUCCESSFUL":
                sources = [previous.target]
            else:
                sources = list(previous.sources) + ([previous.target] if previous.running else [])
        arn = "arn:aws:ecs:%s:%s:service-deployment/%s/%s/%s" % (svc.region, svc.account, svc.cluster, svc.name, _rid())
        d = Deployment(svc, arn, ecs_id or "ecs-svc/%019d" % random.randint(0, 10 ** 19 - 1), revision, sources,
                       _copy(svc.config), now, svc.desired)
        if previous is not None:
            d.old_running = previous.running if previous.status == "SUCCESSFUL" else max(previous.running, previous.old_running)
        if svc.balancing and sources and d.strategy in BLUE_GREEN_FAMILY:
            # alb-resources-for-blue-green.html: the green revision registers with the target group production traffic
            # does not go to; the two swap roles on every deployment. Between deployments that is the one the production
            # rule forwards to; while one is under way (a newer deployment reconciles), the one it shifts from.
            if self.traffic is not None and not (previous is not None and previous.ongoing):
                svc.live = self.traffic.live_target_group(svc.balancing["production"], svc.balancing["pair"]) or svc.live
            d.blue = svc.live
            d.green = next(g for g in svc.balancing["pair"] if g != svc.live)
        svc.deployments.append(d)
        return d

    def _start(self, svc, task_definition, now):
        previous = svc.current
        d = self._new_deployment(svc, task_definition, now)
        if previous is not None and previous.ongoing:
            # A deployment started while another one runs: ECS reconciles the ACTIVE revisions (RECONCILE_SERVICE,
            # API_ServiceDeployment.html); the earlier deployment does not go on. What becomes of it is not documented:
            # the model stops it (STOPPED is the completed state of a deployment that neither succeeded nor rolled back).
            previous.status, previous.stopped, previous.finished = "STOPPED", now, now
            previous.reason = "Service deployment stopped: a newer service deployment %s started." % d.arn
            previous.updated, previous.phase, previous.until = now, "done", None
            d.reconcile = True
        d.until = now + self.settings["stage"]
        return d

    def _advance(self, svc, now):
        """Steps every ongoing deployment of the service to `now`, one due transition at a time."""
        for d in list(svc.deployments):
            guard = 0
            while d.ongoing and d.until is not None and now >= d.until and guard < 10000:
                guard += 1
                at = d.until
                d.updated = at
                getattr(self, "_phase_" + d.phase)(d, at)
            for hook in d.hooks:
                if hook.get("status") == "AWAITING_ACTION" and hook.get("expiresAt") and now >= hook["expiresAt"]:
                    self._hook_timed_out(d, hook, hook["expiresAt"])
        if svc.scaled_at is not None and now >= svc.scaled_at:
            current = svc.current
            if current is not None and not current.ongoing:
                current.running = svc.desired
            svc.scaled_at = None

    def _event(self, svc, at, message):
        svc.events.insert(0, {"id": str(uuid.uuid4()), "createdAt": at, "message": "(service %s) %s" % (svc.name, message)})

    # Phases. Each sets d.phase and d.until (None: waits for an action, such as ContinueServiceDeployment).

    def _phase_pending(self, d, at):
        # service-deployment.html: a deployment starts PENDING, then IN_PROGRESS.
        d.status, d.started = "IN_PROGRESS", at
        if d.strategy in BLUE_GREEN_FAMILY and not self._rules_carry_both(d.service):
            d.blue = d.green = None  # the rules stay as they are: ECS moves no traffic on them
            self._request_rollback(d, at, NETWORKING_REASON)
            return
        if d.strategy in BLUE_GREEN_FAMILY:
            self._enter_stage(d, "RECONCILE_SERVICE" if d.reconcile else "PRE_SCALE_UP", at)
        else:
            self._begin_scale_up(d, at)

    def _begin_scale_up(self, d, at):
        d.phase = "scaling"
        self._event(d.service, at, "has started %d tasks: %s." % (
            d.desired, " ".join("(task %s)" % uuid.uuid4().hex for _ in range(max(d.desired, 0)))))
        if d.target.fate == "healthy" or d.desired == 0:
            d.until = at + self.settings["taskStart"]
        else:
            d.until = at + self.settings["taskFailure"]

    def _phase_scaling(self, d, at):
        if d.target.fate == "healthy" or d.desired == 0:
            d.running = d.desired
            if d.strategy in BLUE_GREEN_FAMILY:
                self._leave_stage(d, at)
            else:
                # deployment-type-ecs.html: the old tasks are stopped once the new ones are healthy.
                d.phase, d.until = "draining", at + self.settings["stage"]
            return
        self._task_failed(d, at)
        if d.breaker_on and d.failed_tasks >= d.threshold:
            self._breaker_trips(d, at)
        else:
            d.until = at + self.settings["taskFailure"]

    def _phase_draining(self, d, at):
        d.old_running = 0
        self._succeed(d, at)

    def _succeed(self, d, at):
        d.status, d.finished, d.phase, d.until = "SUCCESSFUL", at, "done", None
        if d.blue is not None:
            # alb-resources-for-blue-green.html (Traffic flow): production traffic now goes to the green target group.
            d.prod_weight = d.test_weight = 100.0
            self._route(d)
            d.service.live = d.green
        d.reason = "Service deployment completed successfully."
        d.old_running = 0
        self._event(d.service, at, "(deployment %s) deployment completed." % d.ecs_id)
        self._event(d.service, at, "has reached a steady state.")

    def _task_failed(self, d, at):
        """A task of the target revision stops (API_HealthCheck.html: an unhealthy service task is stopped and replaced)."""
        svc = d.service
        task_id = uuid.uuid4().hex
        d.failed_tasks += 1
        container = {"name": "app", "lastStatus": "STOPPED"}
        if d.target.fate == "exits":
            stop_code, reason = "EssentialContainerExited", "Essential container in task exited"
            container.update({"exitCode": 1, "reason": None})
            container.pop("reason")
            self._event(svc, at, "(task %s) has stopped: essential container exited." % task_id)
        else:
            stop_code, reason = "TaskFailedToStart", "Task failed container health checks"
            container.update({"healthStatus": "UNHEALTHY", "exitCode": 137})
            self._event(svc, at, "(task %s) failed container health checks." % task_id)
        del svc.stopped_tasks[MAX_STOPPED_TASKS - 1:]
        svc.stopped_tasks.insert(0, {
            "taskArn": "arn:aws:ecs:%s:%s:task/%s/%s" % (svc.region, svc.account, svc.cluster, task_id),
            "clusterArn": svc.cluster_arn, "taskDefinitionArn": d.target.task_definition,
            "group": "service:%s" % svc.name, "startedBy": d.ecs_id, "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
            "healthStatus": "UNHEALTHY" if d.target.fate != "exits" else "UNKNOWN", "launchType": "EC2",
            "stopCode": stop_code, "stoppedReason": reason, "createdAt": at - self.settings["taskFailure"],
            "stoppingAt": at, "stoppedAt": at, "containers": [container]})

    def _breaker_trips(self, d, at):
        # deployment-circuit-breaker.html / deployment-failure-detection.html: the deployment fails once the failed
        # tasks reach the threshold; with rollback on, ECS rolls back to the last completed deployment, else the
        # service deployment stops (API_ServiceDeployment.html, stoppedAt).
        d.breaker_status = "TRIGGERED"
        reason = "ECS deployment circuit breaker: tasks failed to start."
        self._event(d.service, at, "(deployment %s) deployment failed: tasks failed to start." % d.ecs_id)
        if d.breaker_rollback and d.sources:
            self._request_rollback(d, at, "Circuit breaker triggered: %d tasks failed to start (threshold %d)." % (
                d.failed_tasks, d.threshold))
        else:
            d.status, d.stopped, d.finished, d.phase, d.until = "STOPPED", at, at, "done", None
            d.reason = reason

    # Blue/green family stages.

    def _enter_stage(self, d, stage, at):
        d.stage = stage
        if self._open_hooks(d, stage, at):
            d.phase, d.until = "hooked", None
            return
        self._run_stage(d, at)

    def _open_hooks(self, d, stage, at):
        """Starts the hooks configured for the stage; True when the deployment must wait for one (a PAUSE hook)."""
        d.pending_hooks = []
        for hook in d.config.get("lifecycleHooks") or []:
            stages = [HOOK_STAGE_AT.get(s, s) for s in hook.get("lifecycleStages") or []]
            if stage not in stages:
                continue
            kind = hook.get("targetType") or "AWS_LAMBDA"
            timeout = hook.get("timeoutConfiguration") or {}
            detail = {"hookId": ("ecs-pause-" if kind == "PAUSE" else "ecs-hook-") + _rid(43), "targetType": kind}
            if kind == "PAUSE":
                # pause-lifecycle-hooks.html: the deployment waits for ContinueServiceDeployment or the timeout (1440
                # minutes, then ROLLBACK, unless the hook says otherwise).
                detail["status"] = "AWAITING_ACTION"
                minutes = float(timeout.get("timeoutInMinutes") or HOOK_TIMEOUT_MINUTES)
                detail["expiresAt"] = at + minutes * self.settings["minute"]
                detail["timeoutAction"] = timeout.get("action") or HOOK_TIMEOUT_ACTION
                d.pending_hooks.append(detail)
            else:
                # The layer runs no Lambda functions: a Lambda hook succeeds at once.
                detail["targetArn"] = hook.get("hookTargetArn")
                detail["status"] = "SUCCEEDED"
            d.hooks.append(detail)
        return bool(d.pending_hooks)

    def _run_stage(self, d, at):
        stage = d.stage
        if stage == "SCALE_UP":
            self._begin_scale_up(d, at)
        elif stage == "TEST_TRAFFIC_SHIFT":
            d.phase, d.until = "test_shift", at + self.settings["stage"]
        elif stage == "PRODUCTION_TRAFFIC_SHIFT":
            if not d.shifting:  # the stage begins (a hook before a later step resumes it: the steps go on)
                d.steps, d.shifting = self._production_steps(d), True
            d.phase, d.until = "production_shift", at + self.settings["stage"]
        elif stage == "BAKE_TIME":
            # deployment-type-blue-green.html: bake time, both revisions running after the production shift.
            d.phase, d.until = "stage_done", at + float(d.config.get("bakeTimeInMinutes") or 0) * self.settings["minute"]
        elif stage == "CLEAN_UP":
            d.phase, d.until = "clean_up", at + self.settings["stage"]
        else:
            d.phase, d.until = "stage_done", at + self.settings["stage"]

    def _production_steps(self, d):
        """The production weights the target revision is given in turn, each with the bake time that follows it."""
        minute = self.settings["minute"]
        if d.strategy == "CANARY":
            # canary-deployment.html, API_CanaryConfiguration.html: canaryPercent (default 5.0), then after
            # canaryBakeTimeInMinutes (default 10) the remaining traffic at once.
            canary = d.config.get("canaryConfiguration") or {}
            percent = float(canary.get("canaryPercent", 5.0))
            bake = float(canary.get("canaryBakeTimeInMinutes", 10)) * minute
            return [(percent, bake), (100.0, 0.0)] if percent < 100 else [(100.0, 0.0)]
        if d.strategy == "LINEAR":
            # deployment-type-linear.html, API_LinearConfiguration.html: equal steps of stepPercent (default 10.0)
            # with stepBakeTimeInMinutes (default 6) between them, none after 100 percent.
            linear = d.config.get("linearConfiguration") or {}
            step = float(linear.get("stepPercent", 10.0))
            bake = float(linear.get("stepBakeTimeInMinutes", 6)) * minute
            weights, weight = [], 0.0
            while weight < 100.0:
                weight = min(100.0, round(weight + step, 1))
                weights.append((weight, bake if weight < 100.0 else 0.0))
            return weights
        return [(100.0, 0.0)]

    def _phase_hooked(self, d, at):  # waits for ContinueServiceDeployment or the hook's timeout
        d.until = None

    def _phase_test_shift(self, d, at):
        d.test_weight = 100.0
        self._route(d)
        self._leave_stage(d, at)

    def _phase_production_shift(self, d, at):
        if not d.steps:
            self._leave_stage(d, at)
            return
        weight, bake = d.steps.pop(0)
        d.prod_weight = weight
        self._route(d)
        if not d.steps:
            self._leave_stage(d, at)
        else:
            d.phase, d.until = "next_step", at + max(bake, 0.001)

    def _phase_next_step(self, d, at):
        # deployment-lifecycle-hooks.html: PRE_PRODUCTION_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT hooks run again at
        # each traffic shift step of a canary or linear deployment.
        if self._open_hooks(d, "PRODUCTION_TRAFFIC_SHIFT", at):
            d.phase, d.until = "hooked", None
        else:
            d.phase, d.until = "production_shift", at

    def _phase_stage_done(self, d, at):
        self._leave_stage(d, at)

    def _phase_clean_up(self, d, at):
        # API_ServiceDeployment.html, CLEAN_UP: the blue revision is scaled down to 0.
        self._succeed(d, at)

    def _leave_stage(self, d, at):
        order = list(STAGES)
        following = order[order.index(d.stage) + 1]
        self._enter_stage(d, following, at)

    def _hook_timed_out(self, d, hook, at):
        hook["status"] = "TIMED_OUT"
        self._hook_done(d, hook, hook.get("timeoutAction") or "ROLLBACK", at, "Lifecycle hook %s timed out." % hook["hookId"])

    def _hook_done(self, d, hook, action, at, reason):
        if hook in d.pending_hooks:
            d.pending_hooks.remove(hook)
        if action == "ROLLBACK":
            self._request_rollback(d, at, reason)
            return
        if not d.pending_hooks and d.phase == "hooked":
            self._run_stage(d, at)

    # Stops and rollbacks.

    def _request_rollback(self, d, at, reason):
        # stop-service-deployment.html: ROLLBACK_REQUESTED, then the rollback operation starts.
        d.pending_hooks = []
        for hook in d.hooks:
            if hook.get("status") == "AWAITING_ACTION":
                hook["status"] = "FAILED"
        if not d.sources:
            # deployment-failure-detection.html: a rollback needs a previous deployment in COMPLETED state.
            d.status, d.finished, d.phase, d.until = "ROLLBACK_FAILED", at, "done", None
            d.reason = reason + " There is no previous service revision to roll back to."
            return
        d.status, d.reason = "ROLLBACK_REQUESTED", reason
        # service-revision.html: ECS creates no new service revision for a rollback; it uses the last successful one.
        d.rollback = {"reason": reason, "startedAt": at, "serviceRevisionArn": d.sources[-1].arn}
        d.rollback_ecs_id = "ecs-svc/%019d" % random.randint(0, 10 ** 19 - 1)
        d.service.task_definition = d.sources[-1].task_definition
        self._event(d.service, at, "rolling back to deployment %s." % d.rollback_ecs_id)
        d.phase, d.until = "rollback_requested", at + self.settings["stage"]

    def _phase_rollback_requested(self, d, at):
        d.status = "ROLLBACK_IN_PROGRESS"
        d.phase, d.until = "rolling_back", at + self.settings["taskStart"]

    def _phase_rolling_back(self, d, at):
        # alb-resources-for-blue-green.html: a rollback routes traffic back to the blue target group.
        d.prod_weight = d.test_weight = 0.0
        self._route(d)
        d.old_running, d.running = d.desired, 0
        d.status, d.finished, d.phase, d.until = "ROLLBACK_SUCCESSFUL", at, "done", None
        self._event(d.service, at, "has reached a steady state.")

    def _phase_stop_requested(self, d, at):
        d.status, d.stopped, d.finished, d.phase, d.until = "STOPPED", at, at, "done", None

    def _phase_done(self, d, at):
        d.until = None

    # ---- the service-deployment APIs, answered here (moto has none) ----

    def _find(self, arn):
        for svc in self.services.values():
            for d in svc.deployments:
                if d.arn == arn:
                    return svc, d
        return None, None

    def _answer_ListServiceDeployments(self, params, now):
        svc = self._service(params.get("cluster"), params.get("service"))
        if svc is None:
            return None  # not a service the model follows: moto answers (it has no such API)
        self._advance(svc, now)
        wanted = set(params.get("status") or [])
        window = params.get("createdAt") or {}
        after, before = _epoch(window.get("after")), _epoch(window.get("before"))
        listed = [d for d in reversed(svc.deployments)
                  if (not wanted or d.status in wanted) and (after is None or d.created >= after)
                  and (before is None or d.created <= before)]
        start = int(params.get("nextToken") or 0)
        size = int(params.get("maxResults") or 20)
        page = listed[start:start + size]
        body = {"serviceDeployments": [d.brief() for d in page]}
        if start + size < len(listed):
            body["nextToken"] = str(start + size)
        return 200, body

    def _answer_DescribeServiceDeployments(self, params, now):
        found, failures = [], []
        for arn in params.get("serviceDeploymentArns") or []:
            svc, d = self._find(arn)
            if d is None:
                failures.append({"arn": arn, "reason": "MISSING"})
                continue
            self._advance(svc, now)
            found.append(d.to_json())
        return 200, {"serviceDeployments": found, "failures": failures}

    def _answer_DescribeServiceRevisions(self, params, now):
        found, failures = [], []
        for arn in params.get("serviceRevisionArns") or []:
            match = next(((svc, r) for svc in self.services.values() for r in svc.revisions if r.arn == arn), None)
            if match is None:
                failures.append({"arn": arn, "reason": "MISSING"})
                continue
            svc, r = match
            found.append({"serviceRevisionArn": r.arn, "serviceArn": svc.arn, "clusterArn": svc.cluster_arn,
                          "taskDefinition": r.task_definition, "createdAt": r.created, "launchType": "EC2"})
        return 200, {"serviceRevisions": found, "failures": failures}

    def _answer_StopServiceDeployment(self, params, now):
        arn = params.get("serviceDeploymentArn")
        svc, d = self._find(arn)
        if d is None:
            return _error("ServiceDeploymentNotFoundException", "The service deployment %s does not exist." % arn)
        stop_type = params.get("stopType") or "ROLLBACK"
        if stop_type not in ("ROLLBACK", "ABORT"):
            return _error("InvalidParameterException", "stopType must be ROLLBACK or ABORT.")
        self._advance(svc, now)
        if not d.ongoing:
            # API_StopServiceDeployment.html: ConflictException, a conflict in the current state of the resource.
            return _error("ConflictException", "The service deployment %s is %s and cannot be stopped." % (arn, d.status))
        if d.status in ("STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"):
            # stop-service-deployment.html: a deployment already stopping or rolling back continues to do so.
            return 200, {"serviceDeploymentArn": arn}
        if stop_type == "ROLLBACK":
            self._request_rollback(d, now, "Service deployment rolled back by StopServiceDeployment.")
        else:
            d.status, d.reason = "STOP_REQUESTED", "Service deployment stopped by StopServiceDeployment."
            d.pending_hooks = []
            d.phase, d.until = "stop_requested", now + self.settings["stage"]
        d.updated = now
        return 200, {"serviceDeploymentArn": arn}

    def _answer_ContinueServiceDeployment(self, params, now):
        arn = params.get("serviceDeploymentArn")
        svc, d = self._find(arn)
        if d is None:
            return _error("ServiceDeploymentNotFoundException", "The service deployment %s does not exist." % arn)
        self._advance(svc, now)
        hook = next((h for h in d.hooks if h.get("hookId") == params.get("hookId")), None)
        # continue-service-deployment.html: the pause hook must be AWAITING_ACTION and the deployment IN_PROGRESS.
        if hook is None or hook.get("status") != "AWAITING_ACTION" or d.status != "IN_PROGRESS":
            return _error("InvalidParameterException",
                          "The lifecycle hook %s of service deployment %s is not awaiting action." % (params.get("hookId"), arn))
        action = params.get("action") or "CONTINUE"
        if action not in ("CONTINUE", "ROLLBACK"):
            return _error("InvalidParameterException", "action must be CONTINUE or ROLLBACK.")
        hook["status"] = "SUCCEEDED"
        d.updated = now
        self._hook_done(d, hook, action, now, "Service deployment rolled back by ContinueServiceDeployment.")
        return 200, {"serviceDeploymentArn": arn}

    # ---- moto's answers, as ECS gives them for the services the model follows ----

    def _rewrite_DescribeServices(self, params, body, now):
        services = body.get("services") or []
        changed = False
        for i, answered in enumerate(services):
            svc = self._service(params.get("cluster"), answered.get("serviceName"))
            if svc is None:
                continue
            self._advance(svc, now)
            services[i] = self._describe(svc, answered, now)
            changed = True
        return body if changed else None

    def _describe(self, svc, answered, now):
        """The service as ECS would describe it: its deployments, counts, configuration and events."""
        out = dict(answered)
        current = svc.current
        out["deploymentConfiguration"] = _copy(svc.config)
        out["deploymentController"] = svc.controller
        out["desiredCount"] = svc.desired
        if svc.task_definition:
            out["taskDefinition"] = svc.task_definition
        if current is not None:
            out["currentServiceDeployment"] = current.arn
        deployments = self._ecs_deployments(svc, now)
        if deployments:
            out["deployments"] = deployments
            out["runningCount"] = sum(x["runningCount"] for x in deployments)
            out["pendingCount"] = sum(x["pendingCount"] for x in deployments)
        out["events"] = list(svc.events) + [e for e in answered.get("events") or []]
        return out

    def _ecs_deployments(self, svc, now):
        """services[].deployments: the PRIMARY one and the ACTIVE ones still running tasks (API_Deployment.html)."""
        d = svc.current
        if d is None:
            return []
        def entry(ecs_id, status, task_definition, desired, running, state, reason, failed=0, created=None):
            return {"id": ecs_id, "status": status, "taskDefinition": task_definition, "desiredCount": desired,
                    "runningCount": running, "pendingCount": max(0, desired - running) if state == "IN_PROGRESS" else 0,
                    "failedTasks": failed, "createdAt": created or d.created, "updatedAt": d.updated, "launchType": "EC2",
                    "rolloutState": state, "rolloutStateReason": reason}
        source = d.sources[-1] if d.sources else None
        source_deployment = self._deployment_of(svc, source)
        source_id = source_deployment.ecs_id if source_deployment else "ecs-svc/0000000000000000000"
        source_created = source_deployment.created if source_deployment else svc.created
        if d.rollback is not None:
            done = d.status == "ROLLBACK_SUCCESSFUL"
            out = [entry(d.rollback_ecs_id, "PRIMARY", source.task_definition, d.desired,
                         d.old_running if done else 0, "COMPLETED" if done else "IN_PROGRESS",
                         "ECS deployment %s %s." % (d.rollback_ecs_id, "completed" if done else "in progress"),
                         created=d.rollback["startedAt"])]
            if not done:
                out.append(entry(d.ecs_id, "ACTIVE", d.target.task_definition, d.desired, d.running, "FAILED",
                                 d.reason or "", d.failed_tasks))
            return out
        if d.status == "SUCCESSFUL":
            return [entry(d.ecs_id, "PRIMARY", d.target.task_definition, d.desired, d.running, "COMPLETED",
                          "ECS deployment %s completed." % d.ecs_id)]
        state = "FAILED" if d.status in ("STOPPED", "STOP_REQUESTED", "ROLLBACK_FAILED") else "IN_PROGRESS"
        reason = d.reason if state == "FAILED" else "ECS deployment %s in progress." % d.ecs_id
        out = [entry(d.ecs_id, "PRIMARY", d.target.task_definition, d.desired, d.running, state, reason or "", d.failed_tasks)]
        if source is not None and d.old_running:
            out.append(entry(source_id, "ACTIVE", source.task_definition, d.desired, d.old_running, "COMPLETED",
                             "ECS deployment %s completed." % source_id, created=source_created))
        return out

    def _deployment_of(self, svc, revision):
        return next((d for d in svc.deployments if revision is not None and d.target is revision), None)

    def _rewrite_ListTasks(self, params, body, now):
        if (params.get("desiredStatus") or "RUNNING") != "STOPPED" or not params.get("serviceName"):
            return None
        svc = self._service(params.get("cluster"), params.get("serviceName"))
        if svc is None or not svc.stopped_tasks:
            return None
        self._advance(svc, now)
        arns = [t["taskArn"] for t in svc.stopped_tasks]
        body["taskArns"] = arns[:int(params.get("maxResults") or 100)] + [a for a in body.get("taskArns") or [] if a not in arns]
        return body

    def _rewrite_DescribeTasks(self, params, body, now):
        known = {t["taskArn"]: t for svc in self.services.values() for t in svc.stopped_tasks}
        wanted = [a for a in params.get("tasks") or [] if a in known]
        if not wanted:
            return None
        body["tasks"] = [t for t in body.get("tasks") or [] if t.get("taskArn") not in known] + [known[a] for a in wanted]
        body["failures"] = [f for f in body.get("failures") or [] if f.get("arn") not in known]
        return body


def _copy(value):
    import json
    return json.loads(json.dumps(value))


def _epoch(value):
    """Seconds since the epoch from what the wire carries (a number, or an ISO 8601 string as moto writes it)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    import datetime
    text = str(value).replace("Z", "+00:00")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()
