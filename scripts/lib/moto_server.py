#!/usr/bin/env python3
"""moto_server with nine small fixes that the platform hits; run with the tools venv's python.

    $PLATFORM_TOOLS_VENV/bin/python scripts/lib/moto_server.py -H 127.0.0.1 -p PORT

moto (5.2.x) evaluates bucket policies on object requests without any request context, and
treats a condition on a context key it does not have as MATCHING; a statement whose condition does
not match is moreover an explicit DENY whatever its Effect. So the platform's TLS-only bucket
policy (Deny s3:* if aws:SecureTransport is "false") denies EVERY object request, including
Terraform's own state reads (HeadObject -> 403 Forbidden). In AWS a condition on a key the request
does not carry does not match, and a statement whose condition does not match does not apply. This
wrapper makes moto do that (the statement is NEUTRAL). Fixes 2 to 9 are described below. Then it starts
the normal moto server; nothing else is changed.
"""

from __future__ import annotations

import json
import sys

import xmltodict
from moto.ec2.models import nat_gateways as ec2_nat_models
from moto.ec2.models import security_groups as ec2_sg_models
from moto.iam import access_control
from moto.iam.policy_conditions import TrustRelationShipConditions
from moto.s3 import models as s3_models
from moto.s3 import responses as s3_responses
from moto.server import main

_original = access_control.IAMPolicyStatement.is_action_permitted


def _condition_matches(statement, incoming: dict | None) -> bool:
    """AWS: a condition on a context key the request does not carry does not match."""
    for condition in TrustRelationShipConditions(statement._statement["Condition"]):
        if any(not incoming or key not in incoming for key in condition.context_keys):
            return False
    return statement._check_conditions(incoming)


def _is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
    if self._statement.get("Condition") and not _condition_matches(self, incoming_condition_values):
        return access_control.PermissionResult.NEUTRAL
    return _original(self, action, resource, principal, incoming_condition_values)


access_control.IAMPolicyStatement.is_action_permitted = _is_action_permitted


# Fix 2: PutBucketLogging looks for the log-delivery grant in the target bucket's policy and
# crashes (AttributeError, HTTP 500) on any statement whose Principal is the string "*", such as
# the TLS-only Deny. Skip such statements (they cannot be the logging service's grant).
_original_log_policy = s3_models.FakeBucket._log_permissions_enabled_policy


def _log_permissions_enabled_policy(target_bucket, target_prefix):
    policy = target_bucket.policy
    if not policy:
        return False
    statements = json.loads(policy.decode()).get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    usable = [st for st in statements if isinstance(st.get("Principal", {}), dict)]
    if len(usable) == len(statements):
        return _original_log_policy(target_bucket, target_prefix)

    class _Filtered:  # the same bucket, seen with the usable statements only
        partition, name = target_bucket.partition, target_bucket.name
        policy = json.dumps({"Statement": usable}).encode()

    return _original_log_policy(_Filtered, target_prefix)


s3_models.FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)


# Fix 3: DescribeSecurityGroupRules returns the description of CIDR rules only; a rule that
# references another security group (aws_vpc_security_group_*_rule with referenced_security_group_id)
# comes back without it, so every plan after apply wants to add the description again.
ec2_sg_models.SecurityGroupRule.description = property(
    lambda rule: rule.ip_range.get("Description") or rule.source_group.get("Description")
)


# Fix 4: DescribeSecurityGroupRules returns ReferencedGroupInfo with UserId = the account. The
# provider writes referenced_security_group_id as "UserId/GroupId" unless UserId equals ITS account
# ID, which is "" here (skip_requesting_account_id, src/stacks/aws-provider.ts), so every plan
# after apply wants "123456789012/sg-..." -> "sg-...". Everything in moto is one account: answer
# with the group (and VPC) only, as for a same-account reference.
ec2_sg_models.SecurityGroupRule.referenced_group_info = property(
    lambda rule: {k: v for k, v in rule.source_group.items() if k in ("GroupId", "VpcId")} or None
)

# Fix 5: the provider tags a bucket on create (CreateBucketConfiguration <Tags>, the S3 feature of
# 2025), falling back to PutBucketTagging only if that is refused. moto 5.2.x accepts the body but
# ignores its tags, so every bucket comes back untagged and every plan after apply wants to add
# tags_all. Apply those tags after moto has created the bucket.
_original_bucket_put = s3_responses.S3Response._bucket_response_put


