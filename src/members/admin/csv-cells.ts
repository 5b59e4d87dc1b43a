/**
 * A cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage return,
 * which some spreadsheets skip before looking) gets a leading apostrophe, OWASP's advice
 * against CSV injection.
 *
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export const safeCell = (value: string | null | undefined): string => {
  const text = value ?? '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};
