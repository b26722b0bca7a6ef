import { t } from '../../../web/i18n.ts';
import type { CareMap, MapGroupKey } from './queries.ts';
import type { CareKind, ConnectionKind } from './schema.ts';

/**
 * The picture's drawing rules, in one place so the picture, its legend and the tests agree.
 * Each kind of care differs by line pattern and width and is named in words on the node, so
 * nothing rests on colour alone (it prints in black and white, too).
 */
export const careStyles: Record<CareKind, { label: string; meaning: string; stroke: string; width: number; dash: string | null }> = {
  generative: { label: 'generative', meaning: 'grows the person\'s life and gives back', stroke: '#1d6f42', width: 5, dash: null },
  engaged: { label: 'engaged', meaning: 'in use and helping', stroke: '#1f4e9c', width: 3, dash: '12 7' },
  inactive: { label: 'inactive', meaning: 'there, but no care flows now', stroke: '#595959', width: 2, dash: '2 7' },
};
export const kindLabels: Record<ConnectionKind, string> = { group: 'group', organisation: 'organisation', service: 'service', person: 'person' };

/** Node shapes by how a person takes part, so the groups read apart without colour. */
const groupShapes: Record<MapGroupKey, 'circle' | 'square' | 'diamond' | 'ring' | 'triangle'> = {
  advocate: 'ring', family: 'circle', volunteers: 'square', paid: 'diamond', others: 'triangle',
};

const W = 760;
const CX = 380;
const CY = 385;
const R_PEOPLE = 140;
const R_LINKS = 262;
const R_LOCAL = 345;
const LEGEND_Y = 760;
export const viewBox = `0 0 ${W} ${LEGEND_Y + 110}`;

/** A label short enough not to run into its neighbours; the full words are in the list beside. */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

const around = (i: number, n: number, r: number, offset = 0) => {
  const a = -Math.PI / 2 + ((i + offset) * 2 * Math.PI) / Math.max(n, 1);
  return { x: Math.round(CX + r * Math.cos(a)), y: Math.round(CY + r * Math.sin(a)) };
};

function Shape({ shape, x, y }: { shape: (typeof groupShapes)[MapGroupKey]; x: number; y: number }) {
  const common = { fill: '#ffffff', stroke: '#1a1a1a', 'stroke-width': 2 };
  if (shape === 'square') return <rect x={x - 11} y={y - 11} width={22} height={22} {...common} />;
  if (shape === 'diamond') return <polygon points={`${x},${y - 14} ${x + 14},${y} ${x},${y + 14} ${x - 14},${y}`} {...common} />;
  if (shape === 'triangle') return <polygon points={`${x},${y - 14} ${x + 13},${y + 10} ${x - 13},${y + 10}`} {...common} />;
  if (shape === 'ring') return <g><circle cx={x} cy={y} r={13} {...common} /><circle cx={x} cy={y} r={7} {...common} /></g>;
  return <circle cx={x} cy={y} r={12} {...common} />;
}

function Line({ x1, y1, x2, y2, care }: { x1: number; y1: number; x2: number; y2: number; care: CareKind | null }) {
  const s = care ? careStyles[care] : { stroke: '#767676', width: 1.5, dash: null };
  return <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={s.stroke} stroke-width={s.width} stroke-dasharray={s.dash ?? undefined} stroke-linecap="round" data-care={care ?? 'team'} />;
}

/** Two lines of text under a node: a name and a smaller line (hats, or kind and care). */
function Label({ x, y, name, detail, cls }: { x: number; y: number; name: string; detail: string; cls: string }) {
  return (
    <text x={x} y={y + 30} text-anchor="middle" class={cls} font-size="16" fill="#1a1a1a">
      <tspan x={x} font-weight="700">{clip(name, 20)}</tspan>
      {detail ? <tspan x={x} dy="18" font-size="13">{clip(detail, 26)}</tspan> : null}
    </text>
  );
}

export interface SvgIds { title: string; desc: string }

