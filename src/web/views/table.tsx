import type { ComponentChildren } from 'preact';

/**
 * Every table in the views: the table scrolls sideways inside its own labelled region when
 * it is wider than the screen, so the page itself never does (WCAG 1.4.10, ADR 0019). The
 * region is focusable so a keyboard can scroll it, and named by the caption so a screen
 * reader says which table it is.
 */
export function Table({ caption, hideCaption, class: className, children }: { caption: string; hideCaption?: boolean; class?: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class={className}>
        <caption class={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
