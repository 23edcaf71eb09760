import type { CostAssumptions } from './assumptions';
import type { Inventory } from './inventory';

/**
 * The original design as the source documents describe it (seeds 000 and 001), applied to an
 * environment so the report can show what each choice saves. Two parts, kept apart so every saving
 * can be split into "from design" and "from assumptions":
 *
 * - design: a NAT gateway with its Elastic IP per private subnet (2), interface endpoints for logs,
 *   Secrets Manager, SQS and EMR in both private subnets, MWAA on mw1.small (the class the
 *   documents' Terraform gets by default), EMR 1 primary + 2 core m5.xlarge all on Spot, every hour
 *   of the month, no VPC flow logs; everything else as synthesized.
 * - assumptions: DEBUG logging, priced as `reference_debug_log_multiplier` × the INFO volume.
 *
 * The earlier document's RDS metadata database is not priced: the later one dropped it for MWAA's
 * own, and its size was never stated.
 */

export const REFERENCE_INTERFACE_SERVICES = ['logs', 'secretsmanager', 'sqs', 'elasticmapreduce'] as const;
export const REFERENCE_AZS = 2;
export const REFERENCE_MWAA_CLASS = 'mw1.small';
export const REFERENCE_EMR = { instanceType: 'm5.xlarge', primary: 1, core: 2, spotShare: 1 } as const;

export const REFERENCE_DESCRIPTION =
  `the documents' design: two NAT gateways with two Elastic IPs, ${REFERENCE_INTERFACE_SERVICES.length} interface ` +
  `endpoints (${REFERENCE_INTERFACE_SERVICES.join(', ')}) in ${REFERENCE_AZS} AZs, MWAA ${REFERENCE_MWAA_CLASS}, ` +
  `EMR ${REFERENCE_EMR.primary} + ${REFERENCE_EMR.core} ${REFERENCE_EMR.instanceType} all on Spot, every hour of ` +
  'the month, no flow logs; DEBUG logging (assumed volume factor below); everything else as synthesized';

export interface Layout {
  readonly inventory: Inventory;
  readonly assumptions: CostAssumptions;
}

/** The original design priced at this environment's usage assumptions. */
export function referenceDesign(inventory: Inventory, assumptions: CostAssumptions): Layout {
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
      flowLogs: [],
    },
    assumptions: {
      ...assumptions,
      emr_instance_type: REFERENCE_EMR.instanceType,
      emr_primary_count: REFERENCE_EMR.primary,
      emr_core_count: REFERENCE_EMR.core,
      emr_spot_share: REFERENCE_EMR.spotShare,
    },
  };
}

/** The original design with its own assumptions on top (DEBUG log volume). */
export function referenceLayout(inventory: Inventory, assumptions: CostAssumptions): Layout {
  const design = referenceDesign(inventory, assumptions);
  return {
    inventory: design.inventory,
    assumptions: { ...design.assumptions, log_volume_multiplier: assumptions.reference_debug_log_multiplier },
  };
}
