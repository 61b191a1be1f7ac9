"use client";
import { useState } from "react";

/** A read-only command or secret with a copy button; says "Copied" so the user knows it worked. */
export function CopyBox({ value, label, testId }: { value: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="space-y-1">
      {label && <p className="text-xs font-medium text-slate-500">{label}</p>}
      <div className="flex items-stretch overflow-hidden rounded-md ring-1 ring-slate-300">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 overflow-x-auto whitespace-pre bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100"
        >
          {value}
        </code>
        <button
          type="button"
          onClick={copy}
          className="bg-slate-100 px-3 text-xs font-medium text-slate-700 hover:bg-slate-200"
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
