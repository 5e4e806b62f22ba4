import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import viVN from "antd/locale/vi_VN";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRoutes } from "./app.tsx";

dayjs.locale("vi");

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <ConfigProvider
      locale={viVN}
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
