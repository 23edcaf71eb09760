/**
 * RecoverCloud with the AWS SDK for JavaScript v3. Every client is pointed at the same endpoint when
 * one is given (--endpoint, AWS_ENDPOINT_URL or the synthesized backend's emulator endpoint).
 */
import { CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { DescribeSecurityConfigurationCommand, EMRClient } from '@aws-sdk/client-emr';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  IAMClient,
  paginateListPolicies,
} from '@aws-sdk/client-iam';
import { KMSClient, paginateListAliases } from '@aws-sdk/client-kms';
import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ADDRESS_TAG } from '../../src/lib/address-tag-key';
import {
  RecoverError,
  ruleHasContent,
  type RecoverCloud,
  type StoredObject,
  type TaggedResource,
} from './recover-core';

export interface AwsOptions {
  readonly region: string;
  readonly endpoint?: string;
}

const NOT_FOUND = new Set([
  'NoSuchEntity',
  'NoSuchEntityException',
  'ResourceNotFoundException',
  'InvalidRequestException',
  'NotFound',
  'NoSuchKey',
]);

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

/** Maps the SDK's credential and connection failures to what the person must do. */
export function explainAwsError(error: unknown, endpoint: string | undefined): RecoverError | undefined {
  const name = errorName(error);
  const message = (error as Error).message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(message)) {
    return new RecoverError(
      'no AWS credentials: sign in (aws sso login --profile <p>; export AWS_PROFILE=<p>) or set ' +
        'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the account of this environment',
    );
  }
  if (
    ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidClientTokenId'].includes(name)
  ) {
    return new RecoverError(`AWS rejected the credentials (${name}): refresh them and run recover again`);
  }
  if (/ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)) {
    return new RecoverError(`cannot reach AWS${endpoint ? ` at ${endpoint}` : ''}: ${message}`);
  }
  return undefined;
}

