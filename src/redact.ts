/**
 * Never print a database password. This is the one place that knows what a secret looks like; every
 * output (stderr and each report format) passes text through redactSecrets before printing it:
 * - credentials inside connection URLs (postgres://user:secret@host),
 * - password=... / pwd: ... pairs in DSNs and connection strings,
 * - SQL that sets a password: CREATE/ALTER USER/ROLE ... [ENCRYPTED] PASSWORD '...', MySQL's
 *   IDENTIFIED [WITH plugin] BY|AS '...' and PASSWORD('...'), user mappings' OPTIONS (password '...'),
 * - properties whose key names a secret: "aws.s3.secret_key" = "...", 'password' = '...'.
 * Every repetition is bounded and the URL's scheme starts at a word's start: these run over whole
 * source lines, and an unbounded pattern backtracks quadratically on a long word (half a megabyte of
 * letters took minutes).
 */
const QUOTED = String.raw`'(?:[^'\\]|''|\\.){0,1024}'|"(?:[^"\\]|""|\\.){0,1024}"|\$\$[\s\S]{0,1024}?\$\$`;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // scheme://user:secret@host
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,32}:\/\/[^:/?#@\s]{0,256}:)([^@/\s]{1,256})(@)/gi, "$1***$3"],
  // IDENTIFIED BY '...', IDENTIFIED WITH mysql_native_password BY|AS '...', IDENTIFIED BY PASSWORD '...'
  [
    new RegExp(
      String.raw`\b(IDENTIFIED(?:\s+WITH\s+[\w'"\x60]{1,64})?\s+(?:BY|AS)(?:\s+PASSWORD)?\s*)(${QUOTED})`,
      "gi",
    ),
    "$1'***'",
  ],
  // PASSWORD '...', ENCRYPTED PASSWORD '...', PASSWORD('...'), OPTIONS (password '...')
  [new RegExp(String.raw`\b(PASSWORD\s*\(?\s*)(${QUOTED})`, "gi"), "$1'***'"],
  // "secret_key" = "...", 'password' = '...' (StarRocks and MySQL properties)
  [
    new RegExp(
      String.raw`(["'][\w.-]{0,64}?(?:password|passwd|secret|token|access[_.-]?key|credential)[\w.-]{0,64}["']\s*[=:]\s*)(${QUOTED})`,
      "gi",
    ),
    "$1'***'",
  ],
  // password=..., pwd: ... (DSNs, connection strings, environment-style settings), but not MySQL's
  // "Access denied … (using password: YES)", which says only whether one was given.
  [
    /\b(password|passwd|pwd)(\s*[=:]\s*)(?!(?:YES|NO)\))('[^']{0,1024}'|"[^"]{0,1024}"|[^\s;&'"]{1,1024})/gi,
    "$1$2***",
  ],
];

export function redactSecrets(text: string): string {
  let redacted = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

/** A URL with its password removed, for messages about connections. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}
