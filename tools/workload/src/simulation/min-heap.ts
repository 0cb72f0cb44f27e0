/**
 * A binary min-heap ordered by `time`, ties broken by insertion order, so equal times come out
 * first-in first-out and the simulation stays deterministic.
 */
export class MinHeap<T extends { readonly time: number }> {
  private readonly items: { readonly value: T; readonly order: number }[] = [];
  private inserted = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0]?.value;
  }

  push(value: T): void {
    this.items.push({ value, order: this.inserted++ });
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined || this.items.length === 0) return top?.value;
    this.items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.items.length && this.before(left, smallest)) smallest = left;
      if (right < this.items.length && this.before(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
    return top.value;
  }

  private before(i: number, j: number): boolean {
    const a = this.items[i];
    const b = this.items[j];
    if (!a || !b) return false;
    return a.value.time < b.value.time || (a.value.time === b.value.time && a.order < b.order);
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (!a || !b) return;
    this.items[i] = b;
    this.items[j] = a;
  }
}
