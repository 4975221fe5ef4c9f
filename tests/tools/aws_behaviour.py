"""The layer of documented AWS behaviour that the test proxy (aws_proxy.py) puts in front of moto.

moto answers at once and forgets nothing it did not model; AWS is eventually consistent and asynchronous in ways its
documentation describes. This layer adds those ways, and only those, with short windows (seconds) so tests stay fast:

  serviceLinkedRole   a fresh account has no ECS service-linked role until something creates it (IAM
                      CreateServiceLinkedRole, or ECS CreateCluster); ECS then cannot assume it for a while
  iamPropagation      a new role or instance profile is refused by ECS (RegisterTaskDefinition: "Role is not valid";
                      CreateService/UpdateService naming it as a load balancer's advancedConfiguration.roleArn: "Unable
                      to assume role ...") and Auto Scaling ("Invalid IAM Instance Profile name") for a while
  ec2Visibility       a new VPC, subnet, internet gateway, route table or security group is "not found" by calls that
                      name it for a while
  capacityProviderDelete
                      DeleteCapacityProvider leaves the provider ACTIVE with updateStatus DELETE_IN_PROGRESS (its name
                      taken) for a while
  networkInterfaces   network interfaces of a deleted load balancer or Auto Scaling group's instances keep their
                      security groups and subnets in use (DependencyViolation) for a while
  certificateInUse    a certificate stays "in use" while a load balancer's listener has it, and for a while after the
                      load balancer, the listener, or the listener's hold on it (RemoveListenerCertificates) is gone
  route53Pending      a Route 53 change is PENDING for a while before INSYNC
  validationRecord    DescribeCertificate has no DNS validation record for a while after RequestCertificate (while the
                      certificate is PENDING_VALIDATION)
  certificateIdempotency
                      RequestCertificate with an idempotency token used within the hour answers that request's
                      certificate, even one deleted since (moto fails with a 500 there), and a request made while
                      another with the same token is still being answered gets the same certificate (moto makes two)
  natGateway          a new NAT gateway is pending for a while before available; a deleted one is deleting for a while
                      before deleted, and until then its subnet cannot be deleted, its Elastic IP cannot be released
                      and the internet gateway cannot be detached from its VPC (moto: available and deleted at once)
  vpcEndpoints        a deleted VPC endpoint is deleting for a while before deleted, and until then its subnets and
                      security groups cannot be deleted (moto: deleted at once)
  instanceRefresh     Auto Scaling instance refreshes (moto has none): StartInstanceRefresh starts one (a second while one
                      is under way is refused), DescribeInstanceRefreshes shows it Pending, InProgress, then Successful
                      after a window, and DescribeAutoScalingGroups shows each instance's launch template version: the
                      one in force when the group was made, the refresh's once it has replaced the instances
  loadBalancerResources
                      CreateService and UpdateService are refused (InvalidParameterException) where ECS refuses a
                      service's load balancer resources: a target type that does not fit the network mode, and for a
                      blue/green-family strategy a missing or wrong alternate target group, listener rule or role
                      (ecs_load_balancing.py reads them in moto)

Each behaviour, the AWS documentation page it comes from and the tests that meet it: tests/AwsBehaviour.Catalogue.md.
Python standard library only.
"""
import json
import re
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

import ecs_load_balancing

BEHAVIOURS = ("serviceLinkedRole", "iamPropagation", "ec2Visibility", "capacityProviderDelete", "networkInterfaces",
              "certificateInUse", "route53Pending", "validationRecord", "certificateIdempotency", "natGateway", "vpcEndpoints",
              "instanceRefresh", "loadBalancerResources")
TOKEN_LIFETIME = 3600  # ACM: idempotency tokens time out after one hour

# EC2 "not found" codes by id prefix, as EC2 answers for an id it does not show yet.
EC2_NOT_FOUND = {"vpc-": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
                 "subnet-": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
                 "igw-": ("InvalidInternetGatewayID.NotFound", "The internetGateway ID '{}' does not exist"),
                 "rtb-": ("InvalidRouteTableID.NotFound", "The routeTable ID '{}' does not exist"),
                 "sg-": ("InvalidGroup.NotFound", "The security group '{}' does not exist")}
EC2_CREATES = {"CreateVpc": "vpcId", "CreateSubnet": "subnetId", "CreateInternetGateway": "internetGatewayId",
               "CreateRouteTable": "routeTableId", "CreateSecurityGroup": "groupId"}
ECS_ROLE = "ecs.amazonaws.com"


class Call:
    """One request as the layer sees it: service, operation, and its parameters (JSON body, form or query)."""

    def __init__(self, method, path, headers, body, service, operation):
        self.method, self.path, self.headers, self.body = method, path, headers, body
        self.service, self.operation = service, operation
        self.json = {}
        self.form = {}
        if headers.get("X-Amz-Target"):
            try:
                self.json = json.loads(body or b"{}")
            except ValueError:
                self.json = {}
        elif body and headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self.form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        else:
            self.form = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)

    def param(self, name):
        values = self.form.get(name)
        return values[0] if values else None

    def params_like(self, pattern):
        """Values of the form parameters whose names match the regular expression (e.g. Subnets.member.N)."""
        rx = re.compile(pattern)
        return [v for k, vs in self.form.items() if rx.fullmatch(k) for v in vs]


class Answer:
    def __init__(self, status, body, content_type, headers=None):
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}


def json_error(code, message, status=400):
    return Answer(status, json.dumps({"__type": code, "message": message}).encode(), "application/x-amz-json-1.1",
                  {"x-amzn-RequestId": "behaviour-" + code})


