import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AlertIcon, CloseIcon } from '../../ui/icons';

export interface Notice {
  message: string;
  /** A compensating action, e.g. restoring the previous value. */
  undo?: () => void;
  tone?: 'info' | 'warning';
}

interface Feedback {
  /** Read out politely by screen readers, e.g. "Ana Silva: granted". */
  announce: (message: string) => void;
  /** Shows a failed save until the administrator dismisses it. */
  fail: (message: string) => void;
  /** A toast with an optional Undo; it never takes focus. */
  notify: (notice: Notice) => void;
}

const FeedbackContext = createContext<Feedback>({ announce: () => {}, fail: () => {}, notify: () => {} });

export const useFeedback = () => useContext(FeedbackContext);

const TOAST_MS = 7000;

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [announcement, setAnnouncement] = useState('');
  const [errors, setErrors] = useState<{ id: number; message: string }[]>([]);
  const [toast, setToast] = useState<(Notice & { id: number }) | null>(null);
  const nextId = useRef(0);
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const fail = useCallback(
    (message: string) => setErrors((current) => [...current.slice(-2), { id: ++nextId.current, message }]),
    [],
  );
  const notify = useCallback((notice: Notice) => setToast({ ...notice, id: ++nextId.current }), []);
  const value = useMemo(() => ({ announce, fail, notify }), [announce, fail, notify]);
  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <div className="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      {errors.length > 0 && (
        <div className="save-errors">
          {errors.map((error) => (
            <div className="save-error" role="alert" key={error.id}>
              <AlertIcon />
              <span>{error.message}</span>
              <button
                type="button"
                className="icon-button"
                aria-label="Dismiss"
                onClick={() => setErrors((current) => current.filter((other) => other.id !== error.id))}
              >
                <CloseIcon />
              </button>
            </div>
          ))}
        </div>
      )}
      {toast && <Toast key={toast.id} notice={toast} onDone={() => setToast(null)} />}
    </FeedbackContext.Provider>
  );
}

/** Stays while the pointer or focus is on it, so Undo is never snatched away mid-reach. */
function Toast({ notice, onDone }: { notice: Notice; onDone: () => void }) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(onDone, TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, onDone]);
  return (
    <div
      className={`toast toast--${notice.tone ?? 'info'}`}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {notice.tone === 'warning' && <AlertIcon />}
      <span className="toast__message">{notice.message}</span>
      {notice.undo && (
        <button
          type="button"
          className="button button--small toast__undo"
          onClick={() => {
            notice.undo?.();
            onDone();
          }}
        >
          Undo
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={onDone}>
        <CloseIcon />
      </button>
    </div>
  );
}
