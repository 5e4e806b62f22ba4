import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Modal, Radio, Select, Space, Typography } from "antd";
import { api } from "../../api.ts";
import { type PeriodOverview, useClusterWords, usePeriodId } from "../period/period-data.ts";
import {
  type Ballot,
  type BallotPurpose,
  type MeetingDetail,
  PURPOSE_LABELS,
} from "./meetings-data.ts";

interface Values {
  purpose: BallotPurpose;
  award?: string;
  candidates: string[];
}

/** Open a secret ballot: an award tie (the results say which), or next year's leader or deputy. */
export function OpenBallotModal({
  meeting,
  units,
  awards,
  onClose,
}: {
  meeting: MeetingDetail;
  units: PeriodOverview["units"];
  awards: Record<string, string>;
  onClose: () => void;
}) {
  const periodId = usePeriodId();
  const w = useClusterWords();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const purpose = Form.useWatch("purpose", form);
  const needed = useQuery({
    queryKey: ["period", periodId, "results"],
    queryFn: () =>
      api<{ ballotsNeeded: { award: string; candidates: string[] }[] }>(
        "GET",
        `/api/periods/${periodId}/results`,
      ),
    retry: false,
  });
  const open = useMutation({
    mutationFn: (v: Values) =>
      api<Ballot>("POST", `/api/periods/${periodId}/meetings/${meeting.id}/ballots`, {
        purpose: v.purpose,
        award: v.purpose === "award" ? (v.award ?? null) : null,
        candidates: v.candidates,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({
        queryKey: ["period", periodId, "meetings", meeting.id],
      });
      onClose();
    },
  });
  const nameOf = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  const suggestions = needed.data?.ballotsNeeded ?? [];

  return (
    <Modal
      open
      title="Mở cuộc bỏ phiếu kín"
      onCancel={onClose}
      width={600}
      footer={[
        <Button key="cancel" onClick={onClose}>
          Hủy
        </Button>,
        <Button key="ok" type="primary" loading={open.isPending} onClick={() => form.submit()}>
          Mở bỏ phiếu
        </Button>,
      ]}
    >
      {suggestions.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="Kết quả bình xét cần bỏ phiếu"
          description={
            <Space orientation="vertical">
              {suggestions.map((s) => (
                <Space key={s.award} wrap>
                  <Typography.Text>
                    {awards[s.award] ?? s.award}: {s.candidates.map(nameOf).join(", ")}
                  </Typography.Text>
                  <Button
                    size="small"
                    onClick={() =>
                      form.setFieldsValue({
                        purpose: "award",
                        award: s.award,
                        candidates: s.candidates,
                      })
                    }
                  >
                    Dùng
                  </Button>
                </Space>
              ))}
            </Space>
          }
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ purpose: "award", candidates: [] }}
        onFinish={(v) => open.mutate(v)}
      >
        <Form.Item name="purpose" label="Nội dung bỏ phiếu">
          <Radio.Group
            options={(["award", "leader", "deputy"] as const).map((p) => ({
              value: p,
              label: w(PURPOSE_LABELS[p]),
            }))}
          />
        </Form.Item>
        {purpose === "award" && (
          <Form.Item
            name="award"
            label="Danh hiệu"
            rules={[{ required: true, message: "Chọn danh hiệu cần bỏ phiếu." }]}
          >
            <Select
              placeholder="Chọn danh hiệu"
              options={Object.entries(awards).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="candidates"
          label="Đơn vị ứng cử"
          rules={[
            {
              validator: (_, v: string[] | undefined) =>
                (v?.length ?? 0) >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error("Chọn ít nhất hai đơn vị.")),
            },
          ]}
        >
          <Select
            mode="multiple"
            placeholder="Chọn các đơn vị"
            options={units.map((u) => ({ value: u.code, label: u.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
        {open.isError && <Alert type="error" showIcon title={open.error.message} />}
      </Form>
    </Modal>
  );
}
