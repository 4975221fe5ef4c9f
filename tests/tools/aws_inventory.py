#!/usr/bin/env python3
"""Counts, service by service, every resource that belongs to an app: tagged aotech:app=<app> or named after it (or,
with --endpoint-name, to a shared endpoint: tagged aotech:endpoint=<endpoint> or named after it).

Used by the reliability tests to find duplicates and leaks without trusting the module's own view: it talks to the
backend directly (never through the fault-injecting proxy) with boto3, a reference client, and lists every resource
of each kind (not just the names the stack expects), so a second VPC or a forgotten role is counted too.

  aws_inventory.py --endpoint URL (--app NAME | --endpoint-name NAME) [--domain www.example.com]
prints JSON {"<kind>": count, ...} for every kind with at least one resource.
"""
import argparse
import json
import sys

import boto3

TAG = "aotech:app"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--app", default="")
    p.add_argument("--endpoint-name", default="")
    p.add_argument("--domain", default="")
    p.add_argument("--region", default="us-east-1")
    a = p.parse_args()
    if bool(a.app) == bool(a.endpoint_name):
        p.error("give one of --app and --endpoint-name")
    # An endpoint's resources are named from it and tagged aotech:endpoint (and an app's on it carry that tag too).
    owner_tag = TAG if a.app else "aotech:endpoint"
    a.app = a.app or a.endpoint_name
    app, prefix, iam_path = a.app, "aotech-" + a.app, "/aotech/" + a.app + "/"
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=a.region)

    def client(name):
        return session.client(name, endpoint_url=a.endpoint)

    counts = {}

    def add(kind, n=1):
        if n:
            counts[kind] = counts.get(kind, 0) + n

    def tagged(tags, key="Key", value="Value"):
        return any(t.get(key) == owner_tag and t.get(value) == app for t in (tags or []))

    def named(name):
        return bool(name) and (name == prefix or name.startswith(prefix + "-") or name == "/aotech/" + app)

    ec2 = client("ec2")
    for kind, call, key in [("vpc", "describe_vpcs", "Vpcs"), ("subnet", "describe_subnets", "Subnets"),
                            ("security group", "describe_security_groups", "SecurityGroups"),
                            ("internet gateway", "describe_internet_gateways", "InternetGateways"),
                            ("route table", "describe_route_tables", "RouteTables"),
                            ("launch template", "describe_launch_templates", "LaunchTemplates")]:
        for r in getattr(ec2, call)()[key]:
            if tagged(r.get("Tags")) or named(r.get("GroupName")) or named(r.get("LaunchTemplateName")):
                add(kind)
    # The private network: NAT gateways and VPC endpoints not deleted, and Elastic IPs.
    for n in ec2.describe_nat_gateways()["NatGateways"]:
        if tagged(n.get("Tags")) and n.get("State") != "deleted":
            add("nat gateway")
    for address in ec2.describe_addresses()["Addresses"]:
        if tagged(address.get("Tags")):
            add("elastic ip")
    for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]:
        if tagged(e.get("Tags")) and (e.get("State") or "").lower() != "deleted":
            add("vpc endpoint")
    elb = client("elbv2")
    for lb in elb.describe_load_balancers()["LoadBalancers"]:
        tags = elb.describe_tags(ResourceArns=[lb["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"]
        if tagged(tags) or named(lb["LoadBalancerName"]):
            add("load balancer")
            listeners = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
            add("listener", len(listeners))
    for tg in elb.describe_target_groups()["TargetGroups"]:
        tags = elb.describe_tags(ResourceArns=[tg["TargetGroupArn"]])["TagDescriptions"][0]["Tags"]
        if tagged(tags) or named(tg["TargetGroupName"]):
            add("target group")

    asg = client("autoscaling")
    for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]:
        if tagged(g.get("Tags")) or named(g["AutoScalingGroupName"]):
            add("auto scaling group")
            # Instances are counted through their group: moto's ForceDelete keeps scale-in protected instances
            # running where AWS terminates them, so free-standing leftovers in moto say nothing about the module.
            add("instance", len(g.get("Instances") or []))

    ecs = client("ecs")
    cp_names = {prefix + "-cp"}
    cluster_arns = ecs.list_clusters()["clusterArns"]
    if cluster_arns:
        for c in ecs.describe_clusters(clusters=cluster_arns, include=["TAGS"])["clusters"]:
            if c.get("status") == "INACTIVE":
                continue
            cp_names.update(c.get("capacityProviders") or [])
            if tagged(c.get("tags"), "key", "value") or named(c["clusterName"]):
                add("cluster")
            for arn in ecs.list_services(cluster=c["clusterArn"])["serviceArns"]:
                s = ecs.describe_services(cluster=c["clusterArn"], services=[arn])["services"][0]
                if s.get("status") != "INACTIVE" and (named(s["serviceName"]) or named(c["clusterName"])):
                    add("service")
    # ECS cannot list capacity providers (and moto fails describing them all): ask for those the clusters use and
    # the one the stack names.
    for cp in ecs.describe_capacity_providers(capacityProviders=sorted(cp_names))["capacityProviders"]:
        if cp.get("status") != "INACTIVE" and (tagged(cp.get("tags"), "key", "value") or named(cp["name"])):
            add("capacity provider")
    for arn in ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]:
        family = arn.rsplit("/", 1)[-1].rsplit(":", 1)[0]
        if named(family):
            add("task definition")

    # Task auto scaling: a scalable target (or a policy) for a service of the app's cluster outlives the service.
    aas = client("application-autoscaling")
    for t in aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]:
        if named(t["ResourceId"].split("/")[1]):
            add("scalable target")
    for p in aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]:
        if named(p["ResourceId"].split("/")[1]):
            add("scaling policy")

    iam = client("iam")
    for r in iam.list_roles()["Roles"]:
        if r["Path"] == iam_path or named(r["RoleName"]):
            add("iam role")
    for ip in iam.list_instance_profiles()["InstanceProfiles"]:
        if ip["Path"] == iam_path or named(ip["InstanceProfileName"]):
            add("instance profile")

    logs = client("logs")
    for g in logs.describe_log_groups()["logGroups"]:
        if named(g["logGroupName"]) or g["logGroupName"].startswith("/aotech/" + app + "/"):
            add("log group")

    acm = client("acm")
    for c in acm.list_certificates()["CertificateSummaryList"]:
        tags = acm.list_tags_for_certificate(CertificateArn=c["CertificateArn"]).get("Tags", [])
        if tagged(tags) or (a.domain and c["DomainName"] == a.domain):
            add("certificate")

    # The app lock (/aotech/<app>/lock) and any other parameter of the app: a lock left behind is a leak.
    ssm = client("ssm")
    # Asked with filters, never listed whole: once the stack has read the ECS AMI parameter, moto holds every public
    # /aws/service parameter, and paging through them took half a minute per inventory.
    names = set()
    for filters in ([{"Key": "Name", "Option": "BeginsWith", "Values": ["/aotech/" + app]}],
                    [{"Key": "Name", "Option": "BeginsWith", "Values": [prefix]}],
                    [{"Key": "tag:" + owner_tag, "Values": [app]}]):
        for page in ssm.get_paginator("describe_parameters").paginate(ParameterFilters=filters):
            names.update(prm["Name"] for prm in page["Parameters"])
    for name in names:
        if name.startswith("/aotech/" + app + "/") or named(name) or tagged(
                ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name).get("TagList")):
            add("ssm parameter")

    r53 = client("route53")
    for z in r53.list_hosted_zones()["HostedZones"]:
        for rr in r53.list_resource_record_sets(HostedZoneId=z["Id"])["ResourceRecordSets"]:
            if rr["Type"] not in ("A", "AAAA", "CNAME"):
                continue
            name = rr["Name"].rstrip(".")
            target = (rr.get("AliasTarget") or {}).get("DNSName", "")
            if (a.domain and (name == a.domain or name.endswith("." + a.domain))) or prefix in target:
                add("dns record " + rr["Type"])

    json.dump(counts, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    sys.exit(main())
