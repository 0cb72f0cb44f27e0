import type { ArchivedEvent } from './event-archive.repository';
import { mergePartitionsByTime } from './merge-partitions';

const at = (partition: number, offset: number, time: number): ArchivedEvent => ({
  event: { event_id: `${partition}/${offset}`, event_time: time },
  position: { partition, offset: String(offset) },
});
const ids = (events: readonly ArchivedEvent[]) => events.map((e) => e.event['event_id']);

describe(mergePartitionsByTime.name, () => {
  it('interleaves partitions by the event time of their next event', () => {
    const events = [at(0, 0, 10), at(0, 1, 30), at(1, 0, 20), at(1, 1, 40)];

    expect(ids(mergePartitionsByTime(events, 'event_time'))).toEqual(['0/0', '1/0', '0/1', '1/1']);
  });

  it('keeps a late event in its place within its partition', () => {
    const events = [at(0, 0, 10), at(0, 1, 50), at(0, 2, 5), at(1, 0, 20), at(1, 1, 60)];

    expect(ids(mergePartitionsByTime(events, 'event_time'))).toEqual(['0/0', '1/0', '0/1', '0/2', '1/1']);
  });

  it('takes the lower partition first on equal times', () => {
    expect(ids(mergePartitionsByTime([at(2, 0, 10), at(1, 0, 10)], 'event_time'))).toEqual(['1/0', '2/0']);
  });

  it('returns no events for none', () => {
    expect(mergePartitionsByTime([], 'event_time')).toEqual([]);
  });
});
