/**
 * The parts <dat-teach-view> renders into its own shadow root (render
 * helpers, not elements, so the ids and the styles stay in one root): the
 * lesson's head (Previous/Next, the step dots, the step's text, what to look
 * at, the run's note), free mode's head (the variant switch), the stepper,
 * the day link by link, the captions and the glossary panel.
 */
import { html, nothing } from 'lit';
import type { Look } from '../lessons/index.ts';
import type { GlossaryEntry } from '../lib/teaching/glossary.ts';
import type { RenderedStep } from '../lib/teaching/lesson-run.ts';
import { LINKS, NODES } from '../lib/teaching/loop.ts';
import { renderRich } from '../lib/teaching/render.ts';
import type { DayStory } from '../lib/teaching/story.ts';
import type { TeachingTrace } from '../lib/teaching/trace.ts';
import type { TeachBase } from '../lib/teach-run-controller.ts';
import { SPEEDS, type StepperController } from '../lib/teach-stepper-controller.ts';
import { renderEntry } from './dat-glossary.ts';

export const CHART_TITLES: Record<string, (coin: string, t: string) => string> = {
  'teach-coin': (c, t) => `${c} price, without treasury trading, and ${t}'s cost basis`,
  'teach-stock': (_c, t) => `${t} stock and equity NAV per share`,
  'teach-mnav': (_c, t) => `${t} mNAV`,
  'teach-coins': (c, t) => `${t} ${c} held and sold`,
  'teach-debt': (_c, t) => `${t} debt and LTV`,
  'teach-flows': (c) => `Net flows into ${c} by source`,
  'teach-gain': (c) => `${c} loop gain, both impact laws`,
};

export const PANEL_NAMES: Record<string, string> = { diagram: 'the loop diagram', chain: 'the day, link by link', captions: 'the captions', gain: 'the loop-gain meter', forces: 'the forces panel' };

/** What the step's "Look at" chips point at: the diagram's links, a panel, charts (selectors in the view's root). */
export function lookChips(look: Look, coin: string, ticker: string): { label: string; target: string }[] {
  const chips: { label: string; target: string }[] = [];
  for (const id of look.links ?? []) {
    const l0 = LINKS.find((x) => x.id === id)!;
    chips.push({ label: `${NODES.find((n) => n.id === l0.from)!.label} → ${NODES.find((n) => n.id === l0.to)!.label}`, target: 'dat-loop-diagram' });
  }
  if (look.panel) chips.push({ label: PANEL_NAMES[look.panel], target: `#panel-${look.panel}` });
  for (const c of look.charts ?? []) chips.push({ label: `chart: ${CHART_TITLES[c]?.(coin, ticker) ?? c}`, target: `#wrap-${c}` });
  return chips;
}

export interface LessonHeadActions {
  go(step: number): void;
  scrollTo(selector: string): void;
  setDay(day: number): void;
}

export function renderLessonHead(b: TeachBase, st: RenderedStep, i: number, ticker: string, day: number, on: LessonHeadActions) {
  const l = b.lesson!;
  const chips = lookChips(st.look, b.trace.result.companies[ticker]?.coin ?? '', ticker);
  return html`<div class="lesson-head">
      <h2 id="lesson-title">Lesson: ${l.title}</h2>
      <div class="stepnav">
        <button class="btn" id="step-prev" ?disabled=${i === 0} @click=${() => on.go(i - 1)}>◀ Previous</button>
        <span aria-live="polite">Step ${i + 1} of ${b.steps.length}</span>
        <button class="btn primary" id="step-next" ?disabled=${i === b.steps.length - 1} @click=${() => on.go(i + 1)}>Next ▶</button>
      </div>
    </div>
    <nav class="dots" aria-label="Lesson steps">
      ${b.steps.map((s, k) => html`<a href=${`#/lesson/${l.id}/${k + 1}`} aria-current=${k === i ? 'step' : 'false'} title=${s.title} aria-label=${`Step ${k + 1}: ${s.title}`}>${k + 1}</a>`)}
    </nav>
    <section class="card step" id="step" aria-labelledby="step-title" data-step=${st.id}>
      <h3 id="step-title" tabindex="-1">${i + 1}. ${st.title}</h3>
      <p id="step-text">${renderRich(st.text)}</p>
      ${chips.length
        ? html`<div class="look"><strong>Look at:</strong> ${chips.map((c) => html`<button class="chip" @click=${() => on.scrollTo(c.target)}>${c.label}</button>`)}
            ${st.day !== day ? html`<button class="btn small" id="step-day" @click=${() => on.setDay(st.day)}>back to this step's day (${st.day})</button>` : nothing}</div>`
        : nothing}
      <details class="variant" id="run-note">
        <summary>About this run: ${b.name} · ${b.deterministic ? 'deterministic mode' : `seed ${b.seed}`} · ${b.trace.days} days${l.variant ? ' · a labelled variant' : ''}</summary>
        ${l.variant ? html`Variant: ${l.variant.note.replace(/\.$/, '')}. ` : nothing}Every number above comes from this run.
      </details>
    </section>`;
}

