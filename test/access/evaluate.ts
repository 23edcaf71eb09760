/**
 * Runs journeys through @cloud-copilot/iam-simulate (AGPL-3.0, a test-only devDependency): identity
 * policies and the resource's own policy together, with AWS's rules for KMS key policies.
 */
import { createValidatedPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT_ID, PARTITION, type PlatformModel, type PolicyDocument } from './model';
import type { Call, Journey } from './journeys';

export type Decision = 'Allowed' | 'Denied';

export interface JourneyResult {
  readonly decision: Decision;
  /** The first call that was not allowed, with the simulator's verdict. */
  readonly deniedBy?: string;
}

/** The resource's own policy: bucket (for objects too), key, topic or secret. */
function resourcePolicy(model: PlatformModel, resource: string): PolicyDocument | undefined {
  const bucket = resource.startsWith('arn:aws:s3:::') ? resource.split('/')[0]! : resource;
  if (model.stateResourcePolicies.has(bucket)) return model.stateResourcePolicies.get(bucket);
  for (const env of Object.values(model.environments)) {
    const found =
      env.resourcePolicies.get(bucket) ?? env.trustPolicies.get(resource.split(':role/')[1] ?? '');
    if (found) return found;
  }
  return undefined;
}

async function evaluateCall(model: PlatformModel, journey: Journey, call: Call): Promise<string> {
  const who = journey.principal;
  const identityPolicies =
    'role' in who
      ? (model.environments[who.env]!.identityPolicies.get(who.role) ?? []).map((p) => ({ ...p }))
      : (who.identityPolicies ?? []);
  const principal =
    'role' in who ? `arn:${PARTITION}:sts::${ACCOUNT_ID}:assumed-role/${who.role}/journey` : who.arn;
  const principalArn = 'role' in who ? `arn:${PARTITION}:iam::${ACCOUNT_ID}:role/${who.role}` : who.arn;
  const isService = !principal.startsWith('arn:');
  const region = call.resource.split(':')[3] || 'eu-north-1';
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': region,
    ...(!isService && { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': ACCOUNT_ID }),
    ...(call.action.startsWith('kms:') && !isService && { 'kms:CallerAccount': ACCOUNT_ID }),
    ...call.context,
  };
  const simulation: Simulation = {
    request: {
      principal,
      action: call.action,
      resource: { resource: call.resource, accountId: ACCOUNT_ID },
      contextVariables: context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy(model, call.resource),
  };
  const response = await runSimulation(simulation, {});
  const where = `${journey.name}: ${call.action} on ${call.resource}`;
  if (response.resultType !== 'single') {
    throw new Error(
      `${where}: ${JSON.stringify(response.resultType === 'error' ? response.errors : response)}`,
    );
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  const encryptionContext = ignored.filter((key) => /^kms:EncryptionContext:/i.test(key));
  const wrong = ignored.filter((key) => !encryptionContext.includes(key));
  if (wrong.length)
    throw new Error(`${where}: context keys that do not apply to the action: ${wrong.join(', ')}`);
  // iam-simulate 0.1.173 matches only slash-style variable keys (aws:RequestTag/x), so it drops
  // kms:EncryptionContext:<key>; the request passed validation above, so evaluate it unfiltered.
  if (!encryptionContext.length) return response.overallResult;
  // runUnsafeSimulation needs the resource policy with metadata; runSimulation above validated it.
  const validated = createValidatedPolicy(simulation.resourcePolicy, () => [], { name: 'resource-policy' });
  return runUnsafeSimulation({ ...simulation, resourcePolicy: validated }, {});
}

/** Allowed only when every call of the journey is allowed (e.g. PutObject and the KMS call S3 makes). */
export async function evaluateJourney(model: PlatformModel, journey: Journey): Promise<JourneyResult> {
  for (const call of journey.calls) {
    const verdict = await evaluateCall(model, journey, call);
    if (verdict !== 'Allowed') return { decision: 'Denied', deniedBy: `${call.action} ${verdict}` };
  }
  return { decision: 'Allowed' };
}
