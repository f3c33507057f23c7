/**
 * A path as a SARIF artifactLocation.uri: a relative URI reference (RFC 3986) with forward slashes, each
 * segment percent-encoded, so that spaces, `#`, `?`, `%` and newlines in file names reach code scanning
 * as the file's name and not as a broken or different URI. An absolute path becomes a file:// URI.
 */
export function sarifUri(file: string): string {
  const forward = file.replace(/\\/g, "/");
  const encoded = forward.split("/").map(encodeURIComponent).join("/");
  if (/^[A-Za-z]:\//.test(forward)) return `file:///${encoded.replace(/^([A-Za-z])%3A/, "$1:")}`;
  return forward.startsWith("/") ? `file://${encoded}` : encoded;
}
