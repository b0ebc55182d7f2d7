package dev.cutover.phase;

import dev.cutover.api.Phase;
import dev.cutover.api.Step;
import java.util.List;
import java.util.Optional;

/**
 * Someone changed the owned flag keys by hand: put them back. When the writes they express
 * changed (primary or mirroring), writes may have gone unmirrored meanwhile, so the current phase
 * starts over from the moment they are put back: in shadow the backfill and verification run
 * again and reads restart at 0; in reverse-shadow bake restarts and a new verification is needed.
 * Put back even while paused or when other objects are missing: it is not forward progress.
 */
final class FlagDrift {
  private FlagDrift() {}

  static Optional<Outcome> check(Situation s) {
    Progress p = s.progress();
    FlagSet expected = p.flags();
    Optional<FlagSet> seen = s.observation().configMapFlags();
    if (seen.isEmpty() || !seen.get().sameWrites(expected)) {
      Progress next = p.restartedAt(s.now());
      String found = seen.map(flags -> "were changed to " + flags.describe()).orElse("were missing or unreadable");
      return Optional.of(reassert(s, next, Action.EventType.Warning, "FlagsDrifted",
          "The migration flags in " + s.configMap() + " " + found + "; put back the flags of " + p.phase() + " ("
              + next.flags().describe() + "). " + consequence(p.phase())));
    }
    if (seen.get().readPercent() != expected.readPercent()) {
      return Optional.of(reassert(s, p, Action.EventType.Warning, "FlagsDrifted",
          "The read percentage in " + s.configMap() + " was changed to " + seen.get().readPercent()
              + "%; put back " + expected.readPercent() + "%. Change reads through spec.readRamp, not the ConfigMap."));
    }
    if (!s.observation().ownedKeysInSync()) {
      return Optional.of(reassert(s, p, Action.EventType.Normal, "FlagsRewritten",
          "The migration keys of " + s.configMap() + " differ from what the flags of " + p.phase()
              + " render to (edited by hand, or spec.flags changed); rewrote them."));
    }
    return Optional.empty();
  }

  /** Before any phase is recorded: take over the phase the ConfigMap expresses, or old. */
  static Outcome adopt(Situation s) {
    Optional<FlagSet> seen = s.observation().configMapFlags();
    Phase phase = seen.map(FlagSet::phase).orElse(Phase.OLD);
    String message = seen
        .map(flags -> "Took over " + s.configMap() + ", whose flags express " + phase + " (" + flags.describe()
            + "); " + (flags.equals(FlagSet.forPhase(phase)) ? "kept them" : "wrote the flags of " + phase
            + " as it is entered (" + FlagSet.forPhase(phase).describe() + ")") + " and start its gates from here.")
        .orElse(s.configMap() + " holds no migration flags yet; wrote the flags of old ("
            + FlagSet.forPhase(Phase.OLD).describe() + ").");
    return s.enter(phase, "Adopted", message);
  }

  private static String consequence(Phase phase) {
    return switch (phase) {
      case SHADOW -> "Writes may not have been mirrored meanwhile, so shadow starts over: a new backfill and"
          + " verification run before reads move to the target again.";
      case REVERSE_SHADOW -> "Writes may not have been mirrored meanwhile, so bake restarts and a new verification"
          + " must pass before new.";
      default -> "";
    };
  }

  private static Outcome reassert(Situation s, Progress next, Action.EventType type, String reason, String message) {
    return Outcome.act(next, Step.FlagsApplied, reason, message.strip(), List.of(
        new Action.ApplyFlags(next.phase(), next.flags()),
        new Action.RecordEvent(type, reason, message.strip())));
  }
}
