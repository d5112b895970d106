import type { Part } from "@/app/parts";

/** The page of a part that later work builds: what it will do, and plainly that it does not yet. */
export function Planned({ part }: { part: Part }) {
  return (
    <article className="planned">
      <h1>
        {part.name} <span className="badge badge-planned">not built yet</span>
      </h1>
      <p className="lead">{part.summary}</p>
      <h2>What it will do</h2>
      <ul>
        {part.plan.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="muted">Nothing here works yet: this part is planned and will be built in a later step.</p>
    </article>
  );
}
