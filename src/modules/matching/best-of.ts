/**
 * The best few of a stream of scored pairs, kept while the stream goes by: a starter's best N, a
 * practice's best M per seat, a duo's best. Shared by both threads of a full rescoring (scoring-tasks.ts).
 */
import { MIN_SUGGESTION_SCORE } from './suggestion-selection';

/** Scores in whole tenths below this are never suggested. */
export const MIN_TENTHS = MIN_SUGGESTION_SCORE * 10;

/** The best `limit` entries offered, by score descending and then practice id rank ascending. */
export class BestOf {
  readonly tenths: Int32Array;
  readonly rank: Int32Array;
  readonly practice: Int32Array;
  readonly distance: Float64Array;
  size = 0;

  constructor(readonly limit: number) {
    this.tenths = new Int32Array(limit);
    this.rank = new Int32Array(limit);
    this.practice = new Int32Array(limit);
    this.distance = new Float64Array(limit);
  }

  offer(tenths: number, rank: number, practice: number, distance: number): void {
    if (tenths < MIN_TENTHS) return;
    let at = this.size;
    // Worse than the worst of a full buffer: nothing to do (the common case once the buffer is full).
    if (at === this.limit && !this.before(tenths, rank, at - 1)) return;
    if (at === this.limit) at--;
    while (at > 0 && this.before(tenths, rank, at - 1)) {
      this.tenths[at] = this.tenths[at - 1];
      this.rank[at] = this.rank[at - 1];
      this.practice[at] = this.practice[at - 1];
      this.distance[at] = this.distance[at - 1];
      at--;
    }
    this.tenths[at] = tenths;
    this.rank[at] = rank;
    this.practice[at] = practice;
    this.distance[at] = distance;
    if (this.size < this.limit) this.size++;
  }

  private before(tenths: number, rank: number, k: number): boolean {
    return tenths > this.tenths[k] || (tenths === this.tenths[k] && rank < this.rank[k]);
  }
}
