import type { EnvironmentConfig } from '../config';

/** `<project>-<environment>-<suffix>`: the prefix every named resource of an environment shares. */
export function resourceName(
  config: Pick<EnvironmentConfig, 'project' | 'environment'>,
  suffix: string,
): string {
  return `${config.project}-${config.environment}-${suffix}`;
}

/** Tags for one resource: a Name on top of the provider's default tags. */
export function nameTag(name: string): Record<string, string> {
  return { Name: name };
}
