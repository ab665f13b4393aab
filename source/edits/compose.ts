import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, Scalar, visit, YAMLMap, type Document, type Pair } from 'yaml';

/** How yaml writes what it did not change: as docker compose users write it. */
export const COMPOSE_STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

export interface ServiceReplacement {
  /** Services to take out (the other backend's). */
  remove: string[];
  /** The service to put in, where the first removed one stood (else at the end). */
  name: string;
  /** Its definition: YAML text (a stashed original, with its comments) or a plain object. */
  definition: string | Record<string, unknown>;
  /**
   * Comment lines (`# …`) that take the place of the comment block standing right above
   * the replaced service, when one stands there: it described the old service. Without
   * it, that block stays as it is.
   */
  comment?: string;
}

export interface ComposeEdit {
  text: string;
  /** The removed services as YAML text, to stash and give back on the way back. */
  removed: Record<string, string>;
  /** The comment block (`# …` lines) that stood right above each removed service that had one. */
  removedComments: Record<string, string>;
}

/**
 * Guide §3 paso 1 on the Document API: the backend service is replaced in place (same
 * position, the blank line above it kept, the comment describing it replaced by
 * `replacement.comment`), other services' depends_on follow the new name, and every other
 * node, comment and anchor is left as it was.
 */
export function replaceBackendService(source: string, replacement: ServiceReplacement): ComposeEdit {
  const doc = parseDocument(source);
  const services = doc.get('services', true);
  if (!isMap(services)) throw new Error('the compose file has no services map');
  const removed: Record<string, string> = {};
  const removedComments: Record<string, string> = {};
  let position = -1;
  let replacedKey: Scalar | undefined;
  let replacedValue: unknown;
  for (const name of replacement.remove) {
    const index = services.items.findIndex((pair) => keyOf(pair) === name);
    if (index === -1) continue;
    const pair = services.items[index]!;
    removed[name] = serviceText(source, pair);
    const comment = commentAbove(services, index);
    if (comment) removedComments[name] = comment;
    if (position === -1) {
      position = index;
      replacedKey = isScalar(pair.key) ? pair.key : undefined;
      replacedValue = pair.value;
    }
    services.items.splice(index, 1);
  }
  const node = definitionNode(doc, replacement.definition, replacedValue);
  const existing = services.items.findIndex((pair) => keyOf(pair) === replacement.name);
  if (existing !== -1) services.items.splice(existing, 1);
  const key = new Scalar(replacement.name);
  if (replacedKey?.commentBefore) key.commentBefore = replacedKey.commentBefore;
  if (replacedKey?.spaceBefore) key.spaceBefore = true;
  const pair = doc.createPair(key, node);
  if (position === -1) services.items.push(pair);
  else services.items.splice(position, 0, pair);
  if (position !== -1 && replacement.comment !== undefined) replaceCommentAbove(services, position, replacement.comment);
  renameDependencies(services, replacement.remove, replacement.name);
  return { text: doc.toString(COMPOSE_STRINGIFY), removed, removedComments };
}

/**
 * Where yaml keeps the comment above the service at `index`: on its key, except for the
 * first service, whose comment is the services map's own.
 */
function commentHolder(services: YAMLMap<unknown, unknown>, index: number): { commentBefore?: string | null } | undefined {
  if (index === 0) return services;
  const key = services.items[index]?.key;
  return isScalar(key) ? key : undefined;
}

/**
 * yaml's `commentBefore` holds each comment line without its `#`, and a blank line as an
 * empty one. The block that describes a service is the run of comment lines right above it,
 * after the last blank line; what stands before that blank line is about something else.
 */
function splitComment(commentBefore: string | null | undefined): { before: string[]; block: string[] } {
  const lines = commentBefore ? commentBefore.split('\n') : [];
  const blank = lines.lastIndexOf('');
  return { before: lines.slice(0, blank + 1), block: lines.slice(blank + 1) };
}

function commentAbove(services: YAMLMap<unknown, unknown>, index: number): string | undefined {
  const { block } = splitComment(commentHolder(services, index)?.commentBefore);
  return block.length > 0 ? block.map((line) => `#${line}`).join('\n') : undefined;
}

function replaceCommentAbove(services: YAMLMap<unknown, unknown>, index: number, comment: string): void {
  const holder = commentHolder(services, index);
  const { before, block } = splitComment(holder?.commentBefore);
  if (!holder || block.length === 0) return;
  const lines = comment.split('\n').filter((line) => line.trim()).map((line) => line.replace(/^\s*#/, ''));
  holder.commentBefore = [...before, ...lines].join('\n') || undefined;
}

/**
 * A stashed definition keeps its own formatting. A built one reuses, key by key, the
 * replaced service's node wherever the value is unchanged (its quoting and comments stay),
 * and writes new `host:container` ports double-quoted, as compose's docs advise.
 */
function definitionNode(doc: Document, definition: ServiceReplacement['definition'], replaced: unknown) {
  if (typeof definition === 'string') return parseDocument(definition).contents!;
  const node = doc.createNode(definition) as YAMLMap<unknown, unknown>;
  if (isMap(replaced)) {
    for (const pair of node.items) {
      const old = isScalar(pair.key) ? replaced.get(pair.key.value, true) : undefined;
      if (old && isNode(old) && JSON.stringify(old.toJSON()) === JSON.stringify((pair.value as { toJSON(): unknown }).toJSON())) pair.value = old.clone();
    }
  }
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && /^[\d.]+(:\d+){1,2}(\/\w+)?$/.test(scalar.value) && scalar.type === 'PLAIN') scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return node;
}

function keyOf(pair: Pair<unknown, unknown>): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/**
 * A service's definition exactly as the file has it (comments, quoting, aliases such as
 * `<<: *common`), dedented to stand alone. Aliases resolve again once it is put back.
 */
function serviceText(source: string, pair: Pair<unknown, unknown>): string {
  const value = pair.value as { range?: [number, number, number] } | null;
  if (!value?.range) return 'null\n';
  const lineStart = source.lastIndexOf('\n', value.range[0] - 1) + 1;
  const lines = source.slice(lineStart, value.range[1]).replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/** `depends_on: [backend]` and `depends_on: {backend: {...}}` follow the new name. */
function renameDependencies(services: YAMLMap<unknown, unknown>, from: string[], to: string): void {
  for (const pair of services.items) {
    if (!isMap(pair.value)) continue;
    const depends = pair.value.get('depends_on', true);
    if (isSeq(depends)) {
      const seen = new Set<string>();
      depends.items = depends.items.filter((item) => {
        if (!isScalar(item)) return true;
        if (from.includes(String(item.value))) item.value = to;
        const name = String(item.value);
        if (seen.has(name)) return false;
        seen.add(name);
        return true;
      });
    } else if (isMap(depends)) {
      for (const dep of depends.items) {
        if (isPair(dep) && isScalar(dep.key) && from.includes(String(dep.key.value))) dep.key.value = to;
      }
    }
  }
}
