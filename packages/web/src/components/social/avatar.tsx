import { mediaUrl } from "@/client/social";

/** A person's picture, or their initial on a colour of their own when they have none. */
export function Avatar({
  person,
  size = 40,
}: {
  person: { id: string; displayName: string; avatarKey: string | null };
  size?: number;
}) {
  const style = { width: size, height: size };
  if (person.avatarKey)
    // biome-ignore lint/performance/noImgElement: images are served by our own media redirect, not Next's optimizer.
    return <img className="avatar" src={mediaUrl(person.avatarKey)} alt="" style={style} />;
  let hash = 0;
  for (const c of person.id) hash = (hash * 31 + c.charCodeAt(0)) % 360;
  return (
    <span
      className="avatar avatar-initial"
      aria-hidden="true"
      style={{ ...style, fontSize: size * 0.45, background: `hsl(${hash} 55% 45%)` }}
    >
      {[...person.displayName.trim()][0]?.toUpperCase() ?? "?"}
    </span>
  );
}
