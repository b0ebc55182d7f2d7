package dev.cutover.phase;

import dev.cutover.api.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one rule decided, before conditions and events are derived from it. */
record Outcome(Progress progress, Step step, String reason, String message, List<Action> actions, Duration requeueAfter) {

  Outcome {
    actions = List.copyOf(actions);
  }

  /** Waiting, doing nothing this time. */
  static Outcome hold(Progress progress, Step step, String reason, String message, Duration requeueAfter) {
    return new Outcome(progress, step, reason, message, List.of(), requeueAfter);
  }

  static Outcome act(Progress progress, Step step, String reason, String message, List<Action> actions) {
    return new Outcome(progress, step, reason, message, actions, Situation.SOON);
  }

  Outcome withActions(List<Action> more) {
    List<Action> all = new ArrayList<>(actions);
    all.addAll(more);
    return new Outcome(progress, step, reason, message, all, requeueAfter);
  }

  boolean writesFlags() {
    return actions.stream().anyMatch(action -> action instanceof Action.ApplyFlags);
  }

  boolean startsJobs() {
    return actions.stream()
        .anyMatch(action -> action instanceof Action.StartBackfill || action instanceof Action.StartVerification
            || action instanceof Action.StartPreflight || action instanceof Action.StartSequences);
  }

  boolean records() {
    return actions.stream()
        .anyMatch(action -> action instanceof Action.RecordEvent || action instanceof Action.RecordTransition);
  }
}