export function awsCloud(options: AwsOptions): RecoverCloud {
  // The SDK's notice that future releases need Node 22 is for maintainers, not for a recovery at 3 a.m.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    region: options.region,
    ...(options.endpoint && { endpoint: options.endpoint }),
  };
  const s3 = new S3Client({ ...config, forcePathStyle: Boolean(options.endpoint) });
  const tagging = new ResourceGroupsTaggingAPIClient(config);
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  const kms = new KMSClient(config);
  const emr = new EMRClient(config);
  const events = new EventBridgeClient(config);
  const logs = new CloudWatchLogsClient(config);
  const byAddress = (address: string): Filter[] => [{ Name: `tag:${ADDRESS_TAG}`, Values: [address] }];

  /** Runs a lookup call; "not found" answers become undefined. */
  async function found<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return undefined;
      throw error;
    }
  }

  const lookups: Record<
    string,
    (args: Record<string, string>, address: string) => Promise<string | undefined>
  > = {
    async aws_kms_alias({ name }) {
      for await (const page of paginateListAliases({ client: kms }, {})) {
        if (page.Aliases?.some((alias) => alias.AliasName === name)) return name;
      }
      return undefined;
    },
    async aws_emr_security_configuration({ name }) {
      const answer = await found(() => emr.send(new DescribeSecurityConfigurationCommand({ Name: name })));
      return answer?.Name;
    },
    async aws_cloudwatch_log_stream({ log_group_name: group, name }) {
      const answer = await found(() =>
        logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: name })),
      );
      return answer?.logStreams?.some((s) => s.logStreamName === name) ? `${group}:${name}` : undefined;
    },
    async aws_route({ route_table_id: table, destination_cidr_block: cidr }) {
      const answer = await found(() => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table!] })));
      const route = answer?.RouteTables?.[0]?.Routes?.find((r) => r.DestinationCidrBlock === cidr);
      return route ? `${table}_${cidr}` : undefined;
    },
    async aws_route_table_association({ route_table_id: table, subnet_id: subnet }) {
      const answer = await found(() => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table!] })));
      const association = answer?.RouteTables?.[0]?.Associations?.find((a) => a.SubnetId === subnet);
      return association ? `${subnet}/${table}` : undefined;
    },
    async aws_iam_role({ name }) {
      return (await found(() => iam.send(new GetRoleCommand({ RoleName: name }))))?.Role?.RoleName;
    },
    async aws_iam_instance_profile({ name }) {
      const answer = await found(() =>
        iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
      );
      return answer?.InstanceProfile?.InstanceProfileName;
    },
    async aws_iam_policy({ name }) {
      // Customer managed policies are imported by ARN; the name is unique in the account.
      for await (const page of paginateListPolicies({ client: iam }, { Scope: 'Local' })) {
        const policy = page.Policies?.find((p) => p.PolicyName === name);
        if (policy) return policy.Arn;
      }
      return undefined;
    },
    async aws_cloudwatch_event_rule({ name }) {
      return (await found(() => events.send(new DescribeRuleCommand({ Name: name }))))?.Name;
    },
    async aws_s3_object({ bucket, key }) {
      const answer = await found(() => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      return answer ? `s3://${bucket}/${key}` : undefined;
    },
    async aws_eip(_args, address) {
      const answer = await ec2.send(new DescribeAddressesCommand({ Filters: byAddress(address) }));
      return answer.Addresses?.[0]?.AllocationId;
    },
    async aws_vpc_endpoint({ vpc_id: vpc }, address) {
      const answer = await ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [...byAddress(address), { Name: 'vpc-id', Values: [vpc!] }],
        }),
      );
      return answer.VpcEndpoints?.find((e) => String(e.State).toLowerCase() !== 'deleted')?.VpcEndpointId;
    },
    aws_vpc_security_group_ingress_rule: (args, address) => ruleByTag(args, address, false),
    aws_vpc_security_group_egress_rule: (args, address) => ruleByTag(args, address, true),
  };

  async function ruleByTag(
    args: Readonly<Record<string, string>>,
    address: string,
    egress: boolean,
  ): Promise<string | undefined> {
    const answer = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [args.security_group_id!] }],
      }),
    );
    const rules = (answer.SecurityGroupRules ?? []).filter((rule) => Boolean(rule.IsEgress) === egress);
    const tagged = rules.find((rule) => rule.Tags?.some((t) => t.Key === ADDRESS_TAG && t.Value === address));
    // No rule carries the address: adopt an untagged rule with the configured content (see
    // CONTENT_LOOKUP_ARGS); apply then adds the tags.
    const same = rules.find(
      (rule) => !rule.Tags?.some((t) => t.Key === ADDRESS_TAG) && ruleHasContent(rule, args),
    );
    return (tagged ?? same)?.SecurityGroupRuleId;
  }

  return {
    async readObject(bucket, key): Promise<StoredObject | undefined> {
      try {
        const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { body: (await answer.Body?.transformToString('utf8')) ?? '' };
      } catch (error) {
        if (errorName(error) === 'NoSuchKey') return undefined;
        if (errorName(error) === 'NoSuchBucket') {
          throw new RecoverError(
            `the state bucket s3://${bucket} does not exist in region ${options.region}` +
              `${options.endpoint ? ` at ${options.endpoint}` : ''}: wrong account or region, or the ` +
              'state-backend stack was never applied (see docs/operations.md)',
          );
        }
        if (errorName(error) === 'AccessDenied') {
          throw new RecoverError(
            `access denied reading s3://${bucket}/${key}: use a role that may read the state`,
          );
        }
        throw error;
      }
    },
    async deleteObject(bucket, key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async taggedResources(tags): Promise<TaggedResource[]> {
      const result: TaggedResource[] = [];
      const TagFilters = [
        ...Object.entries(tags).map(([Key, value]) => ({ Key, Values: [value] })),
        { Key: ADDRESS_TAG },
      ];
      for await (const page of paginateGetResources({ client: tagging }, { TagFilters })) {
        for (const mapping of page.ResourceTagMappingList ?? []) {
          if (!mapping.ResourceARN) continue;
          result.push({
            arn: mapping.ResourceARN,
            tags: Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
          });
        }
      }
      return result;
    },
    async lookup(type, args, address) {
      const lookup = lookups[type];
      if (!lookup) throw new Error(`no lookup for ${type}`);
      return lookup(args, address);
    },
  };
}
