import type { Metadata } from "next";
import { PriceDataHome } from "@/components/price-data/price-data-home";

export const metadata: Metadata = { title: "Price data" };

export default function Page() {
  return (
    <>
      <h1>Price data</h1>
      <p className="lead">
        Upload daily OHLCV prices. Every row is checked, refused rows are kept with their reasons, and each
        symbol gets its metrics, anomalies and a chart; the run ends with a summary and a report by email.
      </p>
      <PriceDataHome />
    </>
  );
}