def _tags_from_create_configuration(body) -> dict[str, str]:
    try:
        config = xmltodict.parse(body).get("CreateBucketConfiguration") or {}
    except Exception:  # not XML, or no body: nothing to do
        return {}
    tags = (config.get("Tags") or {}).get("Tag") or []
    tags = tags if isinstance(tags, list) else [tags]
    return {t["Key"]: t.get("Value") or "" for t in tags if isinstance(t, dict) and "Key" in t}


def _bucket_response_put(self, request, bucket_name, querystring):
    result = _original_bucket_put(self, request, bucket_name, querystring)
    if not querystring and self.body:
        tags = _tags_from_create_configuration(self.body)
        if tags:
            self.backend.put_bucket_tagging(bucket_name, tags)
    return result


s3_responses.S3Response._bucket_response_put = _bucket_response_put

# Fix 6: a VPC flow log to S3 may name a folder in the bucket (log_destination
# "arn:aws:s3:::BUCKET/vpc-flow-logs/", as AWS documents), but moto looks up a bucket called
# "BUCKET/vpc-flow-logs/" and fails CreateFlowLogs with "LogDestination: BUCKET/vpc-flow-logs/ does
# not exist.". A bucket name cannot contain "/": look such a name up by its bucket part.
_original_get_bucket = s3_models.S3Backend.get_bucket


def _get_bucket(self, bucket_name):
    if isinstance(bucket_name, str) and "/" in bucket_name and bucket_name.split("/", 1)[0]:
        try:
            return _original_get_bucket(self, bucket_name.split("/", 1)[0])
        except Exception:
            pass  # report the name as asked
    return _original_get_bucket(self, bucket_name)


s3_models.S3Backend.get_bucket = _get_bucket

# Fix 7: deleting a key whose versions include delete markers from a bucket whose versioning is no
# longer "Enabled" (Terraform destroys aws_s3_bucket_versioning, i.e. suspends it, before the
# force_destroy of the bucket empties it with DeleteObjects) pops every version and calls dispose()
# on each; FakeDeleteMarker has none, so moto answers HTTP 500 ('FakeDeleteMarker' object has no
# attribute 'dispose') and the provider retries for as long as the destroy lasts. A delete marker
# holds no data to release: give it a dispose() that does nothing.
if not hasattr(s3_models.FakeDeleteMarker, "dispose"):
    s3_models.FakeDeleteMarker.dispose = lambda self, garbage=False: None

# Fix 8: DeleteNatGateway marks the gateway deleted but leaves its Elastic IP associated, so a new
# NAT gateway with the same EIP (office hours: off, then on again; a recreated gateway) fails with
# Resource.AlreadyAssociated. AWS disassociates the address when the gateway is deleted.
_delete_nat_gateway = ec2_nat_models.NatGatewayBackend.delete_nat_gateway


def _delete_nat_gateway_releasing_eip(self, nat_gateway_id):
    nat_gw = _delete_nat_gateway(self, nat_gateway_id)
    for address in nat_gw.address_set:
        if address.get("associationId"):
            try:
                self.disassociate_address(association_id=address["associationId"])
            except Exception:  # already gone: nothing to release
                pass
    eni = getattr(nat_gw, "_eni", None)
    for eip in list(getattr(self, "addresses", [])):
        if eni is not None and eip.eni is eni:
            eip.eni = None
            eip.association_id = None
    return nat_gw


ec2_nat_models.NatGatewayBackend.delete_nat_gateway = _delete_nat_gateway_releasing_eip

# Fix 9: ModifySecurityGroupRules refuses an all-traffic rule (IpProtocol "-1") without FromPort and
# ToPort ("Must specify both from and to ports with TCP/UDP"); AWS accepts it, ports do not apply to
# -1, and the provider sends none. `npm run recover` adopts AWS's default egress-all rule of a group
# an interrupted apply left behind, and the next apply sets its description this way.
_modify_security_group_rules = ec2_sg_models.SecurityGroupBackend.modify_security_group_rules


def _modify_all_traffic_rules(self, group_id, rules):
    for rule in rules.values():
        if str(rule.get("IpProtocol")) in ("-1", "all"):
            for port in ("FromPort", "ToPort"):
                if rule.get(port) is None:
                    rule[port] = -1
    return _modify_security_group_rules(self, group_id, rules)


ec2_sg_models.SecurityGroupBackend.modify_security_group_rules = _modify_all_traffic_rules

if __name__ == "__main__":
    sys.exit(main())
