/**
 * Never print a database password: credentials inside connection URLs (postgres://user:secret@host)
 * and password=... pairs are replaced before anything reaches a log, an error or a report.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]+)(@)/gi, "$1***$3")
    .replace(/\b(password|passwd|pwd)(\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s;&]+)/gi, "$1$2***");
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
