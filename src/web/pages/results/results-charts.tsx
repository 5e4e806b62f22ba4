/**
 * Beside the ranking: totals by unit with the award thresholds as lines, the sections of each
 * unit compared, and one unit's totals over the years.
 */
import { Alert, Card, Col, Empty, Row, Select } from "antd";
import { useMemo, useState } from "react";
import { formatPoints } from "../../format.ts";
import { EChart } from "./echart.tsx";
import { type UnitResult, useUnitYears } from "./results-data.ts";

interface Props {
  units: UnitResult[];
  /** Name of each unit by code. */
  names: Map<string, string>;
  /** Unit id of each code, for the years chart. */
  ids: Map<string, number>;
  sectionTitles: Map<string, string>;
  thresholds: { label: string; minTotal: number }[];
  awardLabels: Map<string, string>;
  /** Units whose years this user may see; the first is shown at first. */
  yearUnits: string[];
}

const short = (name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name);
const points = (v: unknown) => (typeof v === "number" ? formatPoints(v) : String(v));
/** Three across on a laptop, stacked beside the table on a wide screen. */
const SPAN = { xs: 24, md: 12, xl: 8, xxl: 24 };
const AXIS = { color: "#434343" };
const COLORS = ["#0958d9", "#d46b08", "#389e0d", "#722ed1", "#c41d7f", "#08979c"];

export function ResultsCharts(props: Props) {
  const { units, names, ids, sectionTitles, thresholds, awardLabels, yearUnits } = props;
  const [yearsOf, setYearsOf] = useState<string | null>(yearUnits[0] ?? null);
  const years = useUnitYears(yearsOf ? (ids.get(yearsOf) ?? null) : null);
  const sections = Object.keys(units[0]?.sections ?? {});

  const totals = useMemo(() => {
    const unitNames = units.map((u) => short(names.get(u.id) ?? u.id));
    return {
      color: COLORS,
      tooltip: { trigger: "axis", valueFormatter: points },
      grid: { left: 48, right: 16, top: 24, bottom: 90 },
      xAxis: { type: "category", data: unitNames, axisLabel: { rotate: 35, interval: 0, ...AXIS } },
      yAxis: { type: "value", axisLabel: { formatter: points, ...AXIS } },
      series: [
        {
          name: "Tổng điểm",
          type: "bar",
          data: units.map((u) => u.total),
          label: {
            show: true,
            position: "top",
            formatter: (p: { value: number }) => points(p.value),
          },
          markLine: {
            symbol: "none",
            lineStyle: { type: "dashed", color: "#a8071a" },
            label: {
              formatter: (p: { name: string; value: number }) => `${p.name}: ${points(p.value)}`,
              position: "insideEndTop",
              color: "#a8071a",
            },
            data: thresholds.map((t) => ({ name: t.label, yAxis: t.minTotal })),
          },
        },
      ],
    };
  }, [units, names, thresholds]);

  const compared = useMemo(() => {
    const unitNames = units.map((u) => short(names.get(u.id) ?? u.id));
    const sections = Object.keys(units[0]?.sections ?? {});
    return {
      color: COLORS,
      tooltip: { trigger: "axis", valueFormatter: points },
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 16, top: 36, bottom: 90 },
      xAxis: { type: "category", data: unitNames, axisLabel: { rotate: 35, interval: 0, ...AXIS } },
      yAxis: { type: "value", axisLabel: { formatter: points, ...AXIS } },
      series: sections.map((s) => ({
        name: `Mục ${s}`,
        type: "bar",
        data: units.map((u) => u.sections[s] ?? 0),
      })),
    };
  }, [units, names]);

  const rows = years.data?.years ?? [];
  const overYears = useMemo(
    () => ({
      color: COLORS,
      tooltip: {
        trigger: "axis",
        valueFormatter: points,
      },
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      xAxis: { type: "category", data: rows.map((y) => y.label), axisLabel: AXIS },
      yAxis: { type: "value", axisLabel: { formatter: points, ...AXIS } },
      series: [
        {
          name: "Tổng điểm",
          type: "line",
          data: rows.map((y) => y.total),
          label: { show: true, formatter: (p: { value: number }) => points(p.value) },
        },
      ],
    }),
    [rows],
  );

  const describe = (list: UnitResult[]) =>
    list.map((u) => `${names.get(u.id) ?? u.id} ${formatPoints(u.total)} điểm`).join("; ");

  return (
    <Row gutter={[16, 16]}>
      <Col {...SPAN}>
        <Card size="small" title="Tổng điểm của các đơn vị">
          <EChart
            option={totals}
            label={`Biểu đồ cột tổng điểm: ${describe(units)}.${thresholds.length ? ` Ngưỡng: ${thresholds.map((t) => `${t.label} ${formatPoints(t.minTotal)}`).join("; ")}.` : ""}`}
          />
        </Card>
      </Col>
      <Col {...SPAN}>
        <Card size="small" title="So sánh điểm từng mục">
          <EChart
            option={compared}
            label={`Biểu đồ cột nhóm điểm các mục (${sections.map((s) => `${s} ${sectionTitles.get(s) ?? ""}`).join("; ")}) của từng đơn vị.`}
            height={300}
          />
        </Card>
      </Col>
      <Col {...SPAN}>
        <Card size="small" title="Tổng điểm qua các năm">
          {yearUnits.length > 1 && (
            <Select
              aria-label="Đơn vị xem qua các năm"
              size="small"
              style={{ width: "100%", marginBottom: 8 }}
              value={yearsOf}
              onChange={setYearsOf}
              options={yearUnits.map((code) => ({ value: code, label: names.get(code) ?? code }))}
            />
          )}
          {yearUnits.length === 0 ? (
            <Empty description="Bạn chỉ xem được điểm qua các năm của đơn vị mình." />
          ) : years.isError ? (
            <Alert type="info" showIcon title={years.error.message} />
          ) : rows.length === 0 ? (
            <Empty description={years.isPending ? "Đang tải…" : "Chưa có năm nào."} />
          ) : (
            <EChart
              option={overYears}
              height={220}
              label={`Tổng điểm của ${names.get(yearsOf ?? "") ?? ""} qua các năm: ${rows
                .map(
                  (y) =>
                    `${y.label}: ${formatPoints(y.total)} điểm, hạng ${y.rank}${y.award ? `, ${awardLabels.get(y.award) ?? y.award}` : ""}`,
                )
                .join("; ")}.`}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
