/**
 * Tag colours readable with white text (WCAG AA 4.5:1); the text colours are set once in
 * main.tsx's theme.
 */

/** Solid tags with white text (4.5:1): the pale green and orange tags are not readable. */
export const OK_TAG = "#237804";
export const WARN_TAG = "#ad4e00";
