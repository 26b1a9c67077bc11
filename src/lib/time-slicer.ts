/**
 * Long work in one turn of the event loop keeps every other request waiting. A slicer lets a
 * loop give the loop a turn (setImmediate: I/O and timers run) once `budgetMs` have passed
 * since the last one, so no slice blocks longer than about that.
 */
export class TimeSlicer {
  private last = performance.now();

  constructor(private readonly budgetMs = 20) {}

  /** Cheap to call on every item; yields only when the budget is spent. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.budgetMs) return;
    await yieldToLoop();
    this.last = performance.now();
  }
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
