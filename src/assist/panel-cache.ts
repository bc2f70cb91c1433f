import type { PanelSections } from './panel-builder';

interface Entry {
  sections: Promise<PanelSections>;
  at: number;
}

/**
 * Panels read ahead. A node with consoles of the queue starts reading a customer's panel as soon as
 * she asks for a person (the handover's timeline entry, or the request itself), while the handover
 * is written and routed elsewhere; the node of the agent it lands on then only adds the handover.
 * Any later change to what a panel shows of her drops her entry (the panel is read again), so an
 * entry is never older than the last change this node heard of; and it is short-lived.
 */
export class PanelCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: { ttlMs?: number; max?: number; now?: () => number } = {},
  ) {}

  private get ttlMs(): number {
    return this.options.ttlMs ?? 15_000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Starts reading her panel unless a fresh read is under way. */
  warm(partyKey: string, read: () => Promise<PanelSections>): void {
    if (this.fresh(partyKey)) return;
    const sections = read();
    // A failed read ahead is simply not used: the panel is read again when it is needed.
    sections.catch(() => this.entries.delete(partyKey));
    this.entries.set(partyKey, { sections, at: this.now() });
    this.trim();
  }

  /** Her panel read ahead, once: the entry is handed over to the caller. */
  take(partyKey: string): Promise<PanelSections> | undefined {
    const entry = this.fresh(partyKey);
    this.entries.delete(partyKey);
    return entry?.sections;
  }

  /** Something a panel shows of her changed. */
  drop(partyKey: string): void {
    this.entries.delete(partyKey);
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(partyKey: string): Entry | undefined {
    const entry = this.entries.get(partyKey);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(partyKey);
      return undefined;
    }
    return entry;
  }

  private trim(): void {
    const max = this.options.max ?? 2_000;
    // Oldest first (insertion order): an entry past the bound was never taken.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(key);
    }
  }
}
