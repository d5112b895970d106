import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { GuestBanner } from "@/components/identity";
import { Nav } from "./nav";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bourse", template: "%s · Bourse" },
  description: "A market community: post and follow, watch tickers and their news, analyse prices.",
};

/**
 * Every page renders per request: the CSP nonce (proxy.ts) is new each time and Next puts it on the
 * page's scripts while rendering, so a page prerendered at build time would carry none and not run.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers>
          <header className="site-header">
            <Nav />
          </header>
          <GuestBanner />
          <main id="main" className="main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
