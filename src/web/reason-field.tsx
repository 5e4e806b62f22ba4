/**
 * The written reason a step asks for (withdrawing, reopening, sending back, settling…): a
 * labelled text area inside the dialog's vertical form, with what becomes of the reason below.
 */
import { Form, Input } from "antd";

export function ReasonField(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** Where the reason goes (the history, the audit…), said under the field. */
  extra?: string;
  required?: boolean;
  autoFocus?: boolean;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <Form.Item
      label={props.label}
      htmlFor={props.id}
      required={props.required ?? true}
      extra={props.extra}
    >
      <Input.TextArea
        id={props.id}
        autoFocus={props.autoFocus ?? true}
        rows={props.rows ?? 3}
        maxLength={props.maxLength ?? 2000}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Form.Item>
  );
}
