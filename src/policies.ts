import assumeGithubOidc from '../policies/assume-github-oidc.json' with { type: 'json' };
import ciDeployIam from '../policies/ci-deploy-iam.json' with { type: 'json' };
import ciDeployNetwork from '../policies/ci-deploy-network.json' with { type: 'json' };
import ciDeployServices from '../policies/ci-deploy-services.json' with { type: 'json' };
import ciRead from '../policies/ci-read.json' with { type: 'json' };
import ciStateRead from '../policies/ci-state-read.json' with { type: 'json' };
import ciStateWrite from '../policies/ci-state-write.json' with { type: 'json' };
import emrEc2SampleData from '../policies/emr-ec2-sample-data.json' with { type: 'json' };
import analystAthena from '../policies/analyst-athena.json' with { type: 'json' };
import emrEc2Instance from '../policies/emr-ec2-instance.json' with { type: 'json' };
import emrServiceExtras from '../policies/emr-service-extras.json' with { type: 'json' };
import kmsKeyPlatform from '../policies/kms-key-platform.json' with { type: 'json' };
import kmsKeyState from '../policies/kms-key-state.json' with { type: 'json' };
import mwaaExecution from '../policies/mwaa-execution.json' with { type: 'json' };
import peopleAnalyst from '../policies/people-analyst.json' with { type: 'json' };
import peopleDataEngineer from '../policies/people-data-engineer.json' with { type: 'json' };
import peoplePlatformAdmin from '../policies/people-platform-admin.json' with { type: 'json' };
import s3StateBucket from '../policies/s3-state-bucket.json' with { type: 'json' };
import s3DenyInsecureTransport from '../policies/s3-deny-insecure-transport.json' with { type: 'json' };
import s3AccessLogDelivery from '../policies/s3-access-log-delivery.json' with { type: 'json' };
import trustEc2 from '../policies/trust-ec2.json' with { type: 'json' };
import trustEmrService from '../policies/trust-emr-service.json' with { type: 'json' };
import trustMwaa from '../policies/trust-mwaa.json' with { type: 'json' };
import logsEventbridgeDelivery from '../policies/logs-eventbridge-delivery.json' with { type: 'json' };
import snsAlertsTopic from '../policies/sns-alerts-topic.json' with { type: 'json' };
import vpceInterfaceOwnAccount from '../policies/vpce-interface-own-account.json' with { type: 'json' };
import vpceS3Gateway from '../policies/vpce-s3-gateway.json' with { type: 'json' };
import { renderPolicyDocument, type PolicyValue } from './lib/policy-template';
import { Fn } from './lib/tf';

/** Every template in policies/, by file name without `.json`. */
export const POLICY_TEMPLATES = {
  'assume-github-oidc': assumeGithubOidc,
  'ci-deploy-iam': ciDeployIam,
  'ci-deploy-network': ciDeployNetwork,
  'ci-deploy-services': ciDeployServices,
  'ci-read': ciRead,
  'ci-state-read': ciStateRead,
  'ci-state-write': ciStateWrite,
  'people-analyst': peopleAnalyst,
  'people-data-engineer': peopleDataEngineer,
  'people-platform-admin': peoplePlatformAdmin,
  's3-state-bucket': s3StateBucket,
  'analyst-athena': analystAthena,
  'emr-ec2-instance': emrEc2Instance,
  'emr-ec2-sample-data': emrEc2SampleData,
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
  'vpce-interface-own-account': vpceInterfaceOwnAccount,
  'vpce-s3-gateway': vpceS3Gateway,
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
