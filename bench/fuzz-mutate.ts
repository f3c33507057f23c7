/**
 * Seeded mutations for the fuzz harness (bench/fuzz.ts): token-level edits of SQL, JSON-level edits of
 * dbt manifests, and edits of schematic.yml. Every choice comes from one seeded generator, so a run is
 * reproduced by its seed and index.
 */

/** mulberry32: small, fast and good enough to pick mutations; seeded, so runs reproduce. */
export function randomGenerator(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Words, quotes, comments, numbers, whitespace and single characters, joined back losslessly. */
const TOKEN =
  /\s+|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d+)?|'(?:[^']|'')*'|"[^"]*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\/|\$\$|./gsu;

export function sqlTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const KEYWORDS = [
  "CREATE TABLE",
  "ALTER TABLE",
  "DROP TABLE",
  "ADD COLUMN",
  "DROP COLUMN",
  "RENAME TO",
  "PRIMARY KEY",
  "NOT NULL",
  "DEFAULT",
  "REFERENCES",
  "CREATE INDEX CONCURRENTLY",
  "BEGIN",
  "COMMIT",
  "DELIMITER $$",
  "DELIMITER ;",
  "DO $$ BEGIN",
  "END $$",
  "PARTITION BY RANGE",
  "DISTRIBUTED BY HASH(id)",
  "DUPLICATE KEY(id)",
  "ARRAY<",
  "STRUCT<",
  "MAP<",
  "${raw_schema}",
  "${constructor}",
  "__proto__",
  "constructor",
  "PASSWORD 'hunter2'",
  "IDENTIFIED BY 'hunter2'",
  ";",
  "(",
  ")",
  ",",
];

const HOSTILE = [
  "'",
  '"',
  "`",
  "/*",
  "*/",
  "/*!40101 ",
  "--",
  "#",
  "$$",
  "$tag$",
  "\\",
  "\u0000",
  "\u001b[2J",
  "\u001b]0;title\u0007",
  "\r",
  "\uFEFF",
  "\uD800",
  "\u202e",
  "😀",
  "\u0085",
  "-- migrate:up\n",
  "-- migrate:down\n",
  "-- schematic-ignore ban-drop-table\n",
];

type SqlMutation = (tokens: string[], random: Random) => void;

const SQL_MUTATIONS: readonly [string, SqlMutation][] = [
  ["delete", (t, r) => void t.splice(r.int(t.length + 1), 1 + r.int(4))],
  [
    "duplicate",
    (t, r) => {
      const at = r.int(t.length);
      t.splice(at, 0, ...t.slice(at, at + 1 + r.int(6)));
    },
  ],
  [
    "swap",
    (t, r) => {
      const a = r.int(t.length);
      const b = r.int(t.length);
      [t[a], t[b]] = [t[b]!, t[a]!];
    },
  ],
  ["insert-keyword", (t, r) => void t.splice(r.int(t.length + 1), 0, ` ${r.pick(KEYWORDS)} `)],
  ["insert-hostile", (t, r) => void t.splice(r.int(t.length + 1), 0, r.pick(HOSTILE))],
  [
    "deep-nesting",
    (t, r) => {
      const depth = r.pick([100, 1_000, 10_000, 50_000]);
      const [open, close] = r.pick([
        ["(", ")"],
        ["ARRAY<", ">"],
        ["STRUCT<a ", ">"],
        ["MAP<INT, ", ">"],
        ["CASE WHEN 1 THEN ", " END"],
        ["BEGIN ", " END;"],
        ["-(", ")"],
      ] as const);
      const at = r.int(t.length + 1);
      const closed = r.chance(0.5);
      t.splice(at, 0, open.repeat(depth), "1", closed ? close.repeat(depth) : "");
    },
  ],
  [
    "huge-repeat",
    (t, r) => {
      const at = r.int(t.length);
      const piece = t.slice(at, at + 1 + r.int(8)).join("") || "x";
      t.splice(
        at,
        0,
        piece.repeat(r.pick([1_000, 10_000, 100_000]) / Math.max(1, Math.ceil(piece.length / 8))),
      );
    },
  ],
  ["truncate", (t, r) => void t.splice(r.int(t.length + 1))],
  ["bom", (t, r) => void t.splice(r.chance(0.5) ? 0 : r.int(t.length + 1), 0, "\uFEFF")],
  [
    "many-statements",
    (t, r) => {
      const count = r.pick([1_000, 10_000]);
      const statement = r.pick([
        "alter table t add column c{i} int;\n",
        "create table t{i} (id int primary key);\n",
        "drop table if exists t{i};\n",
        "create index i{i} on t (c{i});\n",
      ]);
      const lines: string[] = [];
      for (let i = 0; i < count; i++) lines.push(statement.replaceAll("{i}", String(i)));
      t.splice(r.int(t.length + 1), 0, lines.join(""));
    },
  ],
  [
    "wide-table",
    (t, r) => {
      const columns = r.pick([2_000, 20_000]);
      const list = Array.from({ length: columns }, (_, i) => `c${i} int`).join(", ");
      t.splice(r.int(t.length + 1), 0, `;\ncreate table wide (id int primary key, ${list});\n`);
    },
  ],
];

