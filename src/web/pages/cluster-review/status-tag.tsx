/** A sheet's status by its Vietnamese label, in colours readable on white (WCAG AA). */
import { Tag } from "antd";

const STYLES: Record<string, { color: string; background: string; borderColor: string }> = {
  draft: { color: "#434343", background: "#fafafa", borderColor: "#d9d9d9" },
  submitted: { color: "#003eb3", background: "#e6f4ff", borderColor: "#91caff" },
  reviewed: { color: "#874d00", background: "#fffbe6", borderColor: "#ffe58f" },
  disputed: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  reconciled: { color: "#00474f", background: "#e6fffb", borderColor: "#87e8de" },
  appraised: { color: "#135200", background: "#f6ffed", borderColor: "#b7eb8f" },
  locked: { color: "#22075e", background: "#f9f0ff", borderColor: "#d3adf7" },
};

export function StatusTag({
  status,
  label,
  className,
}: {
  status: string;
  label: string;
  className?: string;
}) {
  return (
    <Tag className={className} style={STYLES[status] ?? STYLES.draft}>
      {label}
    </Tag>
  );
}
