package dev.cutover.phase;

import java.util.List;
import java.util.stream.Collectors;

/** Short, readable renderings of actions for table-driven assertions. */
final class Describe {
  private Describe() {}

  static String action(Action action) {
    if (action instanceof Action.ApplyFlags a) {
      return "ApplyFlags " + a.phase() + " " + flags(a.flags());
    }
    if (action instanceof Action.StartBackfill b) {
      return "StartBackfill #" + b.request().attempt() + " try " + b.request().runAttempt();
    }
    if (action instanceof Action.StartVerification v) {
      return "StartVerification #" + v.request().attempt() + " " + v.request().purpose() + " try "
          + v.request().runAttempt() + " in " + v.request().phase() + " at " + v.request().readPercent() + "%";
    }
    if (action instanceof Action.StartPreflight p) {
      return "StartPreflight #" + p.request().attempt() + " try " + p.request().runAttempt();
    }
    if (action instanceof Action.StartSequences q) {
      return "StartSequences #" + q.request().attempt() + " to " + q.request().to() + " try " + q.request().runAttempt();
    }
    if (action instanceof Action.RecordTransition t) {
      return "Transition " + t.reason();
    }
    Action.RecordEvent e = (Action.RecordEvent) action;
    return "Event " + e.type() + " " + e.reason();
  }

  static String flags(FlagSet flags) {
    return flags.primary().name().toLowerCase() + (flags.dualWrite() ? "+dual" : "") + " " + flags.readPercent() + "%";
  }

  /** The actions that change something (flags, Jobs), without the records; "-" when none. */
  static String work(Decision decision) {
    String work = decision.actions().stream()
        .filter(a -> !(a instanceof Action.RecordTransition || a instanceof Action.RecordEvent))
        .map(Describe::action)
        .collect(Collectors.joining("; "));
    return work.isEmpty() ? "-" : work;
  }

  static List<String> all(Decision decision) {
    return decision.actions().stream().map(Describe::action).toList();
  }
}
