import type { Metadata } from "next";
import { Calculator, History } from "./calculator";

export const metadata: Metadata = { title: "Calc" };

export default function Page() {
  return (
    <>
      <h1>Calc</h1>
      <p className="muted">
        Exact decimal arithmetic: 34 significant digits, rounded half to even, left to right. The same API is
        public at <a href="/docs#post-api-calc">POST /api/calc</a>.
      </p>
      <Calculator />
      <History />
    </>
  );
}
