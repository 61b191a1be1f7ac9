import { describe, expect, it } from "vitest";
import { breakpointFor } from "../../src/dashboard/dashboard-grid.tsx";
import { responsiveLayouts, stackedLayout, twoUpLayout } from "../../src/dashboard/responsive-layouts.ts";

// A desktop layout: a chart and a value card side by side, a full-width table, two small cards.
const desktop = [
  { i: "card", x: 8, y: 0, w: 4, h: 2 },
  { i: "chart", x: 0, y: 0, w: 8, h: 4 },
  { i: "table", x: 0, y: 4, w: 12, h: 3 },
  { i: "gauge", x: 0, y: 7, w: 3, h: 3 },
  { i: "rpc", x: 3, y: 7, w: 3, h: 2 },
];

describe("stackedLayout", () => {
  it("puts each widget on its own full-width row in reading order, keeping heights", () => {
    expect(stackedLayout(desktop)).toEqual([
      { i: "chart", x: 0, y: 0, w: 12, h: 4 },
      { i: "card", x: 0, y: 4, w: 12, h: 2 },
      { i: "table", x: 0, y: 6, w: 12, h: 3 },
      { i: "gauge", x: 0, y: 9, w: 12, h: 3 },
      { i: "rpc", x: 0, y: 12, w: 12, h: 2 },
    ]);
  });
});

describe("twoUpLayout", () => {
  it("pairs narrow widgets, gives wide ones a row of their own, rows as tall as their taller widget", () => {
    expect(twoUpLayout(desktop)).toEqual([
      { i: "chart", x: 0, y: 0, w: 12, h: 4 },
      // The table after it is wide: the card has no neighbour and takes the whole row.
      { i: "card", x: 0, y: 4, w: 12, h: 2 },
      { i: "table", x: 0, y: 6, w: 12, h: 3 },
      { i: "gauge", x: 0, y: 9, w: 6, h: 3 },
      { i: "rpc", x: 6, y: 9, w: 6, h: 2 },
    ]);
  });

  it("gives the last narrow widget the whole row when it has no neighbour", () => {
    const three = [
      { i: "a", x: 0, y: 0, w: 4, h: 2 },
      { i: "b", x: 4, y: 0, w: 4, h: 3 },
      { i: "c", x: 8, y: 0, w: 4, h: 2 },
    ];
    expect(twoUpLayout(three)).toEqual([
      { i: "a", x: 0, y: 0, w: 6, h: 2 },
      { i: "b", x: 6, y: 0, w: 6, h: 3 },
      { i: "c", x: 0, y: 3, w: 12, h: 2 },
    ]);
  });

  it("never overlaps two widgets", () => {
    const many = Array.from({ length: 9 }, (_, n) => ({
      i: `w${n}`,
      x: (n % 4) * 3,
      y: n,
      w: 3 + (n % 3) * 3,
      h: 1 + (n % 4),
    }));
    const cells = new Set<string>();
    for (const p of twoUpLayout(many))
      for (let x = p.x; x < p.x + p.w; x++)
        for (let y = p.y; y < p.y + p.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
  });
});

describe("responsive layouts", () => {
  it("keeps the saved layout for a wide grid", () => {
    expect(responsiveLayouts(desktop).wide).toBe(desktop);
  });

  it("picks the breakpoint from the grid's width", () => {
    expect(breakpointFor(1072)).toBe("wide");
    expect(breakpointFor(700)).toBe("wide");
    expect(breakpointFor(600)).toBe("twoUp");
    expect(breakpointFor(358)).toBe("stacked");
  });
});
