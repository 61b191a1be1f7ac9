import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueryView, type QueryState } from "../src/query-view.tsx";

type Page = { total: number; names: string[] };

function render(query: QueryState<Page>, extra: { onRetry?: () => void; loadingLabel?: string } = {}) {
  const rendered: Page[] = [];
  const html = renderToStaticMarkup(
    createElement(QueryView<Page>, {
      query,
      isEmpty: (d) => d.total === 0,
      empty: createElement("p", null, "nothing here"),
      ...extra,
      children: (d): ReactNode => {
        rendered.push(d);
        return createElement("ul", null, d.names.join(","));
      },
    }),
  );
  return { html, rendered };
}

const failure = { message: "database unreachable" };

describe("QueryView", () => {
  it("shows the spinner while pending, with the default or a given label", () => {
    expect(render({ isPending: true, error: null, data: undefined }).html).toContain("Loading…");
    const { html, rendered } = render({ isPending: true, error: null, data: undefined }, { loadingLabel: "Loading devices…" });
    expect(html).toContain('role="status"');
    expect(html).toContain("Loading devices…");
    expect(rendered).toEqual([]);
  });

  it("shows the error's message, with a retry button only when given one", () => {
    const plain = render({ isPending: false, error: failure, data: undefined }).html;
    expect(plain).toContain('role="alert"');
    expect(plain).toContain("Something went wrong");
    expect(plain).toContain("database unreachable");
    expect(plain).not.toContain("Try again");
    expect(render({ isPending: false, error: failure, data: undefined }, { onRetry: () => {} }).html).toContain("Try again");
  });

  it("shows the error even when stale data is still there", () => {
    const { html, rendered } = render({ isPending: false, error: failure, data: { total: 1, names: ["a"] } });
    expect(html).toContain("database unreachable");
    expect(rendered).toEqual([]);
  });

  it("keeps the spinner while one of several combined queries still loads and another has failed", () => {
    const html = render({ isPending: true, error: failure, data: undefined }).html;
    expect(html).toContain("Loading…");
    expect(html).not.toContain("database unreachable");
  });

  it("shows the empty state when the data is empty, without rendering it", () => {
    const { html, rendered } = render({ isPending: false, error: null, data: { total: 0, names: [] } });
    expect(html).toBe("<p>nothing here</p>");
    expect(rendered).toEqual([]);
  });

  it("renders the data", () => {
    const data = { total: 2, names: ["a", "b"] };
    const { html, rendered } = render({ isPending: false, error: null, data });
    expect(html).toBe("<ul>a,b</ul>");
    expect(rendered).toEqual([data]);
  });

  it("treats a settled state without data as still loading", () => {
    expect(render({ isPending: false, error: null, data: undefined }).html).toContain("Loading…");
  });
});
