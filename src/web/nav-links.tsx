import { Link } from "react-router";

/**
 * A row of links that scrolls sideways on a small screen instead of folding into a menu whose
 * hidden items stay focusable; the current one is marked for screen readers too. `layout`
 * "wrap" folds the row onto a second line instead (none hidden beyond the edge), "column" puts
 * one link a line (the phone's menu drawer).
 */
export function NavLinks({
  label,
  items,
  selected,
  dark = false,
  layout = "row",
  onNavigate,
}: {
  label: string;
  items: { key: string; text: string }[];
  selected: string | undefined;
  dark?: boolean;
  layout?: "row" | "wrap" | "column";
  /** Called when a link is followed (a drawer closes). */
  onNavigate?(): void;
}) {
  const style: React.CSSProperties =
    layout === "row"
      ? { overflowX: "auto", whiteSpace: "nowrap", minWidth: 0, flex: 1 }
      : layout === "wrap"
        ? { display: "flex", flexWrap: "wrap", minWidth: 0, flex: 1 }
        : { display: "flex", flexDirection: "column" };
  return (
    <nav aria-label={label} style={style}>
      {items.map((item) => {
        const current = item.key === selected;
        const color = dark ? "#fff" : current ? "#0958d9" : "rgba(0, 0, 0, 0.88)";
        const column = layout === "column";
        return (
          <Link
            key={item.key}
            to={item.key}
            aria-current={current ? "page" : undefined}
            onClick={onNavigate}
            style={{
              display: "inline-block",
              padding: column ? "12px 12px" : dark ? "0 12px" : "8px 12px",
              color,
              fontWeight: current ? 600 : 400,
              ...(column
                ? {
                    borderLeft: current ? "3px solid #0958d9" : "3px solid transparent",
                    background: current ? "#e6f4ff" : undefined,
                  }
                : {
                    borderBottom: current
                      ? `2px solid ${dark ? "#fff" : "#0958d9"}`
                      : "2px solid transparent",
                  }),
              textDecoration: "none",
            }}
          >
            {item.text}
          </Link>
        );
      })}
    </nav>
  );
}
