import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useNavigate } from "react-router";
import { api } from "../../api.ts";
import { usePeriodId } from "../period/period-data.ts";
import {
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  type Meeting,
  type MeetingKind,
  vietnamIso,
} from "./meetings-data.ts";

interface Values {
  kind: MeetingKind;
  title: string;
  scheduledAt: Dayjs;
  place: string;
  agenda?: string;
  invited?: { name: string; role: string }[];
}

/** Schedule a meeting: kind, title, time (Vietnam's), place, agenda and invited delegates. */
export function ScheduleMeetingModal({ onClose }: { onClose: () => void }) {
  const periodId = usePeriodId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const schedule = useMutation({
    mutationFn: (v: Values) =>
      api<Meeting>("POST", `/api/periods/${periodId}/meetings`, {
        kind: v.kind,
        title: v.title,
        scheduledAt: vietnamIso(v.scheduledAt),
        place: v.place,
        agenda: v.agenda ?? "",
        invited: v.invited ?? [],
      }),
    onSuccess: (meeting) => {
      void queryClient.invalidateQueries({ queryKey: ["period", periodId, "meetings"] });
      navigate(`/ky/${periodId}/hop/${meeting.id}`);
    },
  });
  const required = (what: string) => [{ required: true, whitespace: true, message: what }];

  return (
    <Modal
      open
      title="Lên lịch cuộc họp"
      onCancel={onClose}
      width={640}
      footer={[
        <Button key="cancel" onClick={onClose}>
          Hủy
        </Button>,
        <Button key="ok" type="primary" loading={schedule.isPending} onClick={() => form.submit()}>
          Lên lịch
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => schedule.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind && !form.getFieldValue("title")) {
            form.setFieldValue("title", MEETING_KIND_LABELS[changed.kind]);
          }
        }}
      >
        <Form.Item
          name="kind"
          label="Loại cuộc họp"
          rules={[{ required: true, message: "Chọn loại cuộc họp." }]}
        >
          <Select
            options={MEETING_KINDS.map((k) => ({ value: k, label: MEETING_KIND_LABELS[k] }))}
            placeholder="Chọn loại cuộc họp"
          />
        </Form.Item>
        <Form.Item name="title" label="Tên cuộc họp" rules={required("Nhập tên cuộc họp.")}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item
          name="scheduledAt"
          label="Thời gian (giờ Việt Nam)"
          rules={[{ required: true, message: "Chọn ngày giờ họp." }]}
        >
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="DD/MM/YYYY HH:mm"
            style={{ width: "100%" }}
          />
        </Form.Item>
        <Form.Item name="place" label="Địa điểm" rules={required("Nhập địa điểm họp.")}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="agenda" label="Nội dung, chương trình họp">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Form.List name="invited">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, marginBottom: 8 }}>Đại biểu mời</legend>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap style={{ display: "flex" }}>
                  <Form.Item name={[field.name, "name"]} rules={required("Nhập họ tên đại biểu.")}>
                    <Input placeholder="Họ và tên" aria-label={`Họ tên đại biểu ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, "role"]} rules={required("Nhập chức vụ, cơ quan.")}>
                    <Input
                      placeholder="Chức vụ, cơ quan"
                      aria-label={`Chức vụ đại biểu ${i + 1}`}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} aria-label={`Bỏ đại biểu ${i + 1}`}>
                    Bỏ
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: "", role: "" })}>
                Thêm đại biểu mời
              </Button>
            </fieldset>
          )}
        </Form.List>
        {schedule.isError && (
          <Alert type="error" showIcon title={schedule.error.message} style={{ marginTop: 16 }} />
        )}
      </Form>
    </Modal>
  );
}
