#!/usr/bin/env python3
"""Creates N apps' worth of what Get-AoEcsApp reads, straight through boto3: per app a cluster tagged aotech:app and
aotech:domain, its service, load balancer, target group, Auto Scaling group and a certificate tagged for the app, in one
shared VPC. Far quicker than New-AoEcsApp N times, for the listing test and bench/get-app-scale.ps1; nothing else of a
stack (roles, network per app, records) exists, since Get-AoEcsApp reads none of it.

  seed_apps.py --endpoint URL --region us-east-1 --prefix scale --first 1 --count 10 --domain example.test
Prints the app names made, one a line.
"""
import argparse

import boto3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--prefix", required=True)
    p.add_argument("--first", type=int, default=1)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--domain", required=True)
    a = p.parse_args()
    kw = dict(endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing", aws_secret_access_key="testing")
    ec2, ecs, elb, asg, acm = (boto3.client(s, **kw) for s in ("ec2", "ecs", "elbv2", "autoscaling", "acm"))

    # One shared network and launch template, found again by its Name on a later call.
    name = f"aotech-seed-{a.prefix}"
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    if vpcs:
        vpc = vpcs[0]["VpcId"]
        subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]]
    else:
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}])["Vpc"]["VpcId"]
        zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=z)["Subnet"]["SubnetId"]
                   for i, z in enumerate(zones)]
        ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
        ecs.register_task_definition(family=name, containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])

    for i in range(a.first, a.first + a.count):
        app = f"{a.prefix}{i}"
        full = f"aotech-{app}"
        domain = f"{app}.{a.domain}"
        tags = [{"key": "aotech:app", "value": app}]
        ecs.create_cluster(clusterName=full, tags=tags + [{"key": "aotech:domain", "value": domain}])
        tg = elb.create_target_group(Name=f"{full}-tg", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance",
                                     Tags=[{"Key": "aotech:app", "Value": app}])["TargetGroups"][0]["TargetGroupArn"]
        elb.create_load_balancer(Name=f"{full}-alb", Subnets=subnets, Tags=[{"Key": "aotech:app", "Value": app}])
        ecs.create_service(cluster=full, serviceName=full, taskDefinition=name, desiredCount=1,
                           loadBalancers=[{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}], tags=tags)
        asg.create_auto_scaling_group(AutoScalingGroupName=f"{full}-asg", MinSize=0, MaxSize=1, DesiredCapacity=0,
                                      LaunchTemplate={"LaunchTemplateName": name}, VPCZoneIdentifier=",".join(subnets),
                                      Tags=[{"Key": "aotech:app", "Value": app, "PropagateAtLaunch": True}])
        acm.request_certificate(DomainName=domain, ValidationMethod="DNS", Tags=[{"Key": "aotech:app", "Value": app}])
        print(app, flush=True)


if __name__ == "__main__":
    main()
