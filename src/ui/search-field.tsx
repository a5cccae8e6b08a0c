import { SearchIcon } from './icons';

interface SearchFieldProps {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  wide?: boolean;
  id?: string;
}

/** A search box with its icon; the label is its accessible name. */
export function SearchField({ label, placeholder = label, value, onChange, wide = false, id }: SearchFieldProps) {
  return (
    <div className={wide ? 'search search--wide' : 'search'}>
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