export function renderFreeHead(b: TeachBase, useVariant: boolean, toggleVariant: () => void) {
  return html`<div class="lesson-head">
      <h2>Teaching mode: ${b.name}</h2>
      <a class="btn" href="#/lessons">Lessons</a>
      <a class="btn" href="#">Back to the simulator</a>
    </div>
    <p class="variant">${b.deterministic ? 'Deterministic mode' : `Seed ${b.seed}`}, ${b.trace.days} days, the parameters as edited in the simulator. Step through the days and watch each link of the loop; "event ▶" jumps to the next event of interest (a listing event, a split, a forced or defensive sale, the first sale of each kind).</p>
    ${b.variantOf
      ? html`<p class="variant" id="free-variant" data-lesson=${b.variantOf.id} data-applied=${useVariant ? '1' : '0'}>
          ${useVariant ? html`With the variant of the lesson "${b.variantOf.title}": ${b.variantOf.variant!.note}` : html`As saved, without the variant of the lesson "${b.variantOf.title}".`}
          <button class="btn small" id="toggle-variant" @click=${toggleVariant}>${useVariant ? 'Use the scenario as saved' : "Use the lesson's variant"}</button>
        </p>`
      : nothing}`;
}

export function renderStepper(t: TeachingTrace, story: DayStory | null, s: StepperController) {
  const last = t.days - 1;
  const { day, ticker } = s;
  return html`<div class="stepper" role="group" aria-label="Step through the days">
    <button class="btn" id="day-first" @click=${() => s.pick(0)} aria-label="First day">⇤ first</button>
    <button class="btn" id="day-prev-event" @click=${() => s.jumpEvent(-1)} aria-label="Previous event of interest of ${ticker} (listing, split, forced sale)">◀ event</button>
    <button class="btn" id="day-prev" @click=${() => s.pick(s.day - 1)} aria-label="Previous day" ?disabled=${day === 0}>◀ day</button>
    <button class="btn primary" id="play" aria-pressed=${s.playing ? 'true' : 'false'} @click=${() => s.togglePlay()}>${s.playing ? 'Pause' : '▶ Play'}</button>
    <button class="btn" id="day-next" @click=${() => s.pick(s.day + 1)} aria-label="Next day" ?disabled=${day === last}>day ▶</button>
    <button class="btn" id="day-next-event" @click=${() => s.jumpEvent(1)} aria-label="Next event of interest of ${ticker} (listing, split, forced sale)">event ▶</button>
    <label>Speed
      <select id="speed" @change=${(e: Event) => s.setSpeed(Number((e.target as HTMLSelectElement).value))}>
        ${SPEEDS.map((v) => html`<option value=${v} ?selected=${v === s.speed}>${v} day${v > 1 ? 's' : ''}/s</option>`)}
      </select>
    </label>
    <input id="scrubber" type="range" min="0" max=${last} .value=${String(day)} aria-label="Day" aria-valuetext=${`day ${day}, ${story?.dateLabel ?? ''}`}
      @input=${(e: Event) => s.pick(Number((e.target as HTMLInputElement).value))} />
    <span class="daylabel" id="daylabel" aria-live="off">Day ${day} · ${story?.dateLabel ?? t.dates[day]} ${story && !story.business ? html`<span class="weekend">(no stock trading)</span>` : nothing}</span>
  </div>`;
}

export function renderChain(story: DayStory, looking: boolean) {
  return html`<section class=${`card ${looking ? 'looking' : ''}`} id="panel-chain" aria-labelledby="day-title">
    <h3 id="day-title">${story.dateLabel}: link by link</h3>
    <ol class="chain" id="chain">
      ${story.chain.map((c) => html`<li class=${c.delayed ? 'delayed' : ''} data-link=${c.link ?? ''}>${renderRich(c.rich)}</li>`)}
    </ol>
    <div class="delay" id="delay-note">${renderRich(story.delay)}</div>
  </section>`;
}

export function renderCaptions(story: DayStory, looking: boolean) {
  const focus = story.captions.filter((c) => c.company === story.ticker);
  const others = story.captions.filter((c) => c.company !== story.ticker);
  const cap = (c: (typeof story.captions)[number]) => html`<li data-caption=${c.id} data-kind=${c.kind} data-events=${c.events.join(',')}>
    <span class="cap-company">${c.company}</span>
    <div>${renderRich(c.text)}</div>
    <details class="rule"><summary><span class="k">Rule</span></summary>${renderRich(c.rule)} <span class="ref">(${c.ref})</span></details>
  </li>`;
  return html`<section class=${`card ${looking ? 'looking' : ''}`} id="panel-captions" aria-labelledby="cap-title">
    <h3 id="cap-title">What happened (from the event log)</h3>
    ${story.captions.length ? html`<ul class="captions" id="captions">${focus.map(cap)}${others.map(cap)}</ul>` : html`<p class="muted" id="captions-empty">No events today: no company acted, and no market flow was large enough to narrate.</p>`}
  </section>`;
}

export function renderGlossaryPanel(gloss: GlossaryEntry, close: () => void) {
  return html`<aside class="gloss" role="dialog" aria-labelledby="gloss-title" aria-modal="false">
    <header>
      <h3 id="gloss-title" tabindex="-1">${gloss.term}</h3>
      <button class="btn small" id="gloss-close" @click=${close} aria-label="Close the definition">✕</button>
    </header>
    ${renderEntry(gloss)}
    <p><a href=${`#/glossary/${gloss.id}`} id="gloss-open">Open the full glossary</a></p>
  </aside>`;
}
