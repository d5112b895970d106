// First: it decides whether the X-Ray SDK hooks every promise of the process (see there).
import "./xray-mode";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { client } from "../dynamo/client";

/**
 * X-Ray traces on AWS, one tracer for every Lambda of the deployment (functions and the web app's server):
 * Powertools turns itself off outside Lambda, and there the SDK runs in manual mode (xray-mode.ts), so
 * locally and in tests this costs nothing. Table calls become subsegments of whatever is being traced.
 */
export const tracer = new Tracer({ serviceName: "bourse" });
tracer.captureAWSv3Client(client);

/**
 * Runs `work` in a subsegment `## name` of the invocation's segment, annotated with the correlation id (so a
 * trace is found from a log line) and the cold start; an error is recorded on it and rethrown.
 */
export async function traced<T>(name: string, correlationId: string, work: () => Promise<T>): Promise<T> {
  const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  const subsegment = segment?.addNewSubsegment(`## ${name}`);
  if (!subsegment || !segment) return work();
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.putAnnotation("correlationId", correlationId);
  try {
    return await work();
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(segment);
  }
}
