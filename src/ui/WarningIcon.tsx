/** The Warning shape (a diamond with a cross): it decorates words that say the same, so screen readers skip it. */
export function WarningIcon({ className = "warning-icon" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true">
      <path d="M10 1l9 9-9 9-9-9z" fill="currentColor" />
      <path d="M7 7l6 6M13 7l-6 6" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
