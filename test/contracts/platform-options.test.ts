import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resourceList, synthPlatform } from '../helpers';

interface PlatformOption {
  key: string;
  type: string;
  meaning: string;
}

const contract = JSON.parse(readFileSync('contracts/platform-options.json', 'utf8')) as {
  section: string;
  options: PlatformOption[];
};

function platformOptions(input: Record<string, unknown> = {}): Record<string, string> {
  const [environment] = resourceList(synthPlatform(input), 'aws_mwaa_environment');
  const options = environment!.airflow_configuration_options as Record<string, string>;
  return Object.fromEntries(
    Object.entries(options)
      .filter(([key]) => key.startsWith(`${contract.section}.`))
      .map(([key, value]) => [key.slice(contract.section.length + 1), value]),
  );
}

describe('the [platform] options contract (contracts/platform-options.json)', () => {
  it('lists each key once, with a type the DAGs parse and a meaning', () => {
    const keys = contract.options.map((option) => option.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const option of contract.options) {
      expect(['string', 'list', 'integer', 'number', 'boolean']).toContain(option.type);
      expect(option.meaning.length).toBeGreaterThan(10);
    }
  });

  it('is exactly what the synthesized MWAA environment sets', () => {
    const options = platformOptions();
    expect(Object.keys(options).sort()).toEqual(contract.options.map((option) => option.key).sort());
  });

  it('carries the cluster shape and gate settings from the emr block, typed as the contract says', () => {
    const options = platformOptions({
      emr: { core_count: 3, core_on_demand_count: 1, step_timeout_minutes: 45 },
    });
    expect(options).toMatchObject({
      emr_release_label: 'emr-7.8.0',
      emr_primary_on_demand_count: '1',
      emr_primary_spot_count: '0',
      emr_core_on_demand_count: '1',
      emr_core_spot_count: '2',
      emr_core_instance_types: 'm5.xlarge,m5a.xlarge,m6i.xlarge',
      emr_step_timeout_minutes: '45',
      quarantine_rate_threshold_percent: '5',
      project: 'buildit-spark',
      cost_center: 'analytics',
    });
    const literal = (value: string) => !value.includes('${');
    for (const { key, type } of contract.options) {
      const value = options[key]!;
      if (!literal(value)) continue; // Terraform references (ids) are strings by construction
      if (type === 'integer') expect(value, key).toMatch(/^\d+$/);
      if (type === 'number') expect(value, key).toMatch(/^\d+(\.\d+)?$/);
      if (type === 'boolean') expect(value, key).toMatch(/^(true|false)$/);
    }
  });
});
