import { readFileSync } from 'node:fs';
import { dollarLesson } from '../../web/lessons/dollar.ts';
import { runLesson } from '../../web/lib/teaching/lesson-run.ts';
const r = runLesson(dollarLesson, JSON.parse(readFileSync('scenarios/fgnx.json', 'utf8')));
for (const s of r.steps) console.log(s.day, s.title, '\n ', s.text.map((x: any) => typeof x === 'string' ? x : x.text).join(''));
