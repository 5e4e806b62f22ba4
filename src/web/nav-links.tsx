import { Link } from "react-router";

/**
 * A row of links that scrolls sideways on a small screen instead of folding into a menu whose
 * hidden items stay focusable; the current one is marked for screen readers too.
 */
export function NavLinks({
  label,
  items,
  selected,
  dark = false,
}: {
  label: string;
  items: { key: string; text: string }[];
  selected: string | undefined;
  dark?: boolean;
}) {
  return (
    <nav
      aria-label={label}
      style={{ overflowX: "auto", whiteSpace: "nowrap", minWidth: 0, flex: 1 }}
    >
      {items.map((item) => {
        const current = item.key === selected;
        const color = dark ? "#fff" : current ? "#0958d9" : "rgba(0, 0, 0, 0.88)";
        return (
          <Link
            key={item.key}
            to={item.key}
            aria-current={current ? "page" : undefined}
            style={{
              display: "inline-block",
              padding: dark ? "0 12px" : "8px 12px",
              color,
              fontWeight: current ? 600 : 400,
              borderBottom: current
                ? `2px solid ${dark ? "#fff" : "#0958d9"}`
                : "2px solid transparent",
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
