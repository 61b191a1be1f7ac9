import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { QueryView, retryOf, type QueryState } from "../src/query-view.tsx";

type Page = { total: number; names: string[] };

type Extra = { onRetry?: (() => void) | false; loadingLabel?: string; errorTitle?: string };

function props(query: QueryState<Page>, extra: Extra, rendered: Page[] = []) {
  return {
    query,
    isEmpty: (d: Page) => d.total === 0,
    empty: createElement("p", null, "nothing here"),
    ...extra,
    children: (d: Page): ReactNode => {
      rendered.push(d);
      return createElement("ul", null, d.names.join(","));
    },
  };
}

function render(query: QueryState<Page>, extra: Extra = {}) {
  const rendered: Page[] = [];
  const html = renderToStaticMarkup(createElement(QueryView<Page>, props(query, extra, rendered)));
  return { html, rendered };
}

/** Runs what "Try again" does (QueryView's button adds only showing it in flight, which the browser tests cover). */
function clickRetry(query: QueryState<Page>, extra: Extra = {}) {
  const retry = retryOf(query, extra.onRetry);
  if (!retry) throw new Error("no Try again offered");
  retry();
}

const failure = { message: "database unreachable" };

describe("QueryView", () => {
  it("shows the spinner while pending, with the default or a given label", () => {
    expect(render({ isPending: true, error: null, data: undefined }).html).toContain("Loading…");
    const { html, rendered } = render(
      { isPending: true, error: null, data: undefined },
      { loadingLabel: "Loading devices…" },
    );
    expect(html).toContain('role="status"');
    expect(html).toContain("Loading devices…");
    expect(rendered).toEqual([]);
  });

  it("shows the error's message, without a retry button when nothing can retry", () => {
    const plain = render({ isPending: false, error: failure, data: undefined }).html;
    expect(plain).toContain('role="alert"');
    expect(plain).toContain("Something went wrong");
    expect(plain).toContain("database unreachable");
    expect(plain).not.toContain("Try again");
  });

  it('heads the error with a given title instead of "Something went wrong"', () => {
    const html = render(
      { isPending: false, error: failure, data: undefined, refetch: vi.fn() },
      { errorTitle: "Could not load your account" },
    ).html;
    expect(html).toContain("Could not load your account");
    expect(html).not.toContain("Something went wrong");
    expect(html).toContain("database unreachable");
    expect(html).toContain("Try again");
  });

  it("offers Try again on an error when the query can refetch, and it refetches the query (without the click event)", () => {
    const refetch = vi.fn((options?: { cancelRefetch?: boolean }) => Promise.resolve(options));
    const query = { isPending: false, error: failure, data: undefined, refetch };
    expect(render(query).html).toContain("Try again");
    clickRetry(query);
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(refetch).toHaveBeenCalledWith();
  });

  it("offers Try again on an error with stale data too", () => {
    const refetch = vi.fn();
    const query = { isPending: false, error: failure, data: { total: 1, names: ["a"] }, refetch };
    expect(render(query).html).toContain("Try again");
    clickRetry(query);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it("calls a given onRetry instead of the query's refetch", () => {
    const refetch = vi.fn();
    const onRetry = vi.fn();
    clickRetry({ isPending: false, error: failure, data: undefined, refetch }, { onRetry });
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(refetch).not.toHaveBeenCalled();
    expect(render({ isPending: false, error: failure, data: undefined }, { onRetry }).html).toContain("Try again");
  });

  it("offers no Try again when the caller opts out", () => {
    const refetch = vi.fn();
    expect(
      render({ isPending: false, error: failure, data: undefined, refetch }, { onRetry: false }).html,
    ).not.toContain("Try again");
    expect(() =>
      clickRetry({ isPending: false, error: failure, data: undefined, refetch }, { onRetry: false }),
    ).toThrow("no Try again");
  });

  it("offers no Try again while loading, when empty or with data", () => {
    const refetch = vi.fn();
    expect(render({ isPending: true, error: null, data: undefined, refetch }).html).not.toContain("Try again");
    expect(render({ isPending: false, error: null, data: { total: 0, names: [] }, refetch }).html).not.toContain(
      "Try again",
    );
    expect(render({ isPending: false, error: null, data: { total: 1, names: ["a"] }, refetch }).html).not.toContain(
      "Try again",
    );
    expect(refetch).not.toHaveBeenCalled();
  });

  it("shows the error above the data it still has when a refetch failed", () => {
    const data = { total: 1, names: ["a"] };
    const { html, rendered } = render({ isPending: false, error: failure, data });
    expect(html).toContain("database unreachable");
    expect(html.indexOf("database unreachable")).toBeLessThan(html.indexOf("<ul>a</ul>"));
    expect(rendered).toEqual([data]);
  });

  it("shows Try again as retrying, disabled and busy, while the query fetches again", () => {
    const html = render({ isPending: false, error: failure, data: undefined, isFetching: true, refetch: vi.fn() }).html;
    expect(html).toContain("database unreachable");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-busy="true"[^>]*>Retrying…<\/button>/);
    expect(
      render({ isPending: false, error: failure, data: undefined, isFetching: false, refetch: vi.fn() }).html,
    ).not.toContain("Retrying…");
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
