import { describe, expect, it } from 'vitest';
import { Monitoring, type MonitoringProps } from '../../src/constructs/monitoring';
import { byPath, refTo, resourceList, synth, type SynthJson, decodeJson, testStack } from '../helpers';

const KMS = 'arn:aws:kms:eu-north-1:111122223333:key/platform';

function synthMonitoring(props: Partial<MonitoringProps> = {}): SynthJson {
  const stack = testStack('monitoring-test');
  new Monitoring(stack, 'monitoring', {
    namePrefix: 'buildit-spark-dev',
    environment: 'dev',
    accountId: '111122223333',
    alertEmail: 'data-alerts@example.com',
    kmsKeyArn: KMS,
    monthlyBudgetUsd: 500,
    budgetAlertThresholdsPercent: [80, 100],
    mwaaEnvironmentName: 'buildit-spark-dev-mwaa',
    ...props,
  });
  return synth(stack);
}

describe('Monitoring', () => {
  const json = synthMonitoring();
  const topic = refTo(json, 'aws_sns_topic', 'monitoring/alerts', 'arn');

  it('publishes to a KMS-encrypted topic with an email subscription', () => {
    expect(byPath(json, 'aws_sns_topic', 'monitoring/alerts')).toMatchObject({
      name: 'buildit-spark-dev-alerts',
      kms_master_key_id: KMS,
    });
    expect(resourceList(json, 'aws_sns_topic_subscription')).toEqual([
      expect.objectContaining({ topic_arn: topic, protocol: 'email', endpoint: 'data-alerts@example.com' }),
    ]);
  });

  it('lets only this account\u2019s EventBridge, CloudWatch and Budgets publish', () => {
    const topicPolicy = byPath(json, 'aws_sns_topic_policy', 'monitoring/alerts-policy');
    expect(topicPolicy.arn).toBe(topic);
    expect(decodeJson(topicPolicy.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AwsServicesPublishAlerts',
          Effect: 'Allow',
          Principal: {
            Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'budgets.amazonaws.com'],
          },
          Action: 'sns:Publish',
          Resource: topic,
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
  });

  it('alarms when the MWAA scheduler stops heartbeating, treating silence as failure', () => {
    expect(byPath(json, 'aws_cloudwatch_metric_alarm', 'monitoring/mwaa-scheduler-heartbeat')).toMatchObject({
      namespace: 'AmazonMWAA',
      metric_name: 'SchedulerHeartbeat',
      dimensions: { Function: 'Scheduler', Environment: 'buildit-spark-dev-mwaa' },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 3,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [topic],
      ok_actions: [topic],
    });
  });

  it('alarms on tasks piling up in the MWAA queue', () => {
    expect(byPath(json, 'aws_cloudwatch_metric_alarm', 'monitoring/mwaa-queued-tasks')).toMatchObject({
      namespace: 'AmazonMWAA',
      metric_name: 'QueuedTasks',
      dimensions: { Function: 'Executor', Environment: 'buildit-spark-dev-mwaa' },
      statistic: 'Maximum',
      threshold: 10,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [topic],
    });
    const custom = synthMonitoring({ mwaaQueuedTasksThreshold: 25 });
    expect(byPath(custom, 'aws_cloudwatch_metric_alarm', 'monitoring/mwaa-queued-tasks').threshold).toBe(25);
  });

  it('alarms on any idle EMR cluster through one Metrics Insights query', () => {
    expect(byPath(json, 'aws_cloudwatch_metric_alarm', 'monitoring/emr-idle-cluster')).toMatchObject({
      metric_query: [
        {
          id: 'idle',
          expression: 'SELECT MAX(IsIdle) FROM SCHEMA("AWS/ElasticMapReduce", JobFlowId)',
          period: 300,
          return_data: true,
        },
      ],
      evaluation_periods: 12,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [topic],
    });
    const sooner = synthMonitoring({ emrIdleAlarmMinutes: 30 });
    expect(
      byPath(sooner, 'aws_cloudwatch_metric_alarm', 'monitoring/emr-idle-cluster').evaluation_periods,
    ).toBe(6);
    expect(() => synthMonitoring({ emrIdleAlarmMinutes: 240 })).toThrow(
      /multiple of 5 from 5 to 180.*got 240/,
    );
  });

  it('sends failed EMR steps and clusters terminated with errors to the topic', () => {
    expect(
      decodeJson(
        byPath(json, 'aws_cloudwatch_event_rule', 'monitoring/emr-step-failed').event_pattern as string,
      ),
    ).toEqual({
      source: ['aws.emr'],
      'detail-type': ['EMR Step Status Change'],
      detail: { state: ['FAILED'] },
    });
    expect(
      decodeJson(
        byPath(json, 'aws_cloudwatch_event_rule', 'monitoring/emr-cluster-failed').event_pattern as string,
      ),
    ).toEqual({
      source: ['aws.emr'],
      'detail-type': ['EMR Cluster State Change'],
      detail: { state: ['TERMINATED_WITH_ERRORS'] },
    });
    for (const id of ['emr-step-failed', 'emr-cluster-failed']) {
      expect(byPath(json, 'aws_cloudwatch_event_target', `monitoring/${id}-target`)).toMatchObject({
        rule: refTo(json, 'aws_cloudwatch_event_rule', `monitoring/${id}`, 'name'),
        arn: topic,
        input_transformer: { input_template: '"<type>: <name> (<cluster>) is <state>. <message>"' },
      });
    }
  });

  it('keeps every EMR state change in an encrypted log group EventBridge may write to', () => {
    const group = refTo(json, 'aws_cloudwatch_log_group', 'monitoring/emr-events/group', 'arn');
    expect(byPath(json, 'aws_cloudwatch_log_group', 'monitoring/emr-events/group')).toMatchObject({
      name: '/aws/events/buildit-spark-dev-emr',
      retention_in_days: 30,
      kms_key_id: KMS,
    });
    expect(byPath(json, 'aws_cloudwatch_event_target', 'monitoring/emr-history-target').arn).toBe(group);
    const delivery = decodeJson(
      byPath(json, 'aws_cloudwatch_log_resource_policy', 'monitoring/emr-events-delivery')
        .policy_document as string,
    );
    expect(delivery.Statement[0]).toMatchObject({
      Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
      Resource: `${group}:*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnEquals: {
          'aws:SourceArn': [refTo(json, 'aws_cloudwatch_event_rule', 'monitoring/emr-history', 'arn')],
        },
      },
    });
  });

  it('budgets the monthly cost with one notification per threshold, by email and SNS', () => {
    const budget = byPath(json, 'aws_budgets_budget', 'monitoring/monthly-budget');
    expect(budget).toMatchObject({
      name: 'buildit-spark-dev-monthly-cost',
      budget_type: 'COST',
      limit_amount: '500',
      limit_unit: 'USD',
      time_unit: 'MONTHLY',
    });
    expect(budget.notification).toEqual(
      [80, 100].map((threshold) => ({
        comparison_operator: 'GREATER_THAN',
        threshold,
        threshold_type: 'PERCENTAGE',
        notification_type: 'ACTUAL',
        subscriber_email_addresses: ['data-alerts@example.com'],
        subscriber_sns_topic_arns: [topic],
      })),
    );
    const three = synthMonitoring({ monthlyBudgetUsd: 1250.5, budgetAlertThresholdsPercent: [50, 90, 120] });
    const custom = byPath(three, 'aws_budgets_budget', 'monitoring/monthly-budget');
    expect(custom.limit_amount).toBe('1250.5');
    expect((custom.notification as { threshold: number }[]).map((n) => n.threshold)).toEqual([50, 90, 120]);
  });
});
