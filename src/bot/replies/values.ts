/**
 * What a button or a numbered pick carries back to the bot. Namespaced, so a value from an old
 * reply can never be mistaken for an answer to a different question.
 */
export const actionKinds = ['offer', 'add', 'char', 'item', 'drop', 'cmd'] as const;
export type ActionKind = (typeof actionKinds)[number];

export const commands = [
  'browse',
  'cart',
  'checkout',
  'quote',
  'agent',
  'help',
  'orders',
  'menu',
] as const;
export type Command = (typeof commands)[number];

export function actionValue(kind: ActionKind, argument: string): string {
  return `${kind}:${argument}`;
}

export function commandValue(command: Command): string {
  return actionValue('cmd', command);
}

export interface ParsedAction {
  kind: ActionKind;
  argument: string;
}

export function parseAction(value: string | undefined): ParsedAction | undefined {
  if (!value) return undefined;
  const separator = value.indexOf(':');
  if (separator < 0) return undefined;
  const kind = value.slice(0, separator);
  if (!(actionKinds as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as ActionKind, argument: value.slice(separator + 1) };
}

export function isCommand(value: string): value is Command {
  return (commands as readonly string[]).includes(value);
}
