/**
 * The ranking: rank, unit, each section, bonus, deductions, total, proposed award and status;
 * a unit opens its reasons line by line.
 */
import {
  Button,
  Drawer,
  Grid,
  List,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { type ReactNode, useState } from "react";
import { formatPoints } from "../../format.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { useClusterWords } from "../period/period-data.ts";
import { STATUS_LABELS, STATUS_STYLES, statusReason, type UnitResult } from "./results-data.ts";

/** The reason a status rests on, under it (never a bare "Chưa xem xét"). */
function StatusReason({ unit }: { unit: UnitResult }) {
  const w = useClusterWords();
  const why = statusReason(unit);
  return why ? <div style={{ fontSize: 12, color: "rgba(0, 0, 0, 0.65)" }}>{w(why)}</div> : null;
}

interface Props {
  units: UnitResult[];
  names: Map<string, string>;
  sectionTitles: Map<string, string>;
  awardLabels: Map<string, string>;
}

export function ResultsTable({ units, names, sectionTitles, awardLabels }: Props) {
  const [open, setOpen] = useState<UnitResult | null>(null);
  // the engine's reasons, in the words of the year's cluster (a Khối's)
  const w = useClusterWords();
  const wide = Grid.useBreakpoint().md ?? true;
  const unitWidth = wide ? 220 : 150;
  const sections = Object.keys(units[0]?.sections ?? {});
  const right = { align: "right" as const, width: 80 };
  const columns: TableColumnsType<UnitResult> = [
    { key: "rank", title: "Hạng", dataIndex: "rank", width: 56, align: "center", fixed: "left" },
    {
      key: "unit",
      title: "Đơn vị",
      width: unitWidth,
      fixed: "left",
      render: (_, u) => unitButton(u),
    },
    ...sections.map((s) => ({
      key: `s-${s}`,
      title: (
        <Tooltip title={sectionTitles.get(s)}>
          <span>Mục {s}</span>
        </Tooltip>
      ),
      ...right,
      render: (_: unknown, u: UnitResult) => formatPoints(u.sections[s]),
    })),
    { key: "bonus", title: "Thưởng", ...right, render: (_, u) => formatPoints(u.bonus) },
    {
      key: "deductions",
      title: "Trừ",
      ...right,
      render: (_, u) => (u.deductions ? `−${formatPoints(u.deductions)}` : "0"),
    },
    {
      key: "total",
      title: "Tổng",
      ...right,
      render: (_, u) => <strong>{formatPoints(u.total)}</strong>,
    },
    {
      key: "award",
      title: "Hình thức đề nghị",
      width: 200,
      render: (_, u) => (u.award ? (awardLabels.get(u.award) ?? u.award) : "—"),
    },
    {
      key: "status",
      title: "Tình trạng",
      width: 170,
      render: (_, u) => (
        <>
          <Tag style={STATUS_STYLES[u.status]}>{STATUS_LABELS[u.status]}</Tag>
          <StatusReason unit={u} />
        </>
      ),
    },
  ];
  const unitButton = (u: UnitResult) => (
    <Button
      type="link"
      style={{
        padding: 0,
        height: "auto",
        whiteSpace: "normal",
        textAlign: "left",
        color: "#0958d9",
      }}
      onClick={() => setOpen(u)}
    >
      {names.get(u.id) ?? u.id}
    </Button>
  );
  return (
    <>
      {wide ? (
        <Table<UnitResult>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          columns={columns}
          dataSource={units}
          scroll={{ x: 56 + unitWidth + 80 * (sections.length + 3) + 330 }}
          locale={{ emptyText: "Chưa có đơn vị nào." }}
        />
      ) : (
        <ResultCards
          units={units}
          sections={sections}
          awardLabels={awardLabels}
          unitButton={unitButton}
        />
      )}
      <Drawer
        open={open !== null}
        title={open ? (names.get(open.id) ?? open.id) : ""}
        onClose={() => setOpen(null)}
        size={480}
      >
        {open && (
          <>
            <p>
              Hạng {open.rank}, tổng {formatPoints(open.total)} điểm.{" "}
              <Tag style={STATUS_STYLES[open.status]}>{STATUS_LABELS[open.status]}</Tag>
              {open.award && <>{awardLabels.get(open.award) ?? open.award}</>}
            </p>
            <List
              size="small"
              bordered
              header={<strong>Căn cứ, lý do</strong>}
              dataSource={open.reasons}
              renderItem={(line, i) => (
                <List.Item>
                  {i + 1}. {w(line)}
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
    </>
  );
}

/**
 * The ranking on a phone: a card per unit, best first — its rank, name, total and proposed
 * award where the eye lands, its sections, bonus and deductions on a line below.
 */
function ResultCards(props: {
  units: UnitResult[];
  sections: string[];
  awardLabels: Map<string, string>;
  unitButton(u: UnitResult): ReactNode;
}) {
  const { units, sections, awardLabels } = props;
  if (units.length === 0)
    return <Typography.Text type="secondary">Chưa có đơn vị nào.</Typography.Text>;
  return (
    <ol aria-label="Xếp hạng các đơn vị" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {units.map((u) => (
        <li key={u.id} style={PHONE_CARD}>
          <div style={{ display: "flex", gap: 12, alignItems: "flex-start" }}>
            <div style={{ flex: "none", width: 44, textAlign: "center", lineHeight: 1.2 }}>
              <div style={{ fontSize: 12, color: "rgba(0, 0, 0, 0.65)" }}>Hạng</div>
              <div style={{ fontSize: 20, fontWeight: 600 }}>{u.rank}</div>
            </div>
            <div style={{ flex: 1, minWidth: 0 }}>
              {props.unitButton(u)}
              <div style={{ display: "flex", flexWrap: "wrap", gap: "2px 12px", marginTop: 4 }}>
                <span>
                  Tổng: <strong style={{ fontSize: 16 }}>{formatPoints(u.total)}</strong>
                </span>
                <Tag style={{ ...STATUS_STYLES[u.status], marginInlineEnd: 0 }}>
                  {STATUS_LABELS[u.status]}
                </Tag>
              </div>
              <StatusReason unit={u} />
              <div style={{ marginTop: 4 }}>
                Hình thức đề nghị:{" "}
                <strong>{u.award ? (awardLabels.get(u.award) ?? u.award) : "—"}</strong>
              </div>
              <Typography.Text
                type="secondary"
                style={{ display: "block", fontSize: 12, marginTop: 4 }}
              >
                {[
                  ...sections.map((s) => `Mục ${s}: ${formatPoints(u.sections[s])}`),
                  `Thưởng: ${formatPoints(u.bonus)}`,
                  `Trừ: ${u.deductions ? `−${formatPoints(u.deductions)}` : "0"}`,
                ].join(" · ")}
              </Typography.Text>
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