def query_error(code, message, status=400):
    body = ("<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
            "<RequestId>behaviour-%s</RequestId></ErrorResponse>" % (code, _xml(message), code))
    return Answer(status, body.encode(), "text/xml")


def ec2_error(code, message):
    body = ("<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors>"
            "<RequestID>behaviour-%s</RequestID></Response>" % (code, _xml(message), code))
    return Answer(400, body.encode(), "text/xml")


def _xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tag(text, name):
    m = re.search(r"<%s>([^<]*)</%s>" % (name, name), text)
    return m.group(1) if m else None


class Behaviour:
    """The layer's state (what was made when) and its hooks: before() may answer instead of the backend, after() may
    rewrite the backend's answer. Thread-safe; reset() forgets everything (moto's own reset calls it)."""

    def __init__(self, enabled=True, window=1.0, windows=None):
        self.lock = threading.Lock()
        self.enabled = enabled
        self.windows = {name: float(window) for name in BEHAVIOURS}
        self.windows.update({k: float(v) for k, v in (windows or {}).items() if k in BEHAVIOURS})
        self.off = set()
        self.delete_failure = None
        self.moto = None                    # ecs_load_balancing.Moto: reads ELB, IAM and ECS where ECS checks them
        self.reset()

    # ---- control ----

    def reset(self):
        with self.lock:
            self.acted = {name: 0 for name in BEHAVIOURS}
            self.slr = None                 # when the ECS service-linked role was created (None: it does not exist)
            self.roles = {}                 # role ARN -> created at
            self.profiles = {}              # instance profile name -> created (or given its role) at
            self.template_profiles = {}     # launch template id or name -> instance profile name
            self.template_groups = {}       # launch template id or name -> security group ids
            self.fresh = {}                 # EC2 id -> created at
            self.providers = set()          # capacity providers that exist
            self.deleting = {}              # capacity provider name -> (until, provider JSON)
            self.balancers = {}             # load balancer ARN -> {"subnets": [...], "groups": [...], "certificates": set()}
            self.listeners = {}             # listener ARN -> (load balancer ARN, certificates)
            self.groups = {}                # Auto Scaling group name -> {"subnets": [...], "groups": [...]}
            self.held = {}                  # security group / subnet id -> held until (network interfaces)
            self.released = {}              # certificate ARN -> in use until
            self.changes = {}               # Route 53 change id -> {"insyncAt": t, "insyncSeen": bool}
            self.requested = {}             # certificate ARN -> requested at
            self.tokens = {}                # idempotency token -> (certificate ARN, requested at)
            self.inflight = {}              # idempotency token -> threading.Event set once its first request is answered
            self.deleted_certificates = set()
            self.nats = {}                  # NAT gateway id -> {"created", "deleted", "subnet", "vpc", "allocation"}
            self.endpoints = {}             # VPC endpoint id -> {"deleted", "subnets", "groups"}
            self.template_versions = {}     # launch template id or name -> its latest version number
            self.group_templates = {}       # Auto Scaling group name -> launch template id or name
            self.group_versions = {}        # Auto Scaling group name -> the launch template version its instances run
            self.refreshes = {}             # Auto Scaling group name -> [refresh dicts], newest first
            self.strategies = {}            # (cluster, service) -> deployment strategy last set (moto forgets CreateService's)

    def configure(self, settings):
        with self.lock:
            if "enabled" in settings:
                self.enabled = bool(settings["enabled"])
            if "window" in settings:
                self.windows = {name: float(settings["window"]) for name in BEHAVIOURS}
            for k, v in (settings.get("windows") or {}).items():
                if k in BEHAVIOURS:
                    self.windows[k] = float(v)
            if "off" in settings:
                self.off = set(settings["off"] or [])
            if "capacityProviderDeleteFails" in settings:
                # DeleteCapacityProvider can end DELETE_FAILED (answered 200 long before): the reason ECS then gives.
                self.delete_failure = settings["capacityProviderDeleteFails"] or None

    def state(self):
        with self.lock:
            return {"enabled": self.enabled, "windows": dict(self.windows), "off": sorted(self.off), "acted": dict(self.acted),
                    "changes": {k: dict(v) for k, v in self.changes.items()}}

    def _on(self, name):
        return self.enabled and name not in self.off

    def _window(self, name):
        return self.windows[name]

    def _act(self, name, answer):
        self.acted[name] += 1
        answer.headers["x-aotech-behaviour"] = name
        return answer

    # ---- before the backend ----

    def before(self, call):
        """An answer AWS would give instead of what moto would, or None to let the call through."""
        if not self.enabled:
            return None
        self._await_same_token(call)
        now = time.time()
        with self.lock:
            handler = getattr(self, "_before_%s_%s" % (call.service, call.operation), None)
            answer = handler(call, now) if handler else None
            if answer is None and call.service == "ec2":
                answer = self._ec2_not_found(call, now)
            return answer

    def _slr_refusal(self, now, missing_message):
        if not self._on("serviceLinkedRole"):
            return None
        if self.slr is None and missing_message:
            return self._act("serviceLinkedRole", json_error("ClientException", missing_message))
        if self.slr is None or now - self.slr < self._window("serviceLinkedRole"):
            return self._act("serviceLinkedRole", json_error(
                "InvalidParameterException",
                "Unable to assume the service linked role. Please verify that the ECS service linked role exists."))
        return None

    def _before_ecs_CreateCapacityProvider(self, call, now):
        refusal = self._slr_refusal(now, "ECS Service Linked Role does not exist. Please create a Service linked role for "
                                         "ECS and try again.")
        if refusal:
            return refusal
        name = call.json.get("name")
        if self._on("capacityProviderDelete") and (name in self.providers or name in self.deleting):
            # moto replaces a provider of the same name; AWS refuses (and a name being deleted is still taken).
            return self._act("capacityProviderDelete", json_error(
                "ClientException", "The specified capacity provider already exists. To change the configuration of an "
                                   "existing capacity provider, update the capacity provider."))
        return None

    def _before_ecs_DeleteCapacityProvider(self, call, now):
        held = self.deleting.get(call.json.get("capacityProvider"))
        if held is None or held[1].get("updateStatus") != "DELETE_FAILED":
            return None
        # Deleting again after a failed deletion starts it over.
        provider = held[1]
        provider.update({"updateStatus": "DELETE_IN_PROGRESS"})
        provider.pop("updateStatusReason", None)
        self.deleting[provider["name"]] = (now + self._window("capacityProviderDelete"), provider)
        return self._act("capacityProviderDelete", Answer(200, json.dumps({"capacityProvider": provider}).encode(),
                                                          "application/x-amz-json-1.1"))

    def _before_ecs_PutClusterCapacityProviders(self, call, now):
        return self._slr_refusal(now, None) if call.json.get("capacityProviders") else None

    def _before_ecs_CreateService(self, call, now):
        # With a load balancer, ECS registers the targets through its service-linked role.
        refusal = self._slr_refusal(now, None) if call.json.get("loadBalancers") else None
        if refusal is None and call.json.get("loadBalancers"):
            strategy = (call.json.get("deploymentConfiguration") or {}).get("strategy")
            refusal = self._load_balancer_refusal(call, strategy, call.json["loadBalancers"], call.json.get("taskDefinition"))
        return refusal

    def _before_ecs_UpdateService(self, call, now):
        """The service as it would be after the update (what the call changes over what it has) checked as ECS checks it."""
        if self.moto is None:
            return None
        given = call.json.get("deploymentConfiguration") or {}
        key = self._service_key(call.json.get("cluster"), call.json.get("service"))
        if not (call.json.get("loadBalancers") or call.json.get("taskDefinition") or given.get("strategy")):
            return None  # nothing that changes what is checked (a desired count, a bake time): not checked again
        strategy = given.get("strategy") or self.strategies.get(key)
        current = self.moto.service(self._region(call), call.json.get("cluster"), call.json.get("service")) or {}
        strategy = strategy or (current.get("deploymentConfiguration") or {}).get("strategy")
        return self._load_balancer_refusal(call, strategy, call.json.get("loadBalancers") or current.get("loadBalancers"),
                                           call.json.get("taskDefinition") or current.get("taskDefinition"))

    def _load_balancer_refusal(self, call, strategy, load_balancers, task_definition):
        lb = ecs_load_balancing.balancing(load_balancers) or {}
        role = (lb.get("advancedConfiguration") or {}).get("roleArn")
        made = self.roles.get(role)
        if self._on("iamPropagation") and made is not None and time.time() - made < self._window("iamPropagation"):
            # A role made moments ago is not yet one ECS can assume (IAM eventual consistency), as for a task's roles.
            return self._act("iamPropagation", json_error(
                "InvalidParameterException", "Unable to assume role and validate the specified targetGroupArn. Please verify "
                                             "that the ECS service role being passed has the proper permissions."))
        if not self._on("loadBalancerResources") or self.moto is None:
            return None
        message = ecs_load_balancing.refusal(self.moto, self._region(call), strategy, load_balancers, task_definition)
        return self._act("loadBalancerResources", json_error("InvalidParameterException", message)) if message else None

    def _service_key(self, cluster, service):
        return ((cluster or "default").rsplit("/", 1)[-1], (service or "").rsplit("/", 1)[-1])

    def _region(self, call):
        m = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", call.headers.get("Authorization", ""))
        return m.group(1) if m else "us-east-1"

    def _after_ecs_CreateService(self, call, status, content_type, data, now):
        strategy = (call.json.get("deploymentConfiguration") or {}).get("strategy")
        if status == 200:
            self.strategies[self._service_key(call.json.get("cluster"), call.json.get("serviceName"))] = strategy
        return None

    def _after_ecs_UpdateService(self, call, status, content_type, data, now):
        strategy = (call.json.get("deploymentConfiguration") or {}).get("strategy")
        if status == 200 and strategy:
            self.strategies[self._service_key(call.json.get("cluster"), call.json.get("service"))] = strategy
        return None

    def _before_ecs_RegisterTaskDefinition(self, call, now):
        if not self._on("iamPropagation"):
            return None
        for key in ("executionRoleArn", "taskRoleArn"):
            made = self.roles.get(call.json.get(key))
            if made is not None and now - made < self._window("iamPropagation"):
                return self._act("iamPropagation", json_error("ClientException", "Role is not valid"))
        return None

    def _asg_profile_refusal(self, call, now):
        if not self._on("iamPropagation"):
            return None
        template = call.param("LaunchTemplate.LaunchTemplateId") or call.param("LaunchTemplate.LaunchTemplateName")
        profile = self.template_profiles.get(template)
        made = self.profiles.get(profile)
        if made is not None and now - made < self._window("iamPropagation"):
            return self._act("iamPropagation", query_error(
                "ValidationError", "You must use a valid fully-formed launch template. Value (%s) for parameter "
                                   "iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name" % profile))
        return None

    _before_autoscaling_CreateAutoScalingGroup = _asg_profile_refusal
    _before_autoscaling_UpdateAutoScalingGroup = _asg_profile_refusal

    def _before_ec2_DeleteSecurityGroup(self, call, now):
        group = call.param("GroupId")
        if self._on("networkInterfaces") and self.held.get(group, 0) > now:
            return self._act("networkInterfaces", ec2_error("DependencyViolation", "resource %s has a dependent object" % group))
        if self._on("vpcEndpoints") and any(group in e["groups"] and self._endpoint_deleting(e, now) for e in self.endpoints.values()):
            return self._act("vpcEndpoints", ec2_error("DependencyViolation", "resource %s has a dependent object" % group))
        return None

    def _before_ec2_DeleteSubnet(self, call, now):
        subnet = call.param("SubnetId")
        if self._on("networkInterfaces") and self.held.get(subnet, 0) > now:
            return self._act("networkInterfaces", ec2_error(
                "DependencyViolation", "The subnet '%s' has dependencies and cannot be deleted." % subnet))
        for name, holders in (("natGateway", [n for n in self.nats.values() if n["subnet"] == subnet and not self._nat_gone(n, now)]),
                              ("vpcEndpoints", [e for e in self.endpoints.values() if subnet in e["subnets"] and self._endpoint_deleting(e, now)])):
            if holders and self._on(name):
                return self._act(name, ec2_error("DependencyViolation", "The subnet '%s' has dependencies and cannot be deleted." % subnet))
        return None

    # NAT gateways and VPC endpoints: deleted asynchronously (moto: at once).

    def _nat_gone(self, nat, now):
        return nat["deleted"] is not None and now - nat["deleted"] >= self._window("natGateway")

    def _endpoint_deleting(self, endpoint, now):
        return endpoint["deleted"] is not None and now - endpoint["deleted"] < self._window("vpcEndpoints")

    def _before_ec2_ReleaseAddress(self, call, now):
        allocation = call.param("AllocationId")
        if self._on("natGateway") and any(n["allocation"] == allocation and not self._nat_gone(n, now) for n in self.nats.values()):
            return self._act("natGateway", ec2_error("InvalidIPAddress.InUse", "Address %s is in use." % allocation))
        return None

    def _before_ec2_DetachInternetGateway(self, call, now):
        vpc = call.param("VpcId")
        if self._on("natGateway") and any(n["vpc"] == vpc and not self._nat_gone(n, now) for n in self.nats.values()):
            return self._act("natGateway", ec2_error(
                "DependencyViolation", "Network %s has some mapped public address(es). Please unmap those public address(es) "
                "before detaching the gateway." % vpc))
        return None

    def _before_acm_DeleteCertificate(self, call, now):
        arn = call.json.get("CertificateArn")
        if not self._on("certificateInUse"):
            return None
        attached = any(arn in lb["certificates"] for lb in self.balancers.values())
        if attached or self.released.get(arn, 0) > now:
            return self._act("certificateInUse", json_error(
                "ResourceInUseException", "Certificate %s in account 123456789012 is in use." % arn))
        return None

    def _await_same_token(self, call):
        """A RequestCertificate whose token another request is still waiting on is answered once that one is."""
        if call.service != "acm" or call.operation != "RequestCertificate" or not self._on("certificateIdempotency"):
            return
        token = call.json.get("IdempotencyToken")
        if not token:
            return
        with self.lock:
            if token in self.tokens:
                return  # answered already: before() answers it again
            first = self.inflight.get(token)
            if first is None:
                self.inflight[token] = threading.Event()
                return
        first.wait(60)

    def release(self, call):
        """The call has been answered, or failed: a request waiting on its idempotency token goes on."""
        if call.service != "acm" or call.operation != "RequestCertificate":
            return
        token = call.json.get("IdempotencyToken")
        with self.lock:
            waiting = self.inflight.pop(token, None) if token else None
        if waiting is not None:
            waiting.set()

    def _before_acm_RequestCertificate(self, call, now):
        token = call.json.get("IdempotencyToken")
        held = self.tokens.get(token)
        if not self._on("certificateIdempotency") or held is None or now - held[1] >= TOKEN_LIFETIME:
            return None
        # The request this token was first used with, answered as AWS does (moto would fail for a deleted one, or,
        # asked at the same moment, make a second certificate).
        return self._act("certificateIdempotency", Answer(200, json.dumps({"CertificateArn": held[0]}).encode(),
                                                          "application/x-amz-json-1.1"))

    def _ec2_not_found(self, call, now):
        if not self._on("ec2Visibility"):
            return None
        window = self._window("ec2Visibility")
        for key, values in call.form.items():
            if key.startswith("Filter."):
                continue  # a filter finds nothing yet; it does not fail
            for value in values:
                made = self.fresh.get(value)
                if made is not None and now - made < window:
                    prefix = next(p for p in EC2_NOT_FOUND if value.startswith(p))
                    code, message = EC2_NOT_FOUND[prefix]
                    return self._act("ec2Visibility", ec2_error(code, message.format(value)))
        return None

    # ---- after the backend ----

    def after(self, call, status, content_type, data):
        """The backend's answer as AWS would give it (rewritten or as it is), with what it made noted."""
        if not self.enabled:
            return status, content_type, data, None
        now = time.time()
        with self.lock:
            handler = getattr(self, "_after_%s_%s" % (call.service, re.sub(r"[^A-Za-z0-9]", "_", call.operation.replace("{", "").replace("}", ""))), None)
            if handler is None:
                return status, content_type, data, None
            result = handler(call, status, content_type, data, now)
            return result if result is not None else (status, content_type, data, None)

    def _text(self, data):
        return data.decode("utf-8", "replace")

    def _after_iam_CreateServiceLinkedRole(self, call, status, content_type, data, now):
        if call.param("AWSServiceName") != ECS_ROLE:
            return None
        if status == 200:
            self.slr = now
            return None
        if b"EntityAlreadyExists" in data:
            # AWS's answer for an existing service-linked role (moto answers as for any role name taken).
            if self.slr is None:
                self.slr = 0.0
            answer = query_error("InvalidInput", "Service role name AWSServiceRoleForECS has been taken in this account, "
                                                 "please try a different suffix.")
            return answer.status, answer.content_type, answer.body, "serviceLinkedRole"
        return None

    def _after_ecs_CreateCluster(self, call, status, content_type, data, now):
        # ECS creates its service-linked role on the account's first CreateCluster.
        if status == 200 and self.slr is None:
            self.slr = now
        return None

    def _after_iam_CreateRole(self, call, status, content_type, data, now):
        if status == 200:
            arn = _tag(self._text(data), "Arn")
            if arn:
                self.roles[arn] = now
        return None

    def _after_iam_CreateInstanceProfile(self, call, status, content_type, data, now):
        if status == 200:
            self.profiles[call.param("InstanceProfileName")] = now
        return None

    def _after_iam_AddRoleToInstanceProfile(self, call, status, content_type, data, now):
        if status == 200:
            self.profiles[call.param("InstanceProfileName")] = now
        return None

    def _after_ec2_CreateLaunchTemplate(self, call, status, content_type, data, now):
        if status == 200:
            text = self._text(data)
            for key in (_tag(text, "launchTemplateId"), call.param("LaunchTemplateName")):
                if key:
                    self._note_template(key, call)
            self._note_version((_tag(text, "launchTemplateId"), call.param("LaunchTemplateName")), 1)
        return self._after_ec2_create(call, status, content_type, data, now)

    def _after_ec2_CreateLaunchTemplateVersion(self, call, status, content_type, data, now):
        if status == 200:
            for key in (call.param("LaunchTemplateId"), call.param("LaunchTemplateName")):
                if key:
                    self._note_template(key, call)
            text = self._text(data)
            version = _tag(text, "versionNumber")
            if version and version.isdigit():
                self._note_version((_tag(text, "launchTemplateId"), _tag(text, "launchTemplateName"),
                                    call.param("LaunchTemplateId"), call.param("LaunchTemplateName")), int(version))
        return None

    def _note_version(self, keys, version):
        for key in keys:
            if key:
                self.template_versions[key] = max(version, self.template_versions.get(key, 0))

    def _note_template(self, key, call):
        profile = call.param("LaunchTemplateData.IamInstanceProfile.Name")
        if profile:
            self.template_profiles[key] = profile
        # The groups are the template's own, or its network interface's (a template that names an interface).
        groups = call.params_like(r"LaunchTemplateData\.(NetworkInterface\.\d+\.)?SecurityGroupId\.\d+")
        if groups:
            self.template_groups[key] = groups

    def _after_ec2_create(self, call, status, content_type, data, now):
        tag = EC2_CREATES.get(call.operation)
        if status == 200 and tag:
            made = _tag(self._text(data), tag)
            if made:
                self.fresh[made] = now
        return None

    _after_ec2_CreateVpc = _after_ec2_CreateSubnet = _after_ec2_CreateInternetGateway = _after_ec2_create
    _after_ec2_CreateRouteTable = _after_ec2_CreateSecurityGroup = _after_ec2_create

    def _after_ec2_CreateNatGateway(self, call, status, content_type, data, now):
        text = self._text(data)
        nat = _tag(text, "natGatewayId")
        if status != 200 or not nat:
            return None
        self.nats[nat] = {"created": now, "deleted": None, "subnet": call.param("SubnetId"), "vpc": _tag(text, "vpcId"),
                          "allocation": call.param("AllocationId")}
        if not self._on("natGateway"):
            return None
        self.acted["natGateway"] += 1
        return status, content_type, text.replace("<state>available</state>", "<state>pending</state>", 1).encode(), "natGateway"

    def _after_ec2_DeleteNatGateway(self, call, status, content_type, data, now):
        nat = self.nats.get(call.param("NatGatewayId"))
        if status == 200 and nat is not None and nat["deleted"] is None:
            nat["deleted"] = now
        return None

    def _after_ec2_DescribeNatGateways(self, call, status, content_type, data, now):
        if status != 200 or not self._on("natGateway"):
            return None
        text = self._text(data)
        changed = text
        for nat_id, nat in self.nats.items():
            if nat["deleted"] is not None and not self._nat_gone(nat, now):
                state = "deleting"
            elif nat["deleted"] is None and now - nat["created"] < self._window("natGateway"):
                state = "pending"
            else:
                continue
            changed = re.sub(r"(<natGatewayId>%s</natGatewayId><state>)[^<]*(</state>)" % re.escape(nat_id), r"\g<1>%s\g<2>" % state, changed)
        if changed == text:
            return None
        self.acted["natGateway"] += 1
        return status, content_type, changed.encode(), "natGateway"

    def _after_ec2_CreateVpcEndpoint(self, call, status, content_type, data, now):
        endpoint = _tag(self._text(data), "vpcEndpointId")
        if status == 200 and endpoint:
            self.endpoints[endpoint] = {"deleted": None, "subnets": call.params_like(r"SubnetId\.\d+"),
                                        "groups": call.params_like(r"SecurityGroupId\.\d+")}
        return None

    def _after_ec2_DeleteVpcEndpoints(self, call, status, content_type, data, now):
        if status == 200:
            for endpoint in call.params_like(r"VpcEndpointId\.\d+"):
                if endpoint in self.endpoints and self.endpoints[endpoint]["deleted"] is None:
                    self.endpoints[endpoint]["deleted"] = now
        return None

    def _after_ec2_DescribeVpcEndpoints(self, call, status, content_type, data, now):
        if status != 200 or not self._on("vpcEndpoints"):
            return None
        text = self._text(data)
        changed = text
        for endpoint_id, endpoint in self.endpoints.items():
            if self._endpoint_deleting(endpoint, now):
                changed = re.sub(r"(<vpcEndpointId>%s</vpcEndpointId>.*?<state>)[^<]*(</state>)" % re.escape(endpoint_id),
                                 r"\g<1>deleting\g<2>", changed, count=1, flags=re.S)
        if changed == text:
            return None
        self.acted["vpcEndpoints"] += 1
        return status, content_type, changed.encode(), "vpcEndpoints"

    def _after_ecs_CreateCapacityProvider(self, call, status, content_type, data, now):
        if status == 200:
            self.providers.add(call.json.get("name"))
        return None

    def _after_ecs_DeleteCapacityProvider(self, call, status, content_type, data, now):
        if status != 200 or not self._on("capacityProviderDelete"):
            return None
        body = json.loads(data or b"{}")
        provider = body.get("capacityProvider") or {}
        name = provider.get("name")
        if not name:
            return None
        provider.update({"status": "ACTIVE", "updateStatus": "DELETE_IN_PROGRESS"})
        self.deleting[name] = (now + self._window("capacityProviderDelete"), provider)
        self.acted["capacityProviderDelete"] += 1
        return status, content_type, json.dumps({"capacityProvider": provider}).encode(), "capacityProviderDelete"

    def _after_ecs_DescribeCapacityProviders(self, call, status, content_type, data, now):
        if status != 200:
            return None
        for name, (until, provider) in list(self.deleting.items()):
            if until <= now and self.delete_failure and provider.get("updateStatus") == "DELETE_IN_PROGRESS":
                provider.update({"updateStatus": "DELETE_FAILED", "updateStatusReason": self.delete_failure})
            elif until <= now and provider.get("updateStatus") != "DELETE_FAILED":
                del self.deleting[name]
                self.providers.discard(name)
        wanted = call.json.get("capacityProviders")
        shown = [(n, p) for n, (u, p) in self.deleting.items() if not wanted or n in wanted or p.get("capacityProviderArn") in wanted]
        if not shown:
            return None
        body = json.loads(data or b"{}")
        listed = [p for p in body.get("capacityProviders", []) if p.get("name") not in dict(shown)]
        body["capacityProviders"] = listed + [p for _, p in shown]
        body["failures"] = [f for f in body.get("failures", []) if not any(n in (f.get("arn") or "") for n, _ in shown)]
        return status, content_type, json.dumps(body).encode(), "capacityProviderDelete"

    def _after_elasticloadbalancing_CreateLoadBalancer(self, call, status, content_type, data, now):
        if status == 200:
            arn = _tag(self._text(data), "LoadBalancerArn")
            if arn:
                self.balancers[arn] = {"subnets": call.params_like(r"Subnets\.member\.\d+"),
                                       "groups": call.params_like(r"SecurityGroups\.member\.\d+"), "certificates": set()}
        return None

    def _after_elasticloadbalancing_SetSubnets(self, call, status, content_type, data, now):
        lb = self.balancers.get(call.param("LoadBalancerArn"))
        if status == 200 and lb is not None:
            lb["subnets"] = call.params_like(r"Subnets\.member\.\d+")
        return None

    def _after_elasticloadbalancing_SetSecurityGroups(self, call, status, content_type, data, now):
        lb = self.balancers.get(call.param("LoadBalancerArn"))
        if status == 200 and lb is not None:
            lb["groups"] = call.params_like(r"SecurityGroups\.member\.\d+")
        return None

    def _after_elasticloadbalancing_CreateListener(self, call, status, content_type, data, now):
        certificates = set(call.params_like(r"Certificates\.member\.\d+\.CertificateArn"))
        lb = self.balancers.get(call.param("LoadBalancerArn"))
        if status == 200 and certificates:
            listener = _tag(self._text(data), "ListenerArn")
            self.listeners[listener] = (call.param("LoadBalancerArn"), certificates)
            if lb is not None:
                lb["certificates"] |= certificates
        return None

    def _after_elasticloadbalancing_ModifyListener(self, call, status, content_type, data, now):
        certificates = set(call.params_like(r"Certificates\.member\.\d+\.CertificateArn"))
        held = self.listeners.get(call.param("ListenerArn"))
        if status == 200 and certificates and held is not None:
            lb = self.balancers.get(held[0])
            for arn in held[1] - certificates:
                self.released[arn] = now + self._window("certificateInUse")
            if lb is not None:
                lb["certificates"] = (lb["certificates"] - held[1]) | certificates
            self.listeners[call.param("ListenerArn")] = (held[0], certificates)
        return None

    def _after_elasticloadbalancing_AddListenerCertificates(self, call, status, content_type, data, now):
        held = self.listeners.get(call.param("ListenerArn"))
        if status == 200 and held is not None:
            self._hold_listener(call.param("ListenerArn"), held[1] | set(call.params_like(r"Certificates\.member\.\d+\.CertificateArn")), now)
        return None

    def _after_elasticloadbalancing_RemoveListenerCertificates(self, call, status, content_type, data, now):
        held = self.listeners.get(call.param("ListenerArn"))
        if status == 200 and held is not None:
            self._hold_listener(call.param("ListenerArn"), held[1] - set(call.params_like(r"Certificates\.member\.\d+\.CertificateArn")), now)
        return None

    def _after_elasticloadbalancing_DeleteListener(self, call, status, content_type, data, now):
        if status == 200 and call.param("ListenerArn") in self.listeners:
            self._hold_listener(call.param("ListenerArn"), None, now)
        return None

    def _hold_listener(self, listener, certificates, now):
        """The listener now has <certificates> (None: it is gone). A certificate no listener of its load balancer has any
        more stays in use for a window, as after DeleteLoadBalancer."""
        lb_arn, before = self.listeners[listener]
        if certificates is None:
            del self.listeners[listener]
        else:
            self.listeners[listener] = (lb_arn, certificates)
        lb = self.balancers.get(lb_arn)
        if lb is None:
            return
        lb["certificates"] = set().union(*[c for (owner, c) in self.listeners.values() if owner == lb_arn])
        for arn in before - lb["certificates"]:
            self.released[arn] = now + self._window("certificateInUse")

    def _after_elasticloadbalancing_DeleteLoadBalancer(self, call, status, content_type, data, now):
        lb = self.balancers.pop(call.param("LoadBalancerArn"), None)
        if status == 200 and lb is not None:
            for resource in lb["subnets"] + lb["groups"]:
                self.held[resource] = now + self._window("networkInterfaces")
            for arn in lb["certificates"]:
                self.released[arn] = now + self._window("certificateInUse")
        return None

    def _after_autoscaling_CreateAutoScalingGroup(self, call, status, content_type, data, now):
        if status == 200:
            template = call.param("LaunchTemplate.LaunchTemplateId") or call.param("LaunchTemplate.LaunchTemplateName")
            subnets = [s.strip() for s in (call.param("VPCZoneIdentifier") or "").split(",") if s.strip()]
            self.groups[call.param("AutoScalingGroupName")] = {"subnets": subnets, "groups": self.template_groups.get(template, [])}
            # Instances launched now run the template's latest version (the stack's groups name $Latest).
            self.group_templates[call.param("AutoScalingGroupName")] = template
            self.group_versions[call.param("AutoScalingGroupName")] = self.template_versions.get(template, 1)
        return None

    def _after_autoscaling_DeleteAutoScalingGroup(self, call, status, content_type, data, now):
        group = self.groups.pop(call.param("AutoScalingGroupName"), None)
        if status == 200:
            for state in (self.group_templates, self.group_versions, self.refreshes):
                state.pop(call.param("AutoScalingGroupName"), None)
        if status == 200 and group is not None:
            for resource in group["subnets"] + group["groups"]:
                self.held[resource] = max(self.held.get(resource, 0), now + self._window("networkInterfaces"))
        return None

    def _after_route53_POST__2013_04_01_hostedzone_Id_rrset_(self, call, status, content_type, data, now):
        return self._pending(status, content_type, data, now)

    def _after_route53_POST__2013_04_01_hostedzone_Id_rrset(self, call, status, content_type, data, now):
        return self._pending(status, content_type, data, now)

    def _pending(self, status, content_type, data, now):
        if status != 200 or not self._on("route53Pending"):
            return None
        text = self._text(data)
        change = (_tag(text, "Id") or "").replace("/change/", "")
        if not change:
            return None
        self.changes[change] = {"insyncAt": now + self._window("route53Pending"), "insyncSeen": False}
        self.acted["route53Pending"] += 1
        return status, content_type, text.replace("<Status>INSYNC</Status>", "<Status>PENDING</Status>").encode(), "route53Pending"

    def _after_route53_GET__2013_04_01_change_Id(self, call, status, content_type, data, now):
        change = urllib.parse.urlparse(call.path).path.rsplit("/", 1)[-1]
        tracked = self.changes.get(change)
        if status != 200 or tracked is None:
            return None
        text = self._text(data)
        if now < tracked["insyncAt"]:
            self.acted["route53Pending"] += 1
            return status, content_type, text.replace("<Status>INSYNC</Status>", "<Status>PENDING</Status>").encode(), "route53Pending"
        tracked["insyncSeen"] = True
        return None

    def _after_acm_RequestCertificate(self, call, status, content_type, data, now):
        token = call.json.get("IdempotencyToken")
        if status == 200:
            arn = json.loads(data or b"{}").get("CertificateArn")
            if arn:
                self.requested[arn] = now
                if token and token not in self.tokens:
                    self.tokens[token] = (arn, now)
        return None

    def _after_acm_DeleteCertificate(self, call, status, content_type, data, now):
        if status == 200:
            self.deleted_certificates.add(call.json.get("CertificateArn"))
        return None

    def _after_acm_DescribeCertificate(self, call, status, content_type, data, now):
        arn = call.json.get("CertificateArn")
        made = self.requested.get(arn)
        if status != 200 or made is None or now - made >= self._window("validationRecord") or not self._on("validationRecord"):
            return None
        body = json.loads(data or b"{}")
        if (body.get("Certificate") or {}).get("Status") != "PENDING_VALIDATION":
            return None  # moto issues on a timer; an issued certificate has shown its record
        for option in (body.get("Certificate") or {}).get("DomainValidationOptions", []):
            option.pop("ResourceRecord", None)
        self.acted["validationRecord"] += 1
        return status, content_type, json.dumps(body).encode(), "validationRecord"

    # ---- instance refresh ----

    REFRESH_ACTIVE = ("Pending", "InProgress")

    def _settle_refreshes(self, now):
        """A refresh is Pending for the first tenth of the window, InProgress until the window ends, then Successful:
        by then every instance runs the version the group's template had when the refresh started. The window is read
        now, so a test can let a refresh run long, then end it by shortening the window."""
        window = self._window("instanceRefresh")
        for group, refreshes in self.refreshes.items():
            for r in refreshes:
                if r["Status"] not in self.REFRESH_ACTIVE:
                    continue
                elapsed = now - r["started"]
                if elapsed >= window:
                    r.update(Status="Successful", PercentageComplete=100, EndTime=now)
                    self.group_versions[group] = r["version"]
                else:
                    r["Status"] = "Pending" if elapsed < window / 10 else "InProgress"
                    r["PercentageComplete"] = int(100 * elapsed / window)

    def _before_autoscaling_StartInstanceRefresh(self, call, now):
        if not self._on("instanceRefresh"):
            return None
        group = call.param("AutoScalingGroupName")
        if group not in self.group_templates:
            return None  # a group made past the layer: moto answers (it has no instance refresh)
        self._settle_refreshes(now)
        if any(r["Status"] in self.REFRESH_ACTIVE for r in self.refreshes.get(group, [])):
            return self._act("instanceRefresh", query_error(
                "InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh."))
        refresh = {"InstanceRefreshId": str(uuid.uuid4()), "AutoScalingGroupName": group, "Status": "Pending", "started": now,
                   "PercentageComplete": 0,
                   "version": self.template_versions.get(self.group_templates[group], 1),
                   "MinHealthyPercentage": call.param("Preferences.MinHealthyPercentage"),
                   "InstanceWarmup": call.param("Preferences.InstanceWarmup"),
                   "ScaleInProtectedInstances": call.param("Preferences.ScaleInProtectedInstances")}
        self.refreshes.setdefault(group, []).insert(0, refresh)
        body = ("<StartInstanceRefreshResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><StartInstanceRefreshResult>"
                "<InstanceRefreshId>%s</InstanceRefreshId></StartInstanceRefreshResult><ResponseMetadata><RequestId>behaviour-refresh"
                "</RequestId></ResponseMetadata></StartInstanceRefreshResponse>" % refresh["InstanceRefreshId"])
        return self._act("instanceRefresh", Answer(200, body.encode(), "text/xml"))

    def _before_autoscaling_DescribeInstanceRefreshes(self, call, now):
        if not self._on("instanceRefresh"):
            return None
        group = call.param("AutoScalingGroupName")
        if group not in self.group_templates:
            return None
        self._settle_refreshes(now)
        ids = call.params_like(r"InstanceRefreshIds\.member\.\d+")
        shown = [r for r in self.refreshes.get(group, []) if not ids or r["InstanceRefreshId"] in ids]
        if call.param("MaxRecords"):
            shown = shown[:int(call.param("MaxRecords"))]

        def stamp(t):
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

        members = "".join(
            "<member><InstanceRefreshId>%s</InstanceRefreshId><AutoScalingGroupName>%s</AutoScalingGroupName>"
            "<Status>%s</Status><StartTime>%s</StartTime>%s<PercentageComplete>%d</PercentageComplete>"
            "<Preferences><MinHealthyPercentage>%s</MinHealthyPercentage><InstanceWarmup>%s</InstanceWarmup></Preferences>"
            "<Strategy>Rolling</Strategy></member>" % (
                r["InstanceRefreshId"], _xml(group), r["Status"], stamp(r["started"]),
                "<EndTime>%s</EndTime>" % stamp(r["EndTime"]) if "EndTime" in r else "", r["PercentageComplete"],
                r["MinHealthyPercentage"] or 90, r["InstanceWarmup"] or 0)
            for r in shown)
        body = ("<DescribeInstanceRefreshesResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                "<DescribeInstanceRefreshesResult><InstanceRefreshes>%s</InstanceRefreshes></DescribeInstanceRefreshesResult>"
                "<ResponseMetadata><RequestId>behaviour-refresh</RequestId></ResponseMetadata></DescribeInstanceRefreshesResponse>" % members)
        return self._act("instanceRefresh", Answer(200, body.encode(), "text/xml"))

    def _after_autoscaling_DescribeAutoScalingGroups(self, call, status, content_type, data, now):
        """Each instance's launch template version as AWS reports it (moto shows the template's default version)."""
        if status != 200 or not self._on("instanceRefresh") or not self.group_versions:
            return None
        self._settle_refreshes(now)
        ns = "{http://autoscaling.amazonaws.com/doc/2011-01-01/}"
        try:
            root = ET.fromstring(data)
        except ET.ParseError:
            return None
        changed = False
        for group in root.iter(ns + "AutoScalingGroups"):
            for member in group.findall(ns + "member"):
                name = member.findtext(ns + "AutoScalingGroupName")
                version = self.group_versions.get(name)
                if version is None:
                    continue
                for node in member.findall("%sInstances/%smember/%sLaunchTemplate/%sVersion" % (ns, ns, ns, ns)):
                    if node.text != str(version):
                        node.text = str(version)
                        changed = True
        if not changed:
            return None
        ET.register_namespace("", ns.strip("{}"))
        self.acted["instanceRefresh"] += 1
        return status, content_type, ET.tostring(root, encoding="utf-8"), "instanceRefresh"
