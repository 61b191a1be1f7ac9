import Link from "next/link";

export const metadata = { title: "Page not found" };

/** Any URL the console does not know: the brand, what happened, and ways back. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-50 to-brand-50 p-6">
      <div className="w-full max-w-md text-center">
        <Link href="/" className="text-2xl font-bold tracking-tight text-slate-900">
          Industry<span className="text-brand-600">OS</span>
        </Link>
        <div className="mt-8 rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
          <p className="text-sm font-semibold text-brand-600">404</p>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">This page does not exist</h1>
          <p className="mt-2 text-sm text-slate-600">
            The link may be mistyped, or what it pointed to was deleted or moved.
          </p>
          <div className="mt-6 flex flex-wrap justify-center gap-3">
            <Link
              href="/"
              className="inline-flex rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            >
              Back to the console
            </Link>
            <Link
              href="/devices"
              className="inline-flex rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Your devices
            </Link>
          </div>
        </div>
      </div>
    </main>
  );
}
