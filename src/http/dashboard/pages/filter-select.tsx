/** One choice of a filter list: what is sent, what is read, and how many rows it holds. */
export type FilterOption = { value: string; label: string; count?: number };

/**
 * A list filter's drop-down ("Tất cả" first), as every list page has one: units by kind, tickets
 * by kind, models by kind. The count beside a choice, when given, tells staff what it holds.
 */
export function FilterSelect(props: { id: string; label: string; name: string; options: FilterOption[]; selected: string | undefined }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">Tất cả</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.selected === o.value}>
            {o.count === undefined ? o.label : `${o.label} (${o.count})`}
          </option>
        ))}
      </select>
    </div>
  );
}
