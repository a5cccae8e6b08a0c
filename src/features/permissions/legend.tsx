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
      {/* Kept to one line: a taller legend leaves the users list less room. */}
      <p className="legend__hint">
        Click an icon to cycle inherited → granted → denied. Each click saves at once; Ctrl+Z undoes it, F6 reaches its notice.
      </p>
    </div>
  );
}
