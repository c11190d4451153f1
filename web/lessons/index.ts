/**
 * The lessons, in the order the lessons page lists them (a newcomer's path:
 * the basics, the $1 rules' normal path, then the spiral when the defence fails). Each is data
 * (web/lessons/types.ts); the teaching view runs them. This module and the
 * lessons are only in the teaching chunk, loaded when a lesson is opened.
 */
import { bmnrLesson } from './bmnr.ts';
import { contagionLesson } from './contagion.ts';
import { dollarLesson } from './dollar.ts';
import { fgnxLesson } from './fgnx.ts';
import { rulesLesson } from './rules.ts';
import { sqnsLesson } from './sqns.ts';
import type { Lesson } from './types.ts';

export const LESSONS: readonly Lesson[] = [fgnxLesson, rulesLesson, dollarLesson, sqnsLesson, bmnrLesson, contagionLesson];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export type { Lesson, LessonStep, Look } from './types.ts';
export { LessonContext } from './types.ts';
