import { CheckIcon, CrossIcon } from '../../ui/icons';

const ITEMS = [
  { tone: 'inherited toggle--shows-grant', icon: <CheckIcon />, text: 'Inherited: granted' },
  { tone: 'inherited toggle--shows-deny', icon: <CrossIcon />, text: 'Inherited: denied' },
  { tone: 'grant', icon: <CheckIcon />, text: 'Granted for this flow' },
  { tone: 'deny', icon: <CrossIcon />, text: 'Denied for this flow' },
];

export function Legend() {
  return (
    <div className="legend">
      <ul className="legend__items" aria-label="Legend">
        {ITEMS.map((item) => (
          <li key={item.text} className="legend__item">
            <span className={`toggle toggle--static toggle--${item.tone}`} aria-hidden="true">
              {item.icon}
            </span>
            {item.text}
          </li>
        ))}
      </ul>
      <p className="legend__hint">
        Click an icon to cycle: inherited → granted → denied → inherited. Each click saves at once. Ctrl+Z (⌘Z on a Mac) undoes
        the last change; F6 moves to its notice and back.
      </p>
    </div>
  );
}