/** The care map drawn on the server: owner at the centre, the team around, connections beyond, the Local Circle around all. */
export function CareMapSvg({ map, ids }: { map: CareMap; ids: SvgIds }) {
  const people = map.groups.flatMap((g) => g.people.map((p) => ({ ...p, group: g.key })));
  const links = map.connections;
  // Connections sit between the people's spokes where they can, so their lines cross fewer nodes.
  const linkOffset = people.length && links.length ? 0.5 : 0;
  const placedPeople = people.map((p, i) => ({ p, ...around(i, people.length, R_PEOPLE) }));
  const placedLinks = links.map((c, i) => ({ c, ...around(i, links.length, R_LINKS, linkOffset) }));
  const ownerHats = map.owner.hats.map((h) => h.name).join(', ');
  const summary = describeMap(map);
  return (
    <svg class="care-map-svg" viewBox={viewBox} role="img" aria-labelledby={ids.title} aria-describedby={ids.desc} xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">
      <title id={ids.title}>{t('{name}\'s circle of support', { name: map.owner.name })}</title>
      <desc id={ids.desc}>{summary}</desc>
      <circle cx={CX} cy={CY} r={R_LOCAL} fill="#f4f7f4" stroke="#3d5c3d" stroke-width="2" stroke-dasharray="16 6" />
      <text x={CX} y={CY - R_LOCAL - 8} text-anchor="middle" font-size="16" fill="#1a1a1a" class="care-map-local">
        {map.localCircle ? clip(t('Local Circle: {name}', { name: map.localCircle.name }), 44) : t('Local Circle')}
      </text>
      <circle cx={CX} cy={CY} r={R_PEOPLE + 52} fill="#ffffff" stroke="#8a8a8a" stroke-width="1" />
      {placedLinks.map(({ c, x, y }) => <Line key={c.id} x1={CX} y1={CY} x2={x} y2={y} care={c.care} />)}
      {placedPeople.map(({ p, x, y }) => <Line key={p.personId} x1={CX} y1={CY} x2={x} y2={y} care={null} />)}
      <circle cx={CX} cy={CY} r={46} fill="#fff7d6" stroke="#1a1a1a" stroke-width="3" />
      <text x={CX} y={CY + 6} text-anchor="middle" font-size="16" font-weight="700" fill="#1a1a1a" class="care-map-owner">{clip(map.owner.name, 12)}</text>
      {ownerHats ? <text x={CX} y={CY + 64} text-anchor="middle" font-size="13" fill="#1a1a1a">{clip(ownerHats, 26)}</text> : null}
      {placedPeople.map(({ p, x, y }) => (
        <g key={p.personId} class="care-map-person" data-group={p.group}>
          <Shape shape={groupShapes[p.group]} x={x} y={y} />
          <Label x={x} y={y} name={p.name} detail={p.hats.map((h) => h.name).join(', ')} cls="care-map-person-label" />
        </g>
      ))}
      {placedLinks.map(({ c, x, y }) => (
        <g key={c.id} class="care-map-connection" data-care={c.care} data-kind={c.kind}>
          <rect x={x - 10} y={y - 10} width={20} height={20} rx={4} fill="#ffffff" stroke={careStyles[c.care].stroke} stroke-width="3" />
          <Label x={x} y={y} name={c.name} detail={`${t(kindLabels[c.kind])} · ${t(careStyles[c.care].label)}`} cls="care-map-connection-label" />
        </g>
      ))}
      <Legend />
    </svg>
  );
}

/** The key, inside the picture so a printed or saved copy carries it. */
function Legend() {
  const y = LEGEND_Y;
  const shapes: [MapGroupKey, string][] = [['advocate', 'advocate'], ['family', 'family and friends'], ['volunteers', 'volunteers'], ['paid', 'paid supporters'], ['others', 'others in the team']];
  return (
    <g class="care-map-legend" font-size="14" fill="#1a1a1a">
      {(Object.keys(careStyles) as CareKind[]).map((k, i) => (
        <g key={k}>
          <Line x1={20 + i * 250} y1={y} x2={80 + i * 250} y2={y} care={k} />
          <text x={90 + i * 250} y={y + 5}>{t(careStyles[k].label)}</text>
        </g>
      ))}
      {shapes.map(([g, label], i) => (
        <g key={g}>
          <Shape shape={groupShapes[g]} x={30 + (i % 3) * 250} y={y + 45 + Math.floor(i / 3) * 40} />
          <text x={52 + (i % 3) * 250} y={y + 50 + Math.floor(i / 3) * 40}>{t(label)}</text>
        </g>
      ))}
    </g>
  );
}

/** One sentence for the picture's description; the list beside it carries every detail. */
export function describeMap(map: CareMap): string {
  const n = map.groups.reduce((s, g) => s + g.people.length, 0);
  const byCare = (Object.keys(careStyles) as CareKind[]).map((k) => [k, map.connections.filter((c) => c.care === k).length] as const).filter(([, c]) => c > 0);
  return t('{owner} at the centre, {n} people in the team around them, then {m} connections ({care}), inside {local}. The same information is listed beside the picture.', {
    owner: map.owner.name,
    n,
    m: map.connections.length,
    care: byCare.length ? byCare.map(([k, c]) => `${c} ${t(careStyles[k].label)}`).join(', ') : t('none recorded yet'),
    local: map.localCircle ? t('the Local Circle {name}', { name: map.localCircle.name }) : t('the Local Circle'),
  });
}
