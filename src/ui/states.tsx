import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

interface ErrorStateProps {
  title: string;
  /** A sentence for the person using the console. */
  message: string;
  /** Developer text (e.g. where an answer broke the contract), kept behind a Details disclosure. */
  details?: string | undefined;
  onRetry?: () => void;
}

export function ErrorState({ title, message, details, onRetry }: ErrorStateProps) {
  return (
    <div className="state state--error" role="alert">
      <AlertIcon width={22} height={22} />
      <p className="state__title">{title}</p>
      <p className="state__message">{message}</p>
      {details && (
        <details className="state__details">
          <summary>Details</summary>
          <code>{details}</code>
        </details>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" role="status">
      <p className="state__title">{title}</p>
      {children && <p className="state__message">{children}</p>}
    </div>
  );
}

/** Grey placeholder rows shaped like the content that is loading. */
export function SkeletonRows({ count, label }: { count: number; label: string }) {
  return (
    <div className="skeletons" role="status" aria-label={label} aria-busy="true">
      {Array.from({ length: count }, (_, index) => (
        <div className="skeleton-row" key={index}>
          <span className="skeleton skeleton--avatar" />
          <span className="skeleton skeleton--text" style={{ width: `${40 + ((index * 17) % 35)}%` }} />
          <span className="skeleton skeleton--icon" />
        </div>
      ))}
    </div>
  );
}
