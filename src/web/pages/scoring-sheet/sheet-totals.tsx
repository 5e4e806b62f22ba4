/**
 * The sticky footer: each stage's total with its bonus and deductions, as the server evaluates
 * them with the whole cluster (the results' figures); while a value is typed and not saved yet,
 * the stage's total is a preview, marked "tạm tính". The stage being scored stands out.
 */
import { Typography } from "antd";
import { formatPoints as formatHundredths } from "../../../core/decimal.ts";
import type { Stage } from "../../../core/evaluate.ts";
import { useClusterWords } from "../period/period-data.ts";
import type { SheetFigures } from "./sheet-figures.ts";
import { FigureMark } from "./stage-view.tsx";

const TITLES = { self: "Tự chấm", cluster: "Cụm chấm", appraisal: "Thẩm định" } as const;

export function SheetTotals(props: {
  figures: SheetFigures;
  reached: Record<keyof typeof TITLES, boolean>;
  editStage: Stage | null;
  totalMax: number;
}) {
  const { figures, reached, editStage } = props;
  const w = useClusterWords();
  const stages = (Object.keys(TITLES) as (keyof typeof TITLES)[]).filter((s) => reached[s]);
  const h = (n: number) => Math.round(n * 100);
  return (
    <section
      aria-label="Tổng điểm"
      style={{
        position: "sticky",
        bottom: 0,
        zIndex: 20,
        background: "#fff",
        borderTop: "2px solid #1677ff",
        boxShadow: "0 -2px 8px rgba(0,0,0,0.08)",
        padding: "8px 12px",
        display: "flex",
        flexWrap: "wrap",
        gap: "4px 24px",
      }}
    >
      {stages.map((stage) => {
        const { total, bonus, deductions, source } = figures.total(stage);
        const current = stage === editStage;
        return (
          <div key={stage} aria-live={current ? "polite" : undefined}>
            <Typography.Text strong={current} type={current ? undefined : "secondary"}>
              {w(TITLES[stage])}:{" "}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: current ? 18 : 14 }}>
              {formatHundredths(total)}
            </Typography.Text>
            <Typography.Text type="secondary">
              /{formatHundredths(h(props.totalMax))} điểm · thưởng {formatHundredths(bonus)} · trừ{" "}
              {formatHundredths(deductions)}
            </Typography.Text>
            <FigureMark source={source} w={w} />
          </div>
        );
      })}
    </section>
  );
}
