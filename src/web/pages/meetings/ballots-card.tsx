import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { useSession } from "../../session.tsx";
import {
  type PeriodOverview,
  useClusterWords,
  usePeriod,
  usePeriodId,
} from "../period/period-data.ts";
import { awardLabels } from "./award-labels.ts";
import type { Ballot, MeetingDetail } from "./meetings-data.ts";
import { PURPOSE_LABELS } from "./meetings-data.ts";
import { OpenBallotModal } from "./open-ballot-modal.tsx";

type Units = PeriodOverview["units"];

function ballotTitle(b: Ballot, awards: Record<string, string>): string {
  const what =
    b.purpose === "award" && b.award
      ? `${PURPOSE_LABELS.award}: ${awards[b.award] ?? b.award}`
      : PURPOSE_LABELS[b.purpose];
  return b.round > 1 ? `${what} (vòng ${b.round})` : what;
}

/** The outcome of a closed ballot: counts per candidate, then winner, second round or council. */
function BallotOutcome({ ballot, nameOf }: { ballot: Ballot; nameOf: (code: string) => string }) {
  const outcome = ballot.outcome;
  if (!outcome) return null;
  const counts = ballot.candidates
    .map((code) => ({ code, votes: outcome.counts[code] ?? 0 }))
    .sort((a, b) => b.votes - a.votes);
  const tied = outcome.tied.map(nameOf).join(", ");
  return (
    <>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={counts}
        style={{ maxWidth: 560 }}
        columns={[
          { title: "Đơn vị", dataIndex: "code", render: (code: string) => nameOf(code) },
          { title: "Số phiếu", dataIndex: "votes", width: 100, align: "right" },
        ]}
      />
      <div style={{ marginTop: 8 }}>
        {outcome.kind === "winner" && outcome.winner && (
          <Alert
            type="success"
            showIcon
            title={`${nameOf(outcome.winner)} được nhiều phiếu nhất (${outcome.voted} đơn vị bỏ phiếu).`}
          />
        )}
        {outcome.kind === "revote" && (
          <Alert
            type="warning"
            showIcon
            title={`Hòa phiếu giữa ${tied}: đã mở vòng bỏ phiếu thứ hai giữa các đơn vị này.`}
          />
        )}
        {outcome.kind === "council" && (
          <Alert
            type="error"
            showIcon
            title={`Vòng hai vẫn hòa phiếu giữa ${tied}: chuyển Hội đồng Thi đua - Khen thưởng quyết định.`}
          />
        )}
      </div>
    </>
  );
}

/** The voting screen of a unit present: one secret vote, then only "Đơn vị đã bỏ phiếu". */
function VoteForm({
  ballot,
  nameOf,
  onVoted,
}: {
  ballot: Ballot;
  nameOf: (code: string) => string;
  onVoted: () => Promise<void>;
}) {
  const periodId = usePeriodId();
  const [choice, setChoice] = useState<string | null>(null);
  const vote = useMutation({
    mutationFn: () =>
      api<{ ballotId: number; voted: number }>(
        "POST",
        `/api/periods/${periodId}/meetings/${ballot.meetingId}/ballots/${ballot.id}/votes`,
        { choice },
      ),
    onSuccess: onVoted,
  });
  if (ballot.votedByMyUnit || vote.isSuccess) {
    return <Alert type="success" showIcon title="Đơn vị đã bỏ phiếu" />;
  }
  return (
    <fieldset style={{ border: "1px solid #d9d9d9", borderRadius: 8, padding: 12 }}>
      <legend style={{ fontSize: 14, width: "auto", padding: "0 4px", margin: 0, border: 0 }}>
        Phiếu bầu của đơn vị (bỏ phiếu kín, mỗi đơn vị một phiếu)
      </legend>
      <Radio.Group
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        options={ballot.candidates.map((c) => ({ value: c, label: nameOf(c) }))}
        style={{ display: "flex", flexDirection: "column", gap: 8 }}
      />
      {vote.isError && (
        <Alert type="error" showIcon title={vote.error.message} style={{ marginTop: 8 }} />
      )}
      <Popconfirm
        title="Xác nhận bỏ phiếu"
        description={
          choice ? `Bỏ phiếu cho ${nameOf(choice)}? Phiếu đã bỏ không sửa được.` : undefined
        }
        okText="Bỏ phiếu"
        cancelText="Hủy"
        onConfirm={() => vote.mutate()}
        disabled={!choice}
      >
        <Tooltip title={choice ? undefined : "Chọn một đơn vị trước khi bỏ phiếu."}>
          <Button
            type="primary"
            disabled={!choice}
            loading={vote.isPending}
            style={{ marginTop: 12 }}
          >
            Bỏ phiếu
          </Button>
        </Tooltip>
      </Popconfirm>
    </fieldset>
  );
}

