import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import viVN from "antd/locale/vi_VN";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { config as zodConfig } from "zod/v4/core";
import { AppRoutes } from "./app.tsx";

dayjs.locale("vi");
// zod would probe whether it may compile code (`Function("")`): the page's CSP forbids it, and
// the probe alone reports a violation
zodConfig({ jitless: true });

/**
 * The page's Content-Security-Policy nonce (src/server/csp.ts): the server writes a fresh one
 * into each page. Ant Design's styles carry it (ConfigProvider `csp`), and so does every other
 * <style> element a script of the page creates: Ant Design's dialogs and tables also write
 * small <style> elements (locking the page's scroll, measuring the scroll bar) through a helper
 * that is given no nonce. A <style> in markup injected into the page still has none, and is
 * refused.
 */
const nonce =
  document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
if (nonce) {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (
    this: Document,
    tagName: string,
    options?: ElementCreationOptions,
  ) {
    const element = createElement.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof createElement;
}

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <ConfigProvider
      locale={viVN}
      csp={nonce ? { nonce } : undefined}
      theme={{
        // contrast of at least 4.5:1 for every text (WCAG AA); no animations to wait for
        token: {
          fontFamily: "Arial, 'Liberation Sans', sans-serif",
          colorPrimary: "#0958d9",
          colorLink: "#0958d9",
          colorTextSecondary: "rgba(0, 0, 0, 0.68)",
          colorTextDescription: "rgba(0, 0, 0, 0.68)",
          colorTextTertiary: "rgba(0, 0, 0, 0.62)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
          colorSuccessText: "#237804",
          colorWarningText: "#ad4e00",
          colorErrorText: "#cf1322",
          colorError: "#cf1322",
          colorLinkHover: "#003eb3",
          // hovered and pressed controls darken, never lighten below 4.5:1 on white
          colorPrimaryHover: "#003eb3",
          colorPrimaryActive: "#002c8c",
          motion: false,
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AppRoutes />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
