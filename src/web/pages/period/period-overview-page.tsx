/**
 * Tổng quan: the cluster's year at a glance — the milestones with what is late, each unit's
 * step in the year with its lateness and a link to its sheet, registration (by the unit or the
 * leader's office) and the pact (by the leader's office), and the notices of criteria changes.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Steps,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { ApiError, api } from "../../api.ts";
import { DownloadButton } from "../../files.tsx";
import { formatDate, formatDateTime, ROLE_LABELS } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { StatusTag } from "../cluster-review/status-tag.tsx";
import { schemeAwards } from "../results/results-data.ts";
import { type PeriodOverview, useClusterWords, usePeriod } from "./period-data.ts";

type Unit = PeriodOverview["units"][number];

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN: React.CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};

/** A sheet's steps, written for a Cụm: shown through the year's words (useClusterWords). */
const STEPS = ["Tự chấm", "Đã nộp", "Cụm chấm", "Khớp điểm", "Thẩm định", "Khóa"];
const STEP_OF: Record<string, number> = {
  draft: 0,
  submitted: 1,
  reviewed: 2,
  disputed: 3,
  reconciled: 3,
  appraised: 4,
  locked: 5,
};

/** Today in Vietnam, yyyy-mm-dd: days are counted in Asia/Ho_Chi_Minh. */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format();

function daysUntil(dueOn: string): number {
  return Math.round((Date.parse(dueOn) - Date.parse(today())) / 86_400_000);
}

