import { Alert, Button, Card, Col, Form, Input, List, Row, Switch, Tag, Typography } from "antd";
import { useEffect } from "react";
import { Link } from "react-router";
import { formatDateTime } from "../../format.ts";
import {
  type MailSettings,
  useMailSettings,
  useMarkRead,
  useNotifications,
  useSaveMailSettings,
} from "./notifications-data.ts";

/** Thông báo: what reached me, newest first (unread marked), and my daily digest by mail. */
export function NotificationsPage() {
  const notices = useNotifications();
  const markRead = useMarkRead();
  const items = notices.data?.items ?? [];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card
          loading={notices.isPending}
          title={
            <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
              Thông báo
            </Typography.Title>
          }
          extra={
            <Button
              disabled={(notices.data?.unread ?? 0) === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate(undefined)}
            >
              Đánh dấu đã đọc tất cả
            </Button>
          }
        >
          {notices.isError && <Alert type="error" showIcon title={notices.error.message} />}
          <List
            dataSource={items}
            locale={{ emptyText: "Chưa có thông báo nào." }}
            renderItem={(n) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <>
                      <Link
                        to={n.link}
                        onClick={() => !n.readAt && markRead.mutate([n.id])}
                        style={{ fontWeight: n.readAt ? "normal" : 600 }}
                      >
                        {n.title}
                      </Link>{" "}
                      {!n.readAt && <Tag color="blue">Mới</Tag>}
                    </>
                  }
                  description={`${formatDateTime(n.createdAt)} — ${n.body}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <MailCard />
      </Col>
    </Row>
  );
}

function MailCard() {
  const settings = useMailSettings();
  const save = useSaveMailSettings();
  const [form] = Form.useForm<{ email: string; emailDigest: boolean }>();
  useEffect(() => {
    if (settings.data) {
      form.setFieldsValue({
        email: settings.data.email ?? "",
        emailDigest: settings.data.emailDigest,
      });
    }
  }, [settings.data, form]);
  const data: MailSettings | undefined = settings.data;
  return (
    <Card title="Thư tổng hợp hằng ngày" loading={settings.isPending}>
      {data && !data.mailEnabled && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="Máy chủ chưa được cấu hình gửi thư: thông báo chỉ hiện trong phần mềm."
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{ email: "", emailDigest: true }}
      >
        <Form.Item
          label="Thư điện tử"
          name="email"
          rules={[{ type: "email", message: "Địa chỉ thư điện tử không hợp lệ" }]}
        >
          <Input type="email" autoComplete="email" placeholder="ten@coquan.gov.vn" />
        </Form.Item>
        <Form.Item label="Nhận thư tổng hợp hằng ngày" name="emailDigest" valuePropName="checked">
          <Switch />
        </Form.Item>
        {save.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={save.error.message} />
        )}
        {save.isSuccess && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title="Đã lưu." />
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          Lưu
        </Button>
      </Form>
    </Card>
  );
}
