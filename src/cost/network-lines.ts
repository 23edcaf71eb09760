import type { LineHandler } from './estimate';

/** Always-on network charges: NAT gateways, public IPv4 addresses, interface endpoints, Client VPN. */

const natGateways: LineHandler = ({ natGateways: nats }, { add, hours, prices, assumptions }) => {
  const resources = nats;
  add({
    key: 'nat.hours',
    label: `NAT gateways (${nats.length})`,
    quantity: nats.length * hours,
    unit: 'hour',
    price: prices.nat_gateway_hour,
    resources,
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
  });

/** Interface endpoints bill per AZ they sit in: one per subnet in `subnet_ids`. Gateway endpoints are free. */
const interfaceEndpoints: LineHandler = (
  { interfaceEndpoints: endpoints },
  { add, hours, prices, assumptions },
) => {
  if (endpoints.length === 0) return;
  const resources = endpoints.map((endpoint) => endpoint.address);
  const azs = endpoints.reduce((sum, endpoint) => sum + endpoint.azs, 0);
  add({
    key: 'endpoints.hours',
    label: `Interface endpoints, per AZ (${endpoints.map((endpoint) => `${endpoint.service}×${endpoint.azs}`).join(', ')})`,
    quantity: azs * hours,
    unit: 'AZ-hour',
    price: prices.interface_endpoint_az_hour,
    resources,
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

const clientVpn: LineHandler = ({ vpnAssociations, vpnEndpoints }, { add, hours, prices, assumptions }) => {
  add({
    key: 'vpn.associations',
    label: `Client VPN subnet associations (${vpnAssociations.length})`,
    quantity: vpnAssociations.length * hours,
    unit: 'hour',
    price: prices.client_vpn_association_hour,
    resources: vpnAssociations,
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

export const networkLines: readonly LineHandler[] = [natGateways, publicIpv4, interfaceEndpoints, clientVpn];
