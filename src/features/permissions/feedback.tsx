import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { AlertIcon, CloseIcon } from '../../ui/icons';

interface Feedback {
  /** Read out politely by screen readers, e.g. "Ana Silva: granted". */
  announce: (message: string) => void;
  /** Shows a failed save until the administrator dismisses it. */
  fail: (message: string) => void;
}

const FeedbackContext = createContext<Feedback>({ announce: () => {}, fail: () => {} });

export const useFeedback = () => useContext(FeedbackContext);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [announcement, setAnnouncement] = useState('');
  const [errors, setErrors] = useState<{ id: number; message: string }[]>([]);
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const fail = useCallback(
    (message: string) => setErrors((current) => [...current.slice(-2), { id: Date.now() + Math.random(), message }]),
    [],
  );
  const value = useMemo(() => ({ announce, fail }), [announce, fail]);
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
    </FeedbackContext.Provider>
  );
}
