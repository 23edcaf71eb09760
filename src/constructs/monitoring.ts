import { Construct } from 'constructs';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Fn } from '../lib/tf';
import { policy } from '../policies';
import { EncryptedLogGroup } from './log-group';

export interface MonitoringProps {
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  /** Receives every alert; AWS mails a confirmation link that must be clicked once. */
  readonly alertEmail: string;
  /** Retention of the EMR event history log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Encrypts the topic and the log group; its policy must let the publishers and logs use it. */
  readonly kmsKeyArn: string;
  readonly monthlyBudgetUsd: number;
  /** One budget notification per value, on actual spend. */
  readonly budgetAlertThresholdsPercent: readonly number[];
  /** The MWAA alarms exist only with an environment (none while it is off for the night). */
  readonly mwaaEnvironmentName?: string;
  /** Alarm when more tasks than this wait for a worker for 15 minutes. @default 10 */
  readonly mwaaQueuedTasksThreshold?: number;
  /**
   * Alarm when some EMR cluster has reported idle for this long: a backstop for the clusters'
   * own auto-termination. A multiple of 5 up to 180 (Metrics Insights alarms see 3 hours). @default 60
   */
  readonly emrIdleAlarmMinutes?: number;
}

const FIVE_MINUTES = 300;

/** An EMR event as one readable line in the alert mail. */
const EMR_MESSAGE = {
  inputPaths: {
    type: '$.detail-type',
    state: '$.detail.state',
    cluster: '$.detail.clusterId',
    name: '$.detail.name',
    message: '$.detail.message',
  },
  inputTemplate: '"<type>: <name> (<cluster>) is <state>. <message>"',
};

/**
 * Alerts for one environment, all to one KMS-encrypted SNS topic with an email subscription:
 *
 * - MWAA: scheduler heartbeat missing, tasks piling up in the queue (Airflow metrics, `AmazonMWAA`).
 * - EMR: clusters are transient, so there is no fixed JobFlowId to alarm on. Failures come from
 *   EventBridge (`EMR Step Status Change` FAILED, `EMR Cluster State Change`
 *   TERMINATED_WITH_ERRORS); idle clusters from a Metrics Insights alarm over every cluster's
 *   `IsIdle`. Every cluster and step state change is also kept in a log group, the history to
 *   read durations from: a "running too long" rule is not possible, EventBridge sees changes, not time.
 * - Cost: a monthly AWS Budgets cost budget of this environment's spend (its cost-allocation tag),
 *   notifying by email and SNS at each threshold.
 */
export class Monitoring extends Construct {
  public readonly topicArn: string;
  public readonly emrEventLogGroupName: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const idleMinutes = props.emrIdleAlarmMinutes ?? 60;
    if (!Number.isInteger(idleMinutes / 5) || idleMinutes < 5 || idleMinutes > 180) {
      throw new Error(
        `Monitoring ${this.node.path}: emrIdleAlarmMinutes must be a multiple of 5 from 5 to 180 (Metrics Insights alarms query the last 3 hours), got ${idleMinutes}`,
      );
    }
    const prefix = props.namePrefix;

