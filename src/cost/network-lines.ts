import type { LineHandler } from './estimate';

/**
 * Network charges: NAT gateways, public IPv4 addresses, interface endpoints, Client VPN, flow-log
 * delivery. NAT, endpoints and the VPN association bill only the hours they exist (`officeHours`).
 */

const natGateways: LineHandler = ({ natGateways: nats }, { add, officeHours, prices, assumptions }) => {
  const resources = nats;
  add({
    key: 'nat.hours',
    label: `NAT gateways (${nats.length})`,
    quantity: nats.length * officeHours,
    unit: 'hour',
    price: prices.nat_gateway_hour,
    resources,
    alwaysOn: true,
  });
  // The traffic is the environment's, whatever the number of gateways it goes through.
  if (nats.length === 0) return;
  add({
    key: 'nat.gb',
    label: 'NAT data processed (assumed)',
    quantity: assumptions.nat_gb_processed_per_month,
    unit: 'GB',
    price: prices.nat_gateway_gb,
    resources,
  });
};

const publicIpv4: LineHandler = ({ elasticIps }, { add, hours, prices }) =>
  add({
    key: 'ipv4.hours',
    label: `Public IPv4 addresses (${elasticIps.length} EIP)`,
    quantity: elasticIps.length * hours,
    unit: 'hour',
    price: prices.public_ipv4_hour,
    resources: elasticIps,
    alwaysOn: true,
  });

/** Interface endpoints bill per AZ they sit in: one per subnet in `subnet_ids`. Gateway endpoints are free. */
const interfaceEndpoints: LineHandler = (
  { interfaceEndpoints: endpoints },
  { add, officeHours, prices, assumptions },
) => {
  if (endpoints.length === 0) return;
  const resources = endpoints.map((endpoint) => endpoint.address);
  const azs = endpoints.reduce((sum, endpoint) => sum + endpoint.azs, 0);
  add({
    key: 'endpoints.hours',
    label: `Interface endpoints, per AZ (${endpoints.map((endpoint) => `${endpoint.service}×${endpoint.azs}`).join(', ')})`,
    quantity: azs * officeHours,
    unit: 'AZ-hour',
    price: prices.interface_endpoint_az_hour,
    resources,
    alwaysOn: true,
  });
  add({
    key: 'endpoints.gb',
    label: 'Interface endpoint data processed (assumed)',
    quantity: assumptions.interface_endpoint_gb_processed_per_month,
    unit: 'GB',
    price: prices.interface_endpoint_gb,
    resources,
  });
};

const clientVpn: LineHandler = (
  { vpnAssociations, vpnEndpoints },
  { add, officeHours, prices, assumptions },
) => {
  add({
    key: 'vpn.associations',
    label: `Client VPN subnet associations (${vpnAssociations.length})`,
    quantity: vpnAssociations.length * officeHours,
    unit: 'hour',
    price: prices.client_vpn_association_hour,
    resources: vpnAssociations,
    alwaysOn: true,
  });
  if (vpnEndpoints.length === 0) return;
  add({
    key: 'vpn.connections',
    label: 'Client VPN connection-hours (assumed)',
    quantity: assumptions.vpn_connection_hours_per_month,
    unit: 'connection-hour',
    price: prices.client_vpn_connection_hour,
    resources: vpnEndpoints,
  });
};

/** Flow logs to S3 are CloudWatch vended logs: billed per GB delivered (storage is in the logs zone). */
const flowLogs: LineHandler = ({ flowLogs: logs }, { add, prices, assumptions }) => {
  if (logs.length === 0) return;
  add({
    key: 'flowlogs.delivery',
    label: `VPC flow-log delivery to S3 (${logs.length} flow log${logs.length === 1 ? '' : 's'}, assumed volume)`,
    quantity: assumptions.flow_log_gb_per_month,
    unit: 'GB',
    price: prices.vended_logs_s3_gb,
    resources: logs,
  });
};

export const networkLines: readonly LineHandler[] = [
  natGateways,
  publicIpv4,
  interfaceEndpoints,
  clientVpn,
  flowLogs,
];
