/**
 * Text for a terminal with its control characters made visible, so that an escape sequence inside a
 * migration (or a file name, or a dbt model name) cannot move the cursor, recolour, retitle or clear
 * the reader's terminal. C0 controls and DEL become their Unicode control pictures (ESC is ␛), C1
 * controls and the bidirectional overrides of "Trojan Source" become U+FFFD; each stays one column
 * wide, so underlines under a source line still line up. Newlines and tabs are kept.
 */
export function visibleControls(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => {
      const code = char.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);
      if (code === 0x7f) return "\u2421";
      return "\ufffd";
    },
  );
}
