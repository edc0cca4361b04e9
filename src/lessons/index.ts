/** Every lesson, in teaching order (issue 5). */
import { desiredState } from "./desired-state";
import { etcdQuorum } from "./etcd-quorum";
import { highAvailability } from "./high-availability";
import { masterDies } from "./master-dies";
import { podJourney } from "./pod-journey";
import { scheduler } from "./scheduler";
import { services } from "./services";
import type { Lesson } from "./types";
import { workerDies } from "./worker-dies";

export const LESSONS: readonly Lesson[] = [podJourney, desiredState, scheduler, workerDies, masterDies, highAvailability, etcdQuorum, services];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export type { Lesson, LessonStep, Condition, LessonPlan } from "./types";
