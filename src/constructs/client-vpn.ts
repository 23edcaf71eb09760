import { Construct } from 'constructs';
import { Address4 } from 'ip-address';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { Ec2ClientVpnAuthorizationRule } from '@cdktf/provider-aws/lib/ec2-client-vpn-authorization-rule';
import { Ec2ClientVpnEndpoint } from '@cdktf/provider-aws/lib/ec2-client-vpn-endpoint';
import { Ec2ClientVpnNetworkAssociation } from '@cdktf/provider-aws/lib/ec2-client-vpn-network-association';
import { Ec2ClientVpnRoute } from '@cdktf/provider-aws/lib/ec2-client-vpn-route';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Fn, Token } from '../lib/tf';
import { EncryptedLogGroup } from './log-group';

/**
 * PEM files to import into ACM, as paths Terraform resolves at plan time: relative to the directory
 * Terraform runs in (cdktf.out/stacks/<stack>) or absolute. Only `file("<path>")` expressions are
 * synthesized, never the PEM content.
 */
export interface ClientVpnCertificateFiles {
  readonly serverCert: string;
  readonly serverKey: string;
  /** The CA certificate (ca.crt). Required: the endpoint validates client certificates against it. */
  readonly serverChain: string;
  /**
   * A client certificate from a different CA, with its key and that CA's chain. When absent the
   * server certificate doubles as the client root chain, which AWS documents for certificates that
   * share one CA (what scripts/generate-certs.ts produces).
   */
  readonly clientRoot?: { readonly cert: string; readonly key: string; readonly chain: string };
}

export interface ClientVpnProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** A literal CIDR (not a token): the DNS server address is computed from it. */
  readonly vpcCidr: string;
  /** The subnet the endpoint's network interfaces live in (public_subnets[0]). */
  readonly vpnTargetSubnetId: string;
  /**
   * Literal CIDRs of the subnets clients may reach, on HTTPS only: the private subnets, where the
   * Airflow UI's endpoint and the interface endpoints live. Nothing else in the VPC is authorized.
   */
  readonly reachableCidrs: readonly string[];
  /** Addresses handed to clients; /12-/22 and outside the VPC. @default '10.0.0.0/16' */
  readonly clientCidr?: string;
  /** Only VPC traffic goes through the tunnel (cheaper, and clients keep their internet). @default true */
  readonly splitTunnel?: boolean;
  /** VPN transport (tcp helps behind firewalls that drop UDP). @default 'udp' (AWS's default) */
  readonly transportProtocol?: 'udp' | 'tcp';
  /** Hours before a session must reconnect: 8, 10, 12 or 24. @default 8 */
  readonly sessionTimeoutHours?: number;
  /** Retention of the connection log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Encrypts the connection log group. */
  readonly kmsKeyArn: string;
  /** Existing ACM server certificate (recommended for prod); give both ARNs, or `certificateFiles`. @default none */
  readonly serverCertificateArn?: string;
  /** Existing ACM certificate of the CA that issued the client certificates. @default none */
  readonly clientRootCertificateArn?: string;
  /** Certificate files imported into ACM when no ARNs are given. @default none */
  readonly certificateFiles?: ClientVpnCertificateFiles;
  /**
   * False outside office hours: the billed subnet association (and the full-tunnel route on it) is
   * removed; the endpoint, certificates, rules and logs stay. Default true.
   */
  readonly associated?: boolean;
}

/** Terraform reads the file at plan time; the synthesized JSON holds only the expression. */
function importCertificate(scope: Construct, id: string, cert: string, key: string, chain: string) {
  return new AcmCertificate(scope, id, {
    certificateBody: Fn.file(cert),
    privateKey: Fn.file(key),
    certificateChain: Fn.file(chain),
    // Re-importing after a rotation must not leave the endpoint without a certificate.
    lifecycle: { createBeforeDestroy: true },
  });
}

/** The VPC's Amazon-provided resolver: the base of the VPC block plus two. */
export function vpcResolverAddress(vpcCidr: string): string {
  const block = new Address4(vpcCidr);
  return Address4.fromBigInt(block.startAddress().bigInt() + 2n).correctForm();
}

/**
 * AWS Client VPN with mutual TLS: clients present a certificate issued by the client root CA. The
 * endpoint sits in the VPN target subnet, resolves names through the VPC resolver (so private DNS
 * of the interface endpoints and MWAA works), logs every connection to an encrypted log group, and
 * may reach HTTPS in `reachableCidrs` and the resolver only (plus the internet when split tunnel is
 * off). Clients' traffic leaves the endpoint's interfaces with their addresses and this construct's
 * security group: targets admit `securityGroupId`, never the client CIDR.
 *
 * @example
 * new ClientVpn(this, 'vpn', { namePrefix: 'acme-dev', vpcId, vpcCidr: '10.100.0.0/16',
 *   vpnTargetSubnetId, reachableCidrs: ['10.100.3.0/24', '10.100.4.0/24'], kmsKeyArn,
 *   serverCertificateArn, clientRootCertificateArn });
 */
export class ClientVpn extends Construct {
  public readonly endpointId: string;
  public readonly securityGroupId: string;
  public readonly logGroupName: string;
  public readonly dnsServer: string;

