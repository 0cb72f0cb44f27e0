// The workload generator as a library, for specs and demos that drive the platform in-process.
export { parseDriftSchedule, DriftScheduleError, type DriftSpec } from './simulation/drift';
export { WorkloadGenerator, type TransactionEvent, type WorkloadEvent, type WorkloadOptions } from './simulation/generator';
export { runWorkload, StopControl, type RunResult, type RunnerOptions } from './run/workload-runner';
export type { EventSink, SinkEvent, SinkStats } from './sinks/event-sink';
export { HttpSink, type HttpSinkOptions } from './sinks/http-sink';
export { HttpSinkError } from './sinks/http-response';
export { KafkaSink, workloadContracts, workloadTopics, type KafkaSinkOptions } from './sinks/kafka-sink';
