import Link from "next/link";
import { HealthSummary } from "@/components/health-summary";
import { parts } from "./parts";

export default function Home() {
  return (
    <>
      <section className="hero">
        <h1>Bourse</h1>
        <p className="lead">
          A market community: people post, follow and talk, watch tickers and the sentiment of their news, get
          alerts, analyse price data and run calculations, and brokerage partners push their order feeds.
        </p>
        <p className="muted">
          Built so far: accounts (guest, password, magic link), the social network with its home feed, and the
          platform (health, metrics, the mail outbox, the API docs). The other parts are planned.
        </p>
      </section>
      <HealthSummary />
      <section aria-labelledby="parts-title">
        <h2 id="parts-title">The five parts</h2>
        <ul className="grid">
          {parts.map((part) => (
            <li key={part.href} className="card">
              <h3 className="card-title">
                <Link href={part.href}>{part.name}</Link>{" "}
                {part.built ? null : <span className="badge badge-planned">not built yet</span>}
              </h3>
              <p>{part.summary}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
