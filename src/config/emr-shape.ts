import type { EnvironmentConfig } from './schema';

/**
 * The transient EMR cluster of an environment, as one value: the DAG builds its RunJobFlow request
 * from it (through the MWAA `[platform]` options) and the cost report prices it. Both read this
 * function, so what runs and what is priced cannot drift apart.
 */

export interface EmrFleetShape {
  /** Instance types EMR may pick from, in the order the environment file lists them. */
  readonly instanceTypes: readonly string[];
  readonly onDemandCount: number;
  /** Spot nodes; EMR switches them to On-Demand when Spot has no capacity within its timeout. */
  readonly spotCount: number;
}

export interface EmrClusterShape {
  readonly releaseLabel: string;
  readonly primary: EmrFleetShape;
  readonly core: EmrFleetShape;
  readonly idleTimeoutSeconds: number;
  readonly stepTimeoutMinutes: number;
}

export function emrClusterShape(config: Pick<EnvironmentConfig, 'emr'>): EmrClusterShape {
  const emr = config.emr;
  const primarySpot = emr.primary_market === 'SPOT';
  return {
    releaseLabel: emr.release_label,
    primary: {
      instanceTypes: [...emr.primary_instance_types],
      onDemandCount: primarySpot ? 0 : emr.primary_count,
      spotCount: primarySpot ? emr.primary_count : 0,
    },
    core: {
      instanceTypes: [...emr.core_instance_types],
      onDemandCount: emr.core_on_demand_count,
      spotCount: emr.core_count - emr.core_on_demand_count,
    },
    idleTimeoutSeconds: emr.idle_timeout_seconds,
    stepTimeoutMinutes: emr.step_timeout_minutes,
  };
}

export const nodeCount = (fleet: EmrFleetShape) => fleet.onDemandCount + fleet.spotCount;

/** Share of a cluster's instance-hours on Spot (every node runs for the whole cluster lifetime). */
export function spotShare(shape: EmrClusterShape): number {
  const nodes = nodeCount(shape.primary) + nodeCount(shape.core);
  return (shape.primary.spotCount + shape.core.spotCount) / nodes;
}

/** The shape as `[platform]` option values (strings; lists comma-separated), keyed as in the contract. */
export function emrPlatformOptions(shape: EmrClusterShape) {
  return {
    emr_release_label: shape.releaseLabel,
    emr_primary_instance_types: shape.primary.instanceTypes.join(','),
    emr_primary_on_demand_count: String(shape.primary.onDemandCount),
    emr_primary_spot_count: String(shape.primary.spotCount),
    emr_core_instance_types: shape.core.instanceTypes.join(','),
    emr_core_on_demand_count: String(shape.core.onDemandCount),
    emr_core_spot_count: String(shape.core.spotCount),
    emr_idle_timeout_seconds: String(shape.idleTimeoutSeconds),
    emr_step_timeout_minutes: String(shape.stepTimeoutMinutes),
  };
}
