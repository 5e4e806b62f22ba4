/**
 * The leader's plan (Cụm trưởng, Cụm phó): the sections and criteria inspected, a note, and the
 * visits — which member unit's officers inspect which unit, when and where — filled from the
 * proposed rotation and adjusted row by row. The rules of the pairings (core/inspection.ts) are
 * checked as the leader edits, with the server's words; saved with the plan's version. Once the
 * plan is agreed only the dates, places and officers of the visits not yet started change.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tree,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { coveredCriteria, notInspected, pairingProblems } from "../../../core/inspection.ts";
import { ApiError } from "../../api.ts";
import { formatPoints } from "../../format.ts";
import { PHONE_CARD } from "../../phone-card.ts";
import { WhyDisabled } from "../../why-disabled.tsx";
import { type CriterionRow, useClusterWords, usePeriodId } from "../period/period-data.ts";
import {
  contentOf,
  type Inspection,
  inspectedLeaves,
  type Officer,
  useInspectionWrites,
  type Visit,
} from "./inspection-data.ts";

interface Draft {
  key: number;
  inspectedUnitId: number | null;
  teamUnitId: number | null;
  visitOn: string | null;
  place: string;
  members: Officer[];
}

interface TreeNode {
  key: string;
  title: string;
  children?: TreeNode[];
}

function treeOf(criteria: CriterionRow[], parent: string | null): TreeNode[] {
  return criteria
    .filter((c) => c.parent === parent)
    .map((c) => {
      const children = treeOf(criteria, c.id);
      const max = c.max !== null ? ` (${formatPoints(c.max)} điểm)` : "";
      return {
        key: c.id,
        title: `${c.id}. ${c.title}${max}`,
        ...(children.length > 0 ? { children } : {}),
      };
    });
}

/** Every criterion the content covers, sections with all their criteria (the tree's checks). */
const coveredBy = (criteria: CriterionRow[], content: string[]): Set<string> =>
  new Set(coveredCriteria(criteria, content).map((c) => c.id));

const pairKey = (v: { inspectedUnitId: number | null; teamUnitId: number | null }) =>
  `${v.inspectedUnitId}/${v.teamUnitId}`;

let nextKey = 1;

/**
 * Ant Design's caret of a section, hidden from assistive technology: its own icon is labelled
 * "caret-down", which the section's checkbox (labelled by the whole tree item) would read out
 * before the section's title.
 */
const SWITCHER = (
  <span aria-hidden="true" className="anticon">
    <svg
      aria-hidden="true"
      viewBox="0 0 1024 1024"
      width="1em"
      height="1em"
      fill="currentColor"
      focusable="false"
    >
      <path d="M840.4 300H183.6c-19.7 0-30.7 20.8-18.5 35l328.4 380.8c9.4 10.9 27.5 10.9 37 0L858.9 335c12.2-14.2 1.2-35-18.5-35z" />
    </svg>
  </span>
);

function draftOf(v: Visit): Draft {
  return {
    key: nextKey++,
    inspectedUnitId: v.inspected.id,
    teamUnitId: v.team.id,
    visitOn: v.visitOn,
    place: v.place,
    members: v.members.map((m) => ({ ...m })),
  };
}

