import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackJson } from '../../src/cost/synth-json';
import { architectureGraph, stackMermaid, writeArchitectureDiagrams } from '../../src/diagram';

const stack = JSON.parse(
  readFileSync(new URL('../fixtures/cost/small-stack.json', import.meta.url), 'utf8'),
) as StackJson;

describe('architectureGraph of the fixture stack', () => {
  const graph = architectureGraph(stack);
  const edges = graph.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.label})`);

  it('draws the platform resources and leaves glue out', () => {
    expect(graph.nodes.map((node) => node.address)).toEqual([
      'aws_cloudwatch_log_group.emr',
      'aws_ec2_client_vpn_endpoint.vpn',
      'aws_eip.nat_eip',
      'aws_emr_security_configuration.emr',
      'aws_iam_role.emr_ec2',
      'aws_iam_role.mwaa',
      'aws_internet_gateway.igw',
      'aws_kms_key.key',
      'aws_mwaa_environment.airflow',
      'aws_nat_gateway.nat',
      'aws_s3_bucket.lake',
      'aws_secretsmanager_secret.smtp',
      'aws_subnet.private_a',
      'aws_subnet.private_b',
      'aws_subnet.public_a',
      'aws_vpc.vpc',
      'aws_vpc_endpoint.logs',
      'aws_vpc_endpoint.s3',
      'aws_vpc_endpoint.sqs',
    ]);
  });

  it('places subnets and the NAT gateway in their AZ, endpoints and MWAA in the VPC', () => {
    const at = (address: string) => graph.nodes.find((node) => node.address === address)!;
    expect(at('aws_subnet.private_b')).toMatchObject({ vpc: 'aws_vpc.vpc', az: 'eu-north-1b' });
    expect(at('aws_nat_gateway.nat')).toMatchObject({ vpc: 'aws_vpc.vpc', az: 'eu-north-1a' });
    expect(at('aws_mwaa_environment.airflow')).toMatchObject({ vpc: 'aws_vpc.vpc' });
    expect(at('aws_mwaa_environment.airflow').az).toBeUndefined();
    expect(at('aws_s3_bucket.lake').vpc).toBeUndefined();
  });

  it('turns route tables, associations, policies and bucket settings into direct edges', () => {
    expect(edges).toEqual(
      expect.arrayContaining([
        'aws_subnet.private_a -> aws_nat_gateway.nat (route)',
        'aws_subnet.private_b -> aws_nat_gateway.nat (route)',
        'aws_subnet.private_a -> aws_vpc_endpoint.s3 (route)',
        'aws_subnet.public_a -> aws_internet_gateway.igw (route)',
        'aws_nat_gateway.nat -> aws_eip.nat_eip (EIP)',
        'aws_ec2_client_vpn_endpoint.vpn -> aws_subnet.public_a (subnet)',
        'aws_mwaa_environment.airflow -> aws_iam_role.mwaa (execution role)',
        'aws_mwaa_environment.airflow -> aws_iam_role.emr_ec2 (config)',
        'aws_mwaa_environment.airflow -> aws_s3_bucket.lake (DAGs)',
        'aws_mwaa_environment.airflow -> aws_subnet.private_b (subnets)',
        'aws_iam_role.mwaa -> aws_s3_bucket.lake (policy)',
        'aws_iam_role.mwaa -> aws_kms_key.key (policy)',
        'aws_s3_bucket.lake -> aws_kms_key.key (encryption)',
        'aws_vpc_endpoint.logs -> aws_subnet.private_a (subnet)',
      ]),
    );
  });

  it('draws no edge into the VPC box, between sibling subnets, or from a NAT back to the subnets it serves', () => {
    expect(edges.filter((edge) => edge.includes('-> aws_vpc.vpc'))).toEqual([]);
    expect(edges.filter((edge) => /aws_subnet\.\w+ -> aws_subnet/.test(edge))).toEqual([]);
    expect(edges.filter((edge) => edge.startsWith('aws_nat_gateway.nat -> aws_subnet.private'))).toEqual([]);
    expect(edges.filter((edge) => edge.startsWith('aws_iam_role.emr_ec2 ->'))).toEqual([]);
  });
});

describe('stackMermaid', () => {
  const mermaid = stackMermaid(stack, 'platform-fixture');

  it('is a flowchart with the VPC, one box per AZ and grouped interface endpoints', () => {
    expect(mermaid).toContain('flowchart LR');
    expect(mermaid).toContain('subgraph aws_vpc_vpc["VPC fixture-vpc · 10.0.0.0/16"]');
    expect(mermaid).toContain('subgraph aws_vpc_vpc_eu_north_1a["eu-north-1a"]');
    expect(mermaid).toContain('subgraph aws_vpc_vpc_eu_north_1b["eu-north-1b"]');
    expect(mermaid).toContain('subgraph aws_vpc_vpc_interface_endpoint["Interface endpoints"]');
    expect(mermaid).toContain('aws_mwaa_environment_airflow("MWAA<br/>mwaa/environment · mw1.small")');
    expect(mermaid).toContain('aws_s3_bucket_lake["S3 bucket<br/>lake/bucket"]');
  });

  it('draws one edge from the endpoint box when every endpoint points at the same subnets', () => {
    expect(mermaid).toContain('aws_vpc_vpc_interface_endpoint -->|subnet| aws_subnet_private_a');
    expect(mermaid).toContain('aws_vpc_vpc_interface_endpoint -->|subnet| aws_subnet_private_b');
    expect(mermaid).not.toContain('aws_vpc_endpoint_logs -->');
    expect(mermaid).toContain('aws_subnet_private_a -->|route| aws_nat_gateway_nat');
  });

  it('is deterministic', () => {
    expect(stackMermaid(stack, 'platform-fixture')).toBe(mermaid);
  });
});

describe('writeArchitectureDiagrams', () => {
  it('writes architecture-<env>.mmd from cdktf.out/stacks/platform-<env>', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'diagram-out-'));
    mkdirSync(join(outdir, 'stacks', 'platform-fixture'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'platform-fixture', 'cdk.tf.json'), JSON.stringify(stack));
    const [file] = writeArchitectureDiagrams(outdir, [{ environment: 'fixture' }]);
    expect(file).toBe(join(outdir, 'architecture-fixture.mmd'));
    expect(readFileSync(file!, 'utf8')).toBe(stackMermaid(stack, 'platform-fixture'));
  });
});
