import { useId } from "react";
import { blockName } from "~/domain/seating/seat-label";
import { layoutPlan, rowName, SEAT_H, SEAT_W, seatKey, type PlanBlock, type PlanOccupant } from "~/domain/seating/seating-plan";
import { useT } from "~/i18n/i18n";
import type { Language } from "../../db/schema";

/** A name cut to fit a seat's box: Korean names fit whole; long Latin names keep their start. */
function fitted(name: string): string {
  const chars = [...name];
  return chars.length <= 9 ? name : `${chars.slice(0, 8).join("")}…`;
}

/**
 * The seating plan drawn as SVG on the server: the stage, then each block with its seats, the
 * name of whoever sits there and the empty ones left blank. With `seatHref`, each seat links to
 * the assignment form (no JavaScript needed).
 */
export function SeatingPlan({
  blocks,
  occupants,
  language,
  seatHref,
  selected,
}: {
  blocks: PlanBlock[];
  occupants: PlanOccupant[];
  language: Language;
  seatHref?: (key: string) => string;
  selected?: string | null;
}) {
  const t = useT();
  const titleId = useId();
  const plan = layoutPlan(blocks);
  const byKey = new Map(occupants.map((occupant) => [seatKey(occupant.blockId, occupant.rowIndex, occupant.seatNumber), occupant]));
  const seated = occupants.length;
  const capacity = blocks.reduce((sum, block) => sum + block.rows * block.seats_per_row, 0);
  return (
    <svg
      className="seating-plan"
      viewBox={`-20 0 ${plan.width + 40} ${plan.height}`}
      role={seatHref ? "group" : "img"}
      aria-labelledby={titleId}
      width="100%"
      preserveAspectRatio="xMidYMin meet"
      style={{ maxHeight: "none" }}
    >
      <title id={titleId}>{t("seating.planSummary", { seated, capacity })}</title>
      <rect x={plan.width / 2 - 140} y={8} width={280} height={30} rx={4} className="seating-plan__stage" />
      <text x={plan.width / 2} y={28} textAnchor="middle" className="seating-plan__stage-text">
        {t("seating.stage")}
      </text>
      {plan.blocks.map((drawn) => (
        <g key={drawn.block.id} transform={`translate(${drawn.x} ${drawn.y})`} className={drawn.block.reserved_group ? "seating-plan__block seating-plan__block--reserved" : "seating-plan__block"}>
          <text x={drawn.width / 2} y={18} textAnchor="middle" className="seating-plan__block-name">
            {blockName(drawn.block, language)}
            {drawn.block.reserved_group ? ` · ${t("seating.reservedFor", { group: drawn.block.reserved_group })}` : ""}
          </text>
          {drawn.tables.map((table) => (
            <g key={table.number}>
              <circle cx={table.x} cy={table.y} r={40} className="seating-plan__table" />
              <text x={table.x} y={table.y + 5} textAnchor="middle" className="seating-plan__table-number">
                {t("seating.tableNumber", { number: table.number })}
              </text>
            </g>
          ))}
          {drawn.block.kind === "theatre"
            ? Array.from({ length: drawn.block.rows }, (_, row) => (
                <text key={row} x={6} y={28 + row * (SEAT_H + 6) + SEAT_H / 2 + 5} className="seating-plan__row-name">
                  {rowName("theatre", row)}
                </text>
              ))
            : null}
          {drawn.seats.map((seat) => {
            const occupant = byKey.get(seat.key);
            const label = occupant ? (occupant.companionIndex > 0 ? t("seating.companionOf", { name: occupant.name, number: occupant.companionIndex }) : occupant.name) : t("seating.emptySeat");
            const box = (
              <>
                <rect
                  x={seat.x}
                  y={seat.y}
                  width={SEAT_W}
                  height={SEAT_H}
                  rx={4}
                  className={`seating-plan__seat${occupant ? " seating-plan__seat--taken" : ""}${selected === seat.key ? " seating-plan__seat--selected" : ""}`}
                />
                <text x={seat.x + 4} y={seat.y + 11} className="seating-plan__code">
                  {seat.code}
                </text>
                <text x={seat.x + SEAT_W / 2} y={seat.y + 27} textAnchor="middle" className="seating-plan__name">
                  {occupant ? (occupant.companionIndex > 0 ? `+${occupant.companionIndex} ${fitted(occupant.name)}` : fitted(occupant.name)) : ""}
                </text>
                <title>{`${seat.code}: ${label}`}</title>
              </>
            );
            return seatHref ? (
              <a key={seat.key} href={seatHref(seat.key)} aria-label={`${seat.code}: ${label}`}>
                {box}
              </a>
            ) : (
              <g key={seat.key}>{box}</g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
