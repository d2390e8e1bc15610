import type { AttemptUsage, NewEvent, RoundChanges, Transition } from '../model/transition.js';
import type { RoundSink } from './ports.js';

/**
 * What one scheduler round changed, gathered until the round commits it in one transaction: state
 * transitions, decisions worth an event (adoptions, deferrals), and usage reported late for attempts
 * closed in earlier rounds.
 */
export class RoundBuffer {
  private transitions: Transition[] = [];
  private events: NewEvent[] = [];
  private usage: AttemptUsage[] = [];

  transition(t: Transition): void {
    this.transitions.push(t);
  }

  event(e: NewEvent): void {
    this.events.push(e);
  }

  lateUsage(u: AttemptUsage): void {
    this.usage.push(u);
  }

  /** Commits the round's changes to `sink` (one transaction) and empties the buffer; nothing when nothing changed. */
  commit(sink: RoundSink): void {
    if (this.transitions.length === 0 && this.events.length === 0 && this.usage.length === 0) return;
    const changes: RoundChanges = { transitions: this.transitions, events: this.events, ...(this.usage.length > 0 ? { usage: this.usage } : {}) };
    [this.transitions, this.events, this.usage] = [[], [], []];
    sink.applyRound(changes);
  }
}