    const topic = new SnsTopic(this, 'alerts', {
      name: `${prefix}-alerts`,
      displayName: `Data platform ${props.environment} alerts`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    new SnsTopicPolicy(this, 'alerts-policy', {
      arn: topic.arn,
      policy: policy('sns-alerts-topic', { topic_arn: topic.arn, account_id: props.accountId }),
    });
    new SnsTopicSubscription(this, 'alerts-email', {
      topicArn: topic.arn,
      protocol: 'email',
      endpoint: props.alertEmail,
    });
    this.topicArn = topic.arn;

    this.mwaaAlarms(props, topic.arn);
    this.emrAlerts(props, topic.arn, idleMinutes);

    new BudgetsBudget(this, 'monthly-budget', {
      name: `${prefix}-monthly-cost`,
      budgetType: 'COST',
      limitAmount: String(props.monthlyBudgetUsd),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      // Only this environment's spend: the `environment` cost-allocation tag, activated once per
      // account by the state-backend stack (`user:` prefixes user-defined tags).
      costFilter: [{ name: 'TagKeyValue', values: [`user:environment$${props.environment}`] }],
      notification: props.budgetAlertThresholdsPercent.map((percent) => ({
        comparisonOperator: 'GREATER_THAN',
        threshold: percent,
        thresholdType: 'PERCENTAGE',
        notificationType: 'ACTUAL',
        subscriberEmailAddresses: [props.alertEmail],
        subscriberSnsTopicArns: [topic.arn],
      })),
    });

    const eventLog = new EncryptedLogGroup(this, 'emr-events', {
      name: `/aws/events/${prefix}-emr`,
      retentionDays: props.logRetentionDays ?? 30,
      kmsKeyArn: props.kmsKeyArn,
    });
    const history = new CloudwatchEventRule(this, 'emr-history', {
      name: `${prefix}-emr-history`,
      description: 'Every EMR cluster and step state change, kept for durations and post-mortems',
      eventPattern: Fn.jsonencode({
        source: ['aws.emr'],
        'detail-type': ['EMR Cluster State Change', 'EMR Step Status Change'],
      }),
    });
    new CloudwatchEventTarget(this, 'emr-history-target', { rule: history.name, arn: eventLog.logGroupArn });
    new CloudwatchLogResourcePolicy(this, 'emr-events-delivery', {
      policyName: `${prefix}-emr-events-delivery`,
      policyDocument: policy('logs-eventbridge-delivery', {
        log_group_arn: eventLog.logGroupArn,
        account_id: props.accountId,
        rule_arns: [history.arn],
      }),
    });
    this.emrEventLogGroupName = eventLog.logGroupName;
  }

  private alarm(id: string, topicArn: string, config: Omit<CloudwatchMetricAlarmConfig, 'alarmActions'>) {
    new CloudwatchMetricAlarm(this, id, { ...config, alarmActions: [topicArn], okActions: [topicArn] });
  }

  private mwaaAlarms(props: MonitoringProps, topicArn: string): void {
    const environment = props.mwaaEnvironmentName;
    if (!environment) return;
    this.alarm('mwaa-scheduler-heartbeat', topicArn, {
      alarmName: `${props.namePrefix}-mwaa-scheduler-heartbeat`,
      alarmDescription: `No Airflow scheduler heartbeat from MWAA ${environment} for 15 minutes: DAGs are not being scheduled`,
      namespace: 'AmazonMWAA',
      metricName: 'SchedulerHeartbeat',
      dimensions: { Function: 'Scheduler', Environment: environment },
      statistic: 'Sum',
      period: FIVE_MINUTES,
      evaluationPeriods: 3,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // A dead scheduler stops emitting the metric, so silence is the failure itself.
      treatMissingData: 'breaching',
    });
    this.alarm('mwaa-queued-tasks', topicArn, {
      alarmName: `${props.namePrefix}-mwaa-queued-tasks`,
      alarmDescription: `Tasks waiting for a worker in MWAA ${environment} for 15 minutes: raise max_workers or the environment class`,
      namespace: 'AmazonMWAA',
      metricName: 'QueuedTasks',
      dimensions: { Function: 'Executor', Environment: environment },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
      evaluationPeriods: 3,
      threshold: props.mwaaQueuedTasksThreshold ?? 10,
      comparisonOperator: 'GreaterThanThreshold',
      // The executor reports only while tasks queue; no data means an empty queue.
      treatMissingData: 'notBreaching',
    });
  }

  private emrAlerts(props: MonitoringProps, topicArn: string, idleMinutes: number): void {
    const rules = {
      'emr-step-failed': {
        description: 'An EMR step failed',
        pattern: { 'detail-type': ['EMR Step Status Change'], detail: { state: ['FAILED'] } },
      },
      'emr-cluster-failed': {
        description: 'An EMR cluster terminated with errors',
        pattern: {
          'detail-type': ['EMR Cluster State Change'],
          detail: { state: ['TERMINATED_WITH_ERRORS'] },
        },
      },
    };
    for (const [id, rule] of Object.entries(rules)) {
      const eventRule = new CloudwatchEventRule(this, id, {
        name: `${props.namePrefix}-${id}`,
        description: rule.description,
        eventPattern: Fn.jsonencode({ source: ['aws.emr'], ...rule.pattern }),
      });
      new CloudwatchEventTarget(this, `${id}-target`, {
        rule: eventRule.name,
        arn: topicArn,
        inputTransformer: EMR_MESSAGE,
      });
    }

    this.alarm('emr-idle-cluster', topicArn, {
      alarmName: `${props.namePrefix}-emr-idle-cluster`,
      alarmDescription: `An EMR cluster has been idle for ${idleMinutes} minutes: its auto-termination did not stop it`,
      metricQuery: [
        {
          id: 'idle',
          // One series over every cluster, so transient clusters need no per-cluster alarm.
          expression: 'SELECT MAX(IsIdle) FROM SCHEMA("AWS/ElasticMapReduce", JobFlowId)',
          period: FIVE_MINUTES,
          returnData: true,
        },
      ],
      evaluationPeriods: idleMinutes / 5,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No cluster running means no data: that is the normal, healthy state.
      treatMissingData: 'notBreaching',
    });
  }
}