export function PlanEditor({
  inspection,
  criteria,
  onClose,
}: {
  inspection: Inspection;
  criteria: CriterionRow[];
  /** Leave the editor (saved or not); absent when there is no plan to go back to. */
  onClose?: () => void;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const { message } = App.useApp();
  const writes = useInspectionWrites(periodId);
  const { plan, members } = inspection;
  const visits = inspection.visits ?? [];
  const agreed = plan?.agreedAt != null;
  const [checked, setChecked] = useState<Set<string>>(() =>
    coveredBy(
      criteria,
      (plan?.content ?? []).map((c) => c.id),
    ),
  );
  const [note, setNote] = useState(plan?.note ?? "");
  const [rows, setRows] = useState<Draft[]>(() => visits.map(draftOf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const tree = useMemo(() => treeOf(criteria, null), [criteria]);
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);

  // a visit the team has started (findings recorded, or reconciled) stays as it is
  const started = new Set(
    visits
      .filter((v) => v.progress.findings > 0 || v.reconciledAt)
      .map((v) =>
        pairKey({
          inspectedUnitId: v.inspected.id,
          teamUnitId: v.team.id,
        }),
      ),
  );
  const isStarted = (r: Draft) => started.has(pairKey(r));

  const update = (key: number, patch: Partial<Draft>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const propose = () => {
    // the rotation's pairs; a pair already drafted keeps its date, place and officers
    const kept = new Map(rows.map((r) => [pairKey(r), r]));
    setRows(
      inspection.proposedRotation.map((p) => {
        const old = kept.get(pairKey(p));
        return (
          old ?? {
            key: nextKey++,
            inspectedUnitId: p.inspectedUnitId,
            teamUnitId: p.teamUnitId,
            visitOn: null,
            place: "",
            members: [],
          }
        );
      }),
    );
  };

  const content = contentOf(criteria, checked);
  const complete = rows.filter(
    (r): r is Draft & { inspectedUnitId: number; teamUnitId: number } =>
      r.inspectedUnitId !== null && r.teamUnitId !== null,
  );
  const pairings = complete.map((r) => ({ inspected: r.inspectedUnitId, team: r.teamUnitId }));
  const problems = pairingProblems(pairings, names);
  const missing = notInspected(pairings, names);
  const incomplete = rows.findIndex((r) => r.inspectedUnitId === null || r.teamUnitId === null);
  const halfOfficer = rows.findIndex((r) =>
    r.members.some((m) => (m.name.trim() === "") !== (m.role.trim() === "")),
  );
  const why =
    content.length === 0
      ? "Chọn ít nhất một phần hoặc một tiêu chí để kiểm tra."
      : incomplete >= 0
        ? `Lượt ${incomplete + 1}: chọn đơn vị được kiểm tra và đơn vị có đoàn kiểm tra.`
        : halfOfficer >= 0
          ? `Lượt ${halfOfficer + 1}: ghi đủ họ tên và chức vụ của từng cán bộ trong đoàn.`
          : problems.length > 0
            ? `Phân công chưa đúng quy định: ${problems.join(" ")}`
            : null;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await writes.savePlan({
        content,
        note,
        visits: complete.map((r) => ({
          inspectedUnitId: r.inspectedUnitId,
          teamUnitId: r.teamUnitId,
          members: r.members
            .map((m) => ({ name: m.name.trim(), role: m.role.trim() }))
            .filter((m) => m.name !== ""),
          visitOn: r.visitOn,
          place: r.place.trim(),
        })),
        ...(plan ? { version: plan.version } : {}),
      });
      message.success("Đã lưu kế hoạch kiểm tra chéo.");
      onClose?.();
    } catch (e) {
      setError({
        text: e instanceof ApiError || e instanceof Error ? e.message : String(e),
        stale: e instanceof ApiError && e.status === 409,
      });
    } finally {
      setSaving(false);
    }
  };

  const unitOptions = (exclude: number | null) =>
    members.filter((m) => m.id !== exclude).map((m) => ({ value: m.id, label: m.name }));

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {plan ? "Sửa kế hoạch kiểm tra chéo" : "Lập kế hoạch kiểm tra chéo"}
        </Typography.Title>
      }
      style={{ marginBottom: 16 }}
    >
      <Form layout="vertical" component="div">
        {agreed && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="Kế hoạch đã được thống nhất: chỉ sửa được ngày, địa điểm và thành phần đoàn của các lượt chưa ghi kết quả; nội dung và phân công đoàn giữ như đã thống nhất."
          />
        )}
        <fieldset style={{ border: 0, padding: 0, margin: "0 0 16px", minWidth: 0 }}>
          <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 4 }}>
            Nội dung kiểm tra
          </legend>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            Chọn cả phần (mọi tiêu chí trong phần) hoặc từng tiêu chí. Đoàn ghi kết quả ở từng tiêu
            chí được chọn.
          </Typography.Paragraph>
          <Tree
            checkable
            selectable={false}
            defaultExpandAll
            switcherIcon={SWITCHER}
            disabled={agreed}
            treeData={tree}
            checkedKeys={[...checked]}
            onCheck={(keys) => {
              const list = Array.isArray(keys) ? keys : keys.checked;
              setChecked(new Set(list.map(String)));
            }}
            style={{ whiteSpace: "normal" }}
          />
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 4 }}>
            {content.length === 0
              ? "Chưa chọn nội dung nào."
              : `Đã chọn: ${content.join(", ")} (${inspectedLeaves(criteria, content).length} tiêu chí).`}
          </Typography.Text>
        </fieldset>
        <Form.Item label="Ghi chú của kế hoạch" htmlFor="insp-note">
          <Input.TextArea
            id="insp-note"
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={10000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Mục đích, yêu cầu, thời gian dự kiến (tháng 10 hoặc tháng 11)…"
          />
        </Form.Item>

        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 4 }}>
            Phân công đoàn, lịch kiểm tra
          </legend>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            Mỗi đơn vị được một đoàn của đơn vị thành viên khác kiểm tra một lần; mỗi đoàn kiểm tra
            nhiều nhất hai đơn vị; không đơn vị nào tự kiểm tra mình.
          </Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }}>
            <WhyDisabled
              why={
                agreed ? "Kế hoạch đã được thống nhất: phân công đoàn giữ như đã thống nhất." : null
              }
            >
              <Button onClick={propose} disabled={agreed}>
                Đề xuất luân phiên
              </Button>
            </WhyDisabled>
            <WhyDisabled why={agreed ? "Kế hoạch đã được thống nhất: không thêm lượt được." : null}>
              <Button
                type="dashed"
                disabled={agreed}
                onClick={() =>
                  setRows((rs) => [
                    ...rs,
                    {
                      key: nextKey++,
                      inspectedUnitId: null,
                      teamUnitId: null,
                      visitOn: null,
                      place: "",
                      members: [],
                    },
                  ])
                }
              >
                Thêm lượt kiểm tra
              </Button>
            </WhyDisabled>
          </Space>
          {rows.length === 0 && (
            <Typography.Paragraph type="secondary">
              Chưa có lượt kiểm tra nào: nhấn «Đề xuất luân phiên» (mỗi đơn vị kiểm tra đơn vị kế
              tiếp trong danh sách) rồi điều chỉnh từng lượt.
            </Typography.Paragraph>
          )}
          {rows.map((r, i) => (
            <VisitRow
              key={r.key}
              index={i}
              draft={r}
              lockedPair={agreed}
              locked={isStarted(r)}
              inspectedOptions={unitOptions(null)}
              teamOptions={unitOptions(r.inspectedUnitId)}
              onChange={(patch) => update(r.key, patch)}
              onRemove={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
            />
          ))}
        </fieldset>

        {problems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="Phân công chưa đúng quy định"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        {missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`Chưa có đoàn kiểm tra: ${missing.join(", ")}.`}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={error.text}
            action={
              error.stale ? (
                <Button
                  size="small"
                  onClick={() => {
                    setError(null);
                    void writes.refresh().then(() => onClose?.());
                  }}
                >
                  Tải lại kế hoạch
                </Button>
              ) : undefined
            }
          />
        )}
        <Space wrap align="center">
          <WhyDisabled why={why}>
            <Button type="primary" loading={saving} disabled={why !== null} onClick={save}>
              Lưu kế hoạch
            </Button>
          </WhyDisabled>
          {onClose && <Button onClick={onClose}>Hủy</Button>}
          {why && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {w(why)}
            </Typography.Text>
          )}
        </Space>
      </Form>
    </Card>
  );
}

