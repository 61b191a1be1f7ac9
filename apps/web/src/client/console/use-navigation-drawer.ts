"use client";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";

/** Tailwind's `lg`: from this width the navigation is a sidebar, below it a drawer behind the menu button. */
export const SIDEBAR_MEDIA = "(min-width: 1024px)";

/**
 * Open state of the navigation drawer on phones and tablets. It closes when the page changes (a
 * link was followed) and when the window grows to the sidebar's width, and the page behind it does
 * not scroll while it is open.
 */
export function useNavigationDrawer() {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const close = useCallback(() => setOpen(false), []);
  useEffect(close, [pathname, close]);
  useEffect(() => {
    const wide = window.matchMedia(SIDEBAR_MEDIA);
    const onChange = () => wide.matches && close();
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, [close]);
  useEffect(() => {
    document.body.classList.toggle("overflow-hidden", open);
    return () => document.body.classList.remove("overflow-hidden");
  }, [open]);
  return { open, toggle: () => setOpen((o) => !o), close };
}
