/**
 * IAM and resource policies live as JSON templates in `policies/` with `${placeholder}` variables
 * (lower_snake names; AWS policy variables like `${aws:username}` pass through untouched). A
 * statement may carry `_comment` (e.g. why it needs Resource "*"); it is stripped on render.
 */
export type PolicyValue = string | readonly string[];

export class PolicyTemplateError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'PolicyTemplateError';
  }
}

const PLACEHOLDER = /\$\{([a-z][a-z0-9_]*)\}/g;

function placeholdersIn(node: unknown, found = new Set<string>()): Set<string> {
  if (typeof node === 'string') for (const match of node.matchAll(PLACEHOLDER)) found.add(match[1]!);
  else if (Array.isArray(node)) node.forEach((item) => placeholdersIn(item, found));
  else if (node && typeof node === 'object')
    Object.values(node).forEach((item) => placeholdersIn(item, found));
  return found;
}

function substitute(file: string, node: unknown, vars: Readonly<Record<string, PolicyValue>>): unknown {
  if (typeof node === 'string') {
    const whole = /^\$\{([a-z][a-z0-9_]*)\}$/.exec(node);
    if (whole) return vars[whole[1]!];
    return node.replace(PLACEHOLDER, (_, name: string) => {
      const value = vars[name];
      if (Array.isArray(value)) {
        throw new PolicyTemplateError(
          file,
          `\${${name}} is a list and must be a whole JSON string value, not part of "${node}"`,
        );
      }
      return value as string;
    });
  }
  if (Array.isArray(node)) {
    // A list placeholder inside a list is spliced in, so ["${a}", "${list}"] stays flat.
    return node.flatMap((item) => {
      const value = substitute(file, item, vars);
      return Array.isArray(value) ? value : [value];
    });
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== '_comment')
        .map(([key, value]) => [key, substitute(file, value, vars)]),
    );
  }
  return node;
}

/** Renders a template to a policy JSON string; throws naming the file and variable on any mismatch. */
export function renderPolicy(
  file: string,
  template: unknown,
  vars: Readonly<Record<string, PolicyValue>>,
): string {
  return JSON.stringify(renderPolicyDocument(file, template, vars));
}

/** Like renderPolicy, but returns the document itself (for Terraform's `jsonencode`). */
export function renderPolicyDocument(
  file: string,
  template: unknown,
  vars: Readonly<Record<string, PolicyValue>>,
): unknown {
  const used = placeholdersIn(template);
  const missing = [...used].filter((name) => !(name in vars));
  if (missing.length) {
    throw new PolicyTemplateError(
      file,
      `no value for placeholder ${missing.map((m) => `\${${m}}`).join(', ')}; pass it where the template is rendered`,
    );
  }
  const unused = Object.keys(vars).filter((name) => !used.has(name));
  if (unused.length) {
    throw new PolicyTemplateError(
      file,
      `variable ${unused.join(', ')} is given but the template has no such placeholder; remove it or add it to the template`,
    );
  }
  return substitute(file, template, vars);
}
