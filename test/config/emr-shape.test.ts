import { describe, expect, it } from 'vitest';
import { emrClusterShape, emrPlatformOptions, spotShare } from '../../src/config/emr-shape';
import { costBlockOf } from '../../src/cost/synth-output';
import { emrSchema, environmentSchema } from '../../src/config';
import { configFor } from '../helpers';

describe('emrClusterShape', () => {
  it('defaults to an On-Demand primary and Spot core nodes drawing on several instance types', () => {
    const shape = emrClusterShape(configFor());
    expect(shape).toEqual({
      releaseLabel: 'emr-7.8.0',
      primary: { instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'], onDemandCount: 1, spotCount: 0 },
      core: { instanceTypes: ['m5.xlarge', 'm5a.xlarge', 'm6i.xlarge'], onDemandCount: 0, spotCount: 2 },
      idleTimeoutSeconds: 1800,
      stepTimeoutMinutes: 120,
    });
    expect(spotShare(shape)).toBeCloseTo(2 / 3);
  });

  it('splits the core fleet and moves the primary to Spot as the environment file says', () => {
    const shape = emrClusterShape(
      configFor({
        emr: { primary_market: 'SPOT', primary_count: 3, core_count: 4, core_on_demand_count: 1 },
      }),
    );
    expect(shape.primary).toMatchObject({ onDemandCount: 0, spotCount: 3 });
    expect(shape.core).toMatchObject({ onDemandCount: 1, spotCount: 3 });
    expect(spotShare(shape)).toBeCloseTo(6 / 7);
    expect(emrPlatformOptions(shape)).toMatchObject({
      emr_primary_spot_count: '3',
      emr_core_on_demand_count: '1',
      emr_core_spot_count: '3',
      emr_core_instance_types: 'm5.xlarge,m5a.xlarge,m6i.xlarge',
    });
  });

  it('feeds the cost report the same nodes, type and Spot split the DAG starts', () => {
    const config = configFor({ emr: { core_instance_types: ['m6i.xlarge', 'm5.xlarge'], core_count: 3 } });
    expect(costBlockOf(config)).toMatchObject({
      emr_instance_type: 'm6i.xlarge',
      emr_primary_count: 1,
      emr_core_count: 3,
      emr_spot_share: 0.75,
    });
  });
});

describe('emr block validation', () => {
  const problems = (emr: Record<string, unknown>) => {
    const result = environmentSchema.safeParse({ environment: 'dev', emr });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts only known EMR 7.x release labels', () => {
    expect(problems({ release_label: 'emr-7.10.0' })).toEqual([]);
    expect(problems({ release_label: 'emr-6.15.0' })[0]).toMatch(
      /^emr\.release_label: expected one of the EMR 7\.x release labels: emr-7\.0\.0, .*emr-7\.8\.0/,
    );
  });

  it('rejects more On-Demand core nodes than core nodes, and malformed instance types', () => {
    expect(problems({ core_count: 2, core_on_demand_count: 3 })).toEqual([
      'emr.core_on_demand_count: core_on_demand_count (3) is above core_count (2)',
    ]);
    expect(problems({ core_instance_types: ['m5.xlarge', 'big'] })).toEqual([
      'emr.core_instance_types.1: expected an EC2 instance type like m5.xlarge',
    ]);
    expect(problems({ primary_instance_types: [] })[0]).toMatch(/primary fleet needs at least one/);
    expect(problems({ primary_count: 2 })[0]).toMatch(/1 primary node, or 3/);
  });

  it('defaults the quarantine threshold to 5 % and describes every key for the reference', () => {
    expect(configFor().emr.quarantine_rate_threshold_percent).toBe(5);
    const undescribed = Object.entries(emrSchema.shape)
      .filter(([, field]) => !field.description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
  });
});