/** Annul a ballot opened by mistake, before it closes, with a reason. */
function AnnulBallot({
  ballot,
  meeting,
  onDone,
}: {
  ballot: Ballot;
  meeting: MeetingDetail;
  onDone: () => Promise<unknown>;
}) {
  const periodId = usePeriodId();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const annul = useMutation({
    mutationFn: (v: { reason: string }) =>
      api("POST", `/api/periods/${periodId}/meetings/${meeting.id}/ballots/${ballot.id}/annul`, v),
    onSuccess: async () => {
      setOpen(false);
      await onDone();
    },
  });
  return (
    <>
      <Button style={{ marginTop: 12, marginRight: 8 }} onClick={() => setOpen(true)}>
        Hủy cuộc bỏ phiếu
      </Button>
      <Modal
        open={open}
        title="Hủy cuộc bỏ phiếu mở nhầm"
        okText="Hủy cuộc bỏ phiếu"
        okButtonProps={{ danger: true }}
        cancelText="Đóng"
        confirmLoading={annul.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          Các phiếu đã bỏ ({ballot.voted}) sẽ không được tính; có thể mở một cuộc bỏ phiếu mới.
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => annul.mutate(v)}>
          <Form.Item
            name="reason"
            label="Lý do hủy"
            rules={[{ required: true, whitespace: true, message: "Ghi lý do hủy cuộc bỏ phiếu." }]}
          >
            <Input maxLength={2000} />
          </Form.Item>
          {annul.isError && <Alert type="error" showIcon title={annul.error.message} />}
        </Form>
      </Modal>
    </>
  );
}

