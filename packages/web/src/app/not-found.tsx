import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p className="lead">
        There is no page at this address. <Link href="/">Back to the home page</Link>.
      </p>
    </>
  );
}
