/** The signed-in user for every page, and signing in again in place when the session expires. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Modal } from "antd";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import {
  api,
  type SessionUser,
  setCsrfToken,
  whenPasswordChangeRequired,
  whenUnauthenticated,
} from "./api.ts";
import { SignInForm } from "./pages/sign-in/sign-in-form.tsx";

interface Session {
  user: SessionUser;
  signOut(): Promise<void>;
  /** After the user changed their password: the administrator's requirement is met. */
  passwordChanged(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function SessionProvider({ children, signIn }: { children: ReactNode; signIn: ReactNode }) {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const me = useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      const res = await api<{ user: SessionUser | null; csrfToken: string | null }>(
        "GET",
        "/api/auth/me",
      );
      setCsrfToken(res.csrfToken);
      return res.user;
    },
  });
  useEffect(() => whenUnauthenticated(() => setExpired(true)), []);
  // an administrator required a new password while the page was open: read the flag again
  useEffect(
    () =>
      whenPasswordChangeRequired(() => void queryClient.invalidateQueries({ queryKey: ["me"] })),
    [queryClient],
  );
  if (me.isPending) return null;
  if (!me.data) return <>{signIn}</>;
  const session: Session = {
    user: me.data,
    async signOut() {
      await api("POST", "/api/auth/logout", {});
      setCsrfToken(null);
      queryClient.clear();
      await me.refetch();
    },
    passwordChanged() {
      queryClient.setQueryData<SessionUser | null>(["me"], (u) =>
        u ? { ...u, mustChangePassword: false } : u,
      );
    },
  };
  return (
    <SessionContext.Provider value={session}>
      {children}
      <Modal open={expired} title="Phiên làm việc đã hết hạn" footer={null} closable={false}>
        <p>Vui lòng đăng nhập lại để tiếp tục; những gì bạn đang nhập vẫn được giữ nguyên.</p>
        <SignInForm
          onSignedIn={() => {
            setExpired(false);
            void queryClient.invalidateQueries();
          }}
        />
      </Modal>
    </SessionContext.Provider>
  );
}
