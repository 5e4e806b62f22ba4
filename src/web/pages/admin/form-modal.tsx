import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Form, type FormInstance, Modal } from "antd";
import type { ReactNode } from "react";
import { ORGANISATION_KEYS } from "./admin-data.ts";

/**
 * A form in a dialog that sends one change to the server: the server's message beside the
 * button when it refuses, a notice and the lists refreshed when it accepts.
 */
export function FormModal<V extends object>({
  title,
  okText,
  done,
  initialValues,
  submit,
  onClose,
  children,
  form: given,
  width,
}: {
  title: string;
  okText: string;
  /** The notice once accepted. */
  done: string;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  form?: FormInstance<V>;
  width?: number;
}) {
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const send = useMutation({
    mutationFn: submit,
    onSuccess: async () => {
      message.success(done);
      await Promise.all(
        ORGANISATION_KEYS.map((k) => queryClient.invalidateQueries({ queryKey: k })),
      );
      onClose();
    },
  });
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText="Hủy"
      width={width}
      confirmLoading={send.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => send.mutate(v)}
      >
        {children}
      </Form>
      {send.isError && <Alert type="error" showIcon title={send.error.message} />}
    </Modal>
  );
}

export const required = (message: string) => [{ required: true, whitespace: true, message }];