function VisitRow(props: {
  index: number;
  draft: Draft;
  /** The plan is agreed: the pair stays. */
  lockedPair: boolean;
  /** The team has started: nothing of the visit changes. */
  locked: boolean;
  inspectedOptions: { value: number; label: string }[];
  teamOptions: { value: number; label: string }[];
  onChange(patch: Partial<Draft>): void;
  onRemove(): void;
}) {
  const { index, draft: r, locked, onChange } = props;
  const n = index + 1;
  const id = (what: string) => `insp-${r.key}-${what}`;
  const pairLocked = props.lockedPair || locked;
  const setMember = (i: number, patch: Partial<Officer>) =>
    onChange({ members: r.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <section
      aria-label={`Lượt kiểm tra ${n}`}
      style={{
        ...PHONE_CARD,
        marginBottom: 12,
        background: locked ? "#fafafa" : "#fff",
      }}
    >
      <div
        style={{
          display: "flex",
          justifyContent: "space-between",
          alignItems: "center",
          gap: 8,
          flexWrap: "wrap",
          marginBottom: 4,
        }}
      >
        <Typography.Text strong>Lượt {n}</Typography.Text>
        {locked ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            Đoàn đã ghi kết quả kiểm tra: lượt này không sửa, không bỏ được.
          </Typography.Text>
        ) : (
          <WhyDisabled
            why={props.lockedPair ? "Kế hoạch đã được thống nhất: không bỏ lượt được." : null}
          >
            <Button
              size="small"
              danger
              disabled={props.lockedPair}
              onClick={props.onRemove}
              aria-label={`Bỏ lượt kiểm tra ${n}`}
            >
              Bỏ lượt
            </Button>
          </WhyDisabled>
        )}
      </div>
      <Row gutter={[12, 0]}>
        <Col xs={24} md={12} xl={6}>
          <Form.Item
            label="Đơn vị được kiểm tra"
            htmlFor={id("inspected")}
            style={{ marginBottom: 8 }}
          >
            <Select
              id={id("inspected")}
              placeholder="Chọn đơn vị"
              disabled={pairLocked}
              value={r.inspectedUnitId ?? undefined}
              options={props.inspectedOptions}
              onChange={(v: number) =>
                onChange({
                  inspectedUnitId: v,
                  ...(v === r.teamUnitId ? { teamUnitId: null } : {}),
                })
              }
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="Đoàn kiểm tra của" htmlFor={id("team")} style={{ marginBottom: 8 }}>
            <Select
              id={id("team")}
              placeholder="Chọn đơn vị"
              disabled={pairLocked}
              value={r.teamUnitId ?? undefined}
              options={props.teamOptions}
              onChange={(v: number) => onChange({ teamUnitId: v })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={5}>
          <Form.Item label="Ngày kiểm tra" htmlFor={id("date")} style={{ marginBottom: 8 }}>
            <DatePicker
              id={id("date")}
              format="DD/MM/YYYY"
              placeholder="dd/mm/yyyy"
              disabled={locked}
              style={{ width: "100%" }}
              value={r.visitOn ? dayjs(r.visitOn) : null}
              onChange={(d) => onChange({ visitOn: d ? d.format("YYYY-MM-DD") : null })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <Form.Item label="Địa điểm" htmlFor={id("place")} style={{ marginBottom: 8 }}>
            <Input
              id={id("place")}
              maxLength={300}
              disabled={locked}
              placeholder="Trụ sở UBND xã…"
              value={r.place}
              onChange={(e) => onChange({ place: e.target.value })}
            />
          </Form.Item>
        </Col>
      </Row>
      <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 4 }}>Thành phần đoàn</legend>
        {r.members.map((m, i) => (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: officers have no id; the order is theirs
            key={i}
            style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 8 }}
          >
            <Input
              style={{ flex: "1 1 180px", minWidth: 0 }}
              maxLength={200}
              disabled={locked}
              placeholder="Họ và tên"
              aria-label={`Họ tên cán bộ ${i + 1}, lượt ${n}`}
              value={m.name}
              onChange={(e) => setMember(i, { name: e.target.value })}
            />
            <Input
              style={{ flex: "1 1 180px", minWidth: 0 }}
              maxLength={200}
              disabled={locked}
              placeholder="Chức vụ"
              aria-label={`Chức vụ cán bộ ${i + 1}, lượt ${n}`}
              value={m.role}
              onChange={(e) => setMember(i, { role: e.target.value })}
            />
            {!locked && (
              <Button
                onClick={() => onChange({ members: r.members.filter((_, j) => j !== i) })}
                aria-label={`Bỏ cán bộ ${i + 1}, lượt ${n}`}
              >
                Bỏ
              </Button>
            )}
          </div>
        ))}
        {!locked && (
          <Button
            size="small"
            type="dashed"
            onClick={() => onChange({ members: [...r.members, { name: "", role: "" }] })}
          >
            Thêm cán bộ
          </Button>
        )}
      </fieldset>
    </section>
  );
}
