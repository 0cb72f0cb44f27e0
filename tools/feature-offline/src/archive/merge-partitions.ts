import type { ArchivedEvent } from './event-archive.repository';

/**
 * An approximation of the order in which a consumer of several partitions saw their events:
 * each partition's events stay in offset order, and the partitions are merged by the event time
 * of their next event (ties: lower partition first). A late event keeps its place in its own
 * partition. Used for views whose stream reads a re-keyed copy the archive does not record.
 */
export function mergePartitionsByTime(events: readonly ArchivedEvent[], timeField: string): ArchivedEvent[] {
  const queues = new Map<number, ArchivedEvent[]>();
  for (const event of events) {
    const queue = queues.get(event.position.partition);
    if (queue) queue.push(event);
    else queues.set(event.position.partition, [event]);
  }
  const heads = [...queues.entries()].sort(([a], [b]) => a - b).map(([, queue]) => ({ queue, next: 0 }));
  const merged: ArchivedEvent[] = [];
  const timeOf = (event: ArchivedEvent): number => Number(event.event[timeField]);
  while (merged.length < events.length) {
    let best: (typeof heads)[number] | undefined;
    for (const head of heads) {
      const candidate = head.queue[head.next];
      if (candidate === undefined) continue;
      const current = best?.queue[best.next];
      if (current === undefined || timeOf(candidate) < timeOf(current)) best = head;
    }
    if (!best) break;
    merged.push(best.queue[best.next] as ArchivedEvent);
    best.next += 1;
  }
  return merged;
}
