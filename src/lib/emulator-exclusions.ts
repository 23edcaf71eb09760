/**
 * Resource types the AWS emulator (moto server) cannot serve, left out of the stacks the app
 * synthesizes for it (PLATFORM_EMULATOR_ENDPOINT), together with everything that references them.
 * Done on the construct tree before synthesis, so cdk.tf.json and the stack's "//" outputs
 * metadata agree and `cdktf deploy`/`cdktf diff` accept the output as written.
 */
import type { IConstruct } from 'constructs';
import { TerraformDataSource, TerraformOutput, TerraformResource, type TerraformStack } from './tf';

/**
 * The one list (override: PLATFORM_EMULATOR_SKIP, comma-separated; a `data.` prefix names a data source).
 *   aws_mwaa_environment                moto has no MWAA (Airflow) service
 *   aws_ec2_client_vpn_*                moto's EC2 has no Client VPN API
 *   aws_budgets_budget                  moto's Budgets lacks DescribeSubscribersForNotification
 *   aws_cloudwatch_metric_alarm         the provider speaks CloudWatch's RPCv2-CBOR protocol, which
 *                                       moto 5.2.5 does not route (404)
 *   aws_ce_cost_allocation_tag          moto's Cost Explorer has no cost allocation tag API
 *   aws_athena_workgroup                the provider builds the workgroup ARN from the account id, which
 *                                       the emulated provider does not look up; moto refuses the ARN
 *   aws_glue_catalog_database           likewise for its tag calls: moto never sees the tags, so every
 *                                       plan shows them as added
 */
export const EMULATOR_UNSUPPORTED_TYPES: readonly string[] = [
  'aws_mwaa_environment',
  'aws_budgets_budget',
  'aws_cloudwatch_metric_alarm',
  'aws_ce_cost_allocation_tag',
  'aws_athena_workgroup',
  'aws_glue_catalog_database',
  'aws_ec2_client_vpn_endpoint',
  'aws_ec2_client_vpn_network_association',
  'aws_ec2_client_vpn_authorization_rule',
  'aws_ec2_client_vpn_route',
];

/** `type.name`, `data.type.name` or `output.name`: the address a reference to the element uses. */
function addressOf(element: IConstruct): string | undefined {
  if (TerraformResource.isTerraformResource(element)) {
    return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
  }
  if (TerraformDataSource.isTerraformDataSource(element)) {
    return `data.${element.terraformResourceType}.${element.friendlyUniqueId}`;
  }
  if (TerraformOutput.isTerraformOutput(element)) return `output.${element.friendlyUniqueId}`;
  return undefined;
}

function references(text: string, address: string): boolean {
  // `aws_x.name` then `.attr`, `[`, `}`, `"` or the end; not the prefix of a longer name
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`).test(text);
}

type Blocks = Record<string, Record<string, unknown>>;

/** address -> its configuration as JSON text, for the resources, data sources and outputs of a stack. */
function bodies(doc: {
  resource?: Blocks;
  data?: Blocks;
  output?: Record<string, unknown>;
}): Map<string, string> {
  const found = new Map<string, string>();
  for (const [prefix, blocks] of [
    ['', doc.resource],
    ['data.', doc.data],
  ] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName))
        found.set(`${prefix}${type}.${name}`, JSON.stringify(body));
    }
  }
  for (const [name, body] of Object.entries(doc.output ?? {}))
    found.set(`output.${name}`, JSON.stringify(body));
  return found;
}

/**
 * Removes from the stack every resource/data source of the given types, then, until nothing
 * changes, every resource, data source and output whose configuration references a removed one
 * (in an expression or depends_on). Returns what it removed, with the reason.
 */
export function excludeResourceTypes(stack: TerraformStack, types: readonly string[]): string[] {
  const config = bodies(stack.toTerraform());
  const removed = new Map<string, string>();
  for (const address of config.keys()) {
    const type = address.startsWith('data.')
      ? address.split('.').slice(0, 2).join('.')
      : address.split('.')[0]!;
    if (types.includes(type)) removed.set(address, address);
  }
  for (let changed = removed.size > 0; changed;) {
    changed = false;
    for (const [address, text] of config) {
      if (removed.has(address)) continue;
      const culprit = [...removed.keys()].find((gone) => references(text, gone));
      if (!culprit) continue;
      removed.set(address, `${address} (references ${culprit})`);
      changed = true;
    }
  }
  for (const c of stack.node.findAll()) {
    const address = addressOf(c);
    if (address && removed.has(address)) c.node.scope!.node.tryRemoveChild(c.node.id);
  }
  return [...removed.values()];
}
