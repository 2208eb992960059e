interface Due {
  id: string;
  at: number;
}

/**
 * When each tracked job is next due, earliest first: a binary min-heap, so scheduling
 * and taking the next job cost O(log n) however many jobs are in flight. Rescheduling
 * leaves the old heap entry behind; it is recognised as stale (its time is no longer the
 * job's) and dropped when it reaches the top.
 */
export class DueQueue {
  private readonly heap: Due[] = [];
  private readonly times = new Map<string, number>();

  has(id: string): boolean {
    return this.times.has(id);
  }

  set(id: string, at: number): void {
    this.times.set(id, at);
    this.heap.push({ id, at });
    this.up(this.heap.length - 1);
  }

  delete(id: string): void {
    this.times.delete(id);
  }

  clear(): void {
    this.heap.length = 0;
    this.times.clear();
  }

  /** The earliest due job that `skip` does not exclude (jobs being polled are skipped). */
  earliest(skip: (id: string) => boolean): Due | undefined {
    const skipped: Due[] = [];
    let found: Due | undefined;
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.times.get(top.id) !== top.at) {
        this.pop();
      } else if (skip(top.id)) {
        skipped.push(this.pop());
      } else {
        found = top;
        break;
      }
    }
    for (const entry of skipped) {
      this.heap.push(entry);
      this.up(this.heap.length - 1);
    }
    return found;
  }

  private pop(): Due {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(index: number): void {
    const { heap } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.at <= heap[index]!.at) return;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  private down(index: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
      index = smallest;
    }
  }
}
