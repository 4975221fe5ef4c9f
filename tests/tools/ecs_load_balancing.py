"""What ECS reads and changes of Elastic Load Balancing and IAM for a service with a load balancer, for the test layer.

ECS checks a blue/green-family service's load balancer resources when it is created or updated, and moves traffic
between its two target groups by changing the listener rules' forward weights. moto does neither. The layer
(aws_behaviour.py) refuses what ECS refuses with `refusal()`, and the model of service deployments (ecs_deployments.py)
moves the weights with `Moto.forward()`. Both read moto straight (past the layer), as ECS reads ELB and IAM itself.

Each check names the documentation page it follows; the catalogue (tests/AwsBehaviour.Catalogue.md, section
"loadBalancerResources") lists them with the tests that meet them. Python standard library only.
"""
import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET

BLUE_GREEN_FAMILY = ("BLUE_GREEN", "CANARY", "LINEAR")
ECS_PRINCIPAL = "ecs.amazonaws.com"
ECS_TARGET = "AmazonEC2ContainerServiceV20141113."


def _bare(tag):
    return tag.rsplit("}", 1)[-1]


def _find(node, *path):
    """The first descendant along the path of bare tag names (namespaces ignored), or None."""
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _bare(c.tag) == name), None)
    return node


def _members(node, *path):
    parent = _find(node, *path)
    return [c for c in parent if _bare(c.tag) == "member"] if parent is not None else []


def _text(node, *path):
    found = _find(node, *path)
    return found.text if found is not None else None


def _region(arn, default="us-east-1"):
    parts = (arn or "").split(":")
    return parts[3] if len(parts) > 4 and parts[3] else default


