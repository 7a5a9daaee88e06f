import { useT } from "~/i18n/i18n";

interface Column {
  index: number;
  label: string;
  field: string | null;
}

/** One select per column of an uploaded list: which field it holds, or "ignore". */
export function ColumnMapping<F extends string>({ columns, fields, fieldLabel }: { columns: Column[]; fields: readonly F[]; fieldLabel: (field: F) => string }) {
  const t = useT();
  return (
    <div className="mapping__grid">
      {columns.map((column) => (
        <div className="field" key={column.index}>
          <label htmlFor={`map-${column.index}`}>{column.label || t("import.column", { n: column.index + 1 })}</label>
          <select id={`map-${column.index}`} name={`map.${column.index}`} defaultValue={column.field ?? ""}>
            <option value="">{t("import.field.ignore")}</option>
            {fields.map((field) => (
              <option key={field} value={field}>
                {fieldLabel(field)}
              </option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

/** The mapping the preview was made with, carried along when the organizer confirms. */
export function MappingInputs({ columns }: { columns: Column[] }) {
  return (
    <>
      {columns.map((column) => (
        <input key={column.index} type="hidden" name={`map.${column.index}`} value={column.field ?? ""} />
      ))}
    </>
  );
}

/** Rows that repeat an earlier row of the same file, by line. */
export function ImportDuplicates({ duplicates }: { duplicates: Array<{ line: number; duplicateOfLine: number }> }) {
  const t = useT();
  if (duplicates.length === 0) return null;
  return (
    <>
      <h2>{t("import.duplicatesTitle")}</h2>
      <ul>
        {duplicates.map((duplicate) => (
          <li key={duplicate.line}>{t("import.duplicateLine", { line: duplicate.line, duplicateOfLine: duplicate.duplicateOfLine })}</li>
        ))}
      </ul>
    </>
  );
}