function BallotItem({
  ballot,
  meeting,
  leadership,
  units,
  awards,
}: {
  ballot: Ballot;
  meeting: MeetingDetail;
  leadership: boolean;
  units: Units;
  awards: Record<string, string>;
}) {
  const periodId = usePeriodId();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const period = usePeriod();
  const w = useClusterWords();
  const names = new Map(units.map((u) => [u.code, u.name]));
  const nameOf = (code: string) => names.get(code) ?? code;
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ["period", periodId, "meetings", meeting.id] });
  const close = useMutation({
    mutationFn: () =>
      api("POST", `/api/periods/${periodId}/meetings/${meeting.id}/ballots/${ballot.id}/close`),
    onSuccess: async () => {
      await refresh();
      // the outcome changes the results (award ballots) and the elections
      await queryClient.invalidateQueries({ queryKey: ["period", periodId] });
    },
  });
  const mine = meeting.attendance.units.find((u) => u.unitId === user.unitId);
  const canVote =
    user.role === "unit" && Boolean(period.data?.you.memberRole) && mine?.present === true;
  const open = ballot.status === "open";

  return (
    <Card type="inner" style={{ marginBottom: 12 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ fontSize: 15, margin: 0 }}>
          {w(ballotTitle(ballot, awards))}
        </Typography.Title>
        {open ? (
          <Tag color="blue">Đang bỏ phiếu</Tag>
        ) : ballot.status === "annulled" ? (
          <Tag color="red">Đã hủy</Tag>
        ) : (
          <Tag>Đã kết thúc</Tag>
        )}
      </Space>
      <Typography.Paragraph>
        Ứng viên: {ballot.candidates.map(nameOf).join("; ")}.
        <br />
        Mở lúc {formatDateTime(ballot.openedAt)}
        {ballot.closedAt && `, kết thúc lúc ${formatDateTime(ballot.closedAt)}`}.
      </Typography.Paragraph>
      {open && (
        <>
          <Typography.Paragraph strong aria-live="polite">
            Đã có {ballot.voted}/{meeting.attendance.present} đơn vị có mặt bỏ phiếu.
          </Typography.Paragraph>
          {canVote && (
            <VoteForm
              ballot={ballot}
              nameOf={nameOf}
              onVoted={async () => void (await refresh())}
            />
          )}
          {user.role === "unit" && !canVote && (
            <Typography.Paragraph type="secondary">
              Chỉ đơn vị thành viên có mặt tại cuộc họp (theo điểm danh) mới được bỏ phiếu.
            </Typography.Paragraph>
          )}
          {close.isError && (
            <Alert type="error" showIcon title={close.error.message} style={{ marginTop: 8 }} />
          )}
          {leadership && <AnnulBallot ballot={ballot} meeting={meeting} onDone={refresh} />}
          {leadership ? (
            <Popconfirm
              title="Kết thúc bỏ phiếu và kiểm phiếu?"
              description="Sau khi kết thúc, không nhận thêm phiếu."
              okText="Kết thúc"
              cancelText="Hủy"
              onConfirm={() => close.mutate()}
            >
              <Button danger loading={close.isPending} style={{ marginTop: 12 }}>
                Kết thúc và kiểm phiếu
              </Button>
            </Popconfirm>
          ) : (
            <Tooltip title={w("Chỉ Cụm trưởng, Cụm phó kết thúc cuộc bỏ phiếu.")}>
              <Button disabled style={{ marginTop: 12 }}>
                Kết thúc và kiểm phiếu
              </Button>
            </Tooltip>
          )}
        </>
      )}
      {ballot.status === "closed" && <BallotOutcome ballot={ballot} nameOf={nameOf} />}
      {ballot.status === "annulled" && (
        <Typography.Paragraph type="secondary">
          Cuộc bỏ phiếu đã được hủy, các phiếu không được tính. Lý do: {ballot.annulReason}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Secret ballots of the meeting: open one, vote, close and see the outcome. */
export function BallotsCard({
  meeting,
  leadership,
  units,
}: {
  meeting: MeetingDetail;
  leadership: boolean;
  units: Units;
}) {
  const period = usePeriod();
  const w = useClusterWords();
  const [opening, setOpening] = useState(false);
  const awards = awardLabels(period.data?.period.schemeId);
  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          Bỏ phiếu kín
        </Typography.Title>
      }
      extra={
        <Tooltip title={leadership ? undefined : w("Chỉ Cụm trưởng, Cụm phó mở cuộc bỏ phiếu.")}>
          <Button disabled={!leadership} onClick={() => setOpening(true)}>
            Mở cuộc bỏ phiếu
          </Button>
        </Tooltip>
      }
    >
      {meeting.ballots.length === 0 && <Empty description="Chưa có cuộc bỏ phiếu nào." />}
      {[...meeting.ballots]
        .sort((a, b) => Number(b.status === "open") - Number(a.status === "open") || b.id - a.id)
        .map((b) => (
          <BallotItem
            key={b.id}
            ballot={b}
            meeting={meeting}
            leadership={leadership}
            units={units}
            awards={awards}
          />
        ))}
      {opening && (
        <OpenBallotModal
          meeting={meeting}
          units={units}
          awards={awards}
          onClose={() => setOpening(false)}
        />
      )}
    </Card>
  );
}
