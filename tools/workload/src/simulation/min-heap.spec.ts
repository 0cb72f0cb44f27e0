import { MinHeap } from './min-heap';
import { Rng } from './rng';

describe(MinHeap.name, () => {
  it('pops in time order', () => {
    const heap = new MinHeap<{ time: number }>();
    const rng = new Rng(1);
    const times = Array.from({ length: 1_000 }, () => rng.int(0, 100));
    times.forEach((time) => heap.push({ time }));
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop()?.time ?? Number.NaN);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });

  it('pops equal times first in, first out', () => {
    const heap = new MinHeap<{ time: number; name: string }>();
    ['a', 'b', 'c', 'd'].forEach((name) => heap.push({ time: 5, name }));
    heap.push({ time: 1, name: 'first' });
    expect(heap.peek()?.name).toBe('first');
    expect(Array.from({ length: 5 }, () => heap.pop()?.name)).toEqual(['first', 'a', 'b', 'c', 'd']);
  });
});
