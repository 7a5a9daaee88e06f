import { useT } from "~/i18n/i18n";

export interface AgendaOutlineItem {
  id: number;
  time: string;
  title: string;
}

/** The program in short (time and title), for the event's and the guest's pages. */
export function AgendaOutline({ items }: { items: AgendaOutlineItem[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <section className="agenda-outline" aria-labelledby="agenda-outline-title">
      <h2 id="agenda-outline-title">{t("agenda.title")}</h2>
      <ol className="agenda-outline__list">
        {items.map((item) => (
          <li key={item.id}>
            <span className="program__time">{item.time}</span> {item.title}
          </li>
        ))}
      </ol>
    </section>
  );
}
