"use client";
import { useEffect, useState } from "react";

/** The value, once it has stopped changing for `ms` (search boxes query once per pause, not per key). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
