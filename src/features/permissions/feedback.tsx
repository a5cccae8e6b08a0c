import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react';
import { useAfterPaint } from '../../ui/after-paint';
import { AlertIcon, CloseIcon } from '../../ui/icons';
import { usePrepared } from '../../ui/prepared';

export interface Notice {
  /** The row the notice is about: a failure or conflict on that row takes its toast away. */
  key?: string;
  message: string;
  /** A compensating action, e.g. restoring the previous value. */
  undo?: () => void;
  tone?: 'info' | 'warning';
}

/** Someone else changed a row: who and when, with the administrator's two ways out. */
export interface ConflictNotice {
  /** One notice per row: a newer one for the same row replaces it. */
  key: string;
  message: string;
  theirs: string;
  mine: string;
  applyMine: () => void;
}

interface Feedback {
  /** Read out politely by screen readers, e.g. "Ana Silva: granted". */
  announce: (message: string) => void;
  /**
   * Reports a failed save once, until the administrator dismisses it. Failures of one row (`key`)
   * share one alert that counts them.
   */
  fail: (key: string, message: string) => void;
  conflict: (notice: ConflictNotice) => void;
  /** Drops the row's conflict notice: the administrator decided (or the conflict went away). */
  resolve: (key: string) => void;
  /** A toast with an optional Undo; it never takes focus. */
  notify: (notice: Notice) => void;
  /** Changes the text of the row's toast, if it still shows (e.g. once the row's save settled). */
  retext: (key: string, message: string) => void;
  /**
   * The last change that still has an Undo (its toast's, which outlives the toast), as an opaque
   * mark: null when there is none; a new mark after each change.
   */
  lastUndoable: () => object | null;
  /** That Undo: the same compensating write as the toast's button and Ctrl/Cmd+Z. */
  undoLast: () => void;
}

const FeedbackContext = createContext<Feedback>({
  announce: () => {},
  fail: () => {},
  conflict: () => {},
  resolve: () => {},
  notify: () => {},
  retext: () => {},
  lastUndoable: () => null,
  undoLast: () => {},
});

export const useFeedback = () => useContext(FeedbackContext);

const TOAST_MS = 7000;
const MAX_ALERTS = 4;

