/**
 * A card in a list on a phone (390 px), one for each row a wide screen shows in a table: the
 * sheet's criteria, the results, the reports, an inspection's visits and findings.
 */
export const PHONE_CARD = {
  border: "1px solid #e8e8e8",
  borderRadius: 8,
  padding: "8px 12px",
  marginBottom: 8,
  background: "#fff",
} as const;
