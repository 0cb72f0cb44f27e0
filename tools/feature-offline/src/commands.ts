import { readFile } from 'node:fs/promises';
import type { ClickHouse } from '@mlops/clickhouse';
import { groupByEntity, type FeatureView, type LoggedEvent } from '@mlops/features';
import { EventArchiveRepository } from './archive/event-archive.repository';
import { FeatureLogRepository } from './archive/feature-log.repository';
import { asFeatureVector, computeBackfill } from './backfill/backfill';
import type { BackfillCliOptions, ConsistencyCliOptions, TrainingSetOptions } from './cli-options';
import { checkConsistency } from './consistency/consistency';
import { formatConsistencyReport } from './consistency/consistency-report';
import { writeChunks } from './output';
import { parseTrainingRows, type TrainingRow } from './training-set/training-rows';
import { buildTrainingSet } from './training-set/training-set';
import { trainingSetCsv, trainingSetNdjson } from './training-set/training-set-output';

/** Above this many entities, all events are read and filtered here rather than listed in SQL. */
const MAX_ENTITIES_IN_QUERY = 1_000;

/** What every command runs against. */
export interface CommandContext {
  readonly client: ClickHouse;
  readonly database: string;
  /** Topic namespace of the archived events; '' = plain topic names. */
  readonly namespace: string;
  /** Progress and summaries (stderr in the CLI: stdout may carry the data). */
  readonly say: (line: string) => void;
}

async function trainingRows(context: CommandContext, options: TrainingSetOptions): Promise<TrainingRow[]> {
  if (options.rows.kind === 'file') return parseTrainingRows(await readFile(options.rows.path, 'utf8'));
  const labelled = await new EventArchiveRepository(context.client, context.database).readLabelledEvents(options.view);
  return labelled.map((l) => ({ entity_id: l.entity_id, timestamp: l.event_time, event_id: l.event_id, label: String(l.label) }));
}

async function eventsOf(context: CommandContext, view: FeatureView, entities: ReadonlySet<string>): Promise<Map<string, LoggedEvent[]>> {
  const archive = new EventArchiveRepository(context.client, context.database);
  const listed = entities.size <= MAX_ENTITIES_IN_QUERY;
  const { events, exact } = await archive.readViewLog({
    view,
    namespace: context.namespace,
    ...(listed ? { entities: [...entities] } : {}),
  });
  if (!exact) context.say(`note: the re-keyed log of ${view.name} is not archived; its source partitions are merged by event time`);
  return groupByEntity(
    view,
    events.filter((e) => listed || entities.has(String(e.event[view.keyField]))),
  );
}

/** Writes the training set; returns the exit code. */
export async function runTrainingSet(context: CommandContext, options: TrainingSetOptions): Promise<number> {
  const rows = await trainingRows(context, options);
  const events = await eventsOf(context, options.view, new Set(rows.map((r) => r.entity_id)));
  const { examples, missing } = buildTrainingSet(options.view, rows, events);
  const write = options.format === 'csv' ? trainingSetCsv : trainingSetNdjson;
  await writeChunks(write(options.view, examples), options.out);
  const byReason = new Map<string, number>();
  for (const m of missing) byReason.set(m.reason, (byReason.get(m.reason) ?? 0) + 1);
  const reasons = [...byReason].map(([reason, count]) => `${count} ${reason}`);
  context.say(
    `training set of ${options.view.name} v${options.view.version}: ${rows.length} rows, ${examples.length} with a vector` +
      `${missing.length > 0 ? `, ${missing.length} without (${reasons.join(', ')})` : ''} → ${options.out ?? 'stdout'} (${options.format})`,
  );
  return 0;
}

/** Writes the backfilled vectors to NDJSON or feature_log; returns the exit code. */
export async function runBackfill(context: CommandContext, options: BackfillCliOptions): Promise<number> {
  const { view } = options;
  const backfill = await computeBackfill(context.client, {
    database: context.database,
    namespace: context.namespace,
    view,
    from: options.from,
    to: options.to,
  });
  const summary =
    `backfill of ${view.name} v${view.version}: ${backfill.vectors.length} vectors in range from ${backfill.archivedEvents} archived events ` +
    `of ${backfill.entities} entities (${backfill.outcomes.replayed} replayed, ${backfill.outcomes.tooLate} too late in the whole history` +
    `${backfill.exactLogOrder ? '' : '; re-keyed log not archived, source partitions merged by event time'})`;
  if (options.writeFeatureLog) {
    await new FeatureLogRepository(context.client, context.database).write(view, backfill.vectors);
    context.say(`${summary} → ${context.database}.feature_log`);
    return 0;
  }
  const computedAt = Date.now();
  await writeChunks(
    backfill.vectors.map((v) => `${JSON.stringify(asFeatureVector(view, v, computedAt))}\n`),
    options.out,
  );
  context.say(`${summary} → ${options.out ?? 'stdout'}`);
  return 0;
}

/** Prints the consistency report; returns 1 on any difference. */
export async function runConsistency(context: CommandContext, options: ConsistencyCliOptions): Promise<number> {
  const report = await checkConsistency(context.client, {
    database: context.database,
    namespace: context.namespace,
    view: options.view,
    tolerance: options.tolerance,
    maxExamples: options.examples,
    jsonRoundTrip: options.jsonState,
    ...(options.between ? { between: options.between } : {}),
  });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatConsistencyReport(report)}\n`);
  return report.ok ? 0 : 1;
}
