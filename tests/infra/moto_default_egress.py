"""moto_server.py fix 9, and what `npm run recover` relies on for security group rules.

    python tests/infra/moto_default_egress.py scripts/lib/moto_server.py   # exit 0 with the fix

An apply killed between CreateSecurityGroup and the provider's revoke of the default egress-all
rule leaves that rule behind, untagged. recover adopts it for the configured all-traffic egress
rule (scripts/lib/recover-aws.ts, ruleByTag), and the next apply sets the rule's description with
ModifySecurityGroupRules (IpProtocol -1, no ports), which moto 5.2.x refuses without the fix.
"""

import importlib.util
import sys

import boto3
from moto import mock_aws

spec = importlib.util.spec_from_file_location("moto_fixes", sys.argv[1])  # patches moto on import
spec.loader.exec_module(importlib.util.module_from_spec(spec))

with mock_aws():
    ec2 = boto3.client("ec2", region_name="eu-north-1")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc)["GroupId"]
    (rule,) = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])[
        "SecurityGroupRules"
    ]
    assert (rule["IsEgress"], rule["IpProtocol"], rule["CidrIpv4"]) == (True, "-1", "0.0.0.0/0"), rule
    assert not rule.get("Tags"), rule
    ec2.modify_security_group_rules(
        GroupId=group,
        SecurityGroupRules=[
            {
                "SecurityGroupRuleId": rule["SecurityGroupRuleId"],
                "SecurityGroupRule": {"IpProtocol": "-1", "CidrIpv4": "0.0.0.0/0", "Description": "adopted"},
            }
        ],
    )
    (after,) = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])[
        "SecurityGroupRules"
    ]
    assert after.get("Description") == "adopted", after
    print(f"default egress rule {rule['SecurityGroupRuleId']}: untagged, all traffic; description modified")
