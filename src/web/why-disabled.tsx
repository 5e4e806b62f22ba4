/**
 * A control a user cannot use now, shown disabled with why in a tooltip (a disabled button
 * gives the tooltip no hover of its own: it is wrapped); shown as it is when `why` is null.
 */
import { Tooltip } from "antd";
import type { ReactNode } from "react";

export function WhyDisabled({ why, children }: { why: string | null; children: ReactNode }) {
  if (!why) return <>{children}</>;
  return (
    <Tooltip title={why}>
      <span>{children}</span>
    </Tooltip>
  );
}
