import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on a narrow screen. The scrolling box is a named region in
 * the tab order, so a keyboard can reach it and scroll it with the arrow keys (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-label={label}>
      {children}
    </div>
  );
}
