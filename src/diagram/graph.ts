import {
  constructPath,
  referencesOf,
  resourcesOf,
  type StackJson,
  type SynthResource,
} from '../cost/synth-json';

/**
 * The architecture graph of a synthesized stack: the resources worth drawing and the references
 * between them. Glue resources (route tables and their associations, policy attachments, bucket
 * settings, VPN subnet associations) are not drawn; a path through them becomes one edge, so a
 * private subnet points at its NAT gateway instead of at a route table association.
 */

export interface GraphNode {
  readonly address: string;
  readonly type: string;
  readonly kind: string;
  readonly name: string;
  readonly detail?: string;
  /** Address of the VPC the node sits in, when it does. */
  readonly vpc?: string;
  /** Availability zone, for subnets and what sits in one subnet. */
  readonly az?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface ArchitectureGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Resource types drawn as nodes, with the name shown for them. */
export const NODE_KINDS: Record<string, string> = {
  aws_vpc: 'VPC',
  aws_subnet: 'Subnet',
  aws_internet_gateway: 'Internet gateway',
  aws_nat_gateway: 'NAT gateway',
  aws_eip: 'Elastic IP',
  aws_vpc_endpoint: 'VPC endpoint',
  aws_mwaa_environment: 'MWAA',
  aws_ec2_client_vpn_endpoint: 'Client VPN',
  aws_s3_bucket: 'S3 bucket',
  aws_iam_role: 'IAM role',
  aws_kms_key: 'KMS key',
  aws_secretsmanager_secret: 'Secret',
  aws_cloudwatch_log_group: 'Log group',
  aws_sns_topic: 'SNS topic',
  aws_sqs_queue: 'SQS queue',
  aws_emr_security_configuration: 'EMR security configuration',
  aws_emr_cluster: 'EMR cluster',
  aws_budgets_budget: 'Budget',
  aws_flow_log: 'Flow log',
  aws_lambda_function: 'Lambda',
};

/** Glue resources a path may pass through, with the attributes that name their owner. */
const CONNECTORS: Record<string, readonly string[]> = {
  aws_route_table: [],
  aws_route: ['route_table_id'],
  aws_route_table_association: ['subnet_id', 'gateway_id'],
  aws_vpc_endpoint_route_table_association: ['route_table_id'],
  aws_ec2_client_vpn_network_association: ['client_vpn_endpoint_id'],
  aws_ec2_client_vpn_authorization_rule: ['client_vpn_endpoint_id'],
  aws_iam_role_policy: ['role'],
  aws_iam_role_policy_attachment: ['role'],
  aws_iam_policy: [],
  aws_iam_instance_profile: ['role'],
  aws_sns_topic_subscription: ['topic_arn'],
  aws_sns_topic_policy: ['arn'],
  aws_secretsmanager_secret_version: ['secret_id'],
  aws_secretsmanager_secret_policy: ['secret_arn'],
};
const isConnector = (type: string) => type in CONNECTORS || type.startsWith('aws_s3_bucket_');
const ownerAttributes = (type: string) => CONNECTORS[type] ?? ['bucket'];

/** Code-point order, the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ROUTING = new Set(['aws_route_table', 'aws_route', 'aws_route_table_association']);
const MAX_CONNECTOR_HOPS = 4;

/** Attribute names that read badly as edge labels. */
const EDGE_LABELS: Record<string, string> = {
  airflow_configuration_options: 'config',
  network_configuration: 'subnets',
  source_bucket_arn: 'DAGs',
  allocation_id: 'EIP',
  server_side_encryption_configuration: 'encryption',
  rule: 'encryption',
  target_bucket: 'access logs',
  kms_key_id: 'KMS',
  kms_key_arn: 'KMS',
  kms_master_key_id: 'KMS',
  connection_log_options: 'connection logs',
  configuration: 'KMS',
};

export function edgeLabel(attribute: string): string {
  return EDGE_LABELS[attribute] ?? attribute.replace(/_(ids?|arns?|names?)$/, '').replace(/_/g, ' ');
}

/**
 * Of two resources that reference each other (a KMS key policy naming a role that may use it), keep
 * the edge from the principal: an IAM role when there is one, else the first in address order.
 */
function withoutMirrors(edges: readonly GraphEdge[]): GraphEdge[] {
  const keys = new Set(edges.map((edge) => `${edge.from}->${edge.to}`));
  return edges.filter((edge) => {
    if (!keys.has(`${edge.to}->${edge.from}`)) return true;
    const fromRole = edge.from.startsWith('aws_iam_role.');
    const toRole = edge.to.startsWith('aws_iam_role.');
    return fromRole !== toRole ? fromRole : edge.from < edge.to;
  });
}

function tagName(resource: SynthResource): string | undefined {
  const tags = resource.body.tags as Record<string, unknown> | undefined;
  return typeof tags?.Name === 'string' ? tags.Name : undefined;
}

function nodeOf(resource: SynthResource): Omit<GraphNode, 'vpc' | 'az'> {
  const path = constructPath(resource);
  const body = resource.body;
  const base = {
    address: resource.address,
    type: resource.type,
    kind: NODE_KINDS[resource.type]!,
    name: path,
  };
  switch (resource.type) {
    case 'aws_vpc':
      return { ...base, name: tagName(resource) ?? path, detail: String(body.cidr_block ?? '') };
    case 'aws_subnet':
      return { ...base, detail: String(body.cidr_block ?? '') };
    case 'aws_vpc_endpoint': {
      const service = String(body.service_name ?? '')
        .split('.')
        .slice(3)
        .join('.');
      return {
        ...base,
        kind: `${String(body.vpc_endpoint_type ?? 'Gateway')} endpoint`,
        name: service || path,
      };
    }
    case 'aws_mwaa_environment':
      return { ...base, detail: String(body.environment_class ?? '') };
    default:
      return base;
  }
}

interface Link {
  readonly other: string;
  readonly attribute: string;
  /** True when `other` holds the reference (other → this resource). */
  readonly incoming: boolean;
}

export function architectureGraph(stack: StackJson): ArchitectureGraph {
  const resources = resourcesOf(stack);
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const shown = (address: string) => {
    const type = byAddress.get(address)?.type;
    return type !== undefined && type in NODE_KINDS;
  };

  const links = new Map<string, Link[]>(resources.map((resource) => [resource.address, []]));
  for (const resource of resources) {
    for (const ref of referencesOf(resource)) {
      if (!byAddress.has(ref.target)) continue;
      links.get(resource.address)!.push({ other: ref.target, attribute: ref.attribute, incoming: false });
      links.get(ref.target)!.push({ other: resource.address, attribute: ref.attribute, incoming: true });
    }
  }

  const edges = new Map<string, GraphEdge>();
  const addEdge = (from: string, to: string, label: string) => {
    if (from === to || byAddress.get(to)?.type === 'aws_vpc') return;
    const key = `${from}->${to}`;
    if (!edges.has(key)) edges.set(key, { from, to, label });
  };

  for (const resource of resources.filter((candidate) => shown(candidate.address))) {
    for (const ref of referencesOf(resource)) {
      if (shown(ref.target)) addEdge(resource.address, ref.target, edgeLabel(ref.attribute));
    }
    // Through glue: start only where the glue names this resource as its owner.
    const start = links
      .get(resource.address)!
      .filter(
        (link) =>
          link.incoming &&
          isConnector(byAddress.get(link.other)!.type) &&
          ownerAttributes(byAddress.get(link.other)!.type).includes(link.attribute),
      );
    const visited = new Set<string>([resource.address]);
    let frontier = start.map((link) => ({
      address: link.other,
      routing: ROUTING.has(byAddress.get(link.other)!.type),
    }));
    for (let hop = 0; hop < MAX_CONNECTOR_HOPS && frontier.length > 0; hop++) {
      const next: typeof frontier = [];
      for (const step of frontier) {
        if (visited.has(step.address)) continue;
        visited.add(step.address);
        const connectorType = byAddress.get(step.address)!.type;
        for (const link of links.get(step.address)!) {
          if (visited.has(link.other)) continue;
          const otherType = byAddress.get(link.other)!.type;
          if (shown(link.other)) {
            const ownedByOther = !link.incoming && ownerAttributes(connectorType).includes(link.attribute);
            if (ownedByOther) continue;
            if (step.routing) {
              addEdge(resource.address, link.other, 'route');
            } else if (link.incoming) {
              // The other resource points at the glue (MWAA naming an instance profile): it points at us.
              addEdge(link.other, resource.address, edgeLabel(link.attribute));
            } else {
              addEdge(resource.address, link.other, edgeLabel(link.attribute));
            }
          } else if (isConnector(otherType)) {
            next.push({ address: link.other, routing: step.routing || ROUTING.has(otherType) });
          }
        }
      }
      frontier = next;
    }
  }

  const nodes = resources
    .filter((resource) => shown(resource.address))
    .map((resource) => placed(resource, nodeOf(resource), byAddress))
    .sort((a, b) => compare(a.address, b.address));
  return {
    nodes,
    edges: withoutMirrors([...edges.values()]).sort((a, b) =>
      compare(`${a.from}>${a.to}`, `${b.from}>${b.to}`),
    ),
  };
}

/** Where a node sits: in which VPC and, for subnets and single-subnet resources, which AZ. */
function placed(
  resource: SynthResource,
  node: Omit<GraphNode, 'vpc' | 'az'>,
  byAddress: Map<string, SynthResource>,
): GraphNode {
  if (resource.type === 'aws_vpc') return node;
  const refs = referencesOf(resource);
  const subnets = refs.map((ref) => byAddress.get(ref.target)).filter((r) => r?.type === 'aws_subnet');
  const vpcOf = (candidate: SynthResource | undefined) =>
    referencesOf(candidate ?? resource).find((ref) => byAddress.get(ref.target)?.type === 'aws_vpc')?.target;
  const vpc = vpcOf(resource) ?? (subnets[0] ? vpcOf(subnets[0]) : undefined);
  let az: string | undefined;
  if (resource.type === 'aws_subnet' && typeof resource.body.availability_zone === 'string') {
    az = resource.body.availability_zone;
  } else if (subnets.length === 1 && typeof subnets[0]!.body.availability_zone === 'string') {
    az = subnets[0]!.body.availability_zone;
  }
  return { ...node, ...(vpc ? { vpc } : {}), ...(az && vpc ? { az } : {}) };
}
