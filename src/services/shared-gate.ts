/**
 * A read/write gate for async work: any number of `shared` tasks at once, or one
 * `exclusive` task alone. A waiting exclusive task goes before shared ones that come
 * after it, so it cannot be starved.
 */
export class SharedGate {
  private running = 0;
  private exclusiveRunning = false;
  private readonly queue: { exclusive: boolean; start: () => void }[] = [];

  shared<T>(task: () => Promise<T>): Promise<T> {
    return this.enter(false, task);
  }

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.enter(true, task);
  }

  private enter<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        this.exclusiveRunning = exclusive;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.exclusiveRunning = false;
            this.next();
          });
      };
      this.queue.push({ exclusive, start });
      this.next();
    });
  }

  private next(): void {
    while (this.queue.length > 0 && !this.exclusiveRunning) {
      const first = this.queue[0]!;
      if (first.exclusive && this.running > 0) return;
      this.queue.shift();
      first.start();
      if (first.exclusive) return;
    }
  }
}
