/** What became of an invitee's latest invitation email ("sending" shows as queued). Shared by server and page. */
export const DELIVERY_STATUSES = ["not-invited", "queued", "sent", "stored", "failed", "uncertain", "withdrawn"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === "string" && (DELIVERY_STATUSES as readonly string[]).includes(value);
}
