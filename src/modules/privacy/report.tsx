import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describeInstant } from '../../platform/zoned-time.ts';
import { t } from '../../web/i18n.ts';
import type { ExportDocument } from './words.ts';

// The report is a file opened from the archive, not a page the server sends: it carries its
// own small style (no network, no script), reads top to bottom and prints on A4.
const style = `body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #333}h3{margin-top:1.25rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}ul.plain{margin:0;padding-left:1rem}.note{white-space:pre-wrap}
@media print{body{max-width:none;margin:0}h2{break-after:avoid}table{page-break-inside:auto}tr{break-inside:avoid}.scroll{overflow:visible}}`;

const isTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v);

/** Any value of the export, as readable HTML: times in the co-op's time zone, lists as tables. */
function Value({ value, names = {} }: { value: unknown; names?: Record<string, string> }): ComponentChildren {
  if (value === null || value === undefined || value === '') return <span>—</span>;
  if (typeof value === 'string' && names[value]) return `${names[value]} (${value})`;
  if (typeof value === 'string') return isTime(value) ? describeInstant(new Date(value)) : <span class="note">{value}</span>;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return describeInstant(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>{t('none')}</span>;
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return <Rows rows={value as Record<string, unknown>[]} />;
    return <ul class="plain">{value.map((v, i) => <li key={i}><Value value={v} /></li>)}</ul>;
  }
  if (typeof value === 'object') {
    return (
      <ul class="plain">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <li key={k}>
            <strong>{k}</strong>: <Value value={v} />
          </li>
        ))}
      </ul>
    );
  }
  return String(value);
}

function Rows({ rows, caption, names }: { rows: Record<string, unknown>[]; caption?: string; names?: Record<string, string> }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="scroll">
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>{columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>{columns.map((c) => <td key={c}><Value value={r[c]} names={names} /></td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section({ id, title, doc, children }: { id: keyof ExportDocument; title: string; doc: ExportDocument; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>{t(title)}</h2>
      <p>{doc.fields[id]}</p>
      {children}
    </section>
  );
}

/** The printable report: the same data as data.json, section by section. */
export function report(doc: ExportDocument): string {
  const a = doc.about;
  const body = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{a.title}</title>
        <style>{style}</style>
      </head>
      <body>
        <main>
          <h1>{a.title}</h1>
          <p>
            {t('Made on {when} for {who}, asked for by {asker}. Export {id}.', { when: describeInstant(new Date(a.madeAt)), who: a.subject.name, asker: a.askedBy.name, id: a.exportId })}
          </p>
          <p>{a.howToRead}</p>
          <nav aria-label={t('Contents')}>
            <ul>
              {(['withheld', 'teams', 'profiles', 'notes', 'mar', 'concerns', 'conflicts', 'credits', 'tables'] as const).map((k) => (
                <li key={k}><a href={`#h-${k}`}>{k}</a></li>
              ))}
            </ul>
          </nav>
          <Section id="withheld" title="Held back from this export" doc={doc}><Value value={doc.withheld} /></Section>
          <Section id="teams" title="Your teams" doc={doc}>
            {doc.teams.length === 0 ? <p>{t('You own no team.')}</p> : (doc.teams as Record<string, unknown>[]).map((team) => (
              <article key={String(team.id)}>
                <h3>{String(team.name)}</h3>
                <Value value={team} />
              </article>
            ))}
          </Section>
          <Section id="profiles" title="Getting Support Profiles" doc={doc}><Value value={doc.profiles} /></Section>
          <Section id="notes" title="Care notes" doc={doc}><Value value={doc.notes} /></Section>
          <Section id="mar" title="Medication record (MAR)" doc={doc}><Value value={doc.mar} /></Section>
          <Section id="concerns" title="Concerns" doc={doc}><Value value={doc.concerns} /></Section>
          <Section id="conflicts" title="Conflict support" doc={doc}><Value value={doc.conflicts} /></Section>
          <Section id="credits" title="Credits" doc={doc}><Value value={doc.credits} /></Section>
          <Section id="tables" title="Every row that names you" doc={doc}>
            {doc.tables.map((table) => (
              <article key={table.table}>
                <h3>{table.table}</h3>
                <p>{table.description}. {t('Columns naming a person: {cols}.', { cols: table.personColumns.join(', ') })} {table.leftOut.length ? t('Never exported: {cols}.', { cols: table.leftOut.join(', ') }) : ''}</p>
                <Rows rows={table.rows} names={doc.people} />
              </article>
            ))}
            <h3>{t('Read through their own modules')}</h3>
            <Value value={doc.notInTables} />
          </Section>
        </main>
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToString(body)}`;
}
