import { THRESHOLDS } from "../monitoring/alerts";
import { subscribers, urlFunctions } from "../topology";
import type { Resources } from "./resources";

/**
 * The alerts of stacks/monitoring/alerts.ts as CloudWatch alarms, on the EMF metrics the handlers emit
 * (namespace Bourse: Requests, Errors, Latency by service and server; `<Subscriber>Failures`) and on the
 * table's own AWS/DynamoDB latency. Returned by name: the canaries of live.ts roll back on them.
 */
export function createAlarms(resources: Resources) {
  const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
  const alarm = (name: string, args: aws.cloudwatch.MetricAlarmArgs) => {
    alarms[name] = new aws.cloudwatch.MetricAlarm(name, args);
  };
  const minutes = THRESHOLDS.forMinutes;
  const servers = [
    { service: "web", server: "web" },
    ...urlFunctions.map((f) => ({ service: "bourse", server: f.name })),
  ];
  const metric = (name: string, dimensions: Record<string, string>, stat: string) => ({
    metric: { namespace: "Bourse", metricName: name, dimensions, period: 60, stat },
  });
  for (const { service, server } of servers) {
    const dimensions = { service, server };
    alarm(`${server}ErrorRate`, {
      alarmDescription: `More than ${THRESHOLDS.errorRate * 100} % of ${server} requests fail (5xx)`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRate,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      treatMissingData: "notBreaching",
      metricQueries: [
        { id: "errors", ...metric("Errors", dimensions, "Sum"), returnData: false },
        { id: "requests", ...metric("Requests", dimensions, "Sum"), returnData: false },
        {
          id: "rate",
          expression: "IF(requests > 0, errors / requests, 0)",
          label: "5xx share",
          returnData: true,
        },
      ],
    });
    alarm(`${server}LatencyP95`, {
      alarmDescription: `p95 latency of ${server} above ${THRESHOLDS.latencyP95Seconds * 1000} ms`,
      namespace: "Bourse",
      metricName: "Latency",
      dimensions,
      extendedStatistic: "p95",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.latencyP95Seconds * 1000,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      treatMissingData: "notBreaching",
    });
  }
  for (const s of subscribers)
    alarm(`${s.name}StreamFailures`, {
      alarmDescription: `${s.name} gave up on stream records`,
      namespace: "Bourse",
      metricName: `${s.name}Failures`,
      dimensions: { service: "bourse" },
      statistic: "Sum",
      period: 300,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    });
  for (const operation of ["GetItem", "PutItem", "UpdateItem", "Query", "TransactWriteItems"])
    alarm(`Table${operation}Latency`, {
      alarmDescription: `p95 of ${operation} on the table above ${THRESHOLDS.tableLatencyP95Seconds * 1000} ms`,
      namespace: "AWS/DynamoDB",
      metricName: "SuccessfulRequestLatency",
      dimensions: { TableName: resources.table.name, Operation: operation },
      extendedStatistic: "p95",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.tableLatencyP95Seconds * 1000,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      treatMissingData: "notBreaching",
    });
  return alarms;
}
