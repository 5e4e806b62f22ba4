import { Alert, Button, Form, Input, Select, Space, Table, Tag, Tooltip } from "antd";
import { useState } from "react";
import { api } from "../../api.ts";
import { formatDate } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { OK_TAG, WARN_TAG } from "../meetings/readable-theme.tsx";
import {
  type Account,
  ROLE_SCOPE,
  USER_ROLE_LABELS,
  type UserRole,
  useAccounts,
  useLevels,
  useUnits,
} from "./admin-data.ts";
import { FormModal, required } from "./form-modal.tsx";

interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  role: UserRole;
  unitId?: number;
  levelId?: number;
}

function CreateAccountModal({ onClose }: { onClose: () => void }) {
  const units = useUnits();
  const levels = useLevels();
  const [form] = Form.useForm<NewAccount>();
  const role = Form.useWatch("role", form) ?? "unit";
  const scope = ROLE_SCOPE[role];
  return (
    <FormModal<NewAccount>
      form={form}
      title="Tạo tài khoản"
      okText="Tạo tài khoản"
      done="Đã tạo tài khoản."
      initialValues={{ role: "unit" }}
      submit={(v) =>
        api("POST", "/api/users", {
          ...v,
          unitId: scope.unit ? (v.unitId ?? null) : null,
          levelId: scope.level ? (v.levelId ?? null) : null,
        })
      }
      onClose={onClose}
    >
      <Form.Item
        name="username"
        label="Tên đăng nhập"
        rules={[
          ...required("Nhập tên đăng nhập."),
          {
            pattern: /^[a-z0-9][a-z0-9._-]{2,49}$/,
            message:
              "Từ 3 đến 50 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
          },
        ]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label="Tên hiển thị" rules={required("Nhập tên hiển thị.")}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="password"
        label="Mật khẩu ban đầu"
        rules={[{ required: true, message: "Nhập mật khẩu." }]}
      >
        <Input.Password maxLength={200} autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="role" label="Vai trò">
        <Select
          options={(Object.keys(USER_ROLE_LABELS) as UserRole[]).map((r) => ({
            value: r,
            label: USER_ROLE_LABELS[r],
          }))}
        />
      </Form.Item>
      {scope.unit && (
        <Form.Item
          name="unitId"
          label="Đơn vị"
          rules={[{ required: true, message: "Chọn đơn vị." }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
      )}
      {scope.level && (
        <Form.Item
          name="levelId"
          label="Cấp hành chính"
          rules={[{ required: true, message: "Chọn cấp." }]}
        >
          <Select
            options={(levels.data?.levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

/** Accounts and their roles: create, deactivate, reset a password, require a new one. */
export function AccountsTab() {
  const { user } = useSession();
  const accounts = useAccounts();
  const units = useUnits();
  const levels = useLevels();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [deactivating, setDeactivating] = useState<Account | null>(null);
  const [requiring, setRequiring] = useState<Account | null>(null);
  const unitName = new Map((units.data?.units ?? []).map((u) => [u.id, u.name]));
  const levelName = new Map((levels.data?.levels ?? []).map((l) => [l.id, l.name]));
  return (
    <>
      {accounts.isError && <Alert type="error" showIcon title={accounts.error.message} />}
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        Tạo tài khoản
      </Button>
      <Table<Account>
        rowKey="id"
        size="small"
        loading={accounts.isPending}
        dataSource={accounts.data?.users ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1200 }}
        columns={[
          { title: "Tên đăng nhập", dataIndex: "username", width: 170 },
          { title: "Tên hiển thị", dataIndex: "displayName" },
          {
            title: "Vai trò",
            dataIndex: "role",
            width: 190,
            render: (r: UserRole) => USER_ROLE_LABELS[r],
          },
          {
            title: "Đơn vị, cấp",
            key: "scope",
            width: 220,
            render: (_, a) =>
              [a.unitId && unitName.get(a.unitId), a.levelId && levelName.get(a.levelId)]
                .filter(Boolean)
                .join(" — "),
          },
          {
            title: "Trạng thái",
            key: "status",
            width: 150,
            render: (_, a) => (
              <Space size={4} wrap>
                {a.active ? <Tag color={OK_TAG}>Đang dùng</Tag> : <Tag color="red">Đã khóa</Tag>}
                {a.mustChangePassword && <Tag color={WARN_TAG}>Phải đổi mật khẩu</Tag>}
              </Space>
            ),
          },
          {
            title: "Ngày tạo",
            dataIndex: "createdAt",
            width: 100,
            render: (v: string) => formatDate(v),
          },
          {
            title: "Thao tác",
            key: "actions",
            width: 300,
            render: (_, a) => (
              <Space wrap>
                <Button size="small" onClick={() => setResetting(a)}>
                  Đặt lại mật khẩu
                </Button>
                <Tooltip
                  title={
                    a.mustChangePassword
                      ? "Đã yêu cầu; người dùng chưa đổi mật khẩu."
                      : !a.active
                        ? "Tài khoản đã bị khóa."
                        : undefined
                  }
                >
                  <Button
                    size="small"
                    disabled={a.mustChangePassword || !a.active}
                    onClick={() => setRequiring(a)}
                  >
                    Yêu cầu đổi mật khẩu khi đăng nhập lần sau
                  </Button>
                </Tooltip>
                <Tooltip
                  title={
                    !a.active
                      ? "Tài khoản đã bị khóa."
                      : a.id === user.id
                        ? "Không thể tự khóa tài khoản đang dùng."
                        : undefined
                  }
                >
                  <Button
                    size="small"
                    danger
                    disabled={!a.active || a.id === user.id}
                    onClick={() => setDeactivating(a)}
                  >
                    Khóa
                  </Button>
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      {creating && <CreateAccountModal onClose={() => setCreating(false)} />}
      {resetting && (
        <FormModal<{ password: string }>
          title={`Đặt lại mật khẩu cho ${resetting.username}`}
          okText="Đặt lại"
          done="Đã đặt lại mật khẩu."
          submit={(v) => api("POST", `/api/users/${resetting.id}/password`, v)}
          onClose={() => setResetting(null)}
        >
          <Form.Item
            name="password"
            label="Mật khẩu mới"
            rules={[{ required: true, message: "Nhập mật khẩu mới." }]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        </FormModal>
      )}
      {requiring && (
        <FormModal<{ reason?: string }>
          title={`Yêu cầu ${requiring.username} đổi mật khẩu`}
          okText="Yêu cầu đổi mật khẩu"
          done="Đã yêu cầu đổi mật khẩu."
          submit={(v) =>
            api("POST", `/api/users/${requiring.id}/require-password-change`, {
              reason: v.reason ?? null,
            })
          }
          onClose={() => setRequiring(null)}
        >
          <p>
            Lần đăng nhập tới (và ngay ở phiên đang mở), {requiring.displayName} phải đặt mật khẩu
            mới trước khi dùng tiếp các chức năng khác.
          </p>
          <Form.Item name="reason" label="Lý do">
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </FormModal>
      )}
      {deactivating && (
        <FormModal<{ reason?: string }>
          title={`Khóa tài khoản ${deactivating.username}`}
          okText="Khóa tài khoản"
          done="Đã khóa tài khoản."
          submit={(v) =>
            api("POST", `/api/users/${deactivating.id}/deactivate`, { reason: v.reason ?? null })
          }
          onClose={() => setDeactivating(null)}
        >
          <p>
            {deactivating.displayName} sẽ không đăng nhập được nữa; các phiên đang mở kết thúc ngay.
          </p>
          <Form.Item name="reason" label="Lý do">
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