export function PeriodOverviewPage() {
  const period = usePeriod();
  const { user } = useSession();
  const w = useClusterWords();
  const [registering, setRegistering] = useState<Unit | null>(null);
  const [signing, setSigning] = useState<Unit | null>(null);
  if (!period.data) return null;
  const overview = period.data;
  const { you, units, milestones } = overview;
  const p = overview.period;
  const admin = user.role === "admin";
  const own = (u: Unit) => user.role === "unit" && user.unitId === u.id && you.memberRole !== null;
  const seesSheet = (u: Unit) =>
    own(u) || you.leadership || you.standing || you.council || you.data || admin;

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        Tổng quan
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={`Tiến độ của ${units.length} đơn vị`}>
            <List
              dataSource={units}
              renderItem={(u) => (
                <List.Item>
                  <UnitProgress
                    periodId={p.id}
                    unit={u}
                    sheetLink={seesSheet(u)}
                    canRegister={own(u) || you.leadership}
                    canSign={you.leadership}
                    onRegister={() => setRegistering(u)}
                    onSign={() => setSigning(u)}
                    w={w}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Card
              size="small"
              title="Kỳ thi đua"
              extra={
                <Space wrap size={4}>
                  {(
                    [
                      ["six-month", "Báo cáo 6 tháng"],
                      ["annual", "Báo cáo năm"],
                    ] as const
                  ).map(([kind, label]) => (
                    <DownloadButton
                      key={kind}
                      href={`/api/periods/${p.id}/documents/report.docx?kind=${kind}`}
                      disabledReason={
                        you.leadership || you.standing || you.council || admin
                          ? null
                          : w(
                              "Báo cáo của Cụm do Cụm trưởng, Cụm phó lập; cơ quan thường trực và Hội đồng xem được.",
                            )
                      }
                    >
                      {label}
                    </DownloadButton>
                  ))}
                </Space>
              }
            >
              <p style={{ margin: 0 }}>
                Từ {formatDate(p.startsOn)} đến {formatDate(p.endsOn)}
              </p>
              <p style={{ margin: "4px 0 0" }}>{overview.scheme.title}</p>
              <p style={{ margin: "4px 0 0" }}>
                {p.lockedAt
                  ? `Kết quả đã khóa lúc ${formatDateTime(p.lockedAt)} theo ${p.lockDecision}.`
                  : p.resultsPublishedAt
                    ? `Kết quả đã công bố lúc ${formatDateTime(p.resultsPublishedAt)}${overview.publication.provisional ? " (kết quả tạm tính: chưa thẩm định xong tất cả các biểu)" : ""}.`
                    : "Kết quả chưa công bố."}
              </p>
            </Card>
            <Card size="small" title="Các mốc thời gian">
              <List
                size="small"
                dataSource={milestones}
                renderItem={(m) => {
                  const lateUnits = units.filter((u) => u.late.includes(m.label));
                  const left = daysUntil(m.dueOn);
                  return (
                    <List.Item>
                      <div>
                        <div>
                          <strong>{m.label}</strong>
                        </div>
                        <div>
                          Hạn {formatDate(m.dueOn)}{" "}
                          {m.late ? (
                            <Tag color="red">Đã quá hạn</Tag>
                          ) : (
                            <Tag color="blue">{left === 0 ? "Hôm nay" : `Còn ${left} ngày`}</Tag>
                          )}
                        </div>
                        {lateUnits.length > 0 && (
                          <div style={{ color: "#a8071a" }}>
                            Chậm: {lateUnits.map((u) => u.name).join(", ")}
                          </div>
                        )}
                      </div>
                    </List.Item>
                  );
                }}
              />
            </Card>
            <Notices periodId={p.id} />
          </Space>
        </Col>
      </Row>
      {registering && (
        <RegistrationDialog
          periodId={p.id}
          schemeId={p.schemeId}
          unit={registering}
          onClose={() => setRegistering(null)}
        />
      )}
      {signing && <PactDialog periodId={p.id} unit={signing} onClose={() => setSigning(null)} />}
    </>
  );
}

interface ProgressProps {
  periodId: number;
  unit: Unit;
  sheetLink: boolean;
  canRegister: boolean;
  canSign: boolean;
  onRegister(): void;
  onSign(): void;
  /** The year's words (useClusterWords). */
  w(text: string): string;
}

function UnitProgress(props: ProgressProps) {
  const { periodId, unit: u, sheetLink, w } = props;
  const wide = Grid.useBreakpoint().md ?? true;
  const step = STEP_OF[u.status] ?? 0;
  const registerWhy = props.canRegister
    ? null
    : w("Chỉ đơn vị hoặc Cụm trưởng, Cụm phó ghi đăng ký thi đua của đơn vị.");
  const signWhy = props.canSign
    ? null
    : w("Chỉ Cụm trưởng, Cụm phó ghi việc ký kết giao ước thi đua.");
  return (
    <div style={{ width: "100%" }}>
      <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
        {sheetLink ? (
          <Link to={`/ky/${periodId}/don-vi/${u.id}`} style={{ fontWeight: 600 }}>
            {u.name}
          </Link>
        ) : (
          <strong>{u.name}</strong>
        )}
        <Tag>{w(ROLE_LABELS[u.role])}</Tag>
        <StatusTag status={u.status} label={u.statusLabel} />
        {u.late.map((l) => (
          <Tag key={l} color="red">
            Chậm: {l}
          </Tag>
        ))}
      </Space>
      <Steps
        size="small"
        type={wide ? "default" : "inline"}
        responsive={false}
        current={step}
        status={u.status === "disputed" ? "error" : u.status === "locked" ? "finish" : "process"}
        items={STEPS.map((title, i) => ({
          title: (
            // on a phone six titles do not fit side by side: the dots, the titles for screen
            // readers only, and the current step written below
            <span style={wide ? undefined : VISUALLY_HIDDEN}>
              {i === 3 && u.status === "disputed" ? (
                <span style={{ color: "#a8071a" }}>Có khiếu nại</span>
              ) : (
                w(title)
              )}
            </span>
          ),
        }))}
        style={{ marginBottom: wide ? 8 : 4 }}
        aria-label={`Tiến độ của ${u.name}: ${u.statusLabel}`}
      />
      {!wide && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
          Bước {step + 1}/{STEPS.length}:{" "}
          {step === 3 && u.status === "disputed" ? "Có khiếu nại" : w(STEPS[step] ?? "")}
        </Typography.Paragraph>
      )}
      <Space wrap size={[8, 4]}>
        <span>{u.registered ? "Đã đăng ký thi đua" : "Chưa đăng ký thi đua"}</span>
        <Tooltip title={registerWhy}>
          <Button size="small" disabled={registerWhy !== null} onClick={props.onRegister}>
            {u.registered ? "Đăng ký lại" : "Đăng ký thi đua"}
          </Button>
        </Tooltip>
        <span>
          {u.pactSigned
            ? `Đã ký giao ước${u.pactSignedOn ? ` ngày ${formatDate(u.pactSignedOn)}` : ""}`
            : "Chưa ký giao ước"}
        </span>
        <Tooltip title={signWhy}>
          <Button size="small" disabled={signWhy !== null} onClick={props.onSign}>
            {u.pactSigned ? "Sửa ngày ký giao ước" : "Ghi ký giao ước"}
          </Button>
        </Tooltip>
      </Space>
    </div>
  );
}

function useRefreshPeriod(periodId: number) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["period", periodId] });
    void queryClient.invalidateQueries({ queryKey: ["me", "periods"] });
  };
}

