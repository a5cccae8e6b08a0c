import { SearchIcon } from './icons';

interface SearchFieldProps {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  wide?: boolean;
  id?: string;
}

/**
 * A wide field has a fixed basis and never grows: growing into the toolbar's free space made it change
 * width whenever a sibling (the users' count) changed its text. It still shrinks on a narrow screen.
 */
const WIDE = { flex: '0 1 360px' } as const;

/** A search box with its icon; the label is its accessible name. */
export function SearchField({ label, placeholder = label, value, onChange, wide = false, id }: SearchFieldProps) {
  return (
    <div className={wide ? 'search search--wide' : 'search'} style={wide ? WIDE : undefined}>
      <SearchIcon className="search__icon" />
      <input
        type="search"
        id={id}
        className="input search__input"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
