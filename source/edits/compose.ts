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
}

export interface ComposeEdit {
  text: string;
  /** The removed services as YAML text, to stash and give back on the way back. */
  removed: Record<string, string>;
}

/**
 * Guide §3 paso 1 on the Document API: the backend service is replaced in place (same
 * position, the comments above it kept), other services' depends_on follow the new name,
 * and every other node, comment and anchor is left as it was.
 */
export function replaceBackendService(source: string, replacement: ServiceReplacement): ComposeEdit {
  const doc = parseDocument(source);
  const services = doc.get('services', true);
  if (!isMap(services)) throw new Error('the compose file has no services map');
  const removed: Record<string, string> = {};
  let position = -1;
  let replacedKey: Scalar | undefined;
  let replacedValue: unknown;
  for (const name of replacement.remove) {
    const index = services.items.findIndex((pair) => keyOf(pair) === name);
    if (index === -1) continue;
    const pair = services.items[index]!;
    removed[name] = serviceText(source, pair);
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
  renameDependencies(services, replacement.remove, replacement.name);
  return { text: doc.toString(COMPOSE_STRINGIFY), removed };
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
