import { useQuery } from "@tanstack/react-query";
import { Card, List, Typography } from "antd";
import { api } from "../../api.ts";
import { useSession } from "../../session.tsx";

interface LevelNode {
  id: number;
  name: string;
  clusters: { id: number; name: string; periods: { id: number; label: string }[] }[];
  children: LevelNode[];
}

function flatten(levels: LevelNode[]): LevelNode["clusters"] {
  return levels.flatMap((l) => [...l.clusters, ...flatten(l.children)]);
}

/** What do I have to do, by when: the clusters and years this user takes part in. */
export function HomePage() {
  const { user } = useSession();
  const tree = useQuery({
    queryKey: ["organisation"],
    queryFn: () => api<{ levels: LevelNode[] }>("GET", "/api/organisation"),
  });
  const clusters = tree.data ? flatten(tree.data.levels) : [];
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        Xin chào, {user.displayName}
      </Typography.Title>
      <List
        loading={tree.isPending}
        header="Cụm, Khối thi đua"
        dataSource={clusters}
        locale={{ emptyText: "Chưa có Cụm, Khối thi đua nào." }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={c.name}
              description={
                c.periods.map((p) => `Năm ${p.label}`).join(", ") || "Chưa có kỳ thi đua"
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
