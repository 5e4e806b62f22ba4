/** Text colours dark enough to read (WCAG AA at 12 px) on white and on the page's grey. */
export const TONES = {
  danger: "#a8071a",
  warning: "#874d00",
  success: "#237804",
} as const;

/** Badge colours: dark text and border on a light background. */
export const BADGE_TONES = {
  orange: { color: "#ad4e00", background: "#fff7e6" },
  blue: { color: "#0958d9", background: "#e6f4ff" },
  red: { color: "#a8071a", background: "#fff1f0" },
  green: { color: "#237804", background: "#f6ffed" },
  default: { color: "#434343", background: "#f5f5f5" },
} as const;

/** The sheet's status as a solid tag with white text. */
export const STATUS_TONES: Record<string, string> = {
  draft: "#0958d9",
  submitted: "#874d00",
  reviewed: "#ad4e00",
  disputed: "#a8071a",
  reconciled: "#006d75",
  appraised: "#237804",
  locked: "#531dab",
};
