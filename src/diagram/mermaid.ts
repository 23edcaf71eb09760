import type { StackJson } from '../cost/synth-json';
import { architectureGraph, type ArchitectureGraph, type GraphEdge, type GraphNode } from './graph';

/**
 * Mermaid `flowchart` of an architecture graph. The VPC is a box holding one box per availability
 * zone (subnets and NAT gateways) and a box of interface endpoints; regional services sit outside,
 * one box per kind when there are several. A box whose members all point at the same targets gets
 * one edge instead of one per member.
 */

const GROUPED_KINDS_LABEL: Record<string, string> = {
  'Interface endpoint': 'Interface endpoints',
  'IAM role': 'IAM roles',
  'KMS key': 'KMS keys',
  Secret: 'Secrets Manager',
  'Log group': 'CloudWatch log groups',
  'S3 bucket': 'S3 buckets',
  'SNS topic': 'SNS topics',
};

export function mermaidId(address: string): string {
  return address.replace(/[^A-Za-z0-9_]/g, '_');
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function nodeLine(node: GraphNode): string {
  const text = [node.kind, node.name, node.detail].filter(Boolean).map((part) => escape(String(part)));
  const label = `${text[0]}<br/>${text.slice(1).join(' · ')}`;
  // Only rectangles and rounded boxes: the shapes every Mermaid renderer and validator accepts.
  const [open, close] = node.type === 'aws_mwaa_environment' ? ['("', '")'] : ['["', '"]'];
  return `${mermaidId(node.address)}${open}${label}${close}`;
}

interface Group {
  readonly id: string;
  readonly label: string;
  readonly members: readonly GraphNode[];
}

function groupsOf(nodes: readonly GraphNode[], idPrefix: string): { groups: Group[]; loose: GraphNode[] } {
  const byKind = new Map<string, GraphNode[]>();
  for (const node of nodes) byKind.set(node.kind, [...(byKind.get(node.kind) ?? []), node]);
  const groups: Group[] = [];
  const loose: GraphNode[] = [];
  for (const [kind, members] of byKind) {
    const label = GROUPED_KINDS_LABEL[kind];
    if (label && members.length > 1) {
      groups.push({ id: `${idPrefix}_${mermaidId(kind.toLowerCase())}`, label, members });
    } else {
      loose.push(...members);
    }
  }
  return { groups, loose };
}

/** Edges of a group whose members all have them become one edge from the group. */
function collapseGroupEdges(groups: readonly Group[], edges: readonly GraphEdge[]): string[] {
  const lines: string[] = [];
  const drawn = new Set<GraphEdge>();
  for (const group of groups) {
    const memberIds = new Set(group.members.map((member) => member.address));
    const targets = (address: string) =>
      edges
        .filter((edge) => edge.from === address && !memberIds.has(edge.to))
        .map((edge) => `${edge.to}|${edge.label}`)
        .sort()
        .join(',');
    const first = targets(group.members[0]!.address);
    if (first === '' || !group.members.every((member) => targets(member.address) === first)) continue;
    for (const edge of edges.filter(
      (candidate) => memberIds.has(candidate.from) && !memberIds.has(candidate.to),
    )) {
      drawn.add(edge);
    }
    for (const target of first.split(',')) {
      const [to, label] = target.split('|') as [string, string];
      lines.push(`  ${group.id} -->|${escape(label)}| ${mermaidId(to)}`);
    }
  }
  for (const edge of edges) {
    if (!drawn.has(edge))
      lines.push(`  ${mermaidId(edge.from)} -->|${escape(edge.label)}| ${mermaidId(edge.to)}`);
  }
  return lines;
}

export function renderMermaid(graph: ArchitectureGraph, title?: string): string {
  const lines: string[] = [];
  lines.push('flowchart LR');
  if (title)
    lines.push(`  %% ${title}: generated from the synthesized stack by src/diagram; do not edit by hand`);
  const allGroups: Group[] = [];
  const subgraph = (indent: string, id: string, label: string, body: () => void) => {
    lines.push(`${indent}subgraph ${id}["${escape(label)}"]`);
    body();
    lines.push(`${indent}end`);
  };
  const emitGrouped = (indent: string, nodes: readonly GraphNode[], idPrefix: string) => {
    const { groups, loose } = groupsOf(nodes, idPrefix);
    for (const group of groups) {
      allGroups.push(group);
      subgraph(indent, group.id, group.label, () =>
        group.members.forEach((member) => lines.push(`${indent}  ${nodeLine(member)}`)),
      );
    }
    loose.forEach((node) => lines.push(`${indent}${nodeLine(node)}`));
  };

  const vpcs = graph.nodes.filter((node) => node.type === 'aws_vpc');
  for (const vpc of vpcs) {
    const inside = graph.nodes.filter((node) => node.vpc === vpc.address);
    subgraph('  ', mermaidId(vpc.address), `VPC ${vpc.name} · ${vpc.detail ?? ''}`, () => {
      const azs = [
        ...new Set(inside.map((node) => node.az).filter((az): az is string => Boolean(az))),
      ].sort();
      for (const az of azs) {
        subgraph('    ', `${mermaidId(vpc.address)}_${mermaidId(az)}`, az, () =>
          inside.filter((node) => node.az === az).forEach((node) => lines.push(`      ${nodeLine(node)}`)),
        );
      }
      emitGrouped(
        '    ',
        inside.filter((node) => !node.az),
        mermaidId(vpc.address),
      );
    });
  }
  emitGrouped(
    '  ',
    graph.nodes.filter((node) => node.type !== 'aws_vpc' && !node.vpc),
    'regional',
  );
  lines.push(...collapseGroupEdges(allGroups, graph.edges));
  return lines.join('\n') + '\n';
}

export function stackMermaid(stack: StackJson, title?: string): string {
  return renderMermaid(architectureGraph(stack), title);
}