type Alert = { kind: 'failure'; key: string; message: string; count: number } | ({ kind: 'conflict' } & ConflictNotice);

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [announcement, setAnnouncement] = useState('');
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [toast, setToast] = useState<(Notice & { id: number }) | null>(null);
  const nextId = useRef(0);
  /** The last change's Undo, for Ctrl/Cmd+Z: it outlives its toast. */
  const lastUndo = useRef<{ id: number; key?: string; undo: () => void } | null>(null);
  const toastRef = useRef<HTMLDivElement>(null);
  /** Where F6 came from, so that F6 again goes back there. */
  const focusBeforeToast = useRef<HTMLElement | null>(null);
  // The announcement and the toast follow the click's paint: the row's new state is what the eye
  // waits for, and rendering them first held that frame back.
  const later = useAfterPaint();
  const announce = useCallback((message: string) => later(() => setAnnouncement(message)), [later]);
  // An Undo for a change that did not happen would mislead: a row's failure or conflict drops its toast.
  const dropToastOf = (key: string) => {
    if (lastUndo.current?.key === key) lastUndo.current = null;
    setToast((current) => (current?.key === key ? null : current));
  };
  const fail = useCallback((key: string, message: string) => {
    dropToastOf(key);
    setAlerts((current) => {
      const same = current.find((alert) => alert.kind === 'failure' && alert.key === key);
      const count = same?.kind === 'failure' ? same.count + 1 : 1;
      return [...current.filter((alert) => alert !== same), { kind: 'failure' as const, key, message, count }].slice(-MAX_ALERTS);
    });
  }, []);
  const conflict = useCallback((notice: ConflictNotice) => {
    dropToastOf(notice.key);
    setAlerts((current) =>
      [
        ...current.filter((alert) => !(alert.kind === 'conflict' && alert.key === notice.key)),
        { kind: 'conflict' as const, ...notice },
      ].slice(-MAX_ALERTS),
    );
  }, []);
  const resolve = useCallback(
    // Called on every click: without a conflict to drop, the state stays the same and nothing re-renders.
    (key: string) =>
      setAlerts((current) => {
        const kept = current.filter((alert) => !(alert.kind === 'conflict' && alert.key === key));
        return kept.length === current.length ? current : kept;
      }),
    [],
  );
  const dismiss = (alert: Alert) => setAlerts((current) => current.filter((other) => other !== alert));
  const notify = useCallback(
    (notice: Notice) => {
      const id = ++nextId.current;
      // Ctrl/Cmd+Z works at once; the toast itself follows the paint.
      lastUndo.current = notice.undo ? { id, undo: notice.undo, ...(notice.key === undefined ? {} : { key: notice.key }) } : null;
      later(() => setToast({ ...notice, id }));
    },
    [later],
  );
  const closeToast = useCallback(() => {
    if (toastRef.current?.contains(document.activeElement)) focusBeforeToast.current?.focus();
    setToast(null);
  }, []);
  const undoLast = useCallback(() => {
    const last = lastUndo.current;
    lastUndo.current = null;
    last?.undo();
    closeToast();
  }, [closeToast]);
  // A dialog rendered ahead (prepared.ts) takes no keys until it opens: the page's own Ctrl+Z is the page's.
  useKeys(!usePrepared(), toastRef, focusBeforeToast, undoLast);
  const retext = useCallback(
    // After the paint, like `notify`: so a save that settles before its toast is shown still retexts it.
    (key: string, message: string) =>
      later(() => setToast((current) => (current?.key === key ? { ...current, message } : current))),
    [later],
  );
  const lastUndoable = useCallback(() => lastUndo.current, []);
  const value = useMemo(
    () => ({ announce, fail, conflict, resolve, notify, retext, lastUndoable, undoLast }),
    [announce, fail, conflict, resolve, notify, retext, lastUndoable, undoLast],
  );
  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <div className="sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      {/* The modal's foot: alerts, and the toast just above them, never over them. */}
      <div className="feedback">
        {alerts.length > 0 && (
          <div className="save-errors">
            {alerts.map((alert) =>
              alert.kind === 'failure' ? (
                <div className="save-error" role="alert" key={`failure:${alert.key}`}>
                  <AlertIcon />
                  <span>
                    {alert.message}
                    {alert.count > 1 && ` (${alert.count} changes could not be saved.)`}
                  </span>
                  <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(alert)}>
                    <CloseIcon />
                  </button>
                </div>
              ) : (
                <div className="save-error save-error--conflict" role="alert" key={`conflict:${alert.key}`}>
                  <AlertIcon />
                  <span>{alert.message}</span>
                  <button type="button" className="button button--small" onClick={() => dismiss(alert)}>
                    Keep theirs: {alert.theirs}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--primary"
                    onClick={() => {
                      dismiss(alert);
                      alert.applyMine();
                    }}
                  >
                    Apply mine: {alert.mine}
                  </button>
                </div>
              ),
            )}
          </div>
        )}
        {toast && <Toast key={toast.id} ref={toastRef} notice={toast} onUndo={undoLast} onDone={closeToast} />}
      </div>
    </FeedbackContext.Provider>
  );
}

/** Stays while the pointer or focus is on it, so Undo is never snatched away mid-reach. */
function Toast({
  ref,
  notice,
  onUndo,
  onDone,
}: {
  ref: Ref<HTMLDivElement>;
  notice: Notice;
  onUndo: () => void;
  onDone: () => void;
}) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(onDone, TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, onDone]);
  return (
    <div
      ref={ref}
      className={`toast toast--${notice.tone ?? 'info'}`}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {notice.tone === 'warning' && <AlertIcon />}
      <span className="toast__message">{notice.message}</span>
      {notice.undo && (
        <button type="button" className="button button--small toast__undo" onClick={onUndo}>
          Undo
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={onDone}>
        <CloseIcon />
      </button>
    </div>
  );
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.matches('input:not([type=checkbox]):not([type=radio]), textarea'));

/**
 * The keyboard's way to the last change: Ctrl/Cmd+Z undoes it (a text field keeps its own undo), and
 * F6 moves the focus to the toast and back (the toast stays while it has the focus).
 */
function useKeys(
  active: boolean,
  toast: RefObject<HTMLDivElement | null>,
  focusBefore: RefObject<HTMLElement | null>,
  undoLast: () => void,
) {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F6') {
        const element = toast.current;
        if (!element) return;
        event.preventDefault();
        if (element.contains(document.activeElement)) {
          focusBefore.current?.focus();
          return;
        }
        focusBefore.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        element.querySelector('button')?.focus();
        return;
      }
      const undoKey = (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z';
      if (!undoKey || isTextField(event.target)) return;
      event.preventDefault();
      undoLast();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, toast, focusBefore, undoLast]);
}
