/**
 * Calls of one statement made at the same moment on a pool, sent as one statement: the reads of
 * sessions (auth.ts) and of sheets, and the writes of saves (commands/scoring/save-score.ts),
 * each call still answered on its own.
 */

/** Statements of one kind on their way at once on a pool, and calls in one at most. */
const BATCHES = 2;
const BATCH_SIZE = 64;

interface Call<I, R> {
  item: I;
  key: string | null;
  /** A statement it was in failed: it goes alone, so that one call's error is its own. */
  alone: boolean;
  settle(result: R | Error): void;
}

/**
 * Calls of one statement made at the same moment on a pool, sent as one (group commit, for
 * the writes). While BATCHES statements of the kind are on their way, new calls wait, and the
 * ones waiting then go together: one round trip, and for the writes one commit and one turn of
 * the audit chain's lock (migration 0006: it is held from a transaction's audit row to its
 * commit, so saves written one by one queue on it, each for its commit). Calls with the same
 * `key` (the same score) are never on their way at the same time, so that two statements never
 * wait on each other's rows. When a statement of several calls fails, each is sent again alone.
 */
export class Batcher<I, R> {
  private readonly waiting: Call<I, R>[] = [];
  private readonly sending = new Set<string>();
  private batches = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<R[]>,
    private readonly keyOf: (item: I) => string | null = () => null,
  ) {}

  call(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      const settle = (r: R | Error) => (r instanceof Error ? reject(r) : resolve(r));
      this.waiting.push({ item, key: this.keyOf(item), alone: false, settle });
      this.flush();
    });
  }

  private flush(): void {
    while (this.batches < BATCHES) {
      const batch = this.next();
      if (batch.length === 0) return;
      this.batches++;
      for (const c of batch) if (c.key !== null) this.sending.add(c.key);
      this.send(batch).finally(() => {
        this.batches--;
        for (const c of batch) if (c.key !== null) this.sending.delete(c.key);
        this.flush();
      });
    }
  }

  /** The calls waiting longest, one of each key not on its way, up to BATCH_SIZE. */
  private next(): Call<I, R>[] {
    const batch: Call<I, R>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < BATCH_SIZE; i++) {
      const c = this.waiting[i] as Call<I, R>;
      if (c.key !== null && (this.sending.has(c.key) || keys.has(c.key))) continue;
      if (c.alone && batch.length > 0) continue;
      batch.push(c);
      if (c.key !== null) keys.add(c.key);
      this.waiting.splice(i--, 1);
      if (c.alone) break;
    }
    return batch;
  }

  private async send(batch: Call<I, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((c) => c.item));
      for (const [i, c] of batch.entries()) c.settle(results[i] as R);
    } catch (e) {
      if (batch.length === 1) (batch[0] as Call<I, R>).settle(e as Error);
      else this.waiting.unshift(...batch.map((c) => ({ ...c, alone: true })));
    }
  }
}
