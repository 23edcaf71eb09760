import type { CostAssumptions } from './assumptions';
import type { Inventory } from './inventory';

/**
 * The layout the source documents describe, applied to an environment so the report can show what
 * each choice saves: a NAT gateway and Elastic IP in each of two AZs, four interface endpoints in two
 * AZs, MWAA on mw1.small, EMR all On-Demand and DEBUG logging (five times the log volume).
 */

export const REFERENCE_INTERFACE_SERVICES = ['logs', 'secretsmanager', 'sqs', 'elasticmapreduce'] as const;
export const REFERENCE_AZS = 2;
export const REFERENCE_MWAA_CLASS = 'mw1.small';
export const REFERENCE_LOG_VOLUME_MULTIPLIER = 5;

export const REFERENCE_DESCRIPTION =
  `two NAT gateways with two Elastic IPs, ${REFERENCE_INTERFACE_SERVICES.length} interface endpoints ` +
  `(${REFERENCE_INTERFACE_SERVICES.join(', ')}) in ${REFERENCE_AZS} AZs, MWAA ${REFERENCE_MWAA_CLASS}, ` +
  `EMR all On-Demand, DEBUG logging (${REFERENCE_LOG_VOLUME_MULTIPLIER}× log volume); everything else as synthesized`;

export function referenceLayout(
  inventory: Inventory,
  assumptions: CostAssumptions,
): { inventory: Inventory; assumptions: CostAssumptions } {
  const natIps = new Set(inventory.natElasticIps);
  const referenceNatIps = ['reference.nat-eip-0', 'reference.nat-eip-1'];
  return {
    inventory: {
      ...inventory,
      natGateways: ['reference.nat-0', 'reference.nat-1'],
      natElasticIps: referenceNatIps,
      elasticIps: [...inventory.elasticIps.filter((ip) => !natIps.has(ip)), ...referenceNatIps],
      interfaceEndpoints: REFERENCE_INTERFACE_SERVICES.map((service) => ({
        address: `reference.${service}`,
        service,
        azs: REFERENCE_AZS,
      })),
      mwaa: inventory.mwaa.map((env) => ({
        ...env,
        environmentClass: REFERENCE_MWAA_CLASS,
        schedulers: Math.max(2, env.schedulers),
      })),
    },
    assumptions: {
      ...assumptions,
      emr_spot_share: 0,
      log_volume_multiplier: REFERENCE_LOG_VOLUME_MULTIPLIER,
    },
  };
}
