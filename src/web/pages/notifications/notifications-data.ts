/** The signed-in person's notifications and digest settings, through the API. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api.ts";

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

const KEY = ["me", "notifications"];

/** Asked again every minute, so the bell shows what arrived meanwhile. */
export function useNotifications() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => api<{ unread: number; items: Notification[] }>("GET", "/api/me/notifications"),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => api("POST", "/api/me/notifications/read", ids ? { ids } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export interface MailSettings {
  email: string | null;
  emailDigest: boolean;
  mailEnabled: boolean;
}

export function useMailSettings() {
  return useQuery({
    queryKey: ["me", "mail"],
    queryFn: () => api<MailSettings>("GET", "/api/me/mail"),
  });
}

export function useSaveMailSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: { email: string; emailDigest: boolean }) => api("PUT", "/api/me/mail", s),
    onSuccess: () => client.invalidateQueries({ queryKey: ["me", "mail"] }),
  });
}
