import { BotState, calculateChangeHash } from 'botbuilder';
import type { StoreItem, TurnContext } from 'botbuilder';

/**
 * A BotState whose saves keep the eTag they loaded, so a concurrent turn that saved first makes this
 * save fail with an eTag conflict instead of being silently overwritten.
 *
 * botbuilder's own BotState (ConversationState, UserState) stamps `eTag: '*'` on every save, which
 * turns any storage into last-writer-wins. This subclass writes the state with the eTag `read`
 * returned; after a successful write the cached copy is dropped, so a later load in the same turn
 * reads the new eTag (Storage.write returns none).
 *
 * Still unconditional, as in every botbuilder storage: the first save of a key that did not exist,
 * and a save after `clear()`, since neither has an eTag to compare. Code must not keep the state
 * object across `saveChanges`: the re-read replaces it.
 */
export class OptimisticBotState extends BotState {
  /** Change hash of each state object as loaded; an object not here (fresh or cleared) is changed. */
  private readonly loadedHashes = new WeakMap<object, string>();

  override async load(context: TurnContext, force = false): Promise<StoreItem> {
    const state = (await super.load(context, force)) as StoreItem;
    if (!this.loadedHashes.has(state)) this.loadedHashes.set(state, calculateChangeHash(state));
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context) as StoreItem | undefined;
    const changed =
      state !== undefined && this.loadedHashes.get(state) !== calculateChangeHash(state);
    if (!force && !changed) return;
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: state ?? {} });
    // The next load in this turn (if any) reads the new eTag; most turns save once and end, so
    // reading it back eagerly would cost every turn a query for nothing.
    context.turnState.delete(Reflect.get(this, 'stateKey') as symbol);
  }
}