/** A dialog that records one fact of a unit's year: the request, then the period reloaded. */
function RecordDialog(props: {
  periodId: number;
  title: string;
  okText: string;
  /** The request; a string instead is the message of what is missing. */
  send(): Promise<unknown> | string;
  done: string;
  onClose(): void;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const refresh = useRefreshPeriod(props.periodId);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setError(null);
    const request = props.send();
    if (typeof request === "string") return setError(request);
    setSaving(true);
    try {
      await request;
      message.success(props.done);
      refresh();
      props.onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      cancelText="Hủy"
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form layout="vertical">{props.children}</Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function RegistrationDialog(props: {
  periodId: number;
  schemeId: string;
  unit: Unit;
  onClose(): void;
}) {
  const { periodId, unit } = props;
  // registering again starts from what was registered: nothing typed before is lost
  const [targets, setTargets] = useState(unit.registration?.targets ?? "");
  const [titles, setTitles] = useState<string[]>(unit.registration?.titles ?? []);
  const awards = schemeAwards(props.schemeId).offered;
  return (
    <RecordDialog
      periodId={periodId}
      title={`Đăng ký thi đua — ${unit.name}`}
      okText="Ghi đăng ký"
      send={() =>
        api("PUT", `/api/periods/${periodId}/units/${unit.id}/registration`, {
          targets,
          titles,
          version: unit.version,
        })
      }
      done={`Đã ghi đăng ký thi đua của ${unit.name}.`}
      onClose={props.onClose}
    >
      <Form.Item label="Chỉ tiêu, nội dung đăng ký thi đua" htmlFor="reg-targets" required>
        <Input.TextArea
          id="reg-targets"
          autoFocus
          rows={5}
          maxLength={20000}
          value={targets}
          onChange={(e) => setTargets(e.target.value)}
        />
      </Form.Item>
      <Form.Item label="Danh hiệu, hình thức khen thưởng đăng ký" htmlFor="reg-titles">
        <Select
          id="reg-titles"
          mode="tags"
          value={titles}
          onChange={setTitles}
          options={awards.map((a) => ({ value: a, label: a }))}
          placeholder="Chọn hoặc gõ rồi nhấn Enter"
        />
      </Form.Item>
    </RecordDialog>
  );
}

function PactDialog(props: { periodId: number; unit: Unit; onClose(): void }) {
  const { periodId, unit } = props;
  const [date, setDate] = useState<Dayjs | null>(
    unit.pactSignedOn ? dayjs(unit.pactSignedOn) : null,
  );
  return (
    <RecordDialog
      periodId={periodId}
      title={`Ký kết giao ước thi đua — ${unit.name}`}
      okText="Ghi ngày ký"
      send={() =>
        date
          ? api("POST", `/api/periods/${periodId}/units/${unit.id}/pact`, {
              signedOn: date.format("YYYY-MM-DD"),
              version: unit.version,
            })
          : "Hãy chọn ngày ký giao ước."
      }
      done={`Đã ghi việc ký giao ước của ${unit.name}.`}
      onClose={props.onClose}
    >
      <Form.Item label="Ngày ký giao ước" htmlFor="pact-date" required>
        <DatePicker id="pact-date" format="DD/MM/YYYY" value={date} onChange={setDate} />
      </Form.Item>
    </RecordDialog>
  );
}

interface Notice {
  at: string;
  reason: string | null;
  newValue: { id: string; title?: string; max?: number }[] | null;
}

function Notices({ periodId }: { periodId: number }) {
  const notices = useQuery({
    queryKey: ["notices", periodId],
    queryFn: () => api<{ notices: Notice[] }>("GET", `/api/periods/${periodId}/notices`),
  });
  return (
    <Card size="small" title="Thông báo thay đổi bộ tiêu chí" loading={notices.isPending}>
      {notices.isError ? (
        <Alert type="error" showIcon title={notices.error.message} />
      ) : (notices.data?.notices ?? []).length === 0 ? (
        <Typography.Text type="secondary">
          Bộ tiêu chí chưa thay đổi từ khi bắt đầu chấm điểm.
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={notices.data?.notices ?? []}
          renderItem={(n) => (
            <List.Item>
              <div>
                <div>
                  <strong>{formatDateTime(n.at)}</strong>
                  {n.reason && <>: {n.reason}</>}
                </div>
                {Array.isArray(n.newValue) && n.newValue.length > 0 && (
                  <div>
                    Tiêu chí thay đổi:{" "}
                    {n.newValue
                      .map(
                        (c) =>
                          `${c.id}${c.title ? ` "${c.title}"` : ""}${c.max !== undefined ? ` (tối đa ${c.max.toLocaleString("vi-VN")} điểm)` : ""}`,
                      )
                      .join("; ")}
                  </div>
                )}
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
