import type { TerraformResource } from './tf';

export interface CheckovSkip {
  readonly id: string;
  readonly reason: string;
}

const skips = new WeakMap<TerraformResource, CheckovSkip[]>();

/**
 * Records an accepted checkov finding on the resource that owns it. The skip is written into the
 * synthesized JSON as `"//": {"checkov": {"skip": [...]}}` (a comment Terraform ignores); the verify
 * step turns it into checkov's inline `#checkov:skip=<id>:<reason>` on the HCL form. Every skip
 * needs a reason a reviewer can judge; verify prints them all (docs/toolchain-and-tests.md).
 */
export function skipCheck(resource: TerraformResource, id: string, reason: string): void {
  if (!/^CKV2?_AWS_\d+$/.test(id)) throw new Error(`checkov skip id "${id}" is not a CKV_AWS_/CKV2_AWS_ id`);
  if (reason.trim().length < 10)
    throw new Error(`checkov skip ${id} on ${resource.node.path} needs a real reason`);
  const list = skips.get(resource) ?? [];
  list.push({ id, reason });
  skips.set(resource, list);
  resource.addOverride(
    '//.checkov.skip',
    list.map((s) => ({ id: s.id, comment: s.reason })),
  );
}
