import analystAthena from '../policies/analyst-athena.json' with { type: 'json' };
import emrEc2Instance from '../policies/emr-ec2-instance.json' with { type: 'json' };
import emrServiceExtras from '../policies/emr-service-extras.json' with { type: 'json' };
import kmsKeyPlatform from '../policies/kms-key-platform.json' with { type: 'json' };
import kmsKeyState from '../policies/kms-key-state.json' with { type: 'json' };
import mwaaExecution from '../policies/mwaa-execution.json' with { type: 'json' };
import s3DenyInsecureTransport from '../policies/s3-deny-insecure-transport.json' with { type: 'json' };
import s3AccessLogDelivery from '../policies/s3-access-log-delivery.json' with { type: 'json' };
import trustEc2 from '../policies/trust-ec2.json' with { type: 'json' };
import trustEmrService from '../policies/trust-emr-service.json' with { type: 'json' };
import trustMwaa from '../policies/trust-mwaa.json' with { type: 'json' };
import logsEventbridgeDelivery from '../policies/logs-eventbridge-delivery.json' with { type: 'json' };
import snsAlertsTopic from '../policies/sns-alerts-topic.json' with { type: 'json' };
import { renderPolicyDocument, type PolicyValue } from './lib/policy-template';
import { Fn } from './lib/tf';

/** Every template in policies/, by file name without `.json`. */
export const POLICY_TEMPLATES = {
  'analyst-athena': analystAthena,
  'emr-ec2-instance': emrEc2Instance,
  'emr-service-extras': emrServiceExtras,
  'kms-key-platform': kmsKeyPlatform,
  'kms-key-state': kmsKeyState,
  'mwaa-execution': mwaaExecution,
  's3-access-log-delivery': s3AccessLogDelivery,
  's3-deny-insecure-transport': s3DenyInsecureTransport,
  'trust-ec2': trustEc2,
  'trust-emr-service': trustEmrService,
  'trust-mwaa': trustMwaa,
  'logs-eventbridge-delivery': logsEventbridgeDelivery,
  'sns-alerts-topic': snsAlertsTopic,
} as const;

export type PolicyName = keyof typeof POLICY_TEMPLATES;

/**
 * The rendered policy as a Terraform `jsonencode(...)` expression. A plain JSON string would do in
 * cdk.tf.json, but `cdktf synth --hcl` renders strings that contain references without escaping
 * their quotes (hashicorp/terraform-cdk#3911); `jsonencode` is correct in both forms.
 */
export function policy(name: PolicyName, vars: Readonly<Record<string, PolicyValue>>): string {
  return Fn.jsonencode(renderPolicyDocument(`policies/${name}.json`, POLICY_TEMPLATES[name], vars));
}