class Moto:
    """moto's ELBv2, IAM and ECS, read and changed as ECS would (unsigned: moto takes any credentials)."""

    def __init__(self, host, port):
        self.host, self.port = host, port

    def _post(self, service, region, body, headers):
        scope = "testing/20260101/%s/%s/aws4_request" % (region, service)
        headers = dict(headers, Authorization="AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=host, Signature=0" % scope)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def _query(self, service, region, version, action, params):
        form = dict(params, Action=action, Version=version)
        status, data = self._post(service, region, urllib.parse.urlencode(form).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError:
            return None

    def _ecs(self, region, operation, body):
        status, data = self._post("ecs", region, json.dumps(body).encode(),
                                  {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": ECS_TARGET + operation})
        return json.loads(data or b"{}") if status == 200 else None

    # ---- reads ----

    def target_group(self, arn):
        """{"arn", "type"} of the target group, or None when it does not exist."""
        root = self._query("elasticloadbalancing", _region(arn), "2015-12-01", "DescribeTargetGroups",
                           {"TargetGroupArns.member.1": arn})
        found = _members(root, "DescribeTargetGroupsResult", "TargetGroups") if root is not None else []
        if not found:
            return None
        return {"arn": _text(found[0], "TargetGroupArn"), "type": _text(found[0], "TargetType") or "instance"}

    def rule(self, arn):
        """The listener rule's actions as [{"type", "groups": [(target group ARN, weight)]}], or None when it does not exist."""
        root = self._query("elasticloadbalancing", _region(arn), "2015-12-01", "DescribeRules", {"RuleArns.member.1": arn})
        found = _members(root, "DescribeRulesResult", "Rules") if root is not None else []
        if not found:
            return None
        actions = []
        for action in _members(found[0], "Actions"):
            weighted = [(_text(g, "TargetGroupArn"), int(_text(g, "Weight") or 1))
                        for g in _members(action, "ForwardConfig", "TargetGroups")]
            single = _text(action, "TargetGroupArn")
            actions.append({"type": _text(action, "Type"), "groups": weighted or ([(single, 1)] if single else [])})
        return actions

    def trusts_ecs(self, role_arn):
        """None when the role does not exist, else whether its trust policy lets ecs.amazonaws.com assume it."""
        name = (role_arn or "").rsplit("/", 1)[-1]
        root = self._query("iam", "us-east-1", "2010-05-08", "GetRole", {"RoleName": name})
        role = _find(root, "GetRoleResult", "Role") if root is not None else None
        if role is None or _text(role, "Arn") != role_arn:
            return None
        try:
            policy = json.loads(urllib.parse.unquote(_text(role, "AssumeRolePolicyDocument") or "{}"))
        except ValueError:
            return False
        statements = policy.get("Statement") or []
        for s in statements if isinstance(statements, list) else [statements]:
            principals = (s.get("Principal") or {}).get("Service") if isinstance(s.get("Principal"), dict) else None
            principals = principals if isinstance(principals, list) else [principals]
            actions = s.get("Action") if isinstance(s.get("Action"), list) else [s.get("Action")]
            if s.get("Effect") == "Allow" and ECS_PRINCIPAL in principals and ("sts:AssumeRole" in actions or "sts:*" in actions):
                return True
        return False

    def network_mode(self, region, task_definition):
        doc = self._ecs(region, "DescribeTaskDefinition", {"taskDefinition": task_definition}) if task_definition else None
        return ((doc or {}).get("taskDefinition") or {}).get("networkMode") or "bridge"

    def service(self, region, cluster, service):
        doc = self._ecs(region, "DescribeServices", {"cluster": cluster or "default", "services": [service]})
        services = (doc or {}).get("services") or []
        return services[0] if services else None

    # ---- the one change: where a listener rule forwards ----

    def forward(self, rule_arn, weights):
        """Points the rule's forward action at [(target group ARN, weight)], as ECS does with ModifyRule."""
        params = {"RuleArn": rule_arn, "Actions.member.1.Type": "forward"}
        for i, (group, weight) in enumerate(weights, 1):
            params["Actions.member.1.ForwardConfig.TargetGroups.member.%d.TargetGroupArn" % i] = group
            params["Actions.member.1.ForwardConfig.TargetGroups.member.%d.Weight" % i] = str(int(round(weight)))
        return self._query("elasticloadbalancing", _region(rule_arn), "2015-12-01", "ModifyRule", params) is not None

    def live_target_group(self, rule_arn, candidates):
        """The target group of `candidates` the production rule sends the most traffic to, or None."""
        actions = self.rule(rule_arn) or []
        weights = [(w, g) for a in actions if a["type"] == "forward" for g, w in a["groups"] if g in candidates]
        return max(weights)[1] if weights else None


def balancing(load_balancers):
    """The first load balancer entry with a target group (ALB or NLB), or None."""
    return next((lb for lb in load_balancers or [] if lb.get("targetGroupArn")), None)


def refusal(moto, region, strategy, load_balancers, task_definition):
    """The InvalidParameterException message ECS answers for this service's load balancer resources, or None."""
    lb = balancing(load_balancers)
    if lb is None:
        return None
    primary = lb["targetGroupArn"]
    advanced = lb.get("advancedConfiguration") or {}
    blue_green = (strategy or "ROLLING").upper() in BLUE_GREEN_FAMILY
    # API_LoadBalancer.html (targetGroupArn): tasks with the awsvpc network mode need target type ip, not instance.
    # nlb.html: a task in bridge (or host) mode registers as an instance ID and port, which an ip target group cannot take.
    mode = moto.network_mode(region, task_definition)
    groups = [primary] + ([advanced["alternateTargetGroupArn"]] if blue_green and advanced.get("alternateTargetGroupArn") else [])
    for arn in groups:
        group = moto.target_group(arn)
        if group is None and blue_green:
            # alb-resources-for-blue-green.html: the service names its primary and alternate target groups.
            return "The target group %s does not exist." % arn
        if group is None:
            continue  # a rolling service's missing target group: not a check of this layer
        wanted = "ip" if mode == "awsvpc" else "instance"
        if group["type"] != wanted:
            return ("The target group %s has target type %s, but tasks with the %s network mode need target type %s."
                    % (arn, group["type"], mode, wanted))
    if not blue_green:
        return None
    # alb-resources-for-blue-green.html (Service configuration) and API_AdvancedConfiguration.html: a blue/green-family
    # service with a load balancer's target group names an alternate target group, the production listener rule and the
    # role ECS assumes to change them.
    missing = [k for k in ("alternateTargetGroupArn", "productionListenerRule", "roleArn") if not advanced.get(k)]
    if missing:
        return ("advancedConfiguration with %s is required for the %s deployment strategy with a load balancer target group."
                % (", ".join(missing), strategy.upper()))
    alternate = advanced["alternateTargetGroupArn"]
    if alternate == primary:
        # alb-resources-for-blue-green.html: two target groups, one for the blue and one for the green revision.
        return "The alternateTargetGroupArn %s must differ from the targetGroupArn." % alternate
    for key in ("productionListenerRule", "testListenerRule"):
        arn = advanced.get(key)
        if not arn:
            continue
        actions = moto.rule(arn)
        if actions is None:
            return "The %s %s does not exist." % (key, arn)
        # alb-resources-for-blue-green.html (Limitations): rules that mix forward with other actions are not supported.
        if not actions or any(a["type"] != "forward" for a in actions):
            return "The %s %s must have only forward actions for a %s deployment." % (key, arn, strategy.upper())
        # The rule forwards to the service's target groups, either or both (they swap roles on every deployment).
        strangers = [g for a in actions for g, _ in a["groups"] if g not in (primary, alternate)]
        if strangers:
            return ("The %s %s forwards to %s, which is neither the service's targetGroupArn nor its alternateTargetGroupArn."
                    % (key, arn, strangers[0]))
    # AmazonECSInfrastructureRolePolicyForLoadBalancers.html: the role's trust policy lets ecs.amazonaws.com assume it.
    trusted = moto.trusts_ecs(advanced["roleArn"])
    if trusted is None:
        return "The roleArn %s does not exist." % advanced["roleArn"]
    if not trusted:
        return "Unable to assume role %s: its trust policy does not allow ecs.amazonaws.com to assume it." % advanced["roleArn"]
    return None
