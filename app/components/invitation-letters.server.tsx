import { renderToStaticMarkup } from "react-dom/server";
import type { Language } from "../../db/schema";
import type { InvitationLetter as Letter, LetterEvent } from "~/domain/invitations/invitation-letters.server";
import { translator, type Locale } from "~/i18n/i18n";
import { drawQrBatch, type QrBatchDrawing } from "~/lib/qr-batch.server";
import { InvitationLetter, type LetterView } from "./invitation-letter";

/*
 * The letters page, streamed. A print run can be a letter for each of 10,000 invitees (34 MB of
 * HTML): rendered by React through Remix, every letter went through React one by one and then
 * a second time as the data the page starts from, 3 s in all. Here React renders the document
 * once and a letter once per language (and size of QR code), with marked slots where a person's
 * own text goes; each letter is that markup with the slots filled, escaped as React escapes, and
 * the letters go out a batch at a time as the client reads them.
 */

type Slot = "addressee" | "name" | "link" | "qr";

// Private-use characters: React leaves them alone, and nobody types them. Markup is split at
// the slots once, before any value goes in, so a value holding a marker is still only text.
const mark = (slot: Slot | "letters") => `\uE000${slot}\uE000`;
const SLOTS = /\uE000(addressee|name|link|qr)\uE000/;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeHtml = (text: string) => (/[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char]!) : text);

/** Appends one letter's markup, as UTF-8, to a batch's pieces. */
type Fill = (letter: Letter, qrPath: Buffer, into: Buffer[]) => void;

function compile(language: Language, side: number, event: LetterEvent): Fill {
  const template: LetterView = { language, addressee: mark("addressee"), name: mark("name"), link: mark("link"), qr: { side, path: mark("qr") } };
  const pieces = renderToStaticMarkup(<InvitationLetter letter={template} event={event} />).split(SLOTS);
  const markup = pieces.filter((_, i) => i % 2 === 0).map((piece) => Buffer.from(piece));
  const slots = pieces.filter((_, i) => i % 2 === 1) as Slot[];
  return (letter, qrPath, into) => {
    into.push(markup[0]!);
    slots.forEach((slot, i) => {
      // The path is ours: digits and letters only, in ASCII.
      into.push(slot === "qr" ? qrPath : Buffer.from(escapeHtml(letter[slot])), markup[i + 1]!);
    });
  };
}

/** Fills in each letter's markup, reusing the markup of one language and code size for the next. */
function letterFiller(event: Record<Language, LetterEvent>): (letter: Letter, qr: QrBatchDrawing, into: Buffer[]) => void {
  const templates = new Map<string, Fill>();
  return (letter, qr, into) => {
    const key = `${letter.language}:${qr.side}`;
    let fill = templates.get(key);
    if (!fill) templates.set(key, (fill = compile(letter.language, qr.side, event[letter.language])));
    fill(letter, qr.path, into);
  };
}

export interface LettersDocumentInput {
  event: Record<Language, LetterEvent>;
  letters: Letter[];
  /** The page's language (the toolbar's); each letter is in its invitee's. */
  locale: Locale;
  title: string;
  backTo: string;
  stylesheets: string[];
}

function LettersDocument({ locale, title, backTo, stylesheets, count }: Omit<LettersDocumentInput, "event" | "letters"> & { count: number }) {
  const t = translator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {/* The letters carry personal links: never indexed, nor leaked through Referer. */}
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {stylesheets.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body>
        <main id="main" className="letters">
          <div className="letters-toolbar">
            <p>
              <a href={backTo}>← {t("invitee.title")}</a>
            </p>
            <h1>{t("letter.pageTitle")}</h1>
            <p role="status">{t("letter.count", { count })}</p>
            {count > 0 ? (
              // Shown by public/print-button.js; without scripts the browser's own Print does the same.
              <button type="button" className="button button--primary" data-print hidden>
                {t("letter.print")}
              </button>
            ) : null}
            <p className="field__hint">{t("letter.printHint")}</p>
          </div>
          {count === 0 ? <p className="notice notice--info">{t("letter.none")}</p> : mark("letters")}
        </main>
        <script src="/print-button.js" defer />
      </body>
    </html>
  );
}

/** Letters written to the stream at a time: about 350 KB of markup. */
const BATCH = 100;

/** The whole letters page as a stream of UTF-8 HTML, written as fast as the client reads it. */
export function invitationLettersDocument({ event, letters, ...page }: LettersDocumentInput): ReadableStream<Uint8Array> {
  const [head, tail] = `<!DOCTYPE html>${renderToStaticMarkup(<LettersDocument {...page} count={letters.length} />)}`.split(mark("letters")) as [string, string?];
  const fill = letterFiller(event);
  const encoder = new TextEncoder();
  // Each batch's QR codes are drawn on a thread of their own (see drawQrBatch), asked for two
  // batches ahead, so the codes are drawn while this thread fills in and writes the markup.
  const drawings: Promise<QrBatchDrawing[]>[] = [];
  const lettersOf = (index: number) => letters.slice(index * BATCH, (index + 1) * BATCH);
  const askAhead = (from: number) => {
    for (let index = from; index < from + 3 && index * BATCH < letters.length; index++) {
      drawings[index] ??= drawQrBatch(lettersOf(index).map((letter) => letter.link));
    }
  };
  let batch = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(head));
        askAhead(0);
      },
      async pull(controller) {
        // Remix's adapter reads the next batch as soon as it has written one, without waiting: a
        // turn of the event loop between batches lets the compressor and the socket send what is
        // written, so the first letters are on their way while the later ones are drawn.
        await new Promise((resolve) => setImmediate(resolve));
        const start = batch * BATCH;
        if (start >= letters.length) {
          if (tail !== undefined) controller.enqueue(encoder.encode(tail));
          controller.close();
          return;
        }
        askAhead(batch + 1);
        const batchLetters = lettersOf(batch);
        const codes = await drawings[batch]!;
        delete drawings[batch];
        const pieces: Buffer[] = [];
        batchLetters.forEach((letter, i) => fill(letter, codes[i]!, pieces));
        batch += 1;
        controller.enqueue(Buffer.concat(pieces));
      },
      cancel() {
        // The download was stopped: what is drawn already is dropped, nothing more is asked.
        batch = Number.POSITIVE_INFINITY;
        drawings.length = 0;
      },
    },
    { highWaterMark: 2 },
  );
}
