/**
 * Never print a database password. This is the one place that knows what a secret looks like; every
 * output (stderr and each report format) passes text through redactSecrets before printing it:
 * - credentials inside connection URLs (postgres://user:secret@host),
 * - password=... / pwd: ... pairs in DSNs and connection strings,
 * - SQL that sets a password: CREATE/ALTER USER/ROLE ... [ENCRYPTED] PASSWORD '...', MySQL's
 *   IDENTIFIED [WITH plugin] BY|AS '...' and PASSWORD('...'), user mappings' OPTIONS (password '...'),
 * - properties whose key names a secret: "aws.s3.secret_key" = "...", 'password' = '...'.
 */
const QUOTED = String.raw`'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"|\$\$[\s\S]*?\$\$`;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // scheme://user:secret@host
  [/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]+)(@)/gi, "$1***$3"],
  // IDENTIFIED BY '...', IDENTIFIED WITH mysql_native_password BY|AS '...', IDENTIFIED BY PASSWORD '...'
  [
    new RegExp(
      String.raw`\b(IDENTIFIED(?:\s+WITH\s+[\w'"\x60]+)?\s+(?:BY|AS)(?:\s+PASSWORD)?\s*)(${QUOTED})`,
      "gi",
    ),
    "$1'***'",
  ],
  // PASSWORD '...', ENCRYPTED PASSWORD '...', PASSWORD('...'), OPTIONS (password '...')
  [new RegExp(String.raw`\b(PASSWORD\s*\(?\s*)(${QUOTED})`, "gi"), "$1'***'"],
  // "secret_key" = "...", 'password' = '...' (StarRocks and MySQL properties)
  [
    new RegExp(
      String.raw`(["'][\w.-]*(?:password|passwd|secret|token|access[_.-]?key|credential)[\w.-]*["']\s*[=:]\s*)(${QUOTED})`,
      "gi",
    ),
    "$1'***'",
  ],
  // password=..., pwd: ... (DSNs, connection strings, environment-style settings)
  [/\b(password|passwd|pwd)(\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s;&'"]+)/gi, "$1$2***"],
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
