import s3DenyInsecureTransport from '../policies/s3-deny-insecure-transport.json' with { type: 'json' };
import kmsKeyState from '../policies/kms-key-state.json' with { type: 'json' };
import logsEventbridgeDelivery from '../policies/logs-eventbridge-delivery.json' with { type: 'json' };
import snsAlertsTopic from '../policies/sns-alerts-topic.json' with { type: 'json' };
import { renderPolicy, type PolicyValue } from './lib/policy-template';

/** Every template in policies/, by file name without `.json`. */
export const POLICY_TEMPLATES = {
  's3-deny-insecure-transport': s3DenyInsecureTransport,
  'kms-key-state': kmsKeyState,
  'logs-eventbridge-delivery': logsEventbridgeDelivery,
  'sns-alerts-topic': snsAlertsTopic,
} as const;

export type PolicyName = keyof typeof POLICY_TEMPLATES;

export function policy(name: PolicyName, vars: Readonly<Record<string, PolicyValue>>): string {
  return renderPolicy(`policies/${name}.json`, POLICY_TEMPLATES[name], vars);
}
