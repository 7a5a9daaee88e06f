/**
 * A camera reads the same QR code many times a second for as long as it is held up. A code counts
 * once, and again only after it has been out of sight for `quietMs`: a guest who keeps holding
 * their ticket after the welcome is not told "already checked in" a moment later.
 */
export class RepeatFilter {
  private last: { text: string; at: number } | null = null;

  constructor(private readonly quietMs = 3000) {}

  /** True while `text` is the code last taken and still in view; seeing it keeps it "in view". */
  isRepeat(text: string, now: number): boolean {
    if (this.last && this.last.text === text && now - this.last.at < this.quietMs) {
      this.last.at = now;
      return true;
    }
    return false;
  }

  /** Marks `text` as taken now. */
  take(text: string, now: number): void {
    this.last = { text, at: now };
  }
}