  constructor(scope: Construct, id: string, props: ClientVpnProps) {
    super(scope, id);
    const certs = resolveCertificates(this, props);
    if (Token.isUnresolved(props.vpcCidr) || !Address4.isValid(props.vpcCidr)) {
      throw new Error(
        `ClientVpn ${this.node.path}: vpcCidr must be a literal IPv4 CIDR like 10.100.0.0/16 (the DNS server is computed from it), got "${props.vpcCidr}"`,
      );
    }
    const unusable = props.reachableCidrs.filter((c) => Token.isUnresolved(c) || !Address4.isValid(c));
    if (props.reachableCidrs.length === 0 || unusable.length > 0) {
      throw new Error(
        `ClientVpn ${this.node.path}: reachableCidrs must be literal IPv4 CIDRs (the private subnets), got [${props.reachableCidrs.join(', ')}]`,
      );
    }
    const splitTunnel = props.splitTunnel ?? true;
    this.dnsServer = vpcResolverAddress(props.vpcCidr);

    const logGroup = new EncryptedLogGroup(this, 'connection-logs', {
      name: `/aws/clientvpn/${props.namePrefix}`,
      retentionDays: props.logRetentionDays ?? 30,
      kmsKeyArn: props.kmsKeyArn,
    });
    const logStream = new CloudwatchLogStream(this, 'connection-log-stream', {
      name: 'connections',
      logGroupName: logGroup.logGroupName,
    });

    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.namePrefix}-client-vpn-sg`,
      description: 'Client VPN endpoint: traffic from VPN clients into the VPC',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-client-vpn-sg` },
    });
    // Client traffic leaves the endpoint's interfaces through this group; there is nothing to admit.
    // DNS to the VPC resolver needs no rule: security groups do not filter Amazon DNS traffic.
    props.reachableCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupEgressRule(this, `egress-https-${i}`, {
        securityGroupId: sg.id,
        description: `VPN clients to HTTPS services in ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });
    if (!splitTunnel) {
      new VpcSecurityGroupEgressRule(this, 'egress-internet', {
        securityGroupId: sg.id,
        description: 'Full tunnel: VPN clients to the internet through the VPC',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      });
    }

    const endpoint = new Ec2ClientVpnEndpoint(this, 'endpoint', {
      description: `${props.namePrefix} client VPN`,
      serverCertificateArn: certs.serverArn,
      clientCidrBlock: props.clientCidr ?? '10.0.0.0/16',
      authenticationOptions: [
        { type: 'certificate-authentication', rootCertificateChainArn: certs.clientRootArn },
      ],
      connectionLogOptions: {
        enabled: true,
        cloudwatchLogGroup: logGroup.logGroupName,
        cloudwatchLogStream: logStream.name,
      },
      splitTunnel,
      transportProtocol: props.transportProtocol ?? 'udp',
      sessionTimeoutHours: props.sessionTimeoutHours ?? 8,
      dnsServers: [this.dnsServer],
      vpcId: props.vpcId,
      securityGroupIds: [sg.id],
      selfServicePortal: 'disabled',
      tags: { Name: `${props.namePrefix}-client-vpn` },
    });
    const association =
      props.associated === false
        ? undefined
        : new Ec2ClientVpnNetworkAssociation(this, 'target-subnet', {
            clientVpnEndpointId: endpoint.id,
            subnetId: props.vpnTargetSubnetId,
          });
    // The association adds a route to the whole VPC; authorization narrows it to what clients need.
    const authorized = [...props.reachableCidrs, `${this.dnsServer}/32`];
    authorized.forEach((cidr, i) => {
      new Ec2ClientVpnAuthorizationRule(this, `authorize-${i}`, {
        clientVpnEndpointId: endpoint.id,
        targetNetworkCidr: cidr,
        authorizeAllGroups: true,
        description:
          i < props.reachableCidrs.length
            ? `Authenticated clients may reach ${cidr}`
            : 'Authenticated clients may use the VPC resolver',
      });
    });
    if (!splitTunnel) {
      // The association adds the VPC route itself; the internet needs its own route and rule.
      if (association) {
        new Ec2ClientVpnRoute(this, 'route-internet', {
          clientVpnEndpointId: endpoint.id,
          destinationCidrBlock: '0.0.0.0/0',
          targetVpcSubnetId: association.subnetId,
          description: 'Full tunnel: internet through the VPN target subnet',
        });
      }
      new Ec2ClientVpnAuthorizationRule(this, 'authorize-internet', {
        clientVpnEndpointId: endpoint.id,
        targetNetworkCidr: '0.0.0.0/0',
        authorizeAllGroups: true,
        description: 'Full tunnel: every authenticated client may reach the internet',
      });
    }

    this.endpointId = endpoint.id;
    this.securityGroupId = sg.id;
    this.logGroupName = logGroup.logGroupName;
  }
}

function resolveCertificates(scope: Construct, props: ClientVpnProps) {
  const { serverCertificateArn: server, clientRootCertificateArn: root, certificateFiles: files } = props;
  const where = `ClientVpn ${scope.node.path}`;
  if (files && (server || root)) {
    throw new Error(
      `${where}: both certificate ARNs and certificateFiles are set; use the ARNs (prod) or the files, not both`,
    );
  }
  if (files) {
    const serverCert = importCertificate(
      scope,
      'server-certificate',
      files.serverCert,
      files.serverKey,
      files.serverChain,
    );
    const clientRoot = files.clientRoot
      ? importCertificate(
          scope,
          'client-root-certificate',
          files.clientRoot.cert,
          files.clientRoot.key,
          files.clientRoot.chain,
        )
      : serverCert;
    return { serverArn: serverCert.arn, clientRootArn: clientRoot.arn };
  }
  if (server && root) return { serverArn: server, clientRootArn: root };
  throw new Error(
    `${where}: no certificates; set both serverCertificateArn and clientRootCertificateArn, or certificateFiles (run npm run certs -- --env <env> to create them)`,
  );
}
