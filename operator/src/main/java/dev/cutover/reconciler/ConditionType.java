package dev.cutover.reconciler;

import java.util.List;

/** The condition types a Migration reports, in the order {@code kubectl describe} shows them. */
public final class ConditionType {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String BACKFILL_COMPLETE = "BackfillComplete";
  public static final String VERIFIED = "Verified";

  private static final List<String> ORDER = List.of(READY, PROGRESSING, DEGRADED, BACKFILL_COMPLETE, VERIFIED);

  private ConditionType() {}

  static int order(String type) {
    int index = ORDER.indexOf(type);
    return index < 0 ? ORDER.size() : index;
  }
}