/** One to four token-level mutations of a SQL file; returns the text and what was done. */
export function mutateSql(text: string, random: Random): { text: string; mutations: string[] } {
  const tokens = sqlTokens(text);
  const mutations: string[] = [];
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    const [name, mutate] = random.pick(SQL_MUTATIONS);
    mutate(tokens, random);
    mutations.push(name);
  }
  return { text: tokens.join(""), mutations };
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const WRONG_VALUES: readonly (() => JsonValue)[] = [
  () => null,
  () => 0,
  () => -1,
  () => 1e308,
  () => "",
  () => "__proto__",
  () => "constructor",
  () => true,
  () => [],
  () => ({}),
  () => ({ __proto__: { polluted: true } }) as unknown as JsonValue,
  () => "x".repeat(100_000),
  () => "\u001b[2J<b>|</b>@channel",
];

/** Every [container, key] of a parsed JSON document, up to a bound, for picking where to mutate. */
function slots(
  root: JsonValue,
  limit = 20_000,
): [Record<string, JsonValue> | JsonValue[], string | number][] {
  const found: [Record<string, JsonValue> | JsonValue[], string | number][] = [];
  const stack: JsonValue[] = [root];
  while (stack.length > 0 && found.length < limit) {
    const value = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        found.push([value, i]);
        stack.push(item);
      });
    } else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        found.push([value, key]);
        stack.push(value[key]!);
      }
    }
  }
  return found;
}

const JSON_MUTATIONS: readonly [string, (root: JsonValue, random: Random) => void][] = [
  [
    "wrong-type",
    (root, r) => {
      const [container, key] = r.pick(slots(root));
      (container as Record<string, JsonValue>)[key as string] = r.pick(WRONG_VALUES)();
    },
  ],
  [
    "delete-key",
    (root, r) => {
      const [container, key] = r.pick(slots(root));
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    },
  ],
  [
    "proto-key",
    (root, r) => {
      const objects = slots(root)
        .map(([container, key]) => (container as Record<string, JsonValue>)[key as string])
        .filter(
          (value): value is Record<string, JsonValue> =>
            !!value && typeof value === "object" && !Array.isArray(value),
        );
      const target = objects.length > 0 ? r.pick(objects) : (root as Record<string, JsonValue>);
      Object.defineProperty(target, r.pick(["__proto__", "constructor", "toString", "hasOwnProperty"]), {
        value: r.pick(WRONG_VALUES)(),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    },
  ],
  [
    "adapter",
    (root, r) => {
      const metadata = (root as Record<string, Record<string, JsonValue>>).metadata;
      if (metadata && typeof metadata === "object")
        metadata.adapter_type = r.pick(["__proto__", "constructor", "", "POSTGRES", "snowflake", "💥"]);
    },
  ],
  [
    "schema-version",
    (root, r) => {
      const metadata = (root as Record<string, Record<string, JsonValue>>).metadata;
      if (metadata && typeof metadata === "object")
        metadata.dbt_schema_version = r.pick([
          "https://schemas.getdbt.com/dbt/manifest/v99.json",
          "https://schemas.getdbt.com/dbt/manifest/v1.json",
          "https://schemas.getdbt.com/dbt/catalog/v1.json",
          "nonsense",
          "",
        ]);
    },
  ],
  [
    "deep-value",
    (root, r) => {
      const [container, key] = r.pick(slots(root));
      let value: JsonValue = 1;
      for (let i = 0; i < r.pick([1_000, 5_000]); i++) value = r.chance(0.5) ? [value] : { a: value };
      (container as Record<string, JsonValue>)[key as string] = value;
    },
  ],
  [
    "duplicate-node",
    (root) => {
      const nodes = (root as Record<string, Record<string, JsonValue>>).nodes;
      if (!nodes || typeof nodes !== "object") return;
      const first = Object.keys(nodes)[0];
      if (first) nodes[`${first}.copy`] = nodes[first]!;
    },
  ],
];

/** JSON-level mutations of a manifest, sometimes followed by a text-level one (truncation, nesting). */
export function mutateJson(text: string, random: Random): { text: string; mutations: string[] } {
  const mutations: string[] = [];
  let root: JsonValue;
  try {
    root = JSON.parse(text) as JsonValue;
  } catch {
    return { text, mutations };
  }
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    const [name, mutate] = random.pick(JSON_MUTATIONS);
    try {
      mutate(root, random);
      mutations.push(name);
    } catch {
      // a document too deep to walk: leave it
    }
  }
  let out: string;
  try {
    out = JSON.stringify(root);
  } catch {
    out = text;
  }
  const roll = random.next();
  if (roll < 0.15) {
    out = out.slice(0, random.int(out.length + 1));
    mutations.push("truncate");
  } else if (roll < 0.25) {
    const depth = random.pick([10_000, 100_000]);
    out = `{"metadata": ${"[".repeat(depth)}${random.chance(0.5) ? "]".repeat(depth) : ""}}`;
    mutations.push("deep-text");
  } else if (roll < 0.35) {
    const at = random.int(out.length + 1);
    out = out.slice(0, at) + random.pick(HOSTILE) + out.slice(at);
    mutations.push("hostile-byte");
  }
  return { text: out, mutations };
}

const BASE_CONFIG = `# yaml-language-server: $schema=./schema/schematic.schema.json
dialect: {{dialect}}
migrations: migrations
failOn: error
placeholders:
  raw_schema: raw
rules:
  ban-drop-table: error
  require-primary-key: [warning, { exceptions: [audit_log] }]
`;

const CONFIG_MUTATIONS: readonly [string, (text: string, random: Random) => string][] = [
  ["empty", () => ""],
  ["comment-only", () => "# yaml-language-server: $schema=x\n"],
  [
    "alias-bomb",
    () => {
      let bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
      for (let level = 1; level < 10; level++)
        bomb += `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(", ")}]\n`;
      return `${bomb}placeholders:\n  x: *a9\n`;
    },
  ],
  [
    "wrong-type",
    (text, r) =>
      text.replace(/: (\S.*)$/m, `: ${r.pick(["[1, 2]", "{a: 1}", "null", "123", "~", "!!binary aGk="])}`),
  ],
  [
    "proto-key",
    (text, r) =>
      `${text}${r.pick(["__proto__", "constructor"])}: {polluted: true}\nrules:\n  __proto__: error\n`,
  ],
  ["env", (text) => text.replace("raw_schema: raw", "raw_schema: ${NOPE_NOT_SET}")],
  ["deep", (text, r) => `${text}extra: ${"[".repeat(r.pick([50, 200, 5_000]))}`],
  ["huge-string", (text) => `${text}defaultSchema: ${"x".repeat(2_000_000)}\n`],
  ["tabs", (text) => text.replaceAll("  ", "\t")],
  ["two-documents", (text) => `${text}---\ndialect: mysql\n`],
  ["extends-self", (text) => `${text}extends: ./schematic.yml\n`],
  [
    "hostile",
    (text, r) => {
      const at = r.int(text.length + 1);
      return text.slice(0, at) + r.pick(HOSTILE) + text.slice(at);
    },
  ],
  ["truncate", (text, r) => text.slice(0, r.int(text.length + 1))],
];

export function configText(dialect: string): string {
  return BASE_CONFIG.replace("{{dialect}}", dialect);
}

export function mutateConfig(text: string, random: Random): { text: string; mutations: string[] } {
  const [name, mutate] = random.pick(CONFIG_MUTATIONS);
  return { text: mutate(text, random), mutations: [name] };
}
